//! What every stage needs to know of Unicode text beyond the standard
//! library: which characters are CJK, which marks have no case, and a
//! lowercasing that does not look up characters that have none.

/// Whether `c` is written without spaces between words (Han, kana, Hangul):
/// such text is indexed by characters and pairs of characters.
pub fn is_cjk(c: char) -> bool {
    let c = c as u32;
    // Most characters of a Chinese vault are unified ideographs, and most
    // others are below the first range: both are told by one comparison.
    if (0x4E00..=0x9FFF).contains(&c) {
        return true;
    }
    c >= 0x3040
        && matches!(c,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3134F) // CJK extensions B-G
}

/// Punctuation that Chinese text is full of (`，。、：「」`, general
/// punctuation such as `“”…`): never part of a word and without case, so
/// neither Unicode table needs to be looked up for it. The ranges leave out
/// the letters and digits among them (`々〇`, fullwidth `０-９Ａ-Ｚａ-ｚ`).
pub fn is_caseless_mark(c: char) -> bool {
    matches!(c as u32,
        0x2000..=0x206F
        | 0x3000..=0x3004
        | 0x3008..=0x3020
        | 0x3030
        | 0x3036..=0x3037
        | 0x303D..=0x303F
        | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF20
        | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65)
}

/// `s` lowercased, exactly as [`str::to_lowercase`] lowercases it. Names,
/// paths and headings are lowercased for every link and page; in a Chinese
/// vault most of their characters are CJK or punctuation, which have no
/// case, and these are taken as they are instead of being looked up one
/// by one in the standard library's table.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    // A capital sigma lowercases by its place in a word, which only the
    // standard library's whole-string rule knows.
    if s.contains('Σ') {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match lowercase_char(c) {
            Ok(c) => out.push(c),
            Err(several) => out.extend(several),
        }
    }
    out
}

/// `c` lowercased on its own: the one character it becomes, found without
/// the standard library's table for ASCII and for characters without case,
/// or else the table's answer.
#[inline]
fn lowercase_char(c: char) -> Result<char, std::char::ToLowercase> {
    if c.is_ascii() {
        Ok(c.to_ascii_lowercase())
    } else if is_cjk(c) || is_caseless_mark(c) {
        Ok(c)
    } else {
        Err(c.to_lowercase())
    }
}

/// The characters of `s`, each lowercased on its own (a capital sigma
/// always to `σ`), as they are read: no lowercased copy is made.
pub fn lowercase_chars(s: &str) -> LowercaseChars<'_> {
    LowercaseChars {
        chars: s.chars(),
        pending: None,
    }
}

/// The iterator of [`lowercase_chars`].
pub struct LowercaseChars<'a> {
    chars: std::str::Chars<'a>,
    /// The rest of a character that lowercases to several.
    pending: Option<std::char::ToLowercase>,
}

impl Iterator for LowercaseChars<'_> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        if let Some(pending) = &mut self.pending {
            match pending.next() {
                Some(c) => return Some(c),
                None => self.pending = None,
            }
        }
        let mut lower = match lowercase_char(self.chars.next()?) {
            Ok(c) => return Some(c),
            Err(several) => several,
        };
        let first = lower.next();
        if lower.len() > 0 {
            self.pending = Some(lower);
        }
        first
    }
}

/// `text` in Unicode's composed form (NFC), as names are compared: a name
/// written decomposed (`e` and a combining accent, as macOS writes file
/// names) and one typed composed are one name. Text already in NFC, as
/// nearly all is, is returned as it is.
pub fn nfc(text: String) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    // Below U+0300 nothing composes, and the common CJK ideographs have no
    // decomposition: names of only those (nearly every name of a Chinese
    // vault) are NFC without a look-up per character.
    let stable = |c: char| c < '\u{0300}' || ('\u{4e00}'..='\u{9fff}').contains(&c);
    if text.chars().all(stable) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text;
    }
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_is_the_standard_librarys() {
        // Every character alone, then between others.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(lowercase(&alone), alone.to_lowercase(), "{c:?}");
            let amid = format!("A{c}東Σ{c}ß");
            assert_eq!(lowercase(&amid), amid.to_lowercase(), "{c:?}");
        }
        for s in [
            "客户/C06288-浙江星河控股06288.md",
            "ΟΔΟΣ ΟΔΟΣ.md",
            "Σ",
            "İstanbul/Ǆemal ＡＢＣ，。",
            "",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
        }
    }

    #[test]
    fn cjk_and_caseless_marks_have_no_case() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_cjk(c) || is_caseless_mark(c) {
                assert!(c.to_lowercase().eq([c]), "{c:?} has a lower case");
            }
        }
    }

    #[test]
    fn names_are_compared_composed_and_the_fast_path_changes_nothing() {
        use unicode_normalization::UnicodeNormalization;
        assert_eq!(nfc("Cafe\u{301}".to_owned()), "Café");
        assert_eq!(nfc("한국".nfd().collect()), "한국");
        // A compatibility ideograph is not NFC; the common ones are.
        assert_eq!(nfc("\u{f900}".to_owned()), "\u{8c48}");
        for text in ["东义集团/客户.md", "plain.md", "Über", "客户/Ｃ００１"] {
            assert_eq!(
                nfc(text.to_owned()),
                text.nfc().collect::<String>(),
                "{text}"
            );
        }
    }
}
