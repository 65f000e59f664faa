//! Heading anchors: one slug function shared by the renderer (heading ids)
//! and the link checker (`#fragment`), so the two can never disagree.

use std::collections::HashMap;

/// Keeps letters and digits of every script (CJK included), lowercases
/// ASCII, turns whitespace into `-`, and drops other punctuation except `-`
/// and `_`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            pending_dash = !out.is_empty();
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            if pending_dash {
                out.push('-');
                pending_dash = false;
            }
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Gives each heading of one note a unique slug: the second `概况` becomes
/// `概况-1`, the third `概况-2`.
#[derive(Default)]
pub struct SlugSet {
    seen: HashMap<String, usize>,
}

impl SlugSet {
    pub fn unique(&mut self, text: &str) -> String {
        let base = slug(text);
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        if !self.seen.contains_key(&base) {
            self.seen.insert(base.clone(), 0);
            return base;
        }
        loop {
            let n = self.seen.get_mut(&base).expect("seen above");
            *n += 1;
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_cjk_and_lowercases_ascii() {
        assert_eq!(slug("东义集团 Overview"), "东义集团-overview");
        assert_eq!(slug("  Next Steps: Q4!  "), "next-steps-q4");
        assert_eq!(slug("项目  工作台"), "项目-工作台");
        assert_eq!(slug("C-level & VP"), "c-level-vp");
    }

    #[test]
    fn duplicates_get_numbered() {
        let mut set = SlugSet::default();
        assert_eq!(set.unique("概况"), "概况");
        assert_eq!(set.unique("概况"), "概况-1");
        assert_eq!(set.unique("概况"), "概况-2");
        assert_eq!(set.unique("概况-1"), "概况-1-1");
    }
}
