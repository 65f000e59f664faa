//! Notes rendered as pages: links, anchors, callouts, embeds and what
//! the sanitiser keeps.

use super::*;
use crate::vault::resolve::{Problem, Target};

struct Plain;
impl LinkPolicy for Plain {
    fn link(&self, resolution: &Resolution, dest: &str) -> LinkOut {
        match resolution {
            Ok(Target::Note { .. }) => {
                LinkOut::Href(format!("{}.html", dest.trim_end_matches(".md")))
            }
            Ok(Target::Asset(a)) => LinkOut::Href(a.to_string()),
            Ok(Target::External(u)) => LinkOut::Href(u.to_string()),
            _ => LinkOut::Text {
                class: "link-broken",
                title: format!("broken: {dest}"),
            },
        }
    }

    fn tag(&self, tag: &str) -> Option<String> {
        Some(format!("_tags/{tag}.html"))
    }
}

fn headings(slugs: &[&str]) -> Vec<Heading> {
    slugs
        .iter()
        .map(|s| Heading {
            level: 2,
            text: (*s).into(),
            slug: (*s).into(),
            pos: crate::diagnostics::Pos::new(1, 1),
        })
        .collect()
}

fn plain<'a>(text: &'a str, resolutions: &'a [Resolution], headings: &'a [Heading]) -> Body<'a> {
    Body {
        line_breaks: false,
        ..Body::new(text, resolutions, headings)
    }
}

fn note(index: usize) -> Resolution {
    Ok(Target::Note {
        index,
        anchor: None,
    })
}

fn html_of(text: &str) -> String {
    to_html(&plain(text, &[], &[]), &Plain)
}

#[test]
fn an_opening_title_can_be_left_to_the_page() {
    let slugs = headings(&["东义集团", "概况"]);
    let body = Body {
        skip_opening_title: true,
        ..plain("# 东义集团\n\n## 概况\n", &[], &slugs)
    };
    assert_eq!(to_html(&body, &Plain), "<h2 id=\"概况\">概况</h2>\n");
}

#[test]
fn links_in_a_skipped_title_keep_later_links_in_place() {
    let slugs = headings(&["meeting-with-alpha"]);
    struct ByIndex;
    impl LinkPolicy for ByIndex {
        fn link(&self, resolution: &Resolution, _: &str) -> LinkOut {
            match resolution {
                Ok(Target::Note { index, .. }) => LinkOut::PageHref(format!("{index}.html")),
                _ => LinkOut::Text {
                    class: "link-broken",
                    title: String::new(),
                },
            }
        }
    }
    let res = vec![note(0), note(1), note(2)];
    let body = Body {
        skip_opening_title: true,
        ..plain(
            "# Meeting with [Alpha](a.md)\n\n[Beta](b.md) and ![Gamma](c.md)\n",
            &res,
            &slugs,
        )
    };
    let html = to_html(&body, &ByIndex);
    assert!(!html.contains("Alpha"), "{html}");
    assert!(html.contains("<a href=\"1.html\">Beta</a>"), "{html}");
    assert!(html.contains("<a href=\"2.html\">Gamma</a>"), "{html}");
}

#[test]
fn bare_wikilinks_to_headings_read_as_name_and_heading() {
    let res = vec![note(0), note(0)];
    let html = to_html(
        &plain("[[笔记#工艺痛点]] [[笔记#a|别名#b]]", &res, &[]),
        &Plain,
    );
    assert!(html.contains(">笔记 › 工艺痛点</a>"), "{html}");
    assert!(html.contains("别名#b"), "{html}");
}

fn missing() -> Resolution {
    Err(Box::new(Problem::Missing { path: "x".into() }))
}

#[test]
fn rewrites_note_links_and_marks_broken_ones() {
    let body = "[a](a.md) [b](nope.md) ![i](i.png)";
    let res = vec![note(0), missing(), Ok(Target::Asset("i.png".into()))];
    let html = to_html(&plain(body, &res, &[]), &Plain);
    assert!(html.contains("<a href=\"a.html\">a</a>"), "{html}");
    assert!(
        html.contains("<span class=\"link-broken\" title=\"broken: nope.md\">b</span>"),
        "{html}"
    );
    assert!(html.contains("<img src=\"i.png\" alt=\"i\" />"), "{html}");
}

