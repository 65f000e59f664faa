//! The floor that `dossier build` is measured against: a plain program that
//! only walks the vault, splits front matter, parses the YAML, renders the
//! Markdown and writes one page per note, on every core. No checks, no
//! links, no templates.
//!
//! `cargo run --release --example floor -- VAULT OUT`

use std::path::Path;

use rayon::prelude::*;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let vault = args.next().expect("VAULT");
    let out = args.next().expect("OUT");
    let files: Vec<_> = walkdir::WalkDir::new(&vault)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let out = Path::new(&out);
    files
        .par_iter()
        .try_for_each(|path| -> std::io::Result<()> {
            let text = std::fs::read_to_string(path)?;
            let (yaml, body) = match text
                .strip_prefix("---\n")
                .and_then(|r| r.split_once("\n---\n"))
            {
                Some((yaml, body)) => (yaml, body),
                None => ("", text.as_str()),
            };
            let front: serde_json::Value = serde_saphyr::from_str(yaml).unwrap_or_default();
            let mut html = String::with_capacity(body.len() * 2);
            html.push_str("<!doctype html><title>");
            html.push_str(front.get("name").and_then(|n| n.as_str()).unwrap_or(""));
            html.push_str("</title>");
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
            let rel = path.strip_prefix(&vault).unwrap().with_extension("html");
            let target = out.join(rel);
            std::fs::create_dir_all(target.parent().unwrap())?;
            std::fs::write(target, html)
        })
}
