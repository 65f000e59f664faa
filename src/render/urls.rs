//! Where each page lives in the output, and the relative URL from one page
//! to another, so the site works under any sub-path and from `file://`.

use super::catalog;
use percent_encoding::{AsciiSet, CONTROLS, percent_encode_byte, utf8_percent_encode};

/// Characters escaped in a path segment; non-ASCII is always escaped.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// Appends `text` encoded as [`SEGMENT`] says, byte for byte as
/// `utf8_percent_encode` writes it, but a run of bytes kept as they are
/// at a time instead of a piece per byte: most of a Chinese vault's paths
/// are encoded, and links are made by the hundred per page.
fn push_encoded(out: &mut String, text: &str) {
    // Which ASCII bytes the set encodes, asked of the set once.
    static ENCODED: std::sync::LazyLock<[bool; 128]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|b| {
            let byte = [b as u8];
            let text = std::str::from_utf8(&byte).unwrap_or_default();
            utf8_percent_encode(text, SEGMENT).to_string() != text
        })
    });
    let encoded = &*ENCODED;
    let bytes = text.as_bytes();
    let mut kept = 0;
    for (at, &b) in bytes.iter().enumerate() {
        if encoded.get(usize::from(b)).is_none_or(|&e| e) {
            // Bytes kept are ASCII, so `kept..at` starts and ends on
            // characters.
            if kept < at {
                out.push_str(&text[kept..at]);
            }
            out.push_str(percent_encode_byte(b));
            kept = at + 1;
        }
    }
    if kept < bytes.len() {
        out.push_str(&text[kept..]);
    }
}

/// Whether the site writes a file of its own at `path` (a page of the
/// catalog, a download, anything in its own folders): a vault file there
/// is never copied over it.
pub fn is_site_output(path: &str) -> bool {
    catalog::in_site_folder(path)
        || catalog::DEEP_FILES.contains(&path)
        || (!path.contains('/') && catalog::is_reserved_root(path))
}

