//! The terms of a text and the items each is in: each single CJK
//! character, each pair of neighbouring CJK characters, and each word;
//! the lists of item numbers kept as the index writes them.

use base64::Engine;

use crate::text::{self, is_caseless_mark, is_cjk};

/// Words longer than this are indexed by their first characters only.
const LONGEST_WORD: usize = 40;

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !is_caseless_mark(c) && c.is_alphanumeric() && !is_cjk(c)
}

/// The terms of a text, given as its lowercased characters: CJK
/// characters and pairs, and words. Markdown is read as it stands, its
/// marks being separators; what a reader does not see is skipped: link
/// targets (`](...)`) and HTML tags. The search box splits a query the same
/// way (`templates/dossier.js`). A word is handed over while it is read,
/// cut to its first [`LONGEST_WORD`] characters.
fn terms(chars: impl Iterator<Item = char>, mut term: impl FnMut(Term<'_>)) {
    let mut word = String::new();
    // Characters of the word being read (those past the cut included).
    let mut word_chars: Option<usize> = None;
    fn end_word(word: &mut String, chars: &mut Option<usize>, term: &mut impl FnMut(Term<'_>)) {
        if chars.take().is_some() {
            term(Term::Word(word));
            word.clear();
        }
    }
    let mut previous: Option<char> = None;
    let mut chars = chars.peekable();
    let mut last = '\0';
    while let Some(c) = chars.next() {
        let skip_to = match (last, c) {
            (']', '(') => Some(')'),
            (_, '<')
                if chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/') =>
            {
                Some('>')
            }
            _ => None,
        };
        last = c;
        if let Some(end) = skip_to {
            end_word(&mut word, &mut word_chars, &mut term);
            previous = None;
            for n in chars.by_ref() {
                if n == end || n == '\n' {
                    break;
                }
            }
            continue;
        }
        if is_cjk(c) {
            end_word(&mut word, &mut word_chars, &mut term);
            term(Term::Char(c));
            if let Some(p) = previous {
                term(Term::Pair(p, c));
            }
            previous = Some(c);
        } else {
            previous = None;
            if is_word_char(c) {
                let count = word_chars.get_or_insert(0);
                if *count < LONGEST_WORD {
                    word.push(c);
                }
                *count += 1;
            } else {
                end_word(&mut word, &mut word_chars, &mut term);
            }
        }
    }
    end_word(&mut word, &mut word_chars, &mut term);
}

enum Term<'w> {
    Char(char),
    Pair(char, char),
    Word(&'w str),
}

/// A CJK term as a number: a character alone, or a pair in the high and
/// low halves.
fn cjk_key(a: char, b: Option<char>) -> u64 {
    match b {
        None => u64::from(a),
        Some(b) => (u64::from(a) << 32) | u64::from(b),
    }
}

/// The order of CJK terms by their text: by first character, a character
/// alone before the pairs it begins (UTF-8 sorts as code points do).
fn cjk_order(key: u64) -> (u32, u32) {
    match key >> 32 {
        0 => (key as u32, 0),
        first => (first as u32, key as u32),
    }
}

fn cjk_text(key: u64) -> String {
    let char_of = |n: u32| char::from_u32(n).unwrap_or('\u{fffd}');
    let (first, second) = cjk_order(key);
    let mut text = String::from(char_of(first));
    if second != 0 {
        text.push(char_of(second));
    }
    text
}

/// The characters of one doc met so far, kept from doc to doc for their
/// room. Single characters of the Basic Multilingual Plane, most of the
/// terms, are told apart by a stamp per character instead of a hash.
pub(super) struct Seen {
    /// For each character below U+10000, 1 + the last doc it was met in.
    stamps: Vec<u32>,
    chars: Vec<char>,
    /// Pairs met lately, each with 1 + its doc, in a slot found from the
    /// pair: a pair met again in the same doc (most pairs of a note are)
    /// is told here without a look in the table. Two pairs that share a
    /// slot only cost the table's look.
    pairs: Vec<(u64, u32)>,
}

/// How many pairs `Seen` remembers: 2^12 slots, 64 KiB.
const PAIR_SLOTS_BITS: u32 = 12;

impl Default for Seen {
    fn default() -> Seen {
        Seen {
            stamps: vec![0; 0x1_0000],
            chars: Vec::new(),
            pairs: vec![(0, 0); 1 << PAIR_SLOTS_BITS],
        }
    }
}

impl Seen {
    /// Notes the pair `key` in `doc`; whether it was met in `doc` just
    /// before (`false` tells nothing: it may have been met earlier).
    fn pair_again(&mut self, doc: u32, key: u64) -> bool {
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_SLOTS_BITS)) as usize;
        let entry = (key, doc + 1);
        std::mem::replace(&mut self.pairs[slot], entry) == entry
    }

    /// Notes `c` in `doc`; `false` for a character with no stamp.
    fn char_in(&mut self, doc: u32, c: char) -> bool {
        let Some(stamp) = self.stamps.get_mut(c as usize) else {
            return false;
        };
        if *stamp != doc + 1 {
            *stamp = doc + 1;
            self.chars.push(c);
        }
        true
    }
}

