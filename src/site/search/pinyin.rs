//! Chinese names found by their pinyin, as a phone's keyboard types them:
//! `dongyi` or `dyjt` finds 东义集团. The readings come from the `pinyin`
//! crate (the pinyin-data dictionary), every reading of a character with
//! several: 北辰银行 is found as `beichenyinhang` and `beichenyinxing`.
//! Only names are read this way, never the text of notes.

use pinyin::{Pinyin, ToPinyinMulti};

/// Readings run together from a character inside a name reach this many
/// characters: enough for the words a query splits into, and a name of
/// twelve characters gives a dozen words, not seventy.
const WINDOW: usize = 4;

/// Spellings of one start kept at most: every combination of readings
/// would double with each character of several.
const SPELLINGS: usize = 16;

/// Letters in a word at most, as the index cuts words.
const LONGEST: usize = 40;

/// The plain readings of `c` (no tones), each once; `ü` as `v`, as pinyin
/// keyboards type it, and as `u`. Empty for a character without one.
pub(super) fn readings(c: char) -> Vec<String> {
    let Some(multi) = c.to_pinyin_multi() else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let mut keep = |r: String| {
        if !r.is_empty() && !out.contains(&r) {
            out.push(r);
        }
    };
    for reading in multi.into_iter().map(Pinyin::plain) {
        if reading.contains('ü') {
            keep(reading.replace('ü', "v"));
            keep(reading.replace('ü', "u"));
        } else {
            keep(reading.to_owned());
        }
    }
    out
}

/// The readings of a name's characters, as the search box counts them
/// (code points), for it to tell which characters a query spelled:
/// `dong|yi|ji|tuan`, a character's readings apart by `/` (`yin|hang/xing`),
/// nothing between bars for a character without one. Empty when no
/// character of the name has a reading.
pub(super) fn spelled(name: &str) -> String {
    let per_char: Vec<Vec<String>> = name.chars().map(readings).collect();
    if per_char.iter().all(Vec::is_empty) {
        return String::new();
    }
    per_char
        .iter()
        .map(|r| r.join("/"))
        .collect::<Vec<_>>()
        .join("|")
}

/// The words the index keeps for a name, for queries to match by their
/// start: from the first character of each run of characters with
/// readings, the whole run spelled out (`dongyijituan`) and by initials
/// (`dyjt`); from each later character, the next [`WINDOW`] characters
/// (`yijituan`, `yjt`). Each combination of readings, up to [`SPELLINGS`]
/// per start.
pub(super) fn words(name: &str) -> Vec<String> {
    let chars: Vec<Vec<String>> = name.chars().map(readings).collect();
    let mut out: Vec<String> = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        if chars[start].is_empty() {
            start += 1;
            continue;
        }
        let end = (start..chars.len())
            .find(|&k| chars[k].is_empty())
            .unwrap_or(chars.len());
        let run = &chars[start..end];
        for from in 0..run.len() {
            let to = if from == 0 {
                run.len()
            } else {
                (from + WINDOW).min(run.len())
            };
            let part = &run[from..to];
            for word in spellings(part, |r| r) {
                out.push(word);
            }
            for word in spellings(part, |r| &r[..1]) {
                out.push(word);
            }
        }
        start = end;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Each way of spelling `chars` with `form` of a reading each, the first
/// [`SPELLINGS`], cut to [`LONGEST`] letters.
fn spellings(chars: &[Vec<String>], form: impl Fn(&str) -> &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for alternatives in chars {
        let mut forms: Vec<&str> = alternatives.iter().map(|r| form(r)).collect();
        forms.dedup();
        let mut next = Vec::new();
        'grow: for done in &out {
            for f in &forms {
                if next.len() == SPELLINGS {
                    break 'grow;
                }
                let mut word = done.clone();
                word.push_str(f);
                next.push(word);
            }
        }
        next.sort_unstable();
        next.dedup();
        out = next;
        if out.iter().all(|w| w.len() >= LONGEST) {
            break;
        }
    }
    for w in &mut out {
        w.truncate(LONGEST);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_by_full_pinyin_and_initials_from_each_character() {
        let w = words("东义集团");
        for want in [
            "dongyijituan",
            "dyjt",
            "yijituan",
            "yjt",
            "jituan",
            "tuan",
            "t",
        ] {
            assert!(w.iter().any(|x| x == want), "{want} in {w:?}");
        }
    }

    #[test]
    fn every_reading_of_a_character_with_several_is_kept() {
        let w = words("北辰银行");
        for want in [
            "beichenyinhang",
            "beichenyinxing",
            "bcyh",
            "bcyx",
            "yinhang",
        ] {
            assert!(w.iter().any(|x| x == want), "{want} in {w:?}");
        }
        assert!(spelled("北辰银行").starts_with("bei|chen|yin|"));
        assert!(spelled("银行").split('|').nth(1).unwrap().contains("hang"));
        assert!(spelled("银行").split('|').nth(1).unwrap().contains("xing"));
    }

    #[test]
    fn letters_break_a_run_and_names_without_chinese_give_nothing() {
        assert!(words("Acme").is_empty());
        assert_eq!(spelled("Acme"), "");
        let w = words("A东义B集团");
        assert!(w.iter().any(|x| x == "dongyi"));
        assert!(w.iter().any(|x| x == "jituan"));
        assert!(!w.iter().any(|x| x.contains("yiji")));
        assert_eq!(spelled("A东"), "|dong");
        // ü is typed as v, or as u.
        assert!(readings('绿').contains(&"lv".to_owned()));
        assert!(readings('绿').contains(&"lu".to_owned()));
    }

    #[test]
    fn a_long_name_gives_a_bounded_number_of_words() {
        let name = "行行行行行行行行行行行行行行行行行行行行";
        let w = words(name);
        assert!(w.len() < 20 * 2 * SPELLINGS, "{}", w.len());
        assert!(w.iter().all(|x| x.len() <= LONGEST));
    }
}
