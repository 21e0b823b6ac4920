//! The three aligned layers of a text: original, analysis (`norm`) and
//! matching key (`key`).
//!
//! Written by hand because no crate keeps an alignment from a normalised
//! Arabic string back to the original bytes (HF tokenizers' `NormalizedString`
//! does, but drags in the whole tokenizer stack). The alignment is a short
//! list of segments, one per run of copied text or per replaced character, so
//! text without diacritics costs one segment.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::chars::{is_dropped, key_fold};

/// A run of the analysis layer and the original bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    /// Start of the run in `norm`.
    norm: u32,
    /// Start of the run in the original.
    orig: u32,
    /// End of the run in the original, including marks attached to its last
    /// character (a word's final haraka belongs to the word).
    orig_end: u32,
    /// A copy maps byte for byte; a replacement maps as a whole.
    copy: bool,
}

/// A text with its analysis layer and matching key, both mappable back to
/// exact spans of the original.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    norm: String,
    key: String,
    segs: Vec<Seg>,
}

/// What the analysis layer does with one original character.
enum Action {
    Keep,
    /// Dropped, and attached to the preceding character (harakat, tatweel).
    Attach,
    /// Dropped without attaching (bidi and zero-width controls).
    Drop,
    Replace(Replacement),
}

enum Replacement {
    Char(char),
    Text(String),
}

#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

#[inline]
fn action(c: char) -> Action {
    // Fast path: ASCII and the plain Arabic letters need no work.
    if ((c as u32) < 0x80 && !c.is_ascii_control())
        || c == '\n'
        || c == '\t'
        || ('\u{0621}'..='\u{063A}').contains(&c)
        || ('\u{0641}'..='\u{064A}').contains(&c)
    {
        return Action::Keep;
    }
    if is_dropped(c) {
        return if is_mark(c) { Action::Attach } else { Action::Drop };
    }
    if c.is_control() && !c.is_whitespace() {
        // NUL and other controls carry nothing to read.
        return Action::Drop;
    }
    match c {
        '\u{0660}'..='\u{0669}' => Action::Replace(Replacement::Char(char::from(b'0' + (c as u32 - 0x0660) as u8))),
        '\u{06F0}'..='\u{06F9}' => Action::Replace(Replacement::Char(char::from(b'0' + (c as u32 - 0x06F0) as u8))),
        '\u{066B}' => Action::Replace(Replacement::Char('.')),
        '\u{066C}' => Action::Replace(Replacement::Char(',')),
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => {
            let folded: String = c.nfkc().filter(|&d| !is_dropped(d)).collect();
            if folded.contains(' ') && !folded.trim().is_empty() {
                // A whole phrase in one sign (ﷺ, ﷽): a symbol, not words
                // that would share one original span.
                Action::Keep
            } else if folded.trim().is_empty() {
                // Isolated harakat forms: a mark, nothing to read.
                Action::Attach
            } else {
                Action::Replace(Replacement::Text(folded))
            }
        }
        _ => Action::Keep,
    }
}

/// The length of the character at `i` when it is printable ASCII or a plain
/// Arabic letter, which [`action`] keeps; 0 when it needs [`action`]. Saves
/// decoding the common characters.
#[inline]
fn kept_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        0x20..=0x7E | b'\n' | b'\t' => 1,
        // U+0621..=U+063A and U+0641..=U+064A.
        0xD8 if b.get(i + 1).is_some_and(|c| (0xA1..=0xBA).contains(c)) => 2,
        0xD9 if b.get(i + 1).is_some_and(|c| (0x81..=0x8A).contains(c)) => 2,
        _ => 0,
    }
}

