//! Reading typed fields out of a positioned YAML mapping, collecting a
//! diagnostic for every missing, mistyped or out-of-range value.

use chrono::NaiveDate;

/// The days dossier reads and works with: a note's date outside them is
/// `E-date-range`, a date given on the command line exit 2. Figures of
/// days far outside (`-262143-01-01`) would overflow.
pub const DAYS: std::ops::RangeInclusive<NaiveDate> = {
    match (
        NaiveDate::from_ymd_opt(1900, 1, 1),
        NaiveDate::from_ymd_opt(9999, 12, 31),
    ) {
        (Some(first), Some(last)) => first..=last,
        _ => panic!("the range of days is a range of days"),
    }
};

use crate::config::Config;
use crate::diagnostics::Pos;
use crate::diagnostics::message::{Expected, Hint, Record};
use crate::diagnostics::{Diagnostic, Message, suggest};
use crate::vault::yaml::{Key, Node, Value};

pub use crate::vault::yaml::Str;

/// A value and the position it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Field<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Field { value, pos }
    }
}

/// The largest amount of money accepted.
const MAX_MONEY: f64 = 1e15;

/// Keys every kind of note may carry.
pub const COMMON_KEYS: &[&str] = &[
    "type",
    "title",
    "tags",
    "private",
    "aliases",
    "date",
    "created",
    "updated",
    "description",
];

