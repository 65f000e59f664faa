//! The front-matter tree is built from serde-saphyr's parser events for
//! speed. This test keeps the straightforward serde way — a visitor reading
//! `serde_saphyr::Spanned` for every key and value — as the reference, and
//! checks that both give the same values at the same positions for every
//! note of the example vault, the fixtures and a generated vault.

use std::fmt;
use std::path::Path;

use dossier::vault::frontmatter::{Split, split, strip_bom};
use dossier::vault::yaml::{self, Node, Value};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// The reference tree: values as serde-saphyr resolves them, with spans.
#[derive(Debug)]
enum Ref {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Ref>>),
    Map(Vec<(Spanned<Ref>, Spanned<Ref>)>),
}

impl<'de> Deserialize<'de> for Ref {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RefVisitor)
    }
}

struct RefVisitor;

impl<'de> Visitor<'de> for RefVisitor {
    type Value = Ref;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Ref, E> {
        Ok(Ref::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Ref, E> {
        Ok(Ref::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Ref, E> {
        Ok(Ref::Int(v as i64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Ref, E> {
        Ok(Ref::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Ref, E> {
        Ok(Ref::Str(v.to_owned()))
    }
    fn visit_unit<E>(self) -> Result<Ref, E> {
        Ok(Ref::Null)
    }
    fn visit_none<E>(self) -> Result<Ref, E> {
        Ok(Ref::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ref, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Ref::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ref, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Ref::Map(entries))
    }
}

fn reference(text: &str) -> Spanned<Ref> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
    };
    serde_saphyr::from_str_with_options(text, options).expect("reference parse")
}

fn same(ours: &Node, theirs: &Spanned<Ref>, at: &str) {
    let (line, column) = (
        theirs.referenced.line() as u32,
        theirs.referenced.column() as u32,
    );
    if !matches!(theirs.value, Ref::Null) {
        assert_eq!(
            (ours.pos.line, ours.pos.column),
            (line, column),
            "{at}: position"
        );
    }
    match (&ours.value, &theirs.value) {
        (Value::Null, Ref::Null) => {}
        (Value::Bool(a), Ref::Bool(b)) => assert_eq!(a, b, "{at}"),
        (Value::Int(a, _), Ref::Int(b)) => assert_eq!(a, b, "{at}"),
        (Value::Float(a, _), Ref::Float(b)) => assert_eq!(a, b, "{at}"),
        (Value::Str(a), Ref::Str(b)) => assert_eq!(a, b, "{at}"),
        (Value::Seq(a), Ref::Seq(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: list length");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Map(a), Ref::Map(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: mapping size");
            for ((k, v), (rk, rv)) in a.iter().zip(b) {
                let name = match &rk.value {
                    Ref::Str(s) => s.clone(),
                    Ref::Int(i) => i.to_string(),
                    other => format!("{other:?}"),
                };
                assert_eq!(k.name, name, "{at}: key");
                assert_eq!(
                    (k.pos.line, k.pos.column),
                    (rk.referenced.line() as u32, rk.referenced.column() as u32),
                    "{at}.{name}: key position"
                );
                same(v, rv, &format!("{at}.{name}"));
            }
        }
        (a, b) => panic!("{at}: {a:?} against {b:?}"),
    }
}

fn compare_folder(root: &Path) -> usize {
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") || !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Split::Found { yaml, .. } = split(strip_bom(&text)) else {
            continue;
        };
        let Ok(ours) = yaml::parse(yaml) else {
            continue;
        };
        if yaml.contains('&') || yaml.trim().is_empty() {
            continue;
        }
        same(&ours, &reference(yaml), &path.display().to_string());
        compared += 1;
    }
    compared
}

#[test]
fn event_tree_matches_serde_saphyr_spanned_on_the_example_vault_and_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let n =
        compare_folder(&root.join("example-vault")) + compare_folder(&root.join("tests/fixtures"));
    assert!(n > 30, "only {n} notes compared");
}

#[test]
fn event_tree_matches_serde_saphyr_spanned_on_a_generated_vault() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--example",
            "gen_vault",
            "--",
            "--clients",
            "200",
            "--seed",
            "3",
        ])
        .arg(dir.path().join("v"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success());
    assert!(compare_folder(&dir.path().join("v")) >= 200);
}
