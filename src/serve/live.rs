//! What the preview adds to the pages it serves, and only to them (never to
//! files a build writes): the live-reload script and the error overlay. Also
//! where a browser goes when the page it shows is gone.

use crate::diagnostics::{Diagnostic, Language};

/// A problem as the overlay lists it: worded in the site's language, or,
/// for a private note's problem, only counted.
#[derive(Debug, Clone)]
pub struct Shown {
    pub code: &'static str,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub help: Option<String>,
}

impl Shown {
    pub fn of(d: &Diagnostic, language: Language) -> Shown {
        let words = d.words(language);
        Shown {
            code: d.code().id(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: words.message,
            help: words.help,
        }
    }

    /// A problem counted but not described (`what`: the words for a
    /// private note).
    pub fn withheld(d: &Diagnostic, what: &str) -> Shown {
        Shown {
            code: d.code().id(),
            file: what.to_owned(),
            line: 1,
            column: 1,
            message: String::new(),
            help: None,
        }
    }
}

/// The path of the live-reload event stream (server-sent events).
pub const EVENTS: &str = "/_dossier/events";
/// Where the script asks which page to show after a rebuild.
pub const NEAREST: &str = "/_dossier/nearest";

use crate::render::escape as esc;

/// At most this many problems are listed in the overlay.
const OVERLAY_ROWS: usize = 30;

/// The overlay listing the build's errors; empty when there are none.
/// `zh`: the heading in Chinese (the problems are given as they are).
pub fn overlay(errors: &[Shown], zh: bool, last_good: bool) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut rows = String::new();
    for p in errors.iter().take(OVERLAY_ROWS) {
        rows.push_str(&format!(
            "<li><code>{}:{}:{}</code> <b>{}</b> {}{}</li>",
            esc(&p.file),
            p.line,
            p.column,
            esc(p.code),
            esc(&p.message),
            p.help
                .as_deref()
                .map(|h| format!(
                    "<br><i>{}{}</i>",
                    if zh { "提示：" } else { "help: " },
                    esc(h)
                ))
                .unwrap_or_default()
        ));
    }
    let more = errors.len().saturating_sub(OVERLAY_ROWS);
    if more > 0 {
        if zh {
            rows.push_str(&format!("<li>……还有 {more} 个</li>"));
        } else {
            rows.push_str(&format!("<li>… {more} more</li>"));
        }
    }
    // Only a page kept from before the error says it is the last good
    // one: a first build with errors has none.
    let heading = match (zh, last_good) {
        (true, true) => format!(
            "dossier：{} 个错误，这是这一页上一次正常的样子",
            errors.len()
        ),
        (true, false) => format!("dossier：{} 个错误", errors.len()),
        (false, last_good) => format!(
            "dossier: {} error{}{}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            if last_good {
                " — this is the last good version of this page"
            } else {
                ""
            }
        ),
    };
    format!(
        r#"<div id="dossier-overlay" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#2b0d0b;color:#fde8e7;font:14px/1.5 ui-monospace,monospace;padding:12px 16px;border-top:4px solid #c0362c"><button type="button" onclick="this.parentNode.remove()" style="float:right">×</button><p style="margin:0 0 6px;font-weight:bold">{}</p><ul style="margin:0;padding-left:18px">{rows}</ul></div>"#,
        esc(&heading),
    )
}

/// The script that reloads the page when a new build is served, or goes
/// to the nearest page still there.
/// The stream's opening is marked on the page (`data-dossier-live` on
/// `<html>`), for whoever needs to know that a reload will be heard.
pub fn script(generation: u64) -> String {
    format!(
        r#"<script>(function(){{var g={generation};var es=new EventSource("{EVENTS}");es.onopen=function(){{document.documentElement.setAttribute("data-dossier-live","open")}};es.addEventListener("reload",function(e){{var n=+e.data;if(n===g)return;g=n;fetch("{NEAREST}?path="+encodeURIComponent(location.pathname)).then(function(r){{return r.text()}}).then(function(p){{if(p===location.pathname){{location.reload()}}else{{location.replace(p)}}}}).catch(function(){{location.reload()}})}})}})();</script>"#
    )
}