/// A mapping being read as one kind of record.
pub struct Fields<'a> {
    file: &'a str,
    config: &'a Config,
    at: Pos,
    entries: Vec<(&'a str, &'a Key, &'a Node)>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Reads a note's front matter `node` as a record of `kind` whose keys
    /// are `known` (after the kind's aliases and the global ones). A key it
    /// does not read is the vault's own (`domain:`, `currency:`) and is
    /// left alone, unless it is a letter or two from one it reads (a
    /// likely typo, warned about).
    pub fn new(
        file: &'a str,
        node: &'a Node,
        config: &'a Config,
        known: &[&'static str],
        kind: Option<crate::config::Kind>,
    ) -> Self {
        Fields::read(file, node, config, known, kind, false)
    }

    /// Reads a record nested in front matter (a contact, a deal, a health
    /// entry of a client): a structure of dossier's own, where any key it
    /// does not read is warned about (`{score: 5, note: a, b}` makes a
    /// stray key `b`).
    pub fn nested(
        file: &'a str,
        node: &'a Node,
        config: &'a Config,
        known: &[&'static str],
        kind: Option<crate::config::Kind>,
    ) -> Self {
        Fields::read(file, node, config, known, kind, true)
    }

    fn read(
        file: &'a str,
        node: &'a Node,
        config: &'a Config,
        known: &[&'static str],
        kind: Option<crate::config::Kind>,
        every_unknown: bool,
    ) -> Self {
        let mut fields = Fields {
            file,
            config,
            at: node.pos,
            entries: Vec::new(),
            diags: Vec::new(),
        };
        for (key, value) in node.entries() {
            let mut name = config.aliases.field(kind, &key.name);
            // `Name`, `Company`: a field this kind reads, in other case.
            if !known.contains(&name)
                && !COMMON_KEYS.contains(&name)
                && name.bytes().any(|b| b.is_ascii_uppercase())
            {
                let lower = name.to_ascii_lowercase();
                let canonical = config.aliases.field(kind, &lower);
                if let Some(read) = known.iter().chain(COMMON_KEYS).find(|k| **k == canonical) {
                    name = read;
                }
            }
            if let Some((_, first, _)) = fields.entries.iter().find(|(n, _, _)| *n == name) {
                let first = first.pos;
                fields.diags.push(Diagnostic::new(
                    file,
                    key.pos,
                    Message::FieldDuplicate {
                        field: key.name.to_string(),
                        first_line: first.line,
                    },
                ));
                continue;
            }
            // A field the kind does not read is the vault's own (`domain:`,
            // `currency:`) and is left alone; one a letter or two from a
            // field it reads is a likely typo.
            let known_here =
                !known.is_empty() && !known.contains(&name) && !COMMON_KEYS.contains(&name);
            let candidates = || known.iter().chain(COMMON_KEYS).copied();
            let typo_of = known_here
                .then(|| crate::diagnostics::near_miss(name, candidates()))
                .flatten();
            if let Some(meant) = typo_of {
                fields.diags.push(Diagnostic::new(
                    file,
                    key.pos,
                    Message::FieldTypo {
                        field: key.name.to_string(),
                        meant: meant.to_owned(),
                    },
                ));
            } else if known_here && every_unknown {
                fields.diags.push(Diagnostic::new(
                    file,
                    key.pos,
                    Message::FieldUnknown {
                        field: key.name.to_string(),
                        hint: Hint::nearest_or_all(
                            suggest(name, candidates()),
                            known.iter().map(|k| (*k).to_owned()).collect(),
                        ),
                    },
                ));
            }
            fields.entries.push((name, key, value));
        }
        fields
    }

    fn node(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(n, _, v)| *n == key && v.value != Value::Null)
            .map(|(_, _, v)| *v)
    }

    /// Where the record is written.
    pub fn at(&self) -> Pos {
        self.at
    }

    pub fn has(&self, key: &str) -> bool {
        self.node(key).is_some()
    }

    fn error(&mut self, pos: Pos, message: Message) {
        self.diags.push(Diagnostic::new(self.file, pos, message));
    }

    fn wrong_type(&mut self, key: &str, node: &Node, expected: Expected) {
        let plain = match expected {
            Expected::Number
            | Expected::Money
            | Expected::Fraction
            | Expected::WholeNumber { .. } => node.as_str().and_then(plain_number),
            _ => None,
        };
        self.error(
            node.pos,
            Message::FieldType {
                field: key.to_owned(),
                expected,
                found: node.value.found(),
                plain,
            },
        );
    }

    /// Reports every key of `required` that is absent, at the record.
    pub fn require(&mut self, required: &[String], record: Record) {
        for key in required {
            if !self.has(key) {
                self.error(
                    self.at,
                    Message::FieldMissing {
                        record,
                        field: key.clone(),
                    },
                );
            }
        }
    }

    /// Text; numbers and booleans are taken as written (a phone stays text).
    pub fn text(&mut self, key: &str) -> Option<Field<Str>> {
        let node = self.node(key)?;
        match node.value.scalar_text() {
            Some(text) => Some(Field::new(text, node.pos)),
            None => {
                self.wrong_type(key, node, Expected::Text);
                None
            }
        }
    }

    /// A reference to another note: a code or name as text, or a wikilink
    /// (`"[[东义集团]]"`). An unquoted `[[东义集团]]`, which YAML reads
    /// as a list in a list, is taken as the wikilink it was meant to be.
    pub fn reference(&mut self, key: &str) -> Option<Field<Str>> {
        let node = self.node(key)?;
        if let Some(link) = unquoted_wikilink(node) {
            return Some(Field::new(link, node.pos));
        }
        self.text(key)
    }

    /// A list of references (a single one counts as a list of one); an
    /// unquoted `[[Name]]` item is read as the wikilink.
    pub fn references(&mut self, key: &str) -> Vec<Field<Str>> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        if let Some(link) = unquoted_wikilink(node) {
            return vec![Field::new(link, node.pos)];
        }
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    if let Some(link) = unquoted_wikilink(item) {
                        return Some(Field::new(link, item.pos));
                    }
                    match item.value.scalar_text() {
                        Some(t) => Some(Field::new(t, item.pos)),
                        None => {
                            self.wrong_type(key, item, Expected::TextsOrLinks);
                            None
                        }
                    }
                })
                .collect(),
            _ => self.texts(key),
        }
    }

    /// A probability as a whole percentage: written 0-100, or 0-1 with
    /// `probability_scale = "fraction"` (rounded half up to a whole
    /// percent).
    pub fn probability(
        &mut self,
        key: &str,
        scale: crate::config::ProbabilityScale,
    ) -> Option<Field<i64>> {
        // `60%` is 60 whatever the scale.
        if let Some(node) = self.node(key)
            && let Some(percent) = node.as_str().and_then(super::amounts::percent)
        {
            let whole = percent.fract().is_zero()
                && (rust_decimal::Decimal::ZERO..=rust_decimal::Decimal::ONE_HUNDRED)
                    .contains(&percent);
            if !whole {
                let written = node.as_str().unwrap_or_default().to_owned();
                self.error(
                    node.pos,
                    Message::OutOfRange {
                        field: key.to_owned(),
                        written,
                        min: 0,
                        max: 100,
                    },
                );
                return None;
            }
            let value = rust_decimal::prelude::ToPrimitive::to_i64(&percent)?;
            return Some(Field::new(value, node.pos));
        }
        if scale == crate::config::ProbabilityScale::Percent {
            return self.int(key, 0, 100);
        }
        let field = self.number(key, Expected::Fraction)?;
        let written = self
            .node(key)
            .and_then(|n| n.value.scalar_text())
            .unwrap_or_default();
        if !(0.0..=1.0).contains(&field.value) {
            let as_fraction = (field.value > 1.0 && field.value <= 100.0).then(|| {
                crate::config::exact(field.value / 100.0)
                    .map_or_else(|| written.to_string(), |d| d.normalize().to_string())
            });
            self.error(
                field.pos,
                Message::FractionRange {
                    field: key.to_owned(),
                    written: written.to_string(),
                    as_fraction,
                },
            );
            return None;
        }
        let percent = crate::config::exact(field.value)
            .map(|d| {
                (d * rust_decimal::Decimal::ONE_HUNDRED)
                    .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            })
            .and_then(|d| rust_decimal::prelude::ToPrimitive::to_i64(&d))?;
        Some(Field::new(percent, field.pos))
    }

    /// `private`: anything but `true` or `false` (`yes`, `1`, nothing) is an
    /// error, and the note stays withheld until it says which (the vault
    /// already withholds any value but `false`).
    pub fn private(&mut self) {
        let Some((_, _, node)) = self.entries.iter().find(|(n, _, _)| *n == "private") else {
            return;
        };
        if !matches!(node.value, Value::Bool(_)) {
            let found = node.value.found();
            self.error(node.pos, Message::PrivateNotBoolean { found });
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<Field<bool>> {
        let node = self.node(key)?;
        match node.value {
            Value::Bool(b) => Some(Field::new(b, node.pos)),
            _ => {
                self.wrong_type(key, node, Expected::Boolean);
                None
            }
        }
    }

    fn number(&mut self, key: &str, expected: Expected) -> Option<Field<f64>> {
        let node = self.node(key)?;
        match node.value {
            Value::Int(i, _) => Some(Field::new(i as f64, node.pos)),
            Value::Float(f, _) if f.is_finite() => Some(Field::new(f, node.pos)),
            _ => {
                self.wrong_type(key, node, expected);
                None
            }
        }
    }

    /// A whole number within `min..=max`.
    pub fn int(&mut self, key: &str, min: i64, max: i64) -> Option<Field<i64>> {
        let expected = Expected::WholeNumber {
            min,
            max: (max != i64::MAX).then_some(max),
        };
        let field = self.number(key, expected.clone())?;
        let written = self
            .node(key)
            .and_then(|n| n.value.scalar_text())
            .unwrap_or_default();
        if field.value.fract() != 0.0 {
            self.error(
                field.pos,
                Message::NotWhole {
                    field: key.to_owned(),
                    written: written.to_string(),
                    expected,
                },
            );
            return None;
        }
        if field.value < min as f64 || field.value > max as f64 {
            self.error(
                field.pos,
                Message::OutOfRange {
                    field: key.to_owned(),
                    written: written.to_string(),
                    min,
                    max,
                },
            );
            return None;
        }
        Some(Field::new(field.value as i64, field.pos))
    }

    /// A sum of money: a number, zero or more, and at most 10^15 (so sums
    /// over a whole vault stay exact in cents and never overflow).
    ///
    /// Written as text, an amount is read as people write it (`85万`,
    /// `1.2亿`, `120k`, `¥850,000`, `850,000元`), in decimal.
    pub fn money(&mut self, key: &str) -> Option<Field<f64>> {
        let node = self.node(key)?;
        let field = match node.as_str().map(super::amounts::read) {
            Some(Ok(Some(amount))) => {
                let value = rust_decimal::prelude::ToPrimitive::to_f64(&amount)?;
                Field::new(value, node.pos)
            }
            Some(Err(super::amounts::NotAnAmount::Ambiguous(plain))) => {
                self.error(
                    node.pos,
                    Message::FieldType {
                        field: key.to_owned(),
                        expected: Expected::Money,
                        found: node.value.found(),
                        plain,
                    },
                );
                return None;
            }
            _ => self.number(key, Expected::Money)?,
        };
        let written = self
            .node(key)
            .and_then(|n| n.value.scalar_text())
            .unwrap_or_default();
        if field.value < 0.0 {
            self.error(
                field.pos,
                Message::MoneyNegative {
                    field: key.to_owned(),
                    written: written.to_string(),
                },
            );
            return None;
        }
        if field.value > MAX_MONEY {
            self.error(
                field.pos,
                Message::MoneyTooLarge {
                    field: key.to_owned(),
                    written: written.to_string(),
                },
            );
            return None;
        }
        Some(field)
    }

    /// A date written `YYYY-MM-DD` (four, two and two digits: `2025-1-5`
    /// is refused, a typo as often as not) within [`DAYS`], quoted or not,
    /// and optionally
    /// with a time as CRM exports and Obsidian's date-time properties write
    /// it (`2024-01-08 09:30`, `2024-01-08T09:30:00+08:00`): the calendar
    /// day as written counts, in the offset it was written in.
    pub fn date(&mut self, key: &str) -> Option<Field<NaiveDate>> {
        let node = self.node(key)?;
        let text = node.value.scalar_text().unwrap_or_default();
        match calendar_day(&text) {
            Some(d) if !DAYS.contains(&d) => {
                self.error(
                    node.pos,
                    Message::DateRange {
                        field: key.to_owned(),
                        day: d.to_string(),
                    },
                );
                None
            }
            Some(d) => Some(Field::new(d, node.pos)),
            None => {
                self.error(
                    node.pos,
                    Message::DateInvalid {
                        field: key.to_owned(),
                        written: text.to_string(),
                    },
                );
                None
            }
        }
    }

    /// One of `allowed`, with a suggestion when the value is close to one.
    /// An empty list of allowed values takes any text (`[enums] role = []`
    /// for a vault whose roles are job titles).
    ///
    /// A value is read by its key or by any of its labels, in any language
    /// (`商务洽谈` is `negotiation`), ASCII letters without case, or by a
    /// spelling `[enum_values]` maps; the field then holds the key.
    pub fn choice(&mut self, key: &str, allowed: &[String]) -> Option<Field<Str>> {
        let field = self.text(key)?;
        if allowed.is_empty() || allowed.iter().any(|a| *a == field.value) {
            return Some(field);
        }
        let config = self.config;
        if let Some(read) = config.value_key(key, &field.value, allowed) {
            return Some(Field::new(read.into(), field.pos));
        }
        // The nearest key or label (a key, on a tie: `suggest` keeps the
        // last of the closest); else every `key (label)`.
        let labels = allowed.iter().flat_map(|k| {
            config
                .value_labels(key, k)
                .into_iter()
                .filter(move |l| !l.eq_ignore_ascii_case(k))
        });
        let words: Vec<&str> = labels.chain(allowed.iter().map(String::as_str)).collect();
        let every = allowed
            .iter()
            .map(|k| match config.value_label(key, k) {
                Some(label) if !label.eq_ignore_ascii_case(k) => format!("{k} ({label})"),
                _ => k.clone(),
            })
            .collect();
        let hint = Hint::nearest_or_all(suggest(&field.value, words), every);
        self.error(
            field.pos,
            Message::UnknownValue {
                field: key.to_owned(),
                value: field.value.to_string(),
                hint,
            },
        );
        None
    }

    /// A list of texts; a single text counts as a list of one.
    pub fn texts(&mut self, key: &str) -> Vec<Field<Str>> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| match item.value.scalar_text() {
                    Some(t) => Some(Field::new(t, item.pos)),
                    None => {
                        self.wrong_type(key, item, Expected::Texts);
                        None
                    }
                })
                .collect(),
            other => match other.scalar_text() {
                Some(t) => vec![Field::new(t, node.pos)],
                None => {
                    self.wrong_type(key, node, Expected::Texts);
                    Vec::new()
                }
            },
        }
    }

    /// The items of a list (one value counts as a list of one).
    pub fn items(&mut self, key: &str) -> Vec<&'a Node> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        if unquoted_wikilink(node).is_some() {
            return vec![node];
        }
        match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        }
    }

    /// The items of a list of mappings.
    pub fn records(&mut self, key: &str) -> Vec<&'a Node> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter(|item| {
                    let ok = matches!(item.value, Value::Map(_));
                    if !ok {
                        self.wrong_type(key, item, Expected::Mappings);
                    }
                    ok
                })
                .collect(),
            _ => {
                self.wrong_type(key, node, Expected::Mappings);
                Vec::new()
            }
        }
    }

    /// The entries of a mapping.
    pub fn mapping(&mut self, key: &str) -> Vec<(&'a Key, &'a Node)> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Map(entries) => entries.iter().map(|(k, v)| (k, v)).collect(),
            _ => {
                self.wrong_type(key, node, Expected::Mapping);
                Vec::new()
            }
        }
    }

    /// Reports a diagnostic found by the caller while reading this record.
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn file(&self) -> &'a str {
        self.file
    }
}

