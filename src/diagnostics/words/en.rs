//! Every message in English.

use super::{Words, list, quoted};
use crate::diagnostics::message::{
    Before, Chosen, Danger, Expected, Found, GapAt, GapWhy, Hint, IoProblem, LinkKind, Message,
    Record, ValueKind, YamlProblem,
};

fn record(r: Record) -> &'static str {
    match r {
        Record::Client => "client",
        Record::Opportunity => "opportunity",
        Record::Project => "project",
        Record::Partner => "partner",
        Record::Contact => "contact",
        Record::Interaction => "interaction",
        Record::Note => "note",
    }
}

fn a_record(r: Record) -> String {
    match r {
        Record::Opportunity | Record::Interaction => format!("an {}", record(r)),
        Record::Note => "a plain note".to_owned(),
        _ => format!("a {}", record(r)),
    }
}

fn kind(k: ValueKind) -> &'static str {
    match k {
        ValueKind::Nothing => "nothing",
        ValueKind::Boolean => "a boolean",
        ValueKind::Integer => "an integer",
        ValueKind::Number => "a number",
        ValueKind::Text => "text",
        ValueKind::List => "a list",
        ValueKind::Mapping => "a mapping",
    }
}

fn found(f: &Found) -> String {
    match &f.text {
        Some(text) => format!("{} `{text}`", kind(f.kind)),
        None => kind(f.kind).to_owned(),
    }
}

fn expected(e: &Expected) -> String {
    match e {
        Expected::Text => "text".to_owned(),
        Expected::Texts => "a list of texts".to_owned(),
        Expected::TextsOrLinks => "a list of texts or `[[links]]`".to_owned(),
        Expected::Number => "a number".to_owned(),
        Expected::WholeNumber { min, max: None } => format!("a whole number, {min} or more"),
        Expected::WholeNumber {
            min,
            max: Some(max),
        } => format!("a whole number from {min} to {max}"),
        Expected::Money => "an amount of money (a plain number)".to_owned(),
        Expected::Fraction => "a probability from 0 to 1".to_owned(),
        Expected::Boolean => "`true` or `false`".to_owned(),
        Expected::Mapping => "a mapping".to_owned(),
        Expected::Mappings => "a list of mappings (`- name: ...`)".to_owned(),
    }
}

fn link(l: LinkKind) -> &'static str {
    match l {
        LinkKind::Link => "link",
        LinkKind::Embed => "embed",
        LinkKind::Attachment => "image or attachment",
    }
}

fn io(p: &IoProblem) -> String {
    match p {
        IoProblem::NotFound => "it does not exist".to_owned(),
        IoProblem::PermissionDenied => "permission denied".to_owned(),
        IoProblem::NotRegular => "not a regular file".to_owned(),
        IoProblem::Outside => "it leads outside the vault".to_owned(),
        IoProblem::TooLarge { bytes, limit } => {
            format!("it is {bytes} bytes, over the limit of {limit}")
        }
        IoProblem::Other { detail } => detail.clone(),
    }
}

/// "did you mean `x`?" or "one of: a, b" (`lead`: what the list is).
fn hint(h: &Hint, lead: &str) -> Option<String> {
    match h {
        Hint::None => None,
        Hint::DidYouMean(near) => Some(format!("did you mean `{near}`?")),
        Hint::OneOf(all) => Some(format!("{lead}: {}", list(all, ", "))),
    }
}

fn yaml(p: &YamlProblem) -> String {
    match p {
        YamlProblem::Parser { detail } => detail.clone(),
        YamlProblem::EndsEarly => "the YAML ends in the middle of a value".to_owned(),
        YamlProblem::TooDeep { limit } => format!("values nest deeper than {limit} levels"),
        YamlProblem::TooManyValues { limit } => {
            format!("aliases expand to more than {limit} values; the front matter is refused")
        }
        YamlProblem::UnknownAnchor => "alias to an unknown anchor".to_owned(),
    }
}

const SAVE_AS_UTF8: &str = "save the file as UTF-8; the note is not published until then";
const FIX_TEMPLATE: &str = "fix the template, or remove it to use the built-in one";
const OWN_TEMPLATE: &str =
    "put the file itself in the vault's `templates/`; the built-in one is used";
const GIT_FSCK: &str = "the history's figures go on without it; `git fsck` checks the repository";
const OBSIDIAN_DEFAULTS: &str = "Obsidian's defaults are used in its place";