#[test]
fn headings_get_the_shared_slugs() {
    let slugs = headings(&["会议纪要"]);
    let html = to_html(&plain("## 会议纪要\n", &[], &slugs), &Plain);
    assert_eq!(html, "<h2 id=\"会议纪要\">会议纪要</h2>\n");
}

#[test]
fn raw_script_and_handlers_are_removed() {
    let body = "hi <script>alert(1)</script> <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a>\n";
    let html = to_html(
        &Body {
            sanitize: true,
            ..plain(body, &[], &[])
        },
        &Plain,
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
}

#[test]
fn what_obsidian_adds_survives_sanitising() {
    let res = vec![Ok(Target::Asset("a.mp3".into()))];
    let html = to_html(
        &Body {
            sanitize: true,
            ..plain(
                "<b>x</b>\n\n> [!faq]+ Q\n> ==A== #t\n\n![[a.mp3]]\n",
                &res,
                &[],
            )
        },
        &Plain,
    );
    for kept in [
        "<details class=\"callout\" data-callout=\"question\" open=\"\">",
        "<summary class=\"callout-title\">",
        "<mark>A</mark>",
        "class=\"tag\"",
        "<audio controls=\"\" preload=\"metadata\" src=\"a.mp3\">",
    ] {
        assert!(html.contains(kept), "{kept}: {html}");
    }
    let hostile = to_html(
        &Body {
            sanitize: true,
            ..plain(
                "<video src=\"javascript:alert(1)\" onplay=\"x()\"></video>\n",
                &[],
                &[],
            )
        },
        &Plain,
    );
    assert!(
        !hostile.contains("javascript") && !hostile.contains("onplay"),
        "{hostile}"
    );
}

#[test]
fn task_lists_survive_sanitising() {
    let body = "- [x] done\n<b>x</b>\n";
    let html = to_html(
        &Body {
            sanitize: true,
            ..plain(body, &[], &[])
        },
        &Plain,
    );
    assert!(html.contains("checkbox"), "{html}");
}

#[test]
fn callouts_have_type_title_and_fold() {
    let html = html_of("> [!tip]- 报价 **要点**\n> 先确认预算\n");
    assert!(
        html.starts_with("<details class=\"callout\" data-callout=\"tip\">"),
        "{html}"
    );
    assert!(html.contains("<summary class=\"callout-title\">"), "{html}");
    assert!(html.contains("报价 <strong>要点</strong>"), "{html}");
    assert!(html.contains("<p>先确认预算</p>"), "{html}");
    assert!(!html.contains("[!tip]"), "{html}");
    let plain_quote = html_of("> just a quote\n");
    assert!(plain_quote.contains("<blockquote>"), "{plain_quote}");
}

#[test]
fn callouts_nest_and_unknown_types_are_notes() {
    let html = html_of("> [!客户]\n> 外层\n> > [!warning] 内层\n> > 文字\n");
    assert!(html.contains("data-callout=\"note\""), "{html}");
    assert!(html.contains(">客户</span>"), "{html}");
    assert!(html.contains("data-callout=\"warning\""), "{html}");
    assert_eq!(html.matches("<div class=\"callout\"").count(), 2, "{html}");
    assert_eq!(
        html.matches("<div").count(),
        html.matches("</div>").count(),
        "{html}"
    );
}

#[test]
fn highlights_tags_and_line_breaks() {
    let html = html_of("这是 ==重点== 与 #客户/重点 和 `#code` 以及 #123\n");
    assert!(html.contains("<mark>重点</mark>"), "{html}");
    assert!(
        html.contains("<a class=\"tag\" href=\"_tags/客户/重点.html\">#客户/重点</a>"),
        "{html}"
    );
    assert!(html.contains("<code>#code</code>"), "{html}");
    assert!(!html.contains("_tags/123"), "{html}");
    let broken = to_html(&Body::new("a\nb\n", &[], &[]), &Plain);
    assert!(broken.contains("a<br />"), "{broken}");
    let strict = html_of("a\nb\n");
    assert!(!strict.contains("<br"), "{strict}");
    let url = html_of("see https://x.com/#frag\n");
    assert!(!url.contains("class=\"tag\""), "{url}");
}

#[test]
fn block_ids_become_anchors() {
    let html = html_of("引用这句 ^quote\n\n- 条目 ^item\n");
    assert!(html.contains("<p id=\"^quote\">引用这句</p>"), "{html}");
    assert!(html.contains("<li id=\"^item\">条目</li>"), "{html}");
}

#[test]
fn embedded_files_by_kind_and_size() {
    let res = vec![
        Ok(Target::Asset("a/pic.png".into())),
        Ok(Target::Asset("a/pic.png".into())),
        Ok(Target::Asset("a/call.mp3".into())),
        Ok(Target::Asset("a/demo.mp4".into())),
        Ok(Target::Asset("a/报价.pdf".into())),
    ];
    let html = to_html(
        &plain(
            "![[pic.png|300]] ![图|300x200](pic.png) ![[call.mp3]] ![[demo.mp4]] ![[报价.pdf]]",
            &res,
            &[],
        ),
        &Plain,
    );
    assert!(
        html.contains("<img src=\"a/pic.png\" alt=\"pic.png\" width=\"300\" />"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"a/pic.png\" alt=\"图\" width=\"300\" height=\"200\" />"),
        "{html}"
    );
    assert!(html.contains("<audio controls"), "{html}");
    assert!(html.contains("<video controls"), "{html}");
    assert!(
        html.contains("class=\"embed-file embed-pdf\" href=\"a/报价.pdf\""),
        "{html}"
    );
}

#[test]
fn math_stays_tex_and_money_stays_money() {
    let html = html_of("成本 $5 和 $10，公式 $x^2$\n");
    assert!(html.contains("$5 和 $10"), "{html}");
    assert!(
        html.contains("<span class=\"math math-inline\">x^2</span>"),
        "{html}"
    );
}

#[test]
fn mail_autolinks_are_mail_links() {
    let res = vec![Ok(Target::External("mailto:a@b.cn".into()))];
    let html = to_html(&plain("<a@b.cn>", &res, &[]), &Plain);
    assert!(html.contains("href=\"mailto:a@b.cn\""), "{html}");
    assert!(!html.contains("mailto:mailto"), "{html}");
}

#[test]
fn a_section_or_a_block_alone() {
    let text = "intro\n\n## A\n\na text ^blk\n\n### A1\n\ndeep\n\n## B\n\nb text\n";
    let hs = vec![
        Heading {
            level: 2,
            text: "A".into(),
            slug: "a".into(),
            pos: crate::diagnostics::Pos::new(3, 1),
        },
        Heading {
            level: 3,
            text: "A1".into(),
            slug: "a1".into(),
            pos: crate::diagnostics::Pos::new(7, 1),
        },
        Heading {
            level: 2,
            text: "B".into(),
            slug: "b".into(),
            pos: crate::diagnostics::Pos::new(11, 1),
        },
    ];
    let blocks = vec![Block {
        id: "blk".into(),
        pos: crate::diagnostics::Pos::new(5, 8),
    }];
    let section = to_html(
        &Body {
            only: Some(Anchor::Heading(0)),
            anchors: false,
            blocks: &blocks,
            ..plain(text, &[], &hs)
        },
        &Plain,
    );
    assert!(
        section.contains("a text") && section.contains("deep"),
        "{section}"
    );
    assert!(
        !section.contains("intro") && !section.contains("b text"),
        "{section}"
    );
    assert!(!section.contains("id="), "{section}");
    let block = to_html(
        &Body {
            only: Some(Anchor::Block(0)),
            blocks: &blocks,
            ..plain(text, &[], &hs)
        },
        &Plain,
    );
    assert!(
        block.contains("a text") && !block.contains("deep"),
        "{block}"
    );
}
