//! Putting a built site on disk atomically: everything is written into a
//! fresh folder beside the target, which then takes the target's place.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Site;
use crate::fsutil;
use crate::vault::walk::OUTPUT_MARKER;

const MARKER_TEXT: &str =
    "This folder is written by `dossier build` and replaced whole on every build.\n";

#[derive(Debug)]
pub enum OutputError {
    /// The folder may not be used (exit 2): it is the vault, holds the
    /// vault, or holds files dossier did not write.
    Refused(String),
    /// Writing failed; the previous output is untouched.
    Io(std::io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Refused(m) => f.write_str(m),
            OutputError::Io(e) => write!(f, "{e}"),
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `output` may be written to for the vault at `vault`.
pub fn check_output(output: &Path, vault: &Path) -> Result<(), OutputError> {
    let out = absolute(output);
    let out_real = out.canonicalize().unwrap_or_else(|_| out.clone());
    let vault_real = vault.canonicalize().unwrap_or_else(|_| absolute(vault));
    if vault_real.starts_with(&out_real) {
        return Err(OutputError::Refused(format!(
            "{}: the output folder would be the vault or hold it; choose another with -o",
            output.display()
        )));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(OutputError::Refused(format!(
                "{}: exists and is not a folder",
                output.display()
            )));
        }
        let ours = out.join(OUTPUT_MARKER).is_file();
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !ours && !empty {
            return Err(OutputError::Refused(format!(
                "{}: the folder is not empty and was not written by dossier; refusing to replace it",
                output.display()
            )));
        }
    }
    Ok(())
}

/// Writes `site` to `output`, replacing what dossier wrote there before.
/// Returns the number of files written.
pub fn write(site: &Site, output: &Path, vault: &Path) -> Result<usize, OutputError> {
    check_output(output, vault)?;
    let out = absolute(output);
    let parent = out.parent().ok_or_else(|| {
        OutputError::Refused(format!("{}: has no parent folder", output.display()))
    })?;
    fsutil::create_dir_all(parent).map_err(OutputError::Io)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.dossier-new-"))
        .tempdir_in(parent)
        .map_err(|e| {
            OutputError::Io(std::io::Error::new(
                e.kind(),
                format!("cannot create a folder in {}: {e}", parent.display()),
            ))
        })?;
    let written = fill(site, staging.path()).map_err(OutputError::Io)?;
    // The staging folder is complete: swap it in.
    let staging = staging.keep();
    let old = parent.join(format!(".{name}.dossier-old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old && let Err(e) = fsutil::rename(&out, &old) {
        let _ = fsutil::remove_dir_all(&staging);
        return Err(OutputError::Io(e));
    }
    if let Err(e) = fsutil::rename(&staging, &out) {
        if had_old {
            let _ = fsutil::rename(&old, &out);
        }
        let _ = fsutil::remove_dir_all(&staging);
        return Err(OutputError::Io(e));
    }
    if had_old && (old.join(OUTPUT_MARKER).is_file() || is_empty_dir(&old)) {
        let _ = fsutil::remove_dir_all(&old);
    }
    Ok(written)
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

fn fill(site: &Site, dir: &Path) -> std::io::Result<usize> {
    fsutil::write(&dir.join(OUTPUT_MARKER), MARKER_TEXT.as_bytes())?;
    let mut folders: Vec<&str> = site
        .pages
        .keys()
        .chain(site.copies.keys())
        .filter_map(|p| p.rsplit_once('/').map(|(d, _)| d))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        fsutil::create_dir_all(&dir.join(folder))?;
    }
    site.pages
        .par_iter()
        .try_for_each(|(path, bytes)| fsutil::write(&dir.join(path), bytes))?;
    site.copies
        .par_iter()
        .try_for_each(|(path, from)| fsutil::copy(from, &dir.join(path)).map(|_| ()))?;
    Ok(site.pages.len() + site.copies.len())
}
