//! The one gate through which dossier reads, writes and deletes files.
//!
//! Every file dossier touches — notes, attachments, `dossier.toml`,
//! templates, style sheets, `.obsidian/*.json`, its cache, the site it
//! writes, the past vaults of `--at`, `init`'s files — passes here, so that
//! the rules hold by construction instead of per feature:
//!
//! - reads take regular files only (a FIFO would block, `/dev/zero` never
//!   ends), each under a size bound, and, where a folder is named, only
//!   when the path with every symlink resolved stays inside it;
//! - writes never follow a symlink at any step below the folder they are
//!   confined to (`O_NOFOLLOW` on the file, `symlink_metadata` on each
//!   folder right before it is used);
//! - deletions take only entries of folders dossier made or marked, never
//!   through a symlink.
//!
//! `tests/layers.rs` fails when a file is opened, read, written or removed
//! anywhere else in `src/`. `docs/safety.md` lists what is refused.

mod read;
pub mod temp;
mod write;

use std::io;
use std::path::Path;

use read::open_regular;
pub use read::{Bounded, Refused, read_inside, read_regular, read_regular_bounded, read_setting};
pub use write::{
    check_writable, copy_inside, create, create_dir_all, create_dirs_inside, exchange, list_dir,
    lock, remove_dir_all, remove_empty_dir_inside, remove_file_inside, rename, replace_inside,
    write, write_inside,
};

/// The bound on a template or style sheet of `VAULT/templates/`.
pub const TEMPLATE_MAX_BYTES: u64 = 1 << 20;
/// The bound on `dossier.toml` (the vault's or `--config`).
pub const CONFIG_MAX_BYTES: u64 = 1 << 20;
/// The bound on one of Obsidian's settings files (`.obsidian/*.json`).
pub const SETTINGS_MAX_BYTES: u64 = 1 << 20;
/// The bound on one of dossier's cache files; a larger one is discarded.
pub const CACHE_MAX_BYTES: u64 = 512 << 20;

fn with_path(err: io::Error, action: &str, path: &Path) -> io::Error {
    io::Error::new(
        err.kind(),
        format!("cannot {action} {}: {err}", path.display()),
    )
}

#[cfg(test)]
mod tests;
