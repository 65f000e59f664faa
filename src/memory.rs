//! Handing memory back to the system between the stages of a run. Reading
//! a vault makes and drops every note's text and front matter; the
//! allocator keeps the pages they lived in for later, so without this the
//! peak of a build counts them on top of what the pages of the site need
//! (at 50,000 clients, about 25 MiB; see bench/NOTES.md). The binary chooses the
//! allocator and so says how; the book says when.

use std::sync::OnceLock;

static RELEASE: OnceLock<fn()> = OnceLock::new();

/// Sets how memory the process no longer uses is returned (once; a later
/// call is ignored).
pub fn set_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Returns memory the process no longer uses, when the binary said how.
pub(crate) fn release_unused() {
    if let Some(release) = RELEASE.get() {
        release();
    }
}
