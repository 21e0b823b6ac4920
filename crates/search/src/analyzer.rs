//! The Arabic analyzer: the terms a text is indexed and searched under.
//!
//! Written here rather than taken from tantivy or Lucene because their Arabic
//! analyzers strip prefixes by rule (so لبنان loses its ل and بالصبر may keep
//! its ب) and know no spelling variants. This one reuses the marsad text
//! core: a word's term is the light stem of its matching key once the clitic
//! segmenter has taken off the conjunctions, prepositions, article and
//! pronoun it knows to be there (وبالصبر → صبر), with hamza forms, ta
//! marbuta and diacritics folded; spelling variants then map to one term
//! ([`crate::variants`]). The same function serves the index, the query and
//! the snippet, so they always agree, and every term keeps the span of the
//! whole original word, which is what a highlight marks (never a bare ال).

use marsad_text::{Document, Lexicon, TokenKind};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the analyzer is registered under in the index.
pub const NAME: &str = "marsad_ar";

/// A term with the byte span of its word in the original text and its
/// position (punctuation takes a position, so phrases do not match across it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The indexed form.
    pub text: String,
    /// Byte start of the word in the original.
    pub start: usize,
    /// Byte end of the word.
    pub end: usize,
    /// Word position.
    pub position: usize,
}

/// The terms of `text`, in order.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::with_capacity(text.len() / 8);
    each_term(text, |t, start, end, position| {
        out.push(Term { text: t.to_string(), start, end, position });
        true
    });
    out
}

/// Calls `f(term, start, end, position)` for each term of `text` in order,
/// until `f` returns false. The same terms as analysing the whole text at
/// once: a word's term never depends on the words around it (a test checks
/// this), so each whitespace-separated piece is analysed on its own and
/// remembered. News text repeats its words, so most pieces are looked up,
/// not analysed; that made snippets and indexing several times cheaper.
pub fn each_term(text: &str, mut f: impl FnMut(&str, usize, usize, usize) -> bool) {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let mut position = 0;
        for (at, piece) in pieces(text) {
            let owned;
            let analysed = match memo.get(piece) {
                Some(a) => a,
                None => {
                    owned = analyse(piece);
                    if piece.len() > MEMO_WORD_BYTES {
                        &owned
                    } else {
                        if memo.len() >= MEMO_WORDS {
                            memo.clear();
                        }
                        memo.entry(piece.into()).or_insert(owned)
                    }
                }
            };
            for t in analysed.terms.iter() {
                let (start, end) = (at + t.start as usize, at + t.end as usize);
                if !f(&t.text, start, end, position + t.position as usize) {
                    return;
                }
            }
            position += analysed.tokens as usize;
        }
    });
}

/// Pieces remembered per thread (about 100 bytes each); the memo starts
/// afresh when full.
const MEMO_WORDS: usize = 100_000;

/// Longer pieces (URLs, runs of symbols) are analysed every time.
const MEMO_WORD_BYTES: usize = 64;

thread_local! {
    static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Piece>> = Default::default();
}

/// The terms of one whitespace-separated piece, offsets within it.
struct Piece {
    terms: Box<[PieceTerm]>,
    /// Tokens in the piece (punctuation included: each takes a position).
    tokens: u32,
}

struct PieceTerm {
    text: Box<str>,
    start: u32,
    end: u32,
    position: u32,
}

fn analyse(piece: &str) -> Piece {
    let doc = Document::new(piece);
    let mut terms = Vec::new();
    for (position, t) in doc.tokens().iter().enumerate() {
        let Some(term) = term_of(&doc, t) else { continue };
        let text = crate::variants::canonical(&term).map_or(term, str::to_string);
        terms.push(PieceTerm { text: text.into(), start: t.start, end: t.end, position: position as u32 });
    }
    Piece { terms: terms.into(), tokens: doc.tokens().len() as u32 }
}

