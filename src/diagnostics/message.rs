//! What a diagnostic says, as data: one variant per thing dossier can say,
//! with the values it quotes as typed fields. The words are put on in
//! `words/`, per language; the checks and the figures only pick a variant.

use serde::Serialize;

use super::Code;

/// A kind of record, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Client,
    Opportunity,
    Project,
    Partner,
    Contact,
    Interaction,
    Note,
}

/// The kind of a YAML value, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Nothing,
    Boolean,
    Integer,
    Number,
    Text,
    List,
    Mapping,
}

/// A value found where another was expected: its kind, and its text when
/// it is a scalar.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Found {
    pub kind: ValueKind,
    pub text: Option<String>,
}

/// What a field should have been.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expected {
    Text,
    Texts,
    TextsOrLinks,
    Number,
    /// A whole number from `min`, to `max` when there is one.
    WholeNumber {
        min: i64,
        max: Option<i64>,
    },
    Money,
    Fraction,
    Boolean,
    Mapping,
    Mappings,
}

/// A closer value to write, when one is near enough.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "values", rename_all = "snake_case")]
pub enum Hint {
    None,
    /// The value the written one is likely a misspelling of.
    DidYouMean(String),
    /// Every allowed value, when none is near.
    OneOf(Vec<String>),
}

impl Hint {
    /// `DidYouMean` the nearest, else `OneOf` all of them (`None` when
    /// there are none).
    pub fn nearest_or_all(nearest: Option<String>, all: Vec<String>) -> Hint {
        match nearest {
            Some(near) => Hint::DidYouMean(near),
            None if all.is_empty() => Hint::None,
            None => Hint::OneOf(all),
        }
    }

    pub fn nearest(nearest: Option<String>) -> Hint {
        nearest.map_or(Hint::None, Hint::DidYouMean)
    }
}

/// What a link is, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Link,
    Embed,
    Attachment,
}

/// What comes before a `---` that is not on the first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Before {
    BlankLines,
    Spaces,
    Invisible,
}

/// Why a link's scheme is not linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Danger {
    RunsCode,
    LocalFiles,
    OtherProgram,
}

/// Why an ambiguous wikilink goes where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Chosen {
    SameFolder,
    Shortest,
}

/// What the YAML reader could not read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum YamlProblem {
    /// The parser's own words (quoted as it gives them).
    Parser {
        detail: String,
    },
    EndsEarly,
    TooDeep {
        limit: usize,
    },
    TooManyValues {
        limit: usize,
    },
    UnknownAnchor,
}

/// Why a file could not be read, from the system's error.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IoProblem {
    NotFound,
    PermissionDenied,
    /// A FIFO, a socket, a device or a folder.
    NotRegular,
    /// A symlink that leads out of the vault.
    Outside,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// The system's own words.
    Other {
        detail: String,
    },
}

impl IoProblem {
    pub fn of(e: &std::io::Error) -> IoProblem {
        match e.kind() {
            std::io::ErrorKind::NotFound => IoProblem::NotFound,
            std::io::ErrorKind::PermissionDenied => IoProblem::PermissionDenied,
            _ => IoProblem::Other {
                detail: e.to_string(),
            },
        }
    }

    /// Why the gate refused a file (a path out of the vault is said by
    /// the caller, which knows what to name).
    pub fn refused(r: &crate::gate::Refused) -> IoProblem {
        use crate::gate::Refused;
        match r {
            Refused::Io(e) => IoProblem::of(e),
            Refused::NotRegular => IoProblem::NotRegular,
            Refused::TooLarge(bytes, limit) => IoProblem::TooLarge {
                bytes: *bytes,
                limit: *limit,
            },
            // The target is not named: it may itself be what must not show.
            Refused::Outside(_) => IoProblem::Outside,
        }
    }
}

/// Why part of the history could not be read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GapWhy {
    /// The commit's author date; it is counted on `day`.
    AuthorDate { day: String },
    /// A version over `max_file_bytes`.
    TooLarge { bytes: u64, limit: u64 },
    /// Git's own words.
    Git { detail: String },
}

