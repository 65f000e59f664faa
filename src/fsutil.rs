//! File-system calls whose errors name the path they were about.

use std::io;
use std::path::Path;

fn with_path(err: io::Error, action: &str, path: &Path) -> io::Error {
    io::Error::new(
        err.kind(),
        format!("cannot {action} {}: {err}", path.display()),
    )
}

pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| with_path(e, "read", path))
}

pub fn read_to_string(path: &Path) -> io::Result<String> {
    std::fs::read_to_string(path).map_err(|e| with_path(e, "read", path))
}

pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(path, bytes).map_err(|e| with_path(e, "write", path))
}

pub fn create_dir_all(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path).map_err(|e| with_path(e, "create folder", path))
}

pub fn copy(from: &Path, to: &Path) -> io::Result<u64> {
    std::fs::copy(from, to).map_err(|e| with_path(e, "copy", from))
}

pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::rename(from, to).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot move {} to {}: {e}", from.display(), to.display()),
        )
    })
}

pub fn remove_dir_all(path: &Path) -> io::Result<()> {
    std::fs::remove_dir_all(path).map_err(|e| with_path(e, "remove", path))
}