/// Maximal runs of non-whitespace, with their byte starts.
fn pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let tail = &text[rest..];
        let start = rest + tail.find(|c: char| !c.is_whitespace())?;
        let len = text[start..].find(char::is_whitespace).unwrap_or(text.len() - start);
        rest = start + len;
        Some((start, &text[start..rest]))
    })
}

/// A token's term before spelling variants are folded; `None` for what is
/// not searched (punctuation, quotation marks, symbols).
pub(crate) fn term_of(doc: &Document<'_>, t: &marsad_text::Token) -> Option<String> {
    match t.kind {
        TokenKind::Punct | TokenKind::Quote | TokenKind::Symbol => None,
        TokenKind::Arabic => {
            let key = doc.stem_key(t);
            // A word that is all clitics (بها, لهم) keeps its whole key.
            if key.is_empty() {
                return Some(doc.key(t).to_string());
            }
            // A name is never cut into: لبنان is not the dual of لبن.
            let info = Lexicon::get().key_info(key.as_bytes());
            Some(if info.name || info.keep { key.to_string() } else { doc.light_stem(t) })
        }
        _ => Some(doc.key(t).to_lowercase()),
    }
}

/// [`terms`] as a tantivy tokenizer.
#[derive(Clone, Default)]
pub struct ArabicTokenizer {
    token: Token,
}

/// The terms of one text, handed to tantivy one at a time.
pub struct Stream<'a> {
    terms: std::vec::IntoIter<Term>,
    token: &'a mut Token,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = Stream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Stream<'a> {
        self.token.reset();
        Stream { terms: terms(text).into_iter(), token: &mut self.token }
    }
}

impl TokenStream for Stream<'_> {
    fn advance(&mut self) -> bool {
        let Some(t) = self.terms.next() else { return false };
        self.token.text = t.text;
        self.token.offset_from = t.start;
        self.token.offset_to = t.end;
        self.token.position = t.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        terms(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn clitics_and_article_come_off() {
        let t = texts("الصبر بالصبر وبالصبر");
        assert_eq!(t[0], t[1]);
        assert_eq!(t[1], t[2]);
    }

    #[test]
    fn diacritics_and_hamza_forms_fold() {
        assert_eq!(texts("الصَّبْرُ"), texts("الصبر"));
        assert_eq!(texts("أمريكا"), texts("امريكا"));
    }

    #[test]
    fn names_keep_their_first_letter() {
        // ل of لبنان is not a preposition.
        assert_eq!(texts("لبنان"), vec!["لبنان".to_string()]);
    }

    #[test]
    fn spans_are_whole_original_words() {
        let s = "قال: وبالصبر نصل.";
        let t = terms(s);
        let words: Vec<&str> = t.iter().map(|t| &s[t.start..t.end]).collect();
        assert_eq!(words, ["قال", "وبالصبر", "نصل"]);
        // The colon takes a position between قال and وبالصبر.
        assert_eq!(t[1].position, 2);
    }

    /// What [`each_term`] relies on: analysing the whole text at once
    /// gives the same terms, spans and positions as piece by piece.
    #[test]
    fn pieces_agree_with_the_whole_text() {
        let texts = [
            include_str!("../../../examples/seed/article.txt"),
            "قال: «وبالصبر» نصل… إلى 2020م، و(الولايات المتحدة) - AFP/Reuters 3.5% U.S.",
            "  \t\n",
            "",
        ];
        for text in texts {
            let doc = Document::new(text);
            let mut whole = Vec::new();
            for (position, t) in doc.tokens().iter().enumerate() {
                let Some(term) = term_of(&doc, t) else { continue };
                let term = crate::variants::canonical(&term).map_or(term, str::to_string);
                whole.push(Term { text: term, start: t.start as usize, end: t.end as usize, position });
            }
            assert_eq!(terms(text), whole, "{text}");
            // Twice: the second time every piece comes from the memo.
            assert_eq!(terms(text), whole, "{text}");
        }
    }

    #[test]
    fn latin_is_lowercased_punctuation_skipped() {
        assert_eq!(texts("Reuters, AFP!"), vec!["reuters".to_string(), "afp".to_string()]);
    }
}