/// Whether `name` is that of a later page of a folder listing
/// (`index-2.html`), which any folder may have.
fn is_folder_page(name: &str) -> bool {
    name.strip_prefix("index-")
        .and_then(|rest| rest.strip_suffix(".html"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The output path of a note's page: `clients/东义集团.md` → `clients/东义集团.html`.
pub fn note_page(path: &str) -> String {
    let stem = &path[..path.len() - 3];
    let page = format!("{stem}.html");
    let name = page.rsplit('/').next().unwrap_or(&page);
    let reserved = !page.contains('/') && catalog::is_reserved_root(&page);
    if reserved || catalog::in_site_folder(&page) || is_folder_page(name) {
        format!("{stem}.note.html")
    } else {
        page
    }
}

/// The page of a tag: `_tags/客户/重点.html` for `#客户/重点`. Tags
/// ignore case; characters a file name should not hold become `-`.
/// `None` for a tag with nothing to name a page by.
pub fn tag_page(tag: &str) -> Option<String> {
    let key: String = tag
        .trim_start_matches('#')
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '/') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let parts: Vec<&str> = key.split('/').filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| format!("_tags/{}.html", parts.join("/")))
}

/// A name as a page's file name: letters and digits of any script, `_`,
/// `-` and `.` kept, anything else (a `/`, a space, `?`, `#`) a `-`; a
/// name of dots alone, or none, is `-`.
fn file_name_of(name: &str) -> String {
    let kept: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if kept.chars().all(|c| c == '.') {
        "-".to_owned()
    } else {
        kept
    }
}

/// The name of the page of a deal written in its client's note, before
/// [`unique_page`] makes it unique: by its code (`deals/O001`), else by
/// its client's file name and its place in the note's list
/// (`deals/东义集团-2`).
pub fn deal_page_base(name: &str) -> String {
    format!("deals/{}", file_name_of(name))
}

/// The output path of an owner's page (`owners/张伟.html`), made unique
/// by [`unique_page`].
pub fn owner_page(owner: &str, taken: &mut Taken) -> String {
    unique_page(&format!("owners/{}", file_name_of(owner)), taken)
}

/// Output paths already given, lowercased (file systems that ignore case
/// would take two of them for one).
pub type Taken = ahash::AHashSet<String>;

/// `base` as an output page no other has: `taken` holds the pages
/// (lowercased) already given, and then `-2`, `-3`, … is added (so a note
/// at `deals/O001.md` keeps its page); the page found joins `taken`.
pub fn unique_page(base: &str, taken: &mut Taken) -> String {
    let first = format!("{base}.html");
    let lowered = crate::text::lowercase(&first);
    if !taken.contains(&lowered) {
        taken.insert(lowered);
        return first;
    }
    let (page, lowered) = (2..)
        .map(|n| {
            let page = format!("{base}-{n}.html");
            let lowered = crate::text::lowercase(&page);
            (page, lowered)
        })
        .find(|(_, lowered)| !taken.contains(lowered))
        .expect("some number is free");
    taken.insert(lowered);
    page
}

/// The links that open the vault file `path` for editing: in Obsidian
/// (`[site] obsidian_vault`) and in the Git host's editor (`[site]
/// edit_url`), each with the word that names it. These are the only
/// absolute links the site writes; `edit_url` is checked to be http(s)
/// when the config is read, and the path is encoded into it.
pub fn edit_links(
    config: &crate::config::Config,
) -> impl Fn(&str) -> Vec<(&'static str, String)> + '_ {
    move |path: &str| {
        let mut out = Vec::new();
        if let Some(vault) = &config.site.obsidian_vault {
            out.push((
                "edit_in_obsidian",
                format!(
                    "obsidian://open?vault={}&file={}",
                    query_encoded(vault.trim()),
                    query_encoded(path)
                ),
            ));
        }
        if let Some(template) = &config.site.edit_url {
            out.push((
                "edit_on_host",
                template.trim().replace("{path}", &encoded(path)),
            ));
        }
        out
    }
}

/// `text` for a query value: everything but unreserved characters
/// percent-encoded, `/` included.
fn query_encoded(text: &str) -> String {
    const QUERY: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, QUERY).to_string()
}

/// The output path of a folder's page.
pub fn folder_page(folder: &str) -> String {
    if folder.is_empty() {
        "index.html".into()
    } else {
        format!("{folder}/index.html")
    }
}

/// Page `number` (from 1) of a folder's listing: `kb/index.html`,
/// `kb/index-2.html`.
pub fn folder_listing_page(folder: &str, number: usize) -> String {
    if number <= 1 {
        folder_page(folder)
    } else if folder.is_empty() {
        format!("index-{number}.html")
    } else {
        format!("{folder}/index-{number}.html")
    }
}

/// `../` once per folder above `page`: the way back to the site root.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The URL path of the output file `to` from the site root: `/clients/%E4%B8%9C.html`.
pub fn absolute(to: &str) -> String {
    let encoded: Vec<String> = to
        .split('/')
        .map(|p| utf8_percent_encode(p, SEGMENT).to_string())
        .collect();
    format!("/{}", encoded.join("/"))
}

/// The folder of the page at `page`, with its closing `/` (`""` at the
/// site root): all that [`relative`] reads of the page it links from, so
/// pages of one folder share their links (the site menu is made once per
/// folder).
pub fn folder_of(page: &str) -> &str {
    memchr::memrchr(b'/', page.as_bytes()).map_or("", |at| &page[..at + 1])
}

/// The relative URL from the page at `from` to the output file `to`.
/// Every page links to dozens of others, so this is written without
/// intermediate lists: the shared folders are skipped, a `../` is put for
/// each folder left, and the rest is encoded straight into the result.
pub fn relative(from: &str, to: &str) -> String {
    let (mut out, common) = climb(from, to, to.len() * 3);
    push_encoded(&mut out, &to[common..]);
    out
}

/// The address of the output file `to` as a page at the site root writes
/// it: relative, percent-encoded, and never read as a scheme (a first
/// segment with a colon goes after `./`). The search index stores these,
/// and its script puts the way back to the root before them.
pub fn from_root(to: &str) -> String {
    relative("", to)
}

/// [`relative`] to an output file whose path is already encoded:
/// `to_encoded` is `to` as [`encoded`] gives it (pages link to the same
/// notes over and over, and most of a Chinese vault's paths are encoded).
pub fn relative_encoded(from: &str, to: &str, to_encoded: &str) -> String {
    let (mut out, common) = climb(from, to, to_encoded.len());
    // A `/` is never encoded: the folders shared are as many in both.
    let shared = to.as_bytes()[..common]
        .iter()
        .filter(|&&b| b == b'/')
        .count();
    let rest = match shared {
        0 => to_encoded,
        n => to_encoded
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'/')
            .nth(n - 1)
            .map_or("", |(at, _)| &to_encoded[at + 1..]),
    };
    out.push_str(rest);
    out
}

/// `text` encoded as [`SEGMENT`] says: a path, folders and all, or a
/// heading's slug for use after `#`.
pub fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    push_encoded(&mut out, text);
    out
}

