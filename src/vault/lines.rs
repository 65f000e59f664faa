//! Byte offsets to whole-file line and column numbers.

use crate::diagnostics::Pos;

/// The start of every line of one text, for turning byte offsets into
/// 1-based lines and character columns.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { starts }
    }

    /// The byte offset of `pos` in `text`, when the position is in it.
    pub fn offset(&self, text: &str, pos: Pos) -> Option<usize> {
        let start = *self.starts.get(pos.line.checked_sub(1)? as usize)?;
        let line = &text[start..];
        let column = pos.column.checked_sub(1)? as usize;
        match line.char_indices().nth(column) {
            Some((k, _)) => Some(start + k),
            None => (line.chars().count() == column).then_some(text.len()),
        }
    }

    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let end = offset.min(text.len());
        let column = text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        Pos::new(line as u32 + 1, column as u32 + 1)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\n东义 [x](y)\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(text, 0), Pos::new(1, 1));
        let bracket = text.find('[').unwrap();
        assert_eq!(idx.pos(text, bracket), Pos::new(2, 4));
    }
}
