//! Byte → character offsets, for the `cstart`/`cend` of every span.

/// Characters counted per checkpoint block.
const BLOCK: usize = 64;

/// Converts byte offsets of one text to character offsets in O(64) each.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// Characters starting before byte `k * BLOCK`.
    marks: Vec<u32>,
}

impl<'a> CharIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> CharIndex<'a> {
        let b = text.as_bytes();
        let mut marks = Vec::with_capacity(b.len() / BLOCK + 1);
        let mut count = 0u32;
        for chunk in b.chunks(BLOCK) {
            marks.push(count);
            count += chunk.iter().filter(|&&x| !is_continuation(x)).count() as u32;
        }
        marks.push(count);
        CharIndex { text, marks }
    }

    /// The character offset of byte offset `byte` (clamped to the text).
    pub fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let k = byte / BLOCK;
        let base = self.marks[k] as usize;
        base + self.text.as_bytes()[k * BLOCK..byte].iter().filter(|&&x| !is_continuation(x)).count()
    }
}

#[inline]
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_char_indices() {
        let s = "وصل الاثنين قائد جيش الاحتلال abc 😀 ".repeat(9);
        let idx = CharIndex::new(&s);
        for (ci, (bi, _)) in s.char_indices().enumerate() {
            assert_eq!(idx.char_at(bi), ci);
        }
        assert_eq!(idx.char_at(s.len()), s.chars().count());
    }
}
