//! The three ways of printing diagnostics: for people, for programs, and as
//! GitHub workflow annotations.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use super::{Diagnostic, Diagnostics, Frame, Language, Severity, frame};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    /// A table of `dossier report`, as CSV.
    Csv,
}

/// How the human list of problems is shaped.
#[derive(Debug, Clone, Copy)]
pub struct HumanShape {
    pub color: bool,
    /// The language of the messages and the lines around them.
    pub language: Language,
    /// Warnings are left out (they are counted in the summary).
    pub errors_only: bool,
    /// At most this many problems of one code are shown, in file order;
    /// the rest are counted after the list (`None`: all).
    pub max_per_code: Option<usize>,
}

/// Renders for a terminal: the source line, a caret under the column and a
/// `help:` line. `sources` maps a file to its text, for the snippet.
pub fn render_human(
    diagnostics: &Diagnostics,
    sources: &dyn Fn(&str) -> Option<String>,
    files_read: usize,
    color: bool,
    language: Language,
) -> String {
    let mut out = Vec::new();
    let shape = HumanShape {
        color,
        language,
        errors_only: false,
        max_per_code: None,
    };
    let _ = write_human(&mut out, diagnostics, sources, files_read, shape);
    String::from_utf8_lossy(&out).into_owned()
}

/// `render_human`, written to `out` as it goes: the diagnostics of one
/// file at a time, with only that file's text in memory. It ends with the
/// count of each code, what was left out, and the totals.
pub fn write_human(
    out: &mut dyn std::io::Write,
    diagnostics: &Diagnostics,
    sources: &dyn Fn(&str) -> Option<String>,
    files_read: usize,
    shape: HumanShape,
) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut shown: std::collections::BTreeMap<super::Code, (Severity, usize, usize)> =
        std::collections::BTreeMap::new();
    // Diagnostics are sorted by file: each run of one file is rendered with
    // that file's text, then the text is dropped.
    for group in diagnostics.items.chunk_by(|a, b| a.file == b.file) {
        let wanted: Vec<&Diagnostic> = group
            .iter()
            .filter(|d| {
                let tally = shown.entry(d.code()).or_insert((d.severity, 0, 0));
                tally.1 += 1;
                let show = !(shape.errors_only && d.severity == Severity::Warning)
                    && shape.max_per_code.is_none_or(|cap| tally.2 < cap);
                if show {
                    tally.2 += 1;
                }
                show
            })
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let mut files = SimpleFiles::new();
        let file = &group[0].file;
        let shown_name = printable(file);
        let source = sources(file).unwrap_or_default();
        // A line too long to print whole (a minified blob, a one-line
        // note of a megabyte) is shown as a window around each column.
        let long_lines = source.lines().any(|l| l.len() > LONGEST_LINE_BYTES);
        let id = files.add(
            shown_name.clone(),
            if long_lines {
                String::new()
            } else {
                visible(&source)
            },
        );
        let mut buffer = if shape.color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        for d in wanted {
            if long_lines {
                let mut window_files = SimpleFiles::new();
                let (window, column) = window_around(&visible(&source), d.line, d.column);
                let wid = window_files.add(shown_name.clone(), window);
                let report = report_of(d, &window_files, wid, d.line, column, shape.language);
                let _ = term::emit_to_write_style(&mut buffer, &config, &window_files, &report);
                continue;
            }
            let report = report_of(d, &files, id, d.line, d.column, shape.language);
            let _ = term::emit_to_write_style(&mut buffer, &config, &files, &report);
        }
        out.write_all(buffer.as_slice())?;
    }
    write_tally(out, &shown, shape)?;
    writeln!(out, "{}", summary(diagnostics, files_read, shape.language))
}