impl NormalizedText {
    /// Builds the layers of `original`.
    pub fn new(original: &str) -> NormalizedText {
        let mut norm = String::with_capacity(original.len());
        let mut segs: Vec<Seg> = Vec::new();
        // The open copy run, if the last character was kept.
        let mut run_open = false;
        let mut pending = 0usize; // start of uncopied kept bytes in original
        let flush = |norm: &mut String, segs: &mut Vec<Seg>, from: usize, to: usize, run_open: &mut bool| {
            if from < to {
                if *run_open {
                    if let Some(last) = segs.last_mut() {
                        last.orig_end = to as u32;
                    }
                } else {
                    segs.push(Seg { norm: norm.len() as u32, orig: from as u32, orig_end: to as u32, copy: true });
                    *run_open = true;
                }
                norm.push_str(&original[from..to]);
            }
        };
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let n = kept_len(bytes, i);
            if n > 0 {
                i += n;
                continue;
            }
            let Some(c) = original.get(i..).and_then(|s| s.chars().next()) else { break };
            let next = i + c.len_utf8();
            match action(c) {
                Action::Keep => i = next,
                act => {
                    flush(&mut norm, &mut segs, pending, i, &mut run_open);
                    let end = i + c.len_utf8();
                    match act {
                        Action::Attach => {
                            if let Some(last) = segs.last_mut() {
                                last.orig_end = end as u32;
                            }
                            run_open = false;
                        }
                        Action::Drop => run_open = false,
                        Action::Replace(r) => {
                            segs.push(Seg {
                                norm: norm.len() as u32,
                                orig: i as u32,
                                orig_end: end as u32,
                                copy: false,
                            });
                            match r {
                                Replacement::Char(d) => norm.push(d),
                                Replacement::Text(t) => norm.push_str(&t),
                            }
                            run_open = false;
                        }
                        Action::Keep => {}
                    }
                    pending = end;
                    i = next;
                }
            }
        }
        flush(&mut norm, &mut segs, pending, original.len(), &mut run_open);
        let key = key_layer(&norm);
        NormalizedText { norm, key, segs }
    }

    /// The analysis layer.
    pub fn norm(&self) -> &str {
        &self.norm
    }

    /// The matching key: the analysis layer with hamza carriers, alef maqsura
    /// and taa marbuta folded. Same byte length and offsets as [`norm`](Self::norm).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The original span of the analysis-layer span `range`.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.orig_start(range.start);
        if range.end <= range.start {
            return start..start;
        }
        start..self.orig_end(range.end).max(start)
    }

    fn seg_len(&self, k: usize) -> u32 {
        let next = self.segs.get(k + 1).map_or(self.norm.len() as u32, |s| s.norm);
        next - self.segs[k].norm
    }

    /// Original offset where the analysis-layer character at `n` starts.
    pub fn orig_start(&self, n: usize) -> usize {
        let n = n as u32;
        let k = self.segs.partition_point(|s| s.norm <= n);
        if k == 0 {
            return 0;
        }
        let s = self.segs[k - 1];
        if n - s.norm >= self.seg_len(k - 1) {
            // Past the last segment: the end of the original.
            return s.orig_end as usize;
        }
        if s.copy {
            (s.orig + (n - s.norm)) as usize
        } else {
            s.orig as usize
        }
    }

    /// Original offset where the analysis-layer character ending at `n` ends.
    pub fn orig_end(&self, n: usize) -> usize {
        let n = n as u32;
        let k = self.segs.partition_point(|s| s.norm < n);
        if k == 0 {
            return 0;
        }
        let s = self.segs[k - 1];
        if n - s.norm >= self.seg_len(k - 1) || !s.copy {
            s.orig_end as usize
        } else {
            (s.orig + (n - s.norm)) as usize
        }
    }
}