/// A reference as text: a scalar, or an unquoted `[[Name]]`.
pub fn reference_text(node: &Node) -> Option<Str> {
    unquoted_wikilink(node).or_else(|| node.value.scalar_text())
}

/// `[[Name]]` written without quotes, which YAML reads as a list holding a
/// list holding one text: the wikilink `[[Name]]`.
fn unquoted_wikilink(node: &Node) -> Option<Str> {
    let Value::Seq(outer) = &node.value else {
        return None;
    };
    let [inner] = outer.as_slice() else {
        return None;
    };
    let Value::Seq(items) = &inner.value else {
        return None;
    };
    let [name] = items.as_slice() else {
        return None;
    };
    let name = name.value.scalar_text()?;
    Some(format!("[[{name}]]").into())
}

/// `"450,000"` or `"75%"` as the number the author meant, for a hint.
fn plain_number(text: &str) -> Option<String> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    cleaned.parse::<f64>().ok().map(|_| cleaned)
}

/// The day of `text`: `YYYY-MM-DD`, then optionally `T` or a space and a
/// time `HH:MM[:SS[.fraction]]`, then optionally `Z` or an offset
/// (`+08:00`, `+0800`, `+08`). Anything else is not a date.
pub fn calendar_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let shaped = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return None;
    }
    // The shape is checked: the digits are read as numbers directly
    // (`parse_from_str` reads its format string each time).
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let day = NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(day);
    }
    let time = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let time = time.trim_start();
    // The clock: HH:MM, then :SS, then a fraction.
    let digits =
        |s: &str, n: usize| s.len() >= n && s.as_bytes()[..n].iter().all(u8::is_ascii_digit);
    if !digits(time, 2) || time.as_bytes().get(2) != Some(&b':') || !digits(&time[3..], 2) {
        return None;
    }
    let (hour, minute): (u32, u32) = (time[..2].parse().ok()?, time[3..5].parse().ok()?);
    let mut rest = &time[5..];
    let mut second = 0u32;
    if let Some(after) = rest.strip_prefix(':') {
        if !digits(after, 2) {
            return None;
        }
        second = after[..2].parse().ok()?;
        rest = &after[2..];
        if let Some(fraction) = rest.strip_prefix(['.', ',']) {
            let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            rest = &fraction[n..];
        }
    }
    // A leap second (60) is a time some clocks write.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset = rest.trim_start();
    let fits = match offset.as_bytes() {
        [] | [b'Z'] | [b'z'] => true,
        [b'+' | b'-', rest @ ..] => {
            let clock: Vec<u8> = rest.iter().copied().filter(|b| *b != b':').collect();
            let colons = rest.len() - clock.len();
            (clock.len() == 2 && colons == 0 || clock.len() == 4 && colons <= 1)
                && clock.iter().all(u8::is_ascii_digit)
                && (rest.len() < 3 || colons == 0 || rest[2] == b':')
        }
        _ => false,
    };
    fits.then_some(day)
}