/// The characters of `parts` joined by line breaks, lowercased one by
/// one ([`text::lowercase_chars`]) without a lowercased copy.
struct Lowered<'p> {
    parts: std::slice::Iter<'p, &'p str>,
    chars: text::LowercaseChars<'p>,
}

impl<'p> Lowered<'p> {
    fn new(parts: &'p [&'p str]) -> Self {
        let mut parts = parts.iter();
        let chars = text::lowercase_chars(parts.next().copied().unwrap_or(""));
        Lowered { parts, chars }
    }
}

impl Iterator for Lowered<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.chars.next() {
            return Some(c);
        }
        self.chars = text::lowercase_chars(self.parts.next()?);
        Some('\n')
    }
}

/// The items each term is in. The tables take a term for every character
/// of every note, so they hash fast.
#[derive(Default)]
pub(super) struct Postings {
    cjk: ahash::AHashMap<u64, DocList>,
    words: ahash::AHashMap<String, DocList>,
}

impl Postings {
    /// Adds the terms of `parts` to doc `doc`. A character of the Basic
    /// Multilingual Plane goes into the table once per doc, after the doc
    /// (`seen` is the caller's, reused doc by doc); any other character,
    /// a pair or a word is looked up as it is met, and kept once by its
    /// list's last doc, except a pair that `seen` remembers in this doc.
    pub(super) fn add(&mut self, doc: u32, parts: &[&str], seen: &mut Seen) {
        seen.chars.clear();
        let (cjk, words) = (&mut self.cjk, &mut self.words);
        terms(Lowered::new(parts), |t| match t {
            Term::Char(c) => {
                if !seen.char_in(doc, c) {
                    cjk.entry(cjk_key(c, None)).or_default().push_once(doc);
                }
            }
            Term::Pair(a, b) => {
                let key = cjk_key(a, Some(b));
                if !seen.pair_again(doc, key) {
                    cjk.entry(key).or_default().push_once(doc);
                }
            }
            Term::Word(w) => add_word(words, w, doc),
        });
        for &c in &seen.chars {
            self.cjk.entry(cjk_key(c, None)).or_default().push(doc);
        }
    }

    /// Adds words made for doc `doc` (the pinyin of its name), which is
    /// the last doc added or a later one.
    pub(super) fn add_words<'w>(&mut self, doc: u32, words: impl IntoIterator<Item = &'w str>) {
        for w in words {
            add_word(&mut self.words, w, doc);
        }
    }

    /// Takes in the postings of later docs.
    fn append(&mut self, later: Postings) {
        for (k, docs) in later.cjk {
            self.cjk.entry(k).or_default().append(docs);
        }
        for (k, docs) in later.words {
            self.words.entry(k).or_default().append(docs);
        }
    }
}

