//! Reading a note's file as text, as every reader of notes takes it (the
//! vault on disk and past versions from Git): through the gate, bounded,
//! with encodings that could hide a `private: true` refused.

use std::path::Path;

use super::lines::LineIndex;
use crate::config::Config;
use crate::diagnostics::message::IoProblem;
use crate::diagnostics::{Message, Pos};

/// A file that could not be read as text.
pub struct ReadError {
    pub message: crate::diagnostics::Message,
}

/// Reads a note's file as text: its size checked first, invalid UTF-8
/// replaced (with the position of the first bad byte), a BOM removed.
/// With the text, where its first invalid UTF-8 byte was (position and
/// byte offset), if any.
pub(super) fn read_text(
    path: &Path,
    config: &Config,
) -> Result<(String, Option<(Pos, usize)>), ReadError> {
    let too_large = |size: u64| ReadError {
        message: Message::FileTooLarge {
            bytes: size,
            limit: config.max_file_bytes,
        },
    };
    let bytes = match crate::gate::read_regular_bounded(path, config.max_file_bytes) {
        Ok(crate::gate::Bounded::Bytes(bytes)) => bytes,
        Ok(crate::gate::Bounded::TooLarge(size)) => return Err(too_large(size)),
        Err(err) => {
            return Err(ReadError {
                message: Message::FileUnreadable {
                    io: IoProblem::of(&err),
                },
            });
        }
    };
    decode_note(bytes)
}

/// A note's bytes as text, as every reader of notes takes them (the vault
/// on disk, and past versions from Git): UTF-16 and text with NUL bytes
/// refused, invalid UTF-8 replaced (with where its first bad byte was:
/// position and byte offset), a BOM removed, lone `\r` line ends made
/// `\n`.
pub fn decode_note(bytes: Vec<u8>) -> Result<(String, Option<(Pos, usize)>), ReadError> {
    // UTF-16 (with a byte-order mark, or without one, when every other
    // byte of Latin text is NUL) reads as UTF-8 with NULs or as garbage: a
    // `private: true` in it would not be seen, so it is not read at all.
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    if utf16 || memchr::memchr(0, &bytes).is_some() {
        return Err(ReadError {
            message: if utf16 {
                Message::FileUtf16
            } else {
                Message::FileNul
            },
        });
    }
    // Notes are mostly CJK text, where a SIMD check is several times faster
    // than the standard library's; only a file that fails it is looked at
    // again, for where its first bad byte is.
    let checked = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just validated these bytes as UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    };
    let (mut text, bad) = match checked {
        Ok(t) => (t, None),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let pos = LineIndex::new(prefix).pos(prefix, valid);
            (
                String::from_utf8_lossy(&bytes).into_owned(),
                Some((pos, valid)),
            )
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    lone_carriage_returns_to_newlines(&mut text);
    Ok((text, bad))
}

/// Line ends written as a lone `\r` (classic Mac OS) become `\n`, so that
/// front matter whose lines end so is read as front matter — and its
/// `private: true` seen — instead of being published as text. `\r\n`
/// stays as it is.
fn lone_carriage_returns_to_newlines(text: &mut String) {
    let bytes = text.as_bytes();
    let lone = memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'));
    if !lone {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    *text = out;
}
