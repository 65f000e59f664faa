//! Every message, worded in both languages: each value it carries is said,
//! and the Chinese says nothing in English but what it quotes.

use std::collections::BTreeSet;

use super::{Language, words};
use crate::diagnostics::message::*;

fn s(text: &str) -> String {
    text.to_owned()
}

fn found(kind: ValueKind, text: Option<&str>) -> Found {
    Found {
        kind,
        text: text.map(s),
    }
}

/// At least one of every message, with values that cannot be mistaken for
/// the words around them; several where a field changes the wording.
fn samples() -> Vec<Message> {
    use Message as M;
    let io = [
        IoProblem::NotFound,
        IoProblem::PermissionDenied,
        IoProblem::NotRegular,
        IoProblem::Outside,
        IoProblem::TooLarge {
            bytes: 7001,
            limit: 7002,
        },
        IoProblem::Other {
            detail: s("errno-quoted"),
        },
    ];
    let hints = [
        Hint::None,
        Hint::DidYouMean(s("negotiation")),
        Hint::OneOf(vec![s("contacted"), s("qualified")]),
    ];
    let mut out = vec![
        M::FileUtf16,
        M::FileNul,
        M::NotRegularFile,
        M::SymlinkNotRegular,
        M::FileTooLarge {
            bytes: 7003,
            limit: 7004,
        },
        M::NameNotUtf8,
        M::NfcTwin,
        M::Utf8Invalid { byte: 7005 },
        M::NoteEmpty,
        M::SymlinkOutside {
            target: s("/etc/passwd"),
        },
        M::SymlinkLoop,
        M::SymlinkLoopFolder,
        M::SymlinkFolder,
        M::SettingOutside,
        M::TemplateOutside,
        M::TemplateBroken,
        M::FrontMatterUnclosed,
        M::FrontMatterTooLarge {
            bytes: 7006,
            limit: 7007,
        },
        M::FrontMatterNotMapping {
            found: ValueKind::List,
        },
        M::PrivateSpelling {
            written: s("**Private**"),
        },
        M::KindUnknown {
            written: s("clinet"),
            meant: s("client"),
            kind: s("client"),
        },
        M::HealthScoreMissing {
            dimension: s("relationship"),
        },
        M::PrivateNotBoolean {
            found: found(ValueKind::Text, Some("yes")),
        },
        M::ContactItem {
            found: ValueKind::Nothing,
        },
        M::OutOfRange {
            field: s("probability"),
            written: s("7008"),
            min: 7009,
            max: 7010,
        },
        M::FractionRange {
            field: s("probability"),
            written: s("60"),
            as_fraction: Some(s("0.6")),
        },
        M::FractionRange {
            field: s("probability"),
            written: s("7011"),
            as_fraction: None,
        },
        M::MoneyNegative {
            field: s("amount"),
            written: s("-7012"),
        },
        M::MoneyTooLarge {
            field: s("amount"),
            written: s("7e20"),
        },
        M::HealthScore {
            dimension: s("relationship"),
            written: s("很好"),
        },
        M::DateInvalid {
            field: s("since"),
            written: s("2025-13-45"),
        },
        M::DateRange {
            field: s("since"),
            day: s("1066-10-14"),
        },
        M::LostAtNotOpen { value: s("won") },
        M::LostAtUnused,
        M::FieldDuplicate {
            field: s("owner"),
            first_line: 7013,
        },
        M::FieldTypo {
            field: s("ammount"),
            meant: s("amount"),
        },
        M::CodeAlsoUsed {
            record: Record::Client,
            code: s("C001"),
            first: s("clients/甲.md:2:7"),
        },
        M::CodeUsedTimes {
            record: Record::Opportunity,
            code: s("O001"),
            times: 7014,
            others: vec![s("deals/a.md:2:7"), s("deals/b.md:3:7")],
        },
        M::CodePattern {
            record: Record::Project,
            code: s("P-1"),
            pattern: s("^P\\d{3}$"),
        },
        M::ClientConflict {
            record: Record::Opportunity,
            listed: s("[[acme-q3]]"),
            own: s("C777"),
            place: s("deals/acme-q3.md:3:9"),
        },
        M::RefUnreadable {
            code: s("C010"),
            file: s("clients/乙.md"),
            at: s("clients/乙.md:3:1"),
        },
        M::LinkByAlias {
            link: LinkKind::Link,
            written: s("[[东义]]"),
            path: s("东义"),
            owner: s("clients/东义集团.md"),
            stem: s("东义集团"),
        },
        M::LinkOutside {
            link: LinkKind::Embed,
            written: s("../../secret.md"),
        },
        M::WikilinkAmbiguous {
            written: s("[[会议]]"),
            chosen: s("a/会议.md"),
            others: vec![s("b/会议.md"), s("c/会议.md")],
            why: Chosen::SameFolder,
        },
        M::WikilinkAmbiguous {
            written: s("[[周报]]"),
            chosen: s("周报.md"),
            others: vec![s("x/周报.md")],
            why: Chosen::Shortest,
        },
        M::WikilinkSplit,
        M::LinkAboveRoot {
            written: s("../../images/图.png"),
            read_as: s("images/图.png"),
        },
        M::EmbedPrivate {
            written: s("![[私密]]"),
        },
        M::EmbedCycle {
            written: s("![[循环]]"),
        },
        M::LinkPrivate {
            written: s("[[私密]]"),
        },
        M::LinkUnsafe {
            scheme: s("javascript"),
            danger: Danger::RunsCode,
        },
        M::LinkUnsafe {
            scheme: s("file"),
            danger: Danger::LocalFiles,
        },
        M::LinkUnsafe {
            scheme: s("ms-word"),
            danger: Danger::OtherProgram,
        },
        M::AttachmentUnsafe {
            path: s("files/page.html"),
        },
        M::PageNameTooLong {
            bytes: 7015,
            limit: 7016,
        },
        M::PageTaken {
            other: s("A.md"),
            page: s("a.html"),
        },
        M::SiteFile {
            path: s("clients.csv"),
        },
        M::PastUnreadable {
            since: s("2025-01-31"),
            detail: s("object-missing"),
        },
        M::Template {
            detail: s("tera-said"),
        },
        M::TemplateNotUtf8,
        M::Config {
            detail: s("toml-said"),
        },
        M::FollowUpOverdue {
            last: s("2025-11-03"),
            via: Some(s("会议纪要/a b.md")),
            overdue_days: 7017,
            cadence_days: 7018,
            tier: s("strategic"),
        },
        M::FollowUpOverdue {
            last: s("2025-11-04"),
            via: None,
            overdue_days: 7019,
            cadence_days: 7020,
            tier: s("normal"),
        },
        M::LastContactMissing,
        M::CloseOverdue {
            deal: s("O777"),
            close: s("2025-09-30"),
            days: 7021,
        },
        M::NextStepMissing { deal: s("O778") },
        M::NextStepOverdue {
            record: Record::Opportunity,
            name: s("O779"),
            step: s("寄送报价单"),
            date: s("2025-10-01"),
            days: 7030,
        },
        M::NextStepOverdue {
            record: Record::Client,
            name: s("东义集团"),
            step: s(""),
            date: s("2025-10-02"),
            days: 7031,
        },
        M::TierMismatch {
            declared: s("strategic"),
            steps: 7022,
            value_tier: s("small"),
        },
        M::EmployeesMissing,
        M::ContactDuplicate {
            name: s("张伟"),
            client: s("东义集团"),
            first: s("people/张伟.md"),
            second: s("people/张伟 2.md"),
        },
    ];
    for io in io {
        out.push(M::FileUnreadable { io: io.clone() });
        out.push(M::SymlinkBroken { io: io.clone() });
        out.push(M::SettingUnreadable { io: io.clone() });
        out.push(M::TemplateUnreadable { io });
    }
    for before in [Before::BlankLines, Before::Spaces, Before::Invisible] {
        out.push(M::FrontMatterMisplaced { before });
    }
    for problem in [
        YamlProblem::Parser {
            detail: s("parser-said"),
        },
        YamlProblem::EndsEarly,
        YamlProblem::TooDeep { limit: 7023 },
        YamlProblem::TooManyValues { limit: 7024 },
        YamlProblem::UnknownAnchor,
    ] {
        out.push(M::YamlSyntax { problem });
    }
    for record in [
        Record::Client,
        Record::Opportunity,
        Record::Project,
        Record::Partner,
        Record::Contact,
        Record::Interaction,
        Record::Note,
    ] {
        out.push(M::FieldMissing {
            record,
            field: s("owner"),
        });
        out.push(M::RefNotClient {
            written: s("[[甲]]"),
            target: s("notes/甲.md"),
            kind: record,
        });
    }
    let expected = [
        Expected::Text,
        Expected::Texts,
        Expected::TextsOrLinks,
        Expected::Number,
        Expected::WholeNumber {
            min: 7025,
            max: None,
        },
        Expected::WholeNumber {
            min: 7026,
            max: Some(7027),
        },
        Expected::Money,
        Expected::Fraction,
        Expected::Boolean,
        Expected::Mapping,
        Expected::Mappings,
    ];
    let kinds = [
        found(ValueKind::Nothing, None),
        found(ValueKind::Boolean, Some("true")),
        found(ValueKind::Integer, Some("7028")),
        found(ValueKind::Number, Some("7.5")),
        found(ValueKind::Text, Some("很多")),
        found(ValueKind::List, None),
        found(ValueKind::Mapping, None),
    ];
    for (i, e) in expected.iter().enumerate() {
        out.push(M::FieldType {
            field: s("employees"),
            expected: e.clone(),
            found: kinds[i % kinds.len()].clone(),
            plain: (i == 6).then(|| s("85000")),
        });
        out.push(M::NotWhole {
            field: s("employees"),
            written: s("7.25"),
            expected: e.clone(),
        });
    }
    for hint in &hints {
        out.push(M::UnknownValue {
            field: s("stage"),
            value: s("negociation"),
            hint: hint.clone(),
        });
        out.push(M::FieldUnknown {
            field: s("nmae"),
            hint: hint.clone(),
        });
        out.push(M::HealthUnknown {
            dimension: s("mood"),
            hint: hint.clone(),
        });
        out.push(M::RefNamesNothing {
            written: s("[[无名]]"),
            hint: hint.clone(),
        });
        out.push(M::NoClientCode {
            code: s("C404"),
            hint: hint.clone(),
        });
        out.push(M::LinkMissing {
            link: LinkKind::Attachment,
            written: s("图.png"),
            path: s("附件/图.png"),
            hint: hint.clone(),
        });
        out.push(M::AnchorBroken {
            written: s("[[甲#乙]]"),
            target: s("甲.md"),
            heading: s("乙"),
            hint: hint.clone(),
        });
        out.push(M::BlockBroken {
            written: s("[[甲#^blk]]"),
            target: s("甲.md"),
            id: s("blk"),
            hint: hint.clone(),
        });
    }
    for (at, why) in [
        (
            GapAt::Commit,
            GapWhy::AuthorDate {
                day: s("2024-02-29"),
            },
        ),
        (
            GapAt::ThisNote,
            GapWhy::TooLarge {
                bytes: 7029,
                limit: 7030,
            },
        ),
        (
            GapAt::UnnamedNote,
            GapWhy::Git {
                detail: s("git-said"),
            },
        ),
    ] {
        out.push(M::HistoryGap {
            commit: s("abcdef1234"),
            at,
            why,
        });
    }
    out
}