/// Folds the analysis layer into the matching key in place of a copy: every
/// fold keeps the byte length, so only changed letters are rewritten.
fn key_layer(norm: &str) -> String {
    let b = norm.as_bytes();
    let mut key = String::with_capacity(norm.len());
    let mut from = 0;
    let mut i = 0;
    // Every folded letter is two bytes led by 0xD8..=0xDB, a byte that is
    // never inside another character: the rest is stepped over unread.
    while i < b.len() {
        if !matches!(b[i], 0xD8..=0xDB) {
            i += 1;
            continue;
        }
        let Some(c) = norm.get(i..).and_then(|s| s.chars().next()) else { break };
        let k = key_fold(c);
        if k != c {
            key.push_str(&norm[from..i]);
            key.push(k);
            from = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    key.push_str(&norm[from..]);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(t: &NormalizedText, orig: &str, needle: &str) -> String {
        let at = t.norm().find(needle).expect("needle in norm");
        orig[t.to_original(at..at + needle.len())].to_string()
    }

    #[test]
    fn plain_text_is_one_segment() {
        let t = NormalizedText::new("وصل قائد الجيش");
        assert_eq!(t.norm(), "وصل قائد الجيش");
        assert_eq!(t.segs.len(), 1);
        assert_eq!(t.to_original(0..6), 0..6);
    }

    #[test]
    fn drops_harakat_and_tatweel_but_spans_keep_them() {
        let o = "وَقَّعَ اتفاقـــية";
        let t = NormalizedText::new(o);
        assert_eq!(t.norm(), "وقع اتفاقية");
        assert_eq!(back(&t, o, "وقع"), "وَقَّعَ");
        assert_eq!(back(&t, o, "اتفاقية"), "اتفاقـــية");
        assert_eq!(back(&t, o, "قع"), "قَّعَ");
    }

    #[test]
    fn drops_superscript_alef_and_quranic_marks() {
        let t = NormalizedText::new("هٰذا ﷺ ﷲ");
        assert_eq!(t.norm(), "هذا ﷺ الله");
    }

    #[test]
    fn drops_bidi_and_zero_width_without_attaching() {
        let o = "\u{200F}مصر\u{200E} و\u{200C}ليبيا\u{2066}";
        let t = NormalizedText::new(o);
        assert_eq!(t.norm(), "مصر وليبيا");
        assert_eq!(back(&t, o, "مصر"), "مصر");
        assert_eq!(back(&t, o, "وليبيا"), "و\u{200C}ليبيا");
    }

    #[test]
    fn digits_read_as_digits() {
        let o = "عام ٢٠٢٠ و۱۹۹۰ و٧٫٥";
        let t = NormalizedText::new(o);
        assert_eq!(t.norm(), "عام 2020 و1990 و7.5");
        assert_eq!(back(&t, o, "2020"), "٢٠٢٠");
        assert_eq!(back(&t, o, "0"), "٢٠٢٠"[2..4].to_string());
        assert_eq!(back(&t, o, "7.5"), "٧٫٥");
    }

    #[test]
    fn presentation_forms_fold_to_letters() {
        let o = "ﻻ ﺍﻟﺴﻼﻡ";
        let t = NormalizedText::new(o);
        assert_eq!(t.norm(), "لا السلام");
        assert_eq!(back(&t, o, "لا"), "ﻻ");
        assert_eq!(back(&t, o, "السلام"), "ﺍﻟﺴﻼﻡ");
        // Half of a ligature maps to the whole ligature.
        assert_eq!(back(&t, o, "ل"), "ﻻ");
    }

    #[test]
    fn key_folds_hamza_yeh_taa() {
        let t = NormalizedText::new("أإآٱ ى ة ؤ ئ إسرائيل");
        assert_eq!(t.key(), "اااا ي ه و ي اسراييل");
        assert_eq!(t.key().len(), t.norm().len());
    }

    #[test]
    fn leading_marks_and_empty_input() {
        let t = NormalizedText::new("");
        assert_eq!(t.norm(), "");
        assert_eq!(t.to_original(0..0), 0..0);
        let o = "\u{064E}\u{200F}ب";
        let t = NormalizedText::new(o);
        assert_eq!(t.norm(), "ب");
        assert_eq!(&o[t.to_original(0..2)], "ب");
    }
}