/// The count of each code, errors first, and how many of each were not
/// shown.
fn write_tally(
    out: &mut dyn std::io::Write,
    tally: &std::collections::BTreeMap<super::Code, (Severity, usize, usize)>,
    shape: HumanShape,
) -> std::io::Result<()> {
    let mut rows: Vec<(&super::Code, &(Severity, usize, usize))> = tally.iter().collect();
    rows.sort_by_key(|(code, (severity, ..))| (*severity, code.id()));
    let width = rows.iter().map(|(_, (_, n, _))| n.to_string().len()).max();
    for (code, &(severity, total, shown)) in rows {
        let width = width.unwrap_or(1);
        let hidden = total - shown;
        let note = match (hidden, severity) {
            (0, _) => String::new(),
            (_, Severity::Warning) if shape.errors_only => {
                frame(&Frame::NotShownQuiet, shape.language)
            }
            (h, _) if h == total => frame(&Frame::NotShown, shape.language),
            (hidden, _) => frame(&Frame::SomeNotShown { hidden }, shape.language),
        };
        writeln!(out, "{total:>width$} {code}{note}")?;
    }
    Ok(())
}

/// Lines longer than this are shown as a window around the column.
const LONGEST_LINE_BYTES: usize = 2000;

/// Characters shown before and after the column of a long line.
const WINDOW_CHARS: usize = 80;

/// A text that has `line` where it stood, cut to a window around
/// `column`, and the column within it.
fn window_around(source: &str, line: u32, column: u32) -> (String, u32) {
    let Some(text) = source.lines().nth(line.saturating_sub(1) as usize) else {
        return (String::new(), column);
    };
    let chars: Vec<char> = text.chars().collect();
    let at = (column.max(1) - 1) as usize;
    let start = at.saturating_sub(WINDOW_CHARS);
    let end = (at + WINDOW_CHARS).min(chars.len());
    let mut window = "\n".repeat(line.saturating_sub(1) as usize);
    if start > 0 {
        window.push('…');
    }
    window.extend(&chars[start.min(end)..end]);
    if end < chars.len() {
        window.push('…');
    }
    let column = (at - start.min(at)) as u32 + 1 + u32::from(start > 0);
    (window, column)
}

/// One diagnostic as codespan shows it, pointing into file `id` of `files`.
fn report_of(
    d: &Diagnostic,
    files: &SimpleFiles<String, String>,
    id: usize,
    line: u32,
    column: u32,
    language: Language,
) -> Report<usize> {
    let words = d.words(language);
    let mut report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_code(d.code().id())
    .with_message(printable(&words.message));
    let text = files.get(id).map(|f| f.source().as_str()).unwrap_or("");
    let span = (!text.is_empty())
        .then(|| span_of(text, line, column))
        .flatten();
    match span {
        Some(range) => report = report.with_labels(vec![Label::primary(id, range)]),
        None => {
            let place = printable(&location(d));
            report = report.with_notes(vec![frame(&Frame::In { place }, language)]);
        }
    }
    if let Some(help) = &words.help {
        let lead = frame(&Frame::Help, language);
        report = report.with_notes(vec![format!("{lead}: {}", printable(help))]);
    }
    report
}

/// `text` with control characters (an escape sequence in a YAML value, a
/// newline in a file name) written as `\u{1b}`, `\n`: printed raw they could
/// move the cursor, recolour or clear the terminal, or forge lines.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A source text with its control characters (but line ends and tabs)
/// replaced, one character for one, by `�`: the snippet under a
/// diagnostic then never sends an escape sequence to the terminal.
fn visible(source: &str) -> String {
    if !source
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return source.to_owned();
    }
    source
        .chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn location(d: &Diagnostic) -> String {
    if d.line == 0 {
        d.file.clone()
    } else {
        format!("{}:{}:{}", d.file, d.line, d.column)
    }
}

/// The byte range to underline: from the column to the end of the token.
fn span_of(text: &str, line: u32, column: u32) -> Option<std::ops::Range<usize>> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += text[start..].find('\n')? + 1;
    }
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    let col_offset = line_text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    let rest = &line_text[col_offset..];
    let len = token_len(rest);
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    Some(start + col_offset..start + col_offset + len)
}