/// The names of `Message`'s variants, as written in its source.
fn variants_in_source() -> BTreeSet<String> {
    let source = include_str!("../message.rs");
    let body = source
        .split("pub enum Message {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .expect("the Message enum");
    body.lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
        .map(str::trim)
        .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|l| {
            l.split([' ', ',', '{'])
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

/// The form's name in `args`: the variant's name in snake case.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Keys whose values are names of kinds, said in words of the language.
const KIND_KEYS: &[&str] = &[
    "form", "kind", "record", "link", "before", "danger", "why", "at", "found",
];

/// Every text and number a message carries, but the names of kinds.
fn leaves(value: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                leaves(v, k, out);
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                leaves(v, key, out);
            }
        }
        serde_json::Value::String(text) if !KIND_KEYS.contains(&key) => out.push(text.clone()),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        _ => {}
    }
}

#[test]
fn the_samples_cover_every_message() {
    let covered: BTreeSet<String> = samples()
        .iter()
        .map(|m| m.args()["form"].as_str().unwrap_or_default().to_owned())
        .collect();
    let all = variants_in_source();
    assert!(all.len() > 70, "{} variants read", all.len());
    for variant in &all {
        assert!(covered.contains(&snake(variant)), "no sample of {variant}");
    }
}

#[test]
fn every_message_says_every_value_it_carries() {
    for m in samples() {
        let mut values = Vec::new();
        leaves(&m.args(), "", &mut values);
        for language in [Language::En, Language::Zh] {
            let w = words(&m, language);
            let text = format!("{} {}", w.message, w.help.unwrap_or_default());
            for v in &values {
                // A path to a wikilink is said without `.md`.
                let said = text.contains(v.as_str()) || text.contains(v.trim_end_matches(".md"));
                assert!(said, "{language:?} {m:?} does not say `{v}`: {text}");
            }
        }
    }
}

