//! Embeds the example vault in the binary, for `dossier init --demo`: a
//! list of its files (path, bytes) written to `OUT_DIR/example_vault.rs`.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // The site a build writes into the example, and hidden files.
        if name.starts_with('.') || name == "public" {
            continue;
        }
        if path.is_dir() {
            files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-vault");
    println!("cargo:rerun-if-changed=example-vault");
    let mut found = Vec::new();
    files(&root, &mut found);
    let mut code = String::from(
        "/// The example vault's files: (path in the vault, bytes).\npub const EXAMPLE_VAULT: &[(&str, &[u8])] = &[\n",
    );
    for path in &found {
        let rel = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("example_vault.rs");
    std::fs::write(out, code)
        .unwrap_or_else(|e| panic!("cannot write the example vault's list: {e}"));
}
