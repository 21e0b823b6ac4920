//! Snippets: the passage of a hit's text that shows the query's words.
//!
//! tantivy's `SnippetGenerator` runs the analyzer over all the text it is
//! given and scores every fragment; with the Arabic analyzer that was more
//! than half of a search's time. Here the text is read from the start only
//! up to the first word that matches (a news article's lead usually holds
//! the words it is found by), and the passage is the one around it. The
//! analyzer is the index's own, so a highlight is a word the index matched,
//! and its span is the whole original word.

use rustc_hash::FxHashSet;

use crate::analyzer::each_term;

/// Snippet length in bytes (about 150 Arabic letters).
pub(crate) const SNIPPET_BYTES: usize = 300;

/// Context kept before the first highlight.
const BEFORE: usize = 60;

/// A passage of an article's text with the words that matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Its byte start in the article text.
    pub start: usize,
    /// Byte ranges of the matched words in the article text (whole
    /// original words, clitics and diacritics included).
    pub highlights: Vec<[usize; 2]>,
}

impl Snippet {
    /// The opening of a text (for hits found by filters alone).
    pub(crate) fn lead(text: &str) -> Snippet {
        // A first word longer than a snippet is cut, not dropped.
        let end = match word_floor(text, SNIPPET_BYTES) {
            0 => char_floor(text, SNIPPET_BYTES),
            n => n,
        };
        Snippet { text: text[..end].to_string(), start: 0, highlights: Vec::new() }
    }

    /// The passage of `text` around the first words whose terms are in
    /// `wanted`; the lead when none is.
    pub(crate) fn find(text: &str, wanted: &FxHashSet<String>) -> Snippet {
        if wanted.is_empty() {
            return Snippet::lead(text);
        }
        let mut first = None;
        each_term(text, |t, start, _, _| {
            if wanted.contains(t) {
                first = Some(start);
            }
            first.is_none()
        });
        let Some(first) = first else { return Snippet::lead(text) };
        let start = word_ceil(text, first.saturating_sub(BEFORE)).min(first);
        let end = word_floor(text, start + SNIPPET_BYTES).max(word_ceil(text, first + 1));
        let passage = text[start..end].trim_end();
        let mut highlights = Vec::new();
        each_term(passage, |t, s, e, _| {
            if wanted.contains(t) {
                highlights.push([start + s, start + e]);
            }
            true
        });
        Snippet { text: passage.to_string(), start, highlights }
    }

    /// The passage cut at its highlights: `(text, matched)` pieces in
    /// order, which together are the passage.
    pub fn parts(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for [start, end] in &self.highlights {
            let (Some(a), Some(b)) = (start.checked_sub(self.start), end.checked_sub(self.start)) else { continue };
            if a < at || b > self.text.len() || !self.text.is_char_boundary(a) || !self.text.is_char_boundary(b) {
                continue;
            }
            if a > at {
                out.push((&self.text[at..a], false));
            }
            out.push((&self.text[a..b], true));
            at = b;
        }
        if at < self.text.len() {
            out.push((&self.text[at..], false));
        }
        out
    }

    /// The passage with the matched words between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        for (text, matched) in self.parts() {
            if matched {
                out.push_str(open);
                out.push_str(text);
                out.push_str(close);
            } else {
                out.push_str(text);
            }
        }
        out
    }
}

/// The end of the last whole word at or before byte `n` (`n` itself when it
/// falls between words, 0 inside the first word, the text's end past it).
fn word_floor(text: &str, n: usize) -> usize {
    if n >= text.len() {
        return text.len();
    }
    let head = &text[..char_floor(text, n)];
    match text[head.len()..].chars().next() {
        Some(c) if !c.is_whitespace() => head.rfind(char::is_whitespace).unwrap_or(0),
        _ => head.len(),
    }
}

/// The start of the first whole word at or after byte `n` (the text's end
/// when there is none).
fn word_ceil(text: &str, n: usize) -> usize {
    if n >= text.len() {
        return text.len();
    }
    let mut at = n;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    if !text[..at].chars().next_back().is_none_or(char::is_whitespace) {
        // Inside a word: go to its end.
        at += text[at..].find(char::is_whitespace).unwrap_or(text.len() - at);
    }
    at + text[at..].find(|c: char| !c.is_whitespace()).unwrap_or(text.len() - at)
}

/// The largest character boundary of `text` at or before byte `n`.
fn char_floor(text: &str, n: usize) -> usize {
    let mut end = n.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analyzer::terms;

    fn wanted(words: &str) -> FxHashSet<String> {
        terms(words).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn marked_wraps_the_highlights() {
        let s = Snippet { text: "قال وبالصبر نصل".into(), start: 10, highlights: vec![[10 + 7, 10 + 21]] };
        assert_eq!(s.marked("[", "]"), "قال [وبالصبر] نصل");
    }

    #[test]
    fn word_bounds_never_cut_a_word() {
        let t = "قال الوزير إن";
        for n in 0..=t.len() + 3 {
            let (f, c) = (word_floor(t, n), word_ceil(t, n));
            assert!(t.is_char_boundary(f) && t.is_char_boundary(c), "{n}");
            assert!(f == 0 || f == t.len() || t[f..].starts_with(' '), "floor {n} → {f}");
            assert!(c == t.len() || c == 0 || (t[..c].ends_with(' ') && !t[c..].starts_with(' ')), "ceil {n} → {c}");
            assert!(c >= n.min(t.len()), "ceil {n} → {c}");
        }
    }

    #[test]
    fn a_match_past_the_first_piece_is_found() {
        let filler = "كلام عادي في الخبر ".repeat(80);
        let text = format!("{filler}ثم قال وبالصبر نصل إلى الهدف");
        let s = Snippet::find(&text, &wanted("الصبر"));
        let words: Vec<&str> = s.highlights.iter().map(|[a, b]| &text[*a..*b]).collect();
        assert_eq!(words, ["وبالصبر"]);
        assert!(s.text.contains("وبالصبر") && s.text.len() <= SNIPPET_BYTES + 20);
        assert_eq!(&text[s.start..s.start + s.text.len()], s.text);
    }

    #[test]
    fn no_match_gives_the_lead() {
        let s = Snippet::find("نص لا يحوي الكلمة", &wanted("الصبر"));
        assert!(s.highlights.is_empty());
        assert_eq!(s.start, 0);
    }
}