/// `html` with the overlay and the live-reload script before `</body>`;
/// `last_good`: `html` is the page as it was before the errors.
pub fn inject(
    html: &[u8],
    errors: &[Shown],
    generation: u64,
    zh: bool,
    last_good: bool,
) -> Vec<u8> {
    let extra = format!("{}{}", overlay(errors, zh, last_good), script(generation));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The page to show for the site path `path` (no leading `/`): itself when
/// it exists, else where it moved, else the nearest folder page above it,
/// else the dashboard (`""`). `moved` lists old → new pages and folder
/// prefixes (ending in `/`), oldest first.
pub fn nearest(path: &str, moved: &[(String, String)], exists: impl Fn(&str) -> bool) -> String {
    let page = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    };
    if exists(&page) {
        return path.to_owned();
    }
    for (from, to) in moved.iter().rev() {
        if *from == page && exists(to) {
            return to.clone();
        }
        if from.ends_with('/') && page.starts_with(from.as_str()) {
            let moved = format!("{to}{}", &page[from.len()..]);
            if exists(&moved) {
                return moved;
            }
        }
    }
    let mut folder = page.rsplit_once('/').map_or("", |(dir, _)| dir);
    loop {
        if folder.is_empty() {
            return String::new();
        }
        if exists(&format!("{folder}/index.html")) {
            return format!("{folder}/");
        }
        folder = folder.rsplit_once('/').map_or("", |(dir, _)| dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_page_is_itself_its_new_name_or_a_folder_above() {
        let mut pages = vec!["index.html", "clients/index.html", "clients/b.html"];
        let mut moved: Vec<(String, String)> = Vec::new();
        let near = |path: &str, pages: &[&str], moved: &[(String, String)]| {
            nearest(path, moved, |p| pages.contains(&p))
        };
        assert_eq!(near("clients/b.html", &pages, &moved), "clients/b.html");
        assert_eq!(near("clients/gone.html", &pages, &moved), "clients/");
        assert_eq!(near("clients/x/y/gone.html", &pages, &moved), "clients/");
        assert_eq!(near("other/gone.html", &pages, &moved), "");
        assert_eq!(near("", &pages, &moved), "");
        moved.push(("clients/a.html".into(), "clients/b.html".into()));
        assert_eq!(near("clients/a.html", &pages, &moved), "clients/b.html");
        pages.push("people/b.html");
        moved.push(("crm/".into(), "people/".into()));
        assert_eq!(near("crm/b.html", &pages, &moved), "people/b.html");
    }

    #[test]
    fn injects_before_the_last_body_tag_and_escapes_problems() {
        let problem = crate::diagnostics::message::YamlProblem::Parser {
            detail: "bad <script>".into(),
        };
        let d = Diagnostic::new(
            "a<b>.md",
            crate::diagnostics::Pos::new(3, 5),
            crate::diagnostics::Message::YamlSyntax { problem },
        );
        let errors = vec![Shown::of(&d, Language::En)];
        let out = String::from_utf8(inject(
            b"<html><body>x</body></html>",
            &errors,
            7,
            false,
            false,
        ))
        .unwrap();
        assert!(out.contains("var g=7;"));
        assert!(out.contains("a&lt;b&gt;.md:3:5"));
        assert!(out.contains("bad &lt;script&gt;"));
        assert!(out.ends_with("</script></body></html>"));
        assert!(
            !out.contains("last good"),
            "a page of now is not the last good one"
        );
        assert!(overlay(&[], false, false).is_empty());
        let zh = overlay(&errors, true, false);
        assert!(zh.contains("1 个错误") && !zh.contains("上一次"));
        assert!(overlay(&errors, false, true).contains("last good version of this page"));
    }
}