/// The start of the relative URL from `from` to `to`, with room for
/// `rest` more bytes: a `../` for each folder of `from` that `to` is not
/// in; and how many bytes of `to` those shared folders take.
fn climb(from: &str, to: &str, rest: usize) -> (String, usize) {
    // Read as bytes: the paths are short, and `/` and `:` are ASCII.
    let from_dir = folder_of(from).as_bytes();
    let to_bytes = to.as_bytes();
    // The longest run of whole folders the two paths share: up to the
    // last `/` before they differ.
    let same = from_dir
        .iter()
        .zip(to_bytes)
        .take_while(|(a, b)| a == b)
        .count();
    let common = from_dir[..same]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |at| at + 1);
    let climbs = from_dir[common..].iter().filter(|&&b| b == b'/').count();
    let mut out = String::with_capacity(climbs * 3 + rest + 8);
    // `javascript:alert(1).html` would read as a scheme: a first segment
    // with a colon goes after `./`, which no browser reads as one.
    if climbs == 0
        && to_bytes[common..]
            .iter()
            .take_while(|&&b| b != b'/')
            .any(|&b| b == b':')
    {
        out.push_str("./");
    }
    for _ in 0..climbs {
        out.push_str("../");
    }
    (out, common)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_as_the_encoding_crate_encodes_them() {
        let pieces = [
            "客户", "a", "b c", "%", "#", "é", "🙂", "/", "?", "[", "\u{7f}", "\u{0}", "~", "-_.",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..state % 7 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut ours = String::new();
            push_encoded(&mut ours, &text);
            assert_eq!(
                ours,
                utf8_percent_encode(&text, SEGMENT).to_string(),
                "{text:?}"
            );
        }
        for b in 0..128u8 {
            let text = char::from(b).to_string();
            let mut ours = String::new();
            push_encoded(&mut ours, &text);
            assert_eq!(ours, utf8_percent_encode(&text, SEGMENT).to_string(), "{b}");
        }
    }

    #[test]
    fn pages_of_one_folder_link_alike() {
        assert_eq!(folder_of("index.html"), "");
        assert_eq!(folder_of("clients/甲.html"), "clients/");
        assert_eq!(folder_of("a/b/c.html"), "a/b/");
        for to in ["index.html", "clients.html", "a/b/d.html", "a/x.html"] {
            assert_eq!(relative("a/b/c.html", to), relative("a/b/other.html", to));
            assert_eq!(relative("one.html", to), relative("two.html", to));
        }
    }

    #[test]
    fn relative_urls_climb_and_encode() {
        assert_eq!(
            relative("index.html", "clients/东义.html"),
            "clients/%E4%B8%9C%E4%B9%89.html"
        );
        assert_eq!(relative("clients/a.html", "clients/b c.html"), "b%20c.html");
        assert_eq!(
            relative("clients/a.html", "projects/P001/w.html"),
            "../projects/P001/w.html"
        );
        assert_eq!(relative("a/b/c.html", "index.html"), "../../index.html");
        assert_eq!(relative("a/b/c.html", "a/index.html"), "../index.html");
        assert_eq!(relative("a/b/c.html", "a/b/d.html"), "d.html");
        assert_eq!(relative("a/x.html", "ab/y.html"), "../ab/y.html");
        assert_eq!(relative("ab/x.html", "a/y.html"), "../a/y.html");
        assert_eq!(relative("a/b/x.html", "a/c/y.html"), "../c/y.html");
        assert_eq!(relative("x.html", "x.html"), "x.html");
        assert_eq!(relative("a/x.html", "a/#b.html"), "%23b.html");
    }

    #[test]
    fn a_path_encoded_beforehand_gives_the_same_url() {
        let paths = [
            "index.html",
            "clients/东义.html",
            "clients/b c.html",
            "projects/P001/w.html",
            "a/b/c.html",
            "a/b/d.html",
            "a/index.html",
            "ab/y.html",
            "a/#b.html",
            "a/c/y.html",
            "会议/纪要/甲.html",
            "javascript:alert(1).html",
            "a/x:y.html",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(
                    relative_encoded(from, to, &encoded(to)),
                    relative(from, to),
                    "{from} → {to}"
                );
            }
        }
    }

    #[test]
    fn a_name_with_a_colon_never_reads_as_a_scheme() {
        assert_eq!(
            relative("index.html", "javascript:alert(1).html"),
            "./javascript:alert(1).html"
        );
        assert_eq!(
            relative("index.html", "javascript:alert(1)/x.html"),
            "./javascript:alert(1)/x.html"
        );
        assert_eq!(
            relative("a/b.html", "javascript:x/y.html"),
            "../javascript:x/y.html"
        );
        assert_eq!(
            relative("javascript:x/a.html", "javascript:x/data:y.html"),
            "./data:y.html"
        );
    }

    #[test]
    fn notes_never_replace_site_pages() {
        assert_eq!(note_page("kb/index-2.md"), "kb/index-2.note.html");
        assert_eq!(note_page("kb/index-x.md"), "kb/index-x.html");
        assert_eq!(note_page("notes-3.md"), "notes-3.note.html");
        assert_eq!(note_page("index.md"), "index.note.html");
        assert_eq!(note_page("problems.md"), "problems.note.html");
        assert_eq!(note_page("kb/index.md"), "kb/index.html");
        assert_eq!(note_page("clients/东义.md"), "clients/东义.html");
    }

    #[test]
    fn tags_have_pages_by_name_without_case() {
        assert_eq!(
            tag_page("#客户/重点").as_deref(),
            Some("_tags/客户/重点.html")
        );
        assert_eq!(
            tag_page("Key Account").as_deref(),
            Some("_tags/key-account.html")
        );
        assert_eq!(tag_page("a//b/").as_deref(), Some("_tags/a/b.html"));
        assert_eq!(tag_page("#"), None);
        assert_eq!(note_page("_tags/x.md"), "_tags/x.note.html");
    }

    #[test]
    fn root_prefix_matches_depth() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("a/b/c.html"), "../../");
    }
}
