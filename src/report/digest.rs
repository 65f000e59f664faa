//! The weekly digest written out: Markdown for a chat tool, HTML that
//! reads well in an e-mail client (inline styles, no script, no image),
//! JSON. Every name is the vault's text: escaped for the format it goes in.

use crate::analytics::Money;
use crate::analytics::digest::Digest;
use crate::config::{Config, Language};
use crate::render::i18n::{Words, label};

/// One line of a section, as parts: a code (bold), the rest as text.
#[derive(serde::Serialize)]
pub struct Line {
    pub code: String,
    pub text: String,
}

/// The sections of a digest in their order: (title, lines).
pub fn sections(d: &Digest, config: &Config, words: &Words) -> Vec<(String, Vec<Line>)> {
    let zh = config.language == Language::Zh;
    let amount = |m: Option<Money>| {
        m.map(|m| crate::render::amount(m.0, zh, &config.currency))
            .unwrap_or_default()
    };
    let stage = |key: &str| label(words, &format!("stage:{key}")).to_owned();
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let by = |a: &Option<String>| {
        a.as_ref()
            .map(|name| format!("{} {name}", label(words, "moved_by")))
            .unwrap_or_default()
    };
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let deals = |list: &[crate::analytics::digest::DealLine]| -> Vec<Line> {
        list.iter()
            .map(|l| Line {
                code: l.code.clone(),
                text: join(&[
                    &opt(&l.name),
                    &opt(&l.client),
                    &amount(l.amount),
                    &opt(&l.owner),
                    &by(&l.author),
                ]),
            })
            .collect()
    };
    let title = |key: &str, n: usize| format!("{} ({n})", label(words, key));
    let mut out = vec![
        (title("change:won", d.won.len()), deals(&d.won)),
        (title("change:lost", d.lost.len()), deals(&d.lost)),
        (
            title("change:new_opportunities", d.new_deals.len()),
            deals(&d.new_deals),
        ),
        (
            title("change:stage_moves", d.stage_moves.len()),
            d.stage_moves
                .iter()
                .map(|m| Line {
                    code: m.code.clone(),
                    text: join(&[
                        &opt(&m.name),
                        &format!("{} → {}", stage(&m.from), stage(&m.to)),
                        &by(&m.author),
                    ]),
                })
                .collect(),
        ),
        (
            title("digest_slips", d.slips.len()),
            d.slips
                .iter()
                .map(|s| Line {
                    code: s.code.clone(),
                    text: join(&[
                        &opt(&s.name),
                        &format!("{} → {}", s.from, s.to),
                        &s.date.to_string(),
                        &by(&s.author),
                    ]),
                })
                .collect(),
        ),
        (
            title("digest_newly_overdue", d.newly_overdue.len()),
            d.newly_overdue
                .iter()
                .map(|f| Line {
                    code: opt(&f.code),
                    text: join(&[
                        &opt(&f.name),
                        &label(words, "digest_due").replace("{date}", &f.due.to_string()),
                        &label(words, "days_overdue").replace("{n}", &f.overdue_days.to_string()),
                        &opt(&f.owner),
                    ]),
                })
                .collect(),
        ),
        (
            title("digest_rotting", d.rotting.len()),
            d.rotting
                .iter()
                .map(|r| Line {
                    code: opt(&r.code),
                    text: join(&[
                        &opt(&r.name),
                        &stage(&r.stage),
                        &r.idle_days
                            .map(|n| label(words, "digest_idle").replace("{n}", &n.to_string()))
                            .unwrap_or_default(),
                        &amount(r.amount),
                        &opt(&r.owner),
                    ]),
                })
                .collect(),
        ),
        (
            title("digest_next_steps", d.next_steps_due.len()),
            d.next_steps_due
                .iter()
                .map(|n| Line {
                    code: opt(&n.code),
                    text: join(&[
                        &n.date.to_string(),
                        &opt(&n.name),
                        &opt(&n.next_step),
                        &opt(&n.owner),
                    ]),
                })
                .collect(),
        ),
    ];
    out.retain(|(_, lines)| !lines.is_empty());
    out
}

/// Markdown's marks in the vault's text, escaped; line breaks as spaces.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn markdown(d: &Digest, config: &Config, words: &Words) -> String {
    let mut out = format!(
        "# {} · {} → {}\n",
        label(words, "digest_title"),
        d.since,
        d.until
    );
    let sections = sections(d, config, words);
    if sections.is_empty() {
        out.push_str(&format!("\n{}\n", label(words, "digest_nothing")));
    }
    for (title, lines) in sections {
        out.push_str(&format!("\n## {}\n\n", md(&title)));
        for l in lines {
            match (l.code.is_empty(), l.text.is_empty()) {
                (false, false) => out.push_str(&format!("- **{}** {}\n", md(&l.code), md(&l.text))),
                (false, true) => out.push_str(&format!("- **{}**\n", md(&l.code))),
                _ => out.push_str(&format!("- {}\n", md(&l.text))),
            }
        }
    }
    out
}

fn esc(text: &str) -> String {
    let mut out = String::new();
    crate::render::escape_into(&mut out, text);
    out
}

/// A page for an e-mail client: inline styles only, no script, no
/// outside resource.
pub fn html(d: &Digest, config: &Config, words: &Words) -> String {
    let lang = match config.language {
        Language::Zh => "zh-CN",
        Language::En => "en",
    };
    let title = format!(
        "{} · {} → {}",
        label(words, "digest_title"),
        d.since,
        d.until
    );
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n<body style=\"margin:0;padding:16px;background:#ffffff;color:#1d2330;font-family:-apple-system,'Segoe UI',Roboto,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.5\">\n<div style=\"max-width:640px;margin:0 auto\">\n<h1 style=\"font-size:20px;margin:0 0 12px\">{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let sections = sections(d, config, words);
    if sections.is_empty() {
        out.push_str(&format!(
            "<p style=\"color:#5d6677\">{}</p>\n",
            esc(label(words, "digest_nothing"))
        ));
    }
    for (title, lines) in sections {
        out.push_str(&format!(
            "<h2 style=\"font-size:16px;margin:20px 0 6px;padding-bottom:4px;border-bottom:1px solid #e4e7ec\">{}</h2>\n<ul style=\"margin:0;padding-left:20px\">\n",
            esc(&title)
        ));
        for l in lines {
            out.push_str("<li style=\"margin:3px 0\">");
            if !l.code.is_empty() {
                out.push_str(&format!(
                    "<b style=\"font-family:ui-monospace,Menlo,Consolas,monospace\">{}</b> ",
                    esc(&l.code)
                ));
            }
            out.push_str(&esc(&l.text));
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n</body>\n</html>\n");
    out
}