#[cfg(test)]
mod calendar_day_tests {
    use super::calendar_day;
    use chrono::NaiveDate;

    #[test]
    fn days_with_and_without_a_time() {
        let day = NaiveDate::from_ymd_opt(2024, 1, 8);
        for written in [
            "2024-01-08",
            " 2024-01-08 ",
            "2024-01-08 09:30",
            "2024-01-08T09:30",
            "2024-01-08T09:30:15",
            "2024-01-08T09:30:15.250Z",
            "2024-01-08T23:59:59+08:00",
            "2024-01-08T00:10:00-0500",
            "2024-01-08 09:30 +08",
        ] {
            assert_eq!(calendar_day(written), day, "{written}");
        }
        for wrong in [
            "2024-1-8",
            "2024-01-08x",
            "2024-01-08 9:30",
            "2024-01-08T25:00",
            "2024-01-08T09:30:",
            "2024-01-08T09:30+8",
            "2024-01-08T09:30+08:0",
            "2024-02-30",
            "next week",
        ] {
            assert_eq!(calendar_day(wrong), None, "{wrong}");
        }
    }

    /// The digits are read as chrono's `%Y-%m-%d` reads them, impossible
    /// days and the year 0 included.
    #[test]
    fn a_day_is_read_as_chrono_reads_it() {
        for year in ["0000", "0001", "1900", "2000", "2023", "2024", "9999"] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let text = format!("{year}-{month:02}-{day:02}");
                    assert_eq!(
                        calendar_day(&text),
                        NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok(),
                        "{text}"
                    );
                }
            }
        }
    }
}