/// Adds `doc` to the docs of word `w`, copying the word only when it is
/// new to the table.
fn add_word(words: &mut ahash::AHashMap<String, DocList>, w: &str, doc: u32) {
    match words.get_mut(w) {
        Some(docs) => docs.push_once(doc),
        None => {
            let mut docs = DocList::default();
            docs.push(doc);
            words.insert(w.to_owned(), docs);
        }
    }
}

/// Doc numbers in rising order, kept as the index writes them: the first
/// and the gaps after it as variable-length integers. A term in most notes
/// then takes a byte a note, not four (at 10,000 clients the tables were
/// 30 MiB as plain numbers).
#[derive(Default)]
pub(super) struct DocList {
    gaps: Vec<u8>,
    /// The first doc and the last one, once there is one.
    span: Option<(u32, u32)>,
}

impl DocList {
    /// Adds `doc`, which comes after every doc already in.
    fn push(&mut self, doc: u32) {
        let gap = match self.span {
            Some((first, last)) => {
                self.span = Some((first, doc));
                doc - last
            }
            None => {
                self.span = Some((doc, doc));
                doc
            }
        };
        push_varint(&mut self.gaps, gap);
    }

    /// Adds `doc` unless it is the last one in already.
    fn push_once(&mut self, doc: u32) {
        if self.span.is_none_or(|(_, last)| last != doc) {
            self.push(doc);
        }
    }

    /// Adds the docs of `later`, all after these.
    fn append(&mut self, later: DocList) {
        let Some((later_first, later_last)) = later.span else {
            return;
        };
        let Some((first, last)) = self.span else {
            *self = later;
            return;
        };
        // The first number of `later` counts from 0: it becomes a gap.
        let first_len = later
            .gaps
            .iter()
            .position(|b| b & 0x80 == 0)
            .map_or(0, |p| p + 1);
        push_varint(&mut self.gaps, later_first - last);
        self.gaps.extend_from_slice(&later.gaps[first_len..]);
        self.span = Some((first, later_last));
    }

    fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        let mut bytes = self.gaps.iter();
        let mut last = 0u32;
        std::iter::from_fn(move || {
            let mut value = 0u32;
            let mut shift = 0;
            loop {
                let byte = *bytes.next()?;
                value |= u32::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            last += value;
            Some(last)
        })
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Doc numbers, as the shorter of two codes in base64: `v` and the gaps
/// between them as variable-length integers, or `b` and a bitmap of all
/// docs (for terms in many notes).
pub(super) fn encode(docs: &DocList, total: u32) -> String {
    let bitmap_len = total.div_ceil(8) as usize;
    let engine = base64::engine::general_purpose::STANDARD;
    if bitmap_len < docs.gaps.len() {
        let mut bits = vec![0u8; bitmap_len];
        for d in docs.docs() {
            bits[(d / 8) as usize] |= 1 << (d % 8);
        }
        format!("b{}", engine.encode(bits))
    } else {
        format!("v{}", engine.encode(&docs.gaps))
    }
}

/// Every term of `names` (the items' names and fields) and `text` (the
/// notes' text), in the order of their text by code points (the order
/// the search box looks terms up in), each with its items in each table.
/// Only the keys are sorted, and the tables read in their order: a sorted
/// copy of the entries, or a string per term, stood beside the tables at
/// 50,000 clients, tens of MiB.
pub(super) fn for_each_term<E>(
    names: &Postings,
    text: &Postings,
    mut each: impl FnMut(&str, Option<&DocList>, Option<&DocList>) -> Result<(), E>,
) -> Result<(), E> {
    let mut cjk: Vec<u64> = names.cjk.keys().chain(text.cjk.keys()).copied().collect();
    cjk.sort_unstable_by_key(|key| cjk_order(*key));
    cjk.dedup();
    let mut words: Vec<&str> = names
        .words
        .keys()
        .chain(text.words.keys())
        .map(String::as_str)
        .collect();
    words.sort_unstable();
    words.dedup();
    // A CJK term and a word never begin with the same character: their
    // first characters order them.
    let (mut c, mut w) = (cjk.iter().peekable(), words.iter().peekable());
    loop {
        let cjk_first = match (c.peek(), w.peek()) {
            (None, None) => return Ok(()),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(&&key), Some(word)) => {
                let first = char::from_u32(cjk_order(key).0).unwrap_or('\u{fffd}');
                word.chars().next().is_none_or(|wc| first < wc)
            }
        };
        if cjk_first {
            let key = *c.next().unwrap_or(&0);
            each(&cjk_text(key), names.cjk.get(&key), text.cjk.get(&key))?;
        } else {
            let word = w.next().copied().unwrap_or_default();
            each(word, names.words.get(word), text.words.get(word))?;
        }
    }
}

/// The tables of runs of notes, joined in the order of the runs whichever
/// order they are done in.
#[derive(Default)]
pub(super) struct InOrder {
    pub(super) all: Postings,
    /// The run whose table is joined next.
    pub(super) next: usize,
    /// Tables done ahead of their turn, by run.
    pub(super) early: std::collections::BTreeMap<usize, Postings>,
}

impl InOrder {
    pub(super) fn put(&mut self, run: usize, postings: Postings) {
        self.early.insert(run, postings);
        while let Some(postings) = self.early.remove(&self.next) {
            self.all.append(postings);
            self.next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs done out of order are joined in the order of their docs, as
    /// if they had been added one after the other.
    #[test]
    fn runs_done_out_of_order_are_joined_in_order() {
        let texts = [
            "东义集团 acme",
            "集团 beta",
            "acme 东义",
            "beta 集",
            "东 acme",
        ];
        let run_of = |r: usize| {
            let mut postings = Postings::default();
            postings.add(r as u32, &[texts[r]], &mut Seen::default());
            postings
        };
        let mut one_by_one = Postings::default();
        let mut seen = Seen::default();
        for (doc, text) in texts.iter().enumerate() {
            one_by_one.add(doc as u32, &[text], &mut seen);
        }
        let mut joined = InOrder::default();
        for r in [2, 0, 4, 1, 3] {
            joined.put(r, run_of(r));
        }
        assert!(joined.early.is_empty());
        assert_eq!(joined.next, texts.len());
        let lists = |p: &Postings| {
            let mut cjk: Vec<(u64, Vec<u32>)> = p
                .cjk
                .iter()
                .map(|(k, d)| (*k, d.docs().collect()))
                .collect();
            let mut words: Vec<(String, Vec<u32>)> = p
                .words
                .iter()
                .map(|(k, d)| (k.clone(), d.docs().collect()))
                .collect();
            cjk.sort();
            words.sort();
            (cjk, words)
        };
        assert_eq!(lists(&joined.all), lists(&one_by_one));
        assert_eq!(lists(&joined.all).1[0], ("acme".to_owned(), vec![0, 2, 4]));
    }

    /// A pair met again in the same doc is remembered; one met in an
    /// earlier doc, or pushed out of its slot, is not.
    #[test]
    fn a_pair_is_remembered_within_its_doc_only() {
        let mut seen = Seen::default();
        let key = cjk_key('东', Some('义'));
        assert!(!seen.pair_again(0, key));
        assert!(seen.pair_again(0, key));
        assert!(!seen.pair_again(1, key));
        assert!(seen.pair_again(1, key));
        // Every other pair of the ideographs' first rows: some share the
        // slot of `key`, and push it out.
        for a in '一'..='丿' {
            for b in '一'..='丿' {
                seen.pair_again(1, cjk_key(a, Some(b)));
            }
        }
        assert!(!seen.pair_again(1, key));
    }

    /// The names' and the text's tables read as one list in code-point
    /// order, each term once with its items in each: the order the search
    /// box looks terms up in (`cmp` in `templates/dossier.js`).
    #[test]
    fn both_tables_read_as_one_list_in_code_point_order() {
        let mut names = Postings::default();
        let mut text = Postings::default();
        let mut seen = Seen::default();
        names.add(0, &["东义集团 Acme"], &mut seen);
        names.add_words(0, ["dongyijituan", "dyjt"]);
        text.add(1, &["集团 ｱ 𠀋𠀋 zeta ａｂ acme éa"], &mut Seen::default());
        let mut listed: Vec<(String, bool, bool)> = Vec::new();
        for_each_term(&names, &text, |term, n, t| {
            listed.push((term.to_owned(), n.is_some(), t.is_some()));
            Ok::<(), ()>(())
        })
        .unwrap();
        let terms: Vec<&str> = listed.iter().map(|(t, _, _)| t.as_str()).collect();
        let mut sorted = terms.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(terms, sorted);
        assert!(listed.contains(&("acme".to_owned(), true, true)));
        assert!(listed.contains(&("集团".to_owned(), true, true)));
        assert!(listed.contains(&("dyjt".to_owned(), true, false)));
        assert!(listed.contains(&("zeta".to_owned(), false, true)));
        // A character beyond U+FFFF after one near its top, as code points
        // order them (UTF-16 would put it before).
        let high = terms.iter().position(|t| *t == "ａｂ").unwrap();
        let astral = terms.iter().position(|t| *t == "𠀋").unwrap();
        assert!(high < astral, "{terms:?}");
    }

    #[test]
    fn each_term_lists_each_doc_once_in_order() {
        let mut postings = Postings::default();
        let mut seen = Seen::default();
        // A character met twice in a doc, one beyond U+FFFF (𠀋), a pair,
        // and a title and body given apart.
        postings.add(0, &["集团", "东义集团 𠀋𠀋 Acme acme"], &mut seen);
        postings.add(1, &["集", "𠀋"], &mut seen);
        postings.add(3, &["东义"], &mut seen);
        let docs = |key: u64| -> Vec<u32> {
            postings
                .cjk
                .get(&key)
                .map(|d| d.docs().collect())
                .unwrap_or_default()
        };
        assert_eq!(docs(cjk_key('集', None)), [0, 1]);
        assert_eq!(docs(cjk_key('𠀋', None)), [0, 1]);
        assert_eq!(docs(cjk_key('东', Some('义'))), [0, 3]);
        assert_eq!(docs(cjk_key('团', Some('东'))), Vec::<u32>::new());
        let acme: Vec<u32> = postings.words["acme"].docs().collect();
        assert_eq!(acme, [0]);
    }

    fn all_terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        terms(Lowered::new(&[text]), |t| {
            out.push(match t {
                Term::Char(c) => c.to_string(),
                Term::Pair(a, b) => format!("{a}{b}"),
                Term::Word(w) => w.to_owned(),
            })
        });
        out
    }

    #[test]
    fn cjk_terms_sorted_by_key_come_in_the_order_of_their_text() {
        let mut keys = [
            cjk_key('集', Some('团')),
            cjk_key('集', None),
            cjk_key('东', Some('义')),
            cjk_key('义', None),
            cjk_key('东', None),
            cjk_key('𠀀', None),
            cjk_key('团', Some('𠀀')),
            cjk_key('团', None),
        ];
        let mut by_text: Vec<String> = keys.iter().map(|&k| cjk_text(k)).collect();
        by_text.sort();
        keys.sort_by_key(|&k| cjk_order(k));
        let by_key: Vec<String> = keys.iter().map(|&k| cjk_text(k)).collect();
        assert_eq!(by_key, by_text);
    }

    #[test]
    fn cjk_text_gives_characters_and_pairs_other_text_words() {
        assert_eq!(
            all_terms("东义集团 Acme-C001"),
            [
                "东", "义", "东义", "集", "义集", "团", "集团", "acme", "c001"
            ]
        );
        assert_eq!(
            all_terms("煤化工AI"),
            ["煤", "化", "煤化", "工", "化工", "ai"]
        );
        let long = "Ǆ".repeat(LONGEST_WORD + 5);
        assert_eq!(all_terms(&long), ["ǆ".repeat(LONGEST_WORD)]);
    }

    #[test]
    fn caseless_marks_are_neither_word_characters_nor_cased() {
        let marks = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_caseless_mark(c));
        let mut count = 0;
        for c in marks {
            assert!(!c.is_alphanumeric(), "{c:?} is a letter or digit");
            assert!(c.to_lowercase().eq([c]), "{c:?} has a lower case");
            count += 1;
        }
        assert!(count > 150, "{count}");
        assert!(is_word_char('Ａ') && is_word_char('０') && is_word_char('é'));
        assert!(!is_word_char('，') && !is_word_char('。') && !is_word_char('-'));
    }