/// The length of the value or key that starts `rest`: a quoted string to its
/// closing quote, else up to a space, a flow separator or a `key:` colon.
fn token_len(rest: &str) -> usize {
    let link = rest.strip_prefix('!').unwrap_or(rest);
    if link.starts_with("[[")
        && let Some(end) = rest.find("]]")
    {
        return end + 2;
    }
    if link.starts_with('[')
        && let Some(mid) = rest.find("](")
        && let Some(end) = rest[mid..].find(')')
    {
        return mid + end + 1;
    }
    if let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\''))
        && let Some(end) = rest[1..].find(quote)
    {
        return end + 2;
    }
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let key_colon = c == ':' && chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        if key_colon || c.is_whitespace() || matches!(c, ',' | ']' | '}' | ')') {
            return i;
        }
    }
    rest.len()
}

fn summary(diagnostics: &Diagnostics, files_read: usize, language: Language) -> String {
    let summary = Frame::Summary {
        errors: diagnostics.errors(),
        warnings: diagnostics.warnings(),
        files: files_read,
    };
    frame(&summary, language)
}

/// One diagnostic as JSON: its code, its words in the run's language, and
/// the typed values they are made of as `args`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: super::Code,
    severity: Severity,
    message: String,
    file: &'a str,
    line: u32,
    column: u32,
    help: Option<String>,
    args: &'a super::Message,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: usize,
    warnings: usize,
    files: usize,
}