/// Where the note of a history gap is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapAt {
    /// The commit itself (its date, its tree).
    Commit,
    /// The note the diagnostic is at.
    ThisNote,
    /// A note not published now, left unnamed.
    UnnamedNote,
}

/// Everything dossier says about a vault.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Message {
    // Reading files.
    FileUnreadable {
        io: IoProblem,
    },
    FileUtf16,
    FileNul,
    NotRegularFile,
    SymlinkNotRegular,
    FileTooLarge {
        bytes: u64,
        limit: u64,
    },
    NameNotUtf8,
    NfcTwin,
    Utf8Invalid {
        byte: usize,
    },
    NoteEmpty,
    SymlinkOutside {
        target: String,
    },
    SymlinkBroken {
        io: IoProblem,
    },
    SymlinkLoop,
    SymlinkLoopFolder,
    SymlinkFolder,
    /// An Obsidian setting (`.obsidian/*.json`) that leaves the vault.
    SettingOutside,
    SettingUnreadable {
        io: IoProblem,
    },
    /// A template or style sheet of `templates/` that is refused.
    TemplateOutside,
    TemplateBroken,
    TemplateUnreadable {
        io: IoProblem,
    },

    // Front matter.
    FrontMatterUnclosed,
    FrontMatterTooLarge {
        bytes: usize,
        limit: usize,
    },
    FrontMatterMisplaced {
        before: Before,
    },
    YamlSyntax {
        problem: YamlProblem,
    },
    FrontMatterNotMapping {
        found: ValueKind,
    },
    PrivateSpelling {
        written: String,
    },

    // Fields.
    KindUnknown {
        written: String,
        meant: String,
        kind: String,
    },
    FieldMissing {
        record: Record,
        field: String,
    },
    HealthScoreMissing {
        dimension: String,
    },
    FieldType {
        field: String,
        expected: Expected,
        found: Found,
        /// The value as a plain number, when it reads as one (`85,000`).
        plain: Option<String>,
    },
    PrivateNotBoolean {
        found: Found,
    },
    ContactItem {
        found: ValueKind,
    },
    NotWhole {
        field: String,
        written: String,
        expected: Expected,
    },
    OutOfRange {
        field: String,
        written: String,
        min: i64,
        max: i64,
    },
    /// A probability over 1 with `probability_scale = "fraction"`; `as_fraction`
    /// is how a percentage would be written.
    FractionRange {
        field: String,
        written: String,
        as_fraction: Option<String>,
    },
    MoneyNegative {
        field: String,
        written: String,
    },
    MoneyTooLarge {
        field: String,
        written: String,
    },
    HealthScore {
        dimension: String,
        written: String,
    },
    DateInvalid {
        field: String,
        written: String,
    },
    DateRange {
        field: String,
        day: String,
    },
    UnknownValue {
        field: String,
        value: String,
        hint: Hint,
    },
    LostAtNotOpen {
        value: String,
    },
    LostAtUnused,
    FieldDuplicate {
        field: String,
        first_line: u32,
    },
    /// A field a letter or two from one the kind reads.
    FieldTypo {
        field: String,
        meant: String,
    },
    /// A key of a record of dossier's own (a contact, a deal) it does not
    /// read.
    FieldUnknown {
        field: String,
        hint: Hint,
    },
    HealthUnknown {
        dimension: String,
        hint: Hint,
    },

    // Codes and references.
    CodeAlsoUsed {
        record: Record,
        code: String,
        first: String,
    },
    CodeUsedTimes {
        record: Record,
        code: String,
        times: usize,
        others: Vec<String>,
    },
    CodePattern {
        record: Record,
        code: String,
        pattern: String,
    },
    RefNotClient {
        written: String,
        target: String,
        kind: Record,
    },
    RefNamesNothing {
        written: String,
        hint: Hint,
    },
    /// A client lists `listed`, whose own `client:` is `own` (at `place`).
    ClientConflict {
        record: Record,
        listed: String,
        own: String,
        place: String,
    },
    RefUnreadable {
        code: String,
        file: String,
        at: String,
    },
    NoClientCode {
        code: String,
        hint: Hint,
    },

    // Links.
    LinkMissing {
        link: LinkKind,
        written: String,
        path: String,
        hint: Hint,
    },
    /// A wikilink that names a note by one of its aliases.
    LinkByAlias {
        link: LinkKind,
        written: String,
        path: String,
        owner: String,
        stem: String,
    },
    LinkOutside {
        link: LinkKind,
        written: String,
    },
    /// A relative link that climbs above the root, read from there.
    LinkAboveRoot {
        written: String,
        read_as: String,
    },
    AnchorBroken {
        written: String,
        target: String,
        heading: String,
        hint: Hint,
    },
    BlockBroken {
        written: String,
        target: String,
        id: String,
        hint: Hint,
    },
    WikilinkAmbiguous {
        written: String,
        chosen: String,
        others: Vec<String>,
        why: Chosen,
    },
    WikilinkSplit,
    EmbedPrivate {
        written: String,
    },
    EmbedCycle {
        written: String,
    },
    LinkPrivate {
        written: String,
    },
    LinkUnsafe {
        scheme: String,
        danger: Danger,
    },
    AttachmentUnsafe {
        path: String,
    },

    // Pages.
    PageNameTooLong {
        bytes: usize,
        limit: usize,
    },
    PageTaken {
        other: String,
        page: String,
    },
    SiteFile {
        path: String,
    },

    // History.
    PastUnreadable {
        since: String,
        detail: String,
    },
    HistoryGap {
        commit: String,
        at: GapAt,
        why: GapWhy,
    },

    // Setup.
    Template {
        detail: String,
    },
    TemplateNotUtf8,
    Config {
        detail: String,
    },

    // The business warnings of the as-of date.
    FollowUpOverdue {
        last: String,
        /// The interaction the last contact is read from.
        via: Option<String>,
        overdue_days: i64,
        cadence_days: u32,
        tier: String,
    },
    LastContactMissing,
    CloseOverdue {
        deal: String,
        close: String,
        days: i64,
    },
    NextStepMissing {
        deal: String,
    },
    NextStepOverdue {
        record: Record,
        name: String,
        step: String,
        date: String,
        days: i64,
    },
    TierMismatch {
        declared: String,
        steps: usize,
        value_tier: String,
    },
    EmployeesMissing,
    ContactDuplicate {
        name: String,
        client: String,
        first: String,
        second: String,
    },
}