    #[test]
    fn doc_lists_take_the_shorter_code() {
        let list = |docs: &[u32]| {
            let mut list = DocList::default();
            docs.iter().for_each(|&d| list.push(d));
            list
        };
        assert_eq!(encode(&list(&[0, 1, 300]), 1000), "vAAGrAg==");
        // Joined runs read as one.
        let mut joined = list(&[0, 1]);
        joined.append(list(&[300]));
        assert_eq!(encode(&joined, 1000), "vAAGrAg==");
        assert_eq!(joined.docs().collect::<Vec<_>>(), [0, 1, 300]);
        // A term in every doc is a bitmap.
        let all: Vec<u32> = (0..64).collect();
        assert!(encode(&list(&all), 64).starts_with('b'));
    }

    #[test]
    fn link_targets_and_tags_are_not_text() {
        assert_eq!(
            all_terms("[Acme](../clients/x.md) <span class=\"c\">ok</span>"),
            ["acme", "ok"]
        );
    }

    /// The text lowercased whole, character by character, by the
    /// standard library alone.
    fn reference_lowercase(parts: &[&str]) -> String {
        parts
            .join("\n")
            .chars()
            .flat_map(char::to_lowercase)
            .collect()
    }

    #[test]
    fn terms_read_as_from_a_lowercased_copy() {
        let pieces = [
            "东义集团",
            "Acme",
            "İstanbul",
            "ΣΟΦΙΑ",
            "\u{212A}elvin",
            "<\u{212A}b>",
            "ǅ",
            "ß",
            "[x](y.md)",
            "](",
            "<a href=\"z\">",
            "</b>",
            " ",
            "\n",
            "，",
            "-",
            "ＡＢ",
            "ﬃ",
            "Ḁ",
            "a",
            "0",
            "é",
            "🙂",
            "𠀋",
            "ｶ",
            "ᾈ",
            &"Ǆ".repeat(45),
            &"İ".repeat(30),
        ];
        let mut state = 0x853C_49E6_748F_EA9Bu64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut words = 0;
        for _ in 0..20_000 {
            let mut parts: Vec<String> = Vec::new();
            for _ in 0..1 + next(2) {
                let mut text = String::new();
                for _ in 0..next(9) {
                    text.push_str(pieces[next(pieces.len())]);
                }
                parts.push(text);
            }
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let show = |t: Term| match t {
                Term::Char(c) => format!("c{c}"),
                Term::Pair(a, b) => format!("p{a}{b}"),
                Term::Word(w) => format!("w{w}"),
            };
            let (mut now, mut before) = (Vec::new(), Vec::new());
            terms(Lowered::new(&parts), |t| now.push(show(t)));
            let lowered = reference_lowercase(&parts);
            terms(lowered.chars(), |t| before.push(show(t)));
            words += now.iter().filter(|t| t.starts_with('w')).count();
            assert_eq!(now, before, "{parts:?}");
        }
        assert!(words > 10_000, "{words}");
    }
}