pub fn words(m: &Message) -> Words {
    use Message as M;
    let (message, help): (String, Option<String>) = match m {
        M::FileUnreadable { io: p } => (format!("cannot read the file: {}", io(p)), None),
        M::FileUtf16 => (
            "the file is UTF-16 text, not UTF-8; it is not read".into(),
            Some(SAVE_AS_UTF8.into()),
        ),
        M::FileNul => (
            "the file holds NUL bytes: it is not UTF-8 text (UTF-16?); it is not read".into(),
            Some(SAVE_AS_UTF8.into()),
        ),
        M::NotRegularFile => ("not a regular file; it is not read".into(), None),
        M::SymlinkNotRegular => (
            "symlink to something that is not a regular file; it is not read".into(),
            None,
        ),
        M::FileTooLarge { bytes, limit } => (
            format!("the file is {bytes} bytes, over the limit of {limit}; it is not read"),
            Some("split the note, or raise `max_file_bytes` in dossier.toml".into()),
        ),
        M::NameNotUtf8 => (
            "the name is not valid UTF-8; the entry is skipped".into(),
            Some("rename it using UTF-8".into()),
        ),
        M::NfcTwin => (
            "another file has this name, its accents encoded another way (NFC and NFD); this one is not read".into(),
            Some("rename one of the two files".into()),
        ),
        M::Utf8Invalid { byte } => (
            format!("the file is not valid UTF-8 (byte {byte})"),
            Some(SAVE_AS_UTF8.into()),
        ),
        M::NoteEmpty => ("the note is empty".into(), None),
        M::SymlinkOutside { target } => (
            format!("symlink points outside the vault (to {target}); not followed"),
            Some("copy the file into the vault instead".into()),
        ),
        M::SymlinkBroken { io: p } => (format!("symlink target cannot be read: {}", io(p)), None),
        M::SymlinkLoop => ("symlink loop; not followed".into(), None),
        M::SymlinkLoopFolder => (
            "symlink to a folder that holds it: a loop; not followed".into(),
            None,
        ),
        M::SymlinkFolder => (
            "symlinked folder inside the vault; not followed (its notes are read where they really are)".into(),
            None,
        ),
        M::SettingOutside => (
            "symlink points outside the vault; not read".into(),
            Some(OBSIDIAN_DEFAULTS.into()),
        ),
        M::SettingUnreadable { io: p } => (
            format!("cannot read the file: {}", io(p)),
            Some(OBSIDIAN_DEFAULTS.into()),
        ),
        M::TemplateOutside => (
            "symlink points outside the vault; not read".into(),
            Some(OWN_TEMPLATE.into()),
        ),
        M::TemplateBroken => (
            "symlink target cannot be read; not read".into(),
            Some(OWN_TEMPLATE.into()),
        ),
        M::TemplateUnreadable { io: p } => (
            format!("cannot read the file: {}", io(p)),
            Some(OWN_TEMPLATE.into()),
        ),
        M::FrontMatterUnclosed => (
            "front matter opened with `---` is never closed".into(),
            Some("add a line `---` after the last field; the note is not published until then".into()),
        ),
        M::FrontMatterTooLarge { bytes, limit } => (
            format!("front matter is {bytes} bytes, over the limit of {limit}"),
            Some("the note is not published until its front matter reads".into()),
        ),
        M::FrontMatterMisplaced { before } => (
            format!(
                "front matter must start on the first line; this `---` comes after {}",
                match before {
                    Before::BlankLines => "blank lines",
                    Before::Spaces => "spaces",
                    Before::Invisible =>
                        "invisible characters (a byte-order mark or a zero-width space)",
                }
            ),
            Some("remove what comes before `---`; the note is not published until then".into()),
        ),
        M::YamlSyntax { problem } => (
            yaml(problem),
            Some("the note is not published until its front matter reads".into()),
        ),
        M::FrontMatterNotMapping { found } => (
            format!(
                "front matter must be a mapping of `key: value` lines, found {}",
                kind(*found)
            ),
            None,
        ),
        M::PrivateSpelling { written } => (
            format!("`{written}` is read as `private`; the note is not published"),
            Some("write the key as `private` (lowercase, no emphasis)".into()),
        ),
        M::KindUnknown {
            written,
            meant,
            kind,
        } => (
            format!("`type: {written}` is not a kind; the note is read as a plain note"),
            Some(format!(
                "did you mean `{meant}`? (or map it in [types] of dossier.toml: `{written} = \"{kind}\"`)"
            )),
        ),
        M::FieldMissing { record: r, field } => (
            format!("{} has no `{field}`", a_record(*r)),
            Some(format!("add `{field}: ...`")),
        ),
        M::HealthScoreMissing { dimension } => {
            (format!("health `{dimension}` has no `score`"), None)
        }
        M::FieldType {
            field,
            expected: e,
            found: f,
            plain,
        } => (
            format!("`{field}` should be {}, found {}", expected(e), found(f)),
            plain
                .as_ref()
                .map(|n| format!("write it as a plain number: `{field}: {n}`")),
        ),
        M::PrivateNotBoolean { found: f } => (
            format!("`private` should be `true` or `false`, found {}", found(f)),
            Some(
                "write `private: true` or `private: false`; until then the note is not published"
                    .into(),
            ),
        ),
        M::ContactItem { found } => (
            format!(
                "`contacts` items should be mappings (`- name: ...`), names or `[[links]]`, found {}",
                kind(*found)
            ),
            None,
        ),
        M::NotWhole {
            field,
            written,
            expected: e,
        } => (
            format!("`{field}` is {written}, but it must be {}", expected(e)),
            None,
        ),
        M::OutOfRange {
            field,
            written,
            min,
            max,
        } => (format!("`{field}` is {written}, outside {min}..={max}"), None),
        M::FractionRange {
            field,
            written,
            as_fraction,
        } => (
            format!("`{field}` is {written}, outside 0..=1"),
            as_fraction.as_ref().map(|f| {
                format!("`probability_scale` is `fraction` in dossier.toml: write {f} for {written}%")
            }),
        ),
        M::MoneyNegative { field, written } => (
            format!("`{field}` is {written}, but money cannot be negative"),
            None,
        ),
        M::MoneyTooLarge { field, written } => (
            format!("`{field}` is {written}, more than 10^15"),
            Some("check the number of zeros".into()),
        ),
        M::HealthScore { dimension, written } => (
            format!(
                "health `{dimension}` is `{written}`; a score is a number from 1 to 5 or a traffic light"
            ),
            Some("write a number from 1 to 5 (4.5 is fine), or green/yellow/red (🟢/🟡/🔴)".into()),
        ),
        M::DateInvalid { field, written } => (
            format!("`{field}` is not a date: `{written}`"),
            Some(
                "write dates as YYYY-MM-DD, e.g. 2025-11-30 (a time may follow: 2025-11-30 09:30)"
                    .into(),
            ),
        ),
        M::DateRange { field, day } => (
            format!("`{field}` is {day}, outside 1900-01-01 to 9999-12-31"),
            Some("check the year".into()),
        ),
        M::UnknownValue { field, value, hint: h } => {
            (format!("unknown {field} `{value}`"), hint(h, "one of"))
        }
        M::LostAtNotOpen { value } => (
            format!("`lost_at` must be an open stage, not `{value}`"),
            Some("name the furthest stage the deal reached before it was lost".into()),
        ),
        M::LostAtUnused => ("`lost_at` is only read for lost deals".into(), None),
        M::FieldDuplicate { field, first_line } => (
            format!("`{field}` is given twice (first at line {first_line})"),
            Some("keep one of them; an alias counts as the same field".into()),
        ),
        M::FieldTypo { field, meant } => (
            format!("unknown field `{field}`"),
            Some(format!(
                "did you mean `{meant}`? (or map it in [aliases] of dossier.toml)"
            )),
        ),
        M::FieldUnknown { field, hint: h } => (
            format!("unknown field `{field}`"),
            hint(h, "the fields here are"),
        ),
        M::HealthUnknown { dimension, hint: h } => (
            format!("`{dimension}` is not a configured health dimension"),
            hint(h, "dimensions"),
        ),
        M::CodeAlsoUsed {
            record: r,
            code,
            first,
        } => (
            format!("{} code `{code}` is also used in {first}", record(*r)),
            Some(format!("give each {} its own code", record(*r))),
        ),
        M::CodeUsedTimes {
            record: r,
            code,
            times,
            others,
        } => (
            format!(
                "{} code `{code}` is used {times} times; also in {}",
                record(*r),
                list(others, ", ")
            ),
            Some(format!("give each {} its own code", record(*r))),
        ),
        M::CodePattern {
            record: r,
            code,
            pattern,
        } => (
            format!("{} code `{code}` does not match `{pattern}`", record(*r)),
            Some(format!("codes.{} in dossier.toml sets the pattern", record(*r))),
        ),
        M::RefNotClient {
            written,
            target,
            kind,
        } => (
            format!(
                "`{written}` links to {target}, which is {}, not a client",
                match kind {
                    Record::Note => "a plain note".to_owned(),
                    k => format!("a {} note", record(*k)),
                }
            ),
            Some(format!(
                "give {target} `type: client`, or map its type to client in [types]"
            )),
        ),
        M::RefNamesNothing { written, hint: h } => {
            (format!("`{written}` names no note"), hint(h, "one of"))
        }
        M::ClientConflict {
            record: r,
            listed,
            own,
            place,
        } => (
            format!(
                "this client lists {} `{listed}`, whose own `client:` is `{own}` ({place})",
                a_record(*r)
            ),
            Some("keep the one that is right: remove it from this list, or change its `client:`".into()),
        ),
        M::RefUnreadable { code, file, at } => (
            format!("client `{code}` is defined in {file}, whose front matter cannot be read ({at})"),
            Some(format!("fix {file} first")),
        ),
        M::NoClientCode { code, hint: h } => {
            (format!("no client has the code `{code}`"), hint(h, "one of"))
        }
        M::LinkMissing {
            link: l,
            written,
            path,
            hint: h,
        } => (
            format!("{} `{written}`: nothing at `{path}`", link(*l)),
            hint(h, "one of"),
        ),
        M::LinkByAlias {
            link: l,
            written,
            path,
            owner,
            stem,
        } => (
            format!("{} `{written}`: nothing at `{path}`", link(*l)),
            Some(format!(
                "`{path}` is an alias of {owner}; Obsidian links by file name, so write `[[{stem}|{path}]]`"
            )),
        ),
        M::LinkOutside { link: l, written } => (
            format!("{} `{written}` points outside the vault", link(*l)),
            None,
        ),
        M::LinkAboveRoot { written, read_as } => (
            format!("`{written}` climbs above the vault's root; it is read as `{read_as}`, as Obsidian reads it"),
            Some(format!("write `{read_as}` from the root, or one `../` fewer")),
        ),
        M::AnchorBroken {
            written,
            target,
            heading,
            hint: h,
        } => (
            format!(
                "`{written}`: {target} has no heading `{heading}`; the link goes to the top of the note"
            ),
            match h {
                Hint::OneOf(all) => Some(format!("headings: {}", quoted(all, ", "))),
                h => hint(h, "headings"),
            },
        ),
        M::BlockBroken {
            written,
            target,
            id,
            hint: h,
        } => (
            format!("`{written}`: {target} has no block `^{id}`"),
            hint(h, "blocks").or_else(|| {
                Some(format!(
                    "end the paragraph or list item with ` ^{id}` in {target} to name it"
                ))
            }),
        ),
        M::WikilinkAmbiguous {
            written,
            chosen,
            others,
            why,
        } => (
            format!(
                "`{written}` could be {chosen} or {}; it links to {chosen}, as Obsidian does, since {}",
                list(others, ", "),
                match why {
                    Chosen::SameFolder => "it is in this note's folder",
                    Chosen::Shortest => "its path is the shortest",
                }
            ),
            Some(format!(
                "write the path to say which: `[[{}]]`",
                chosen.trim_end_matches(".md")
            )),
        ),
        M::WikilinkSplit => (
            "a `|` in this table row cuts the wikilink in two".into(),
            Some("in a table write `[[Note\\|text]]`: the `\\|` is the alias separator".into()),
        ),
        M::EmbedPrivate { written } => (
            format!("`{written}` embeds a note that is not published; it is left out of the page"),
            Some("a private note is never shown inside another: remove the embed, or link it with `[[...]]`".into()),
        ),
        M::EmbedCycle { written } => (
            format!("`{written}` leads back to this note through embeds; the page links to it instead"),
            Some("link it with `[[...]]` instead of embedding it".into()),
        ),
        M::LinkPrivate { written } => (
            format!("`{written}` points to a private note; the site shows the text without a link"),
            None,
        ),
        M::LinkUnsafe { scheme, danger } => (
            format!(
                "`{scheme}:` links {}; the site shows the text without a link",
                match danger {
                    Danger::RunsCode => "can run code",
                    Danger::LocalFiles => "open files on the reader's own computer",
                    Danger::OtherProgram => "open another program, not a page",
                }
            ),
            None,
        ),
        M::AttachmentUnsafe { path } => (
            format!("`{path}` is not copied into the site: only images, audio, video, PDF, office documents, text, CSV and archives are (`attachments` in dossier.toml)"),
            Some("attach it as a PDF or image, or add its extension to `attachments` if it cannot run script".into()),
        ),
        M::PageNameTooLong { bytes, limit } => (
            format!("the page of this note would be named with {bytes} bytes, more than file systems take ({limit}); it is not written"),
            Some("give the note a shorter file name".into()),
        ),
        M::PageTaken { other, page } => (
            format!("this note and {other} would both be written to {page}; this one is not written"),
            Some("rename one of the two notes".into()),
        ),
        M::SiteFile { path } => (
            format!("`{path}` is a file the site writes itself; it is not copied"),
            Some("rename the file".into()),
        ),
        M::PastUnreadable { since, detail } => (
            format!("the book as of {since} cannot be read ({detail}); the changes page leaves that period out"),
            Some(GIT_FSCK.into()),
        ),
        M::HistoryGap { commit, at, why } => {
            let why = match why {
                GapWhy::AuthorDate { day } => {
                    format!("its author date cannot be read; it is counted on {day}")
                }
                GapWhy::TooLarge { bytes, limit } => format!(
                    "this version is {bytes} bytes, over `max_file_bytes` ({limit}); it is not read"
                ),
                GapWhy::Git { detail } => detail.clone(),
            };
            (
                match at {
                    GapAt::Commit => format!("commit {commit}: {why}"),
                    GapAt::ThisNote => format!("at commit {commit}: {why}"),
                    GapAt::UnnamedNote => format!("commit {commit}: a note: {why}"),
                },
                Some(GIT_FSCK.into()),
            )
        }
        M::Template { detail } => (detail.clone(), Some(FIX_TEMPLATE.into())),
        M::TemplateNotUtf8 => (
            "the file is not valid UTF-8".into(),
            Some(FIX_TEMPLATE.into()),
        ),
        M::Config { detail } => (
            detail.clone(),
            Some("fix the config; until then the last config that could be read is used".into()),
        ),
        M::FollowUpOverdue {
            last,
            via,
            overdue_days,
            cadence_days,
            tier,
        } => (
            format!(
                "last contact {last}{} is {overdue_days} days past the {cadence_days}-day follow-up cadence of tier `{tier}`",
                via.as_ref().map_or(String::new(), |v| format!(" ({v})"))
            ),
            Some("get in touch, then note the meeting or call, or update `last_contact`".into()),
        ),
        M::LastContactMissing => (
            "no `last_contact` and no interaction: follow-ups of this client cannot be tracked"
                .into(),
            Some("add `last_contact: YYYY-MM-DD`, or a note of the last meeting or call".into()),
        ),
        M::CloseOverdue { deal, close, days } => (
            format!(
                "open deal {deal} was expected to close on {close}, {days} days before the as-of date"
            ),
            Some("move `expected_close`, or record the deal as won or lost".into()),
        ),
        M::NextStepMissing { deal } => (
            format!("open deal {deal} has no next step"),
            Some("write `next_step` (what to do) and `next_step_date` (by when)".into()),
        ),
        M::NextStepOverdue {
            record: r,
            name,
            step,
            date,
            days,
        } => (
            if step.is_empty() {
                format!(
                    "the next step of {} {name} was due on {date}, {days} days before the as-of date",
                    record(*r)
                )
            } else {
                format!(
                    "the next step of {} {name}, “{step}”, was due on {date}, {days} days before the as-of date",
                    record(*r)
                )
            },
            Some(format!(
                "record the interaction that took it (dated {date} or later), or move `next_step_date`"
            )),
        ),
        M::TierMismatch {
            declared,
            steps,
            value_tier,
        } => (
            format!(
                "declared tier `{declared}` is {steps} steps from the value tier `{value_tier}` its contract value ranks it in"
            ),
            Some("review the tier, or the contract value".into()),
        ),
        M::EmployeesMissing => (
            "contact density cannot be computed without the client's head count".into(),
            Some("add `employees:` with the number of people the client employs".into()),
        ),
        M::ContactDuplicate {
            name,
            client,
            first,
            second,
        } => (
            format!(
                "`{name}` of client {client} has two person notes, {first} and {second}; both count as contacts"
            ),
            Some("merge the two notes if they are one person".into()),
        ),
    };
    Words { message, help }
}

/// The lines around the list of problems.
pub fn frame(f: &super::Frame) -> String {
    use super::Frame as F;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match f {
        F::Summary {
            errors,
            warnings,
            files,
        } => format!(
            "{errors} error{}, {warnings} warning{} in {files} file{}",
            plural(*errors),
            plural(*warnings),
            plural(*files)
        ),
        F::NotShownQuiet => " (not shown: --quiet)".into(),
        F::NotShown => " (not shown)".into(),
        F::SomeNotShown { hidden } => format!(" ({hidden} not shown: --max-per-code 0 shows all)"),
        F::In { place } => format!("in {place}"),
        F::Help => "help".into(),
        F::InTheVault { errors, warnings } => format!(
            "{errors} error{}, {warnings} warning{} in the vault (`dossier check` shows them)",
            plural(*errors),
            plural(*warnings)
        ),
    }
}