/// Words the Chinese messages keep in Latin letters: names of formats,
/// programs and the config file.
const LATIN_NAMES: &[&str] = &[
    "YAML", "UTF", "NUL", "NFC", "NFD", "Obsidian", "Git", "PDF", "CSV", "dossier", "toml", "YYYY",
    "MM", "DD",
];

#[test]
fn the_chinese_messages_say_nothing_in_english_but_what_they_quote() {
    for m in samples() {
        let mut values = Vec::new();
        leaves(&m.args(), "", &mut values);
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        let w = words(&m, Language::Zh);
        for text in [Some(w.message), w.help].into_iter().flatten() {
            // What is quoted in backticks is a key or a value of the vault.
            let mut rest: String = text
                .split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, part)| part)
                .collect::<Vec<_>>()
                .join(" ");
            for v in &values {
                rest = rest.replace(v.as_str(), " ");
                rest = rest.replace(v.trim_end_matches(".md"), " ");
            }
            let english: Vec<&str> = rest
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty() && !LATIN_NAMES.contains(w))
                .collect();
            assert!(english.is_empty(), "{english:?} in: {text}");
        }
    }
}

#[test]
fn english_and_chinese_differ_and_are_never_empty() {
    for m in samples() {
        let en = words(&m, Language::En);
        let zh = words(&m, Language::Zh);
        assert!(!en.message.is_empty() && !zh.message.is_empty(), "{m:?}");
        assert_ne!(en.message, zh.message, "{m:?}");
        assert_eq!(en.help.is_some(), zh.help.is_some(), "{m:?}");
    }
}