impl Message {
    /// The code the message is reported under.
    pub fn code(&self) -> Code {
        use Message as M;
        match self {
            M::FileUnreadable { .. }
            | M::FileUtf16
            | M::FileNul
            | M::NotRegularFile
            | M::SymlinkNotRegular
            | M::SettingUnreadable { .. }
            | M::TemplateUnreadable { .. } => Code::FileUnreadable,
            M::FileTooLarge { .. } => Code::FileTooLarge,
            M::NameNotUtf8 => Code::NameEncoding,
            M::NfcTwin | M::PageNameTooLong { .. } | M::PageTaken { .. } | M::SiteFile { .. } => {
                Code::PageCollision
            }
            M::Utf8Invalid { .. } => Code::Utf8Invalid,
            M::NoteEmpty => Code::FileEmpty,
            M::SymlinkOutside { .. } | M::SettingOutside | M::TemplateOutside => {
                Code::SymlinkOutside
            }
            M::SymlinkBroken { .. } | M::TemplateBroken => Code::SymlinkBroken,
            M::SymlinkLoop | M::SymlinkLoopFolder => Code::SymlinkLoop,
            M::SymlinkFolder => Code::SymlinkFolder,
            M::FrontMatterUnclosed => Code::FrontmatterUnclosed,
            M::FrontMatterTooLarge { .. } => Code::FrontmatterTooLarge,
            M::FrontMatterMisplaced { .. } => Code::FrontmatterMisplaced,
            M::YamlSyntax { .. } => Code::YamlSyntax,
            M::FrontMatterNotMapping { .. } => Code::YamlNotMapping,
            M::PrivateSpelling { .. } => Code::PrivateSpelling,
            M::KindUnknown { .. } => Code::KindUnknown,
            M::FieldMissing { .. } | M::HealthScoreMissing { .. } => Code::FieldMissing,
            M::FieldType { .. } | M::PrivateNotBoolean { .. } | M::ContactItem { .. } => {
                Code::FieldType
            }
            M::NotWhole { .. }
            | M::OutOfRange { .. }
            | M::FractionRange { .. }
            | M::MoneyNegative { .. }
            | M::MoneyTooLarge { .. }
            | M::HealthScore { .. } => Code::FieldRange,
            M::DateInvalid { .. } => Code::DateInvalid,
            M::DateRange { .. } => Code::DateRange,
            M::UnknownValue { .. } | M::LostAtNotOpen { .. } => Code::FieldEnum,
            M::LostAtUnused => Code::LostAtUnused,
            M::FieldDuplicate { .. } => Code::FieldDuplicate,
            M::FieldTypo { .. } | M::FieldUnknown { .. } => Code::FieldUnknown,
            M::HealthUnknown { .. } => Code::HealthUnknown,
            M::CodeAlsoUsed { .. } | M::CodeUsedTimes { .. } => Code::CodeDuplicate,
            M::CodePattern { .. } => Code::CodePattern,
            M::RefNotClient { .. } | M::RefNamesNothing { .. } | M::NoClientCode { .. } => {
                Code::RefDangling
            }
            M::RefUnreadable { .. } => Code::RefUnreadable,
            M::ClientConflict { .. } => Code::ClientConflict,
            M::LinkMissing {
                link: LinkKind::Attachment,
                ..
            }
            | M::LinkByAlias {
                link: LinkKind::Attachment,
                ..
            } => Code::AssetMissing,
            M::LinkMissing { .. } | M::LinkByAlias { .. } | M::LinkOutside { .. } => {
                Code::LinkBroken
            }
            M::LinkAboveRoot { .. } => Code::LinkAboveRoot,
            M::AnchorBroken { .. } => Code::AnchorBroken,
            M::BlockBroken { .. } => Code::BlockBroken,
            M::WikilinkAmbiguous { .. } => Code::WikilinkAmbiguous,
            M::WikilinkSplit => Code::WikilinkSplit,
            M::EmbedPrivate { .. } => Code::EmbedPrivate,
            M::EmbedCycle { .. } => Code::EmbedCycle,
            M::LinkPrivate { .. } => Code::LinkPrivate,
            M::LinkUnsafe { .. } => Code::LinkUnsafe,
            M::AttachmentUnsafe { .. } => Code::AttachmentUnsafe,
            M::PastUnreadable { .. } | M::HistoryGap { .. } => Code::HistoryPartial,
            M::Template { .. } | M::TemplateNotUtf8 => Code::Template,
            M::Config { .. } => Code::Config,
            M::FollowUpOverdue { .. } => Code::FollowUpOverdue,
            M::LastContactMissing => Code::LastContactMissing,
            M::CloseOverdue { .. } => Code::CloseOverdue,
            M::NextStepMissing { .. } => Code::NextStepMissing,
            M::NextStepOverdue { .. } => Code::NextStepOverdue,
            M::TierMismatch { .. } => Code::TierMismatch,
            M::EmployeesMissing => Code::EmployeesMissing,
            M::ContactDuplicate { .. } => Code::ContactDuplicate,
        }
    }

    /// The message's typed fields, for JSON: `{"form": "unknown_value",
    /// "field": "stage", ...}`.
    pub fn args(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