/// `{"diagnostics":[...],"errors":N,"warnings":N,"files":N}`.
pub fn render_json(diagnostics: &Diagnostics, files_read: usize, language: Language) -> String {
    let mut out = Vec::new();
    let _ = write_json(&mut out, diagnostics, files_read, language);
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// `render_json`, written to `out` as it is serialised.
pub fn write_json(
    out: &mut dyn std::io::Write,
    diagnostics: &Diagnostics,
    files_read: usize,
    language: Language,
) -> std::io::Result<()> {
    let items = diagnostics
        .items
        .iter()
        .map(|d| {
            let words = d.words(language);
            JsonDiagnostic {
                code: d.code(),
                severity: d.severity,
                message: words.message,
                file: &d.file,
                line: d.line,
                column: d.column,
                help: words.help,
                args: &d.message,
            }
        })
        .collect();
    let report = JsonReport {
        diagnostics: items,
        errors: diagnostics.errors(),
        warnings: diagnostics.warnings(),
        files: files_read,
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// One `::error file=...,line=...,col=...,title=CODE::MESSAGE` line each.
pub fn render_github(diagnostics: &Diagnostics, language: Language) -> String {
    let mut out = Vec::new();
    let _ = write_github(&mut out, diagnostics, language);
    String::from_utf8_lossy(&out).into_owned()
}

/// `render_github`, written to `out` line by line.
pub fn write_github(
    out: &mut dyn std::io::Write,
    diagnostics: &Diagnostics,
    language: Language,
) -> std::io::Result<()> {
    for d in &diagnostics.items {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let words = d.words(language);
        let mut message = words.message;
        if let Some(help) = &words.help {
            message.push('\n');
            message.push_str(&frame(&Frame::Help, language));
            message.push_str(": ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            escape_property(&d.file),
            d.line.max(1),
            d.column.max(1),
            escape_property(d.code().id()),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// Workflow-command escaping for the message part.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping for a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::diagnostics::message::{Hint, LinkKind, Message};

    fn unknown(field: &str, value: &str, hint: Hint) -> Message {
        Message::UnknownValue {
            field: field.into(),
            value: value.into(),
            hint,
        }
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let mut ds = Diagnostics::default();
        let message = unknown("tier", "\u{1b}[2Jx\u{7}", Hint::OneOf(vec!["a".into()]));
        ds.push(Diagnostic::new("bad\nname.md", Pos::new(1, 7), message));
        let source = "tier: \u{1b}[2Jx\u{7}\n";
        let out = render_human(&ds, &|_| Some(source.to_owned()), 1, false, Language::En);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("bad\\nname.md"), "{out}");
    }

    #[test]
    fn a_very_long_line_is_shown_as_a_window() {
        let mut ds = Diagnostics::default();
        let line = format!("{}[x](nope.md){}", "a".repeat(100_000), "b".repeat(100_000));
        for _ in 0..50 {
            let message = Message::LinkMissing {
                link: LinkKind::Link,
                written: "nope.md".into(),
                path: "nope.md".into(),
                hint: Hint::None,
            };
            ds.push(Diagnostic::new("long.md", Pos::new(1, 100_001), message));
        }
        ds.sort();
        let out = render_human(&ds, &|_| Some(line.clone()), 1, false, Language::En);
        assert!(out.len() < 20_000, "{} bytes", out.len());
        assert!(out.contains("[x](nope.md)"), "{out}");
    }

    fn one() -> Diagnostics {
        let mut ds = Diagnostics::default();
        let message = unknown(
            "stage",
            "negociation",
            Hint::DidYouMean("negotiation".into()),
        );
        ds.push(Diagnostic::new("clients/东义.md", Pos::new(3, 8), message));
        ds
    }

    #[test]
    fn human_output_shows_caret_under_the_value() {
        let src = "---\ncode: C001\nstage: negociation\n---\n".to_owned();
        let out = render_human(&one(), &|_| Some(src.clone()), 1, false, Language::En);
        assert!(out.contains("clients/东义.md:3:8"), "{out}");
        assert!(out.contains("^^^^^^^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `negotiation`?"), "{out}");
        assert!(out.contains("1 error, 0 warnings in 1 file"), "{out}");
        assert!(!out.contains('\u{1b}'), "no colour when not asked");
    }

    #[test]
    fn human_output_speaks_chinese_for_a_chinese_vault() {
        let src = "---\ncode: C001\nstage: negociation\n---\n".to_owned();
        let out = render_human(&one(), &|_| Some(src.clone()), 1, false, Language::Zh);
        assert!(
            out.contains("`stage` 的取值 `negociation` 不在允许的范围内"),
            "{out}"
        );
        assert!(out.contains("提示: 是否想写 `negotiation`？"), "{out}");
        assert!(out.contains("1 个错误，0 个警告，共 1 个文件"), "{out}");
    }

    #[test]
    fn underlines_whole_values_and_keys() {
        assert_eq!(token_len("\"1,200,000\" # x"), 11);
        assert_eq!(token_len("客户编号: C009"), "客户编号".len());
        assert_eq!(token_len("vp, department: it}"), 2);
        assert_eq!(token_len("10:30"), 5);
        assert_eq!(token_len("[[概览]] x"), "[[概览]]".len());
        assert_eq!(token_len("![图](a b.png) x"), "![图](a b.png)".len());
        assert_eq!(token_len("[x](y.md), z"), "[x](y.md)".len());
    }

    #[test]
    fn github_output_is_one_annotation_per_diagnostic() {
        let out = render_github(&one(), Language::En);
        assert_eq!(
            out,
            "::error file=clients/东义.md,line=3,col=8,title=E-field-enum::unknown stage `negociation`%0Ahelp: did you mean `negotiation`?\n"
        );
    }

    #[test]
    fn json_output_has_counts_words_and_args() {
        let v: serde_json::Value =
            serde_json::from_str(&render_json(&one(), 4, Language::Zh)).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 0);
        assert_eq!(v["files"], 4);
        let d = &v["diagnostics"][0];
        assert_eq!(d["code"], "E-field-enum");
        assert_eq!(d["line"], 3);
        assert_eq!(d["help"], "是否想写 `negotiation`？");
        assert_eq!(d["args"]["form"], "unknown_value");
        assert_eq!(d["args"]["field"], "stage");
        assert_eq!(d["args"]["value"], "negociation");
        assert_eq!(d["args"]["hint"]["values"], "negotiation");
    }
}
