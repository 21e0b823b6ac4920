//! # marsad-text
//!
//! The offset-preserving Arabic text core of marsad.
//!
//! Brief overview: [`Document::new`] normalises a text into aligned layers
//! ([`NormalizedText`]: original → analysis layer → matching key), splits it
//! into [`Token`]s and [`Sentence`]s, and segments every Arabic word into its
//! [`Clitics`]. Every span maps back to an exact span of the original.
//!
//! ```
//! use marsad_text::Document;
//!
//! let text = "وَصَلَ قائد الجيش والرباط. ثم غادر";
//! let doc = Document::new(text);
//! assert_eq!(doc.sentences().len(), 2);
//! let t = &doc.tokens()[0];
//! assert_eq!(doc.text(t), "وَصَلَ");      // the original span
//! assert_eq!(doc.norm(t), "وصل");         // the analysis layer
//! let w = &doc.tokens()[3];
//! assert_eq!(doc.stem(w), "رباط");        // و + ال + رباط
//! ```
#![deny(missing_docs)]

pub mod chars;
pub mod clitic;
pub mod lexicon;
pub mod normalize;
pub mod offsets;
pub mod sentence;
pub mod stem;
pub mod token;

use std::ops::Range;

pub use clitic::{Clitics, Proclitic};
pub use lexicon::Lexicon;
pub use normalize::NormalizedText;
pub use offsets::CharIndex;
pub use token::{Gap, TokenKind};

/// One token with its spans in the original and in the analysis layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte start in the original.
    pub start: u32,
    /// Byte end in the original.
    pub end: u32,
    /// Byte start in the analysis layer (and the key).
    pub nstart: u32,
    /// Byte end in the analysis layer (and the key).
    pub nend: u32,
    /// What the token is.
    pub kind: TokenKind,
    /// White space before it.
    pub gap: Gap,
    /// Clitic segmentation (a whole-word stem for non-Arabic tokens).
    pub clitics: Clitics,
}

/// A sentence: its original span and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte start in the original.
    pub start: u32,
    /// Byte end in the original.
    pub end: u32,
    /// Index range into [`Document::tokens`].
    pub tokens: Range<u32>,
}

/// An analysed text: layers, tokens and sentences.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    original: &'a str,
    layers: NormalizedText,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
}

impl<'a> Document<'a> {
    /// Normalises, tokenises, splits and segments `original`.
    pub fn new(original: &'a str) -> Document<'a> {
        let layers = NormalizedText::new(original);
        let lex = Lexicon::get();
        let norm = layers.norm();
        let key = layers.key();
        let mut raw = Vec::with_capacity(norm.len() / 6);
        token::tokenize(norm, |t| raw.push(t));
        let tokens: Vec<Token> = raw
            .iter()
            .map(|t| {
                let (ns, ne) = (t.start as usize, t.end as usize);
                let orig = layers.to_original(ns..ne);
                let clitics = if t.kind == TokenKind::Arabic {
                    clitic::segment_cached(lex, &norm[ns..ne], &key[ns..ne])
                } else {
                    Clitics::default().with_stem(0, ne - ns)
                };
                Token {
                    start: orig.start as u32,
                    end: orig.end as u32,
                    nstart: t.start,
                    nend: t.end,
                    kind: t.kind,
                    gap: t.gap,
                    clitics,
                }
            })
            .collect();
        let sentences = sentence::split(norm, &raw)
            .into_iter()
            .map(|r| Sentence {
                start: tokens[r.start].start,
                end: tokens[r.end - 1].end,
                tokens: r.start as u32..r.end as u32,
            })
            .collect();
        Document { original, layers, tokens, sentences }
    }

    /// The original text.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The aligned layers.
    pub fn layers(&self) -> &NormalizedText {
        &self.layers
    }

    /// All tokens, in text order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// All sentences, in text order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// A token's original text.
    pub fn text(&self, t: &Token) -> &'a str {
        &self.original[t.start as usize..t.end as usize]
    }

    /// A token's analysis-layer text.
    pub fn norm(&self, t: &Token) -> &str {
        &self.layers.norm()[t.nstart as usize..t.nend as usize]
    }

    /// A token's matching key.
    pub fn key(&self, t: &Token) -> &str {
        &self.layers.key()[t.nstart as usize..t.nend as usize]
    }

    /// A token's stem (analysis layer, clitics removed).
    pub fn stem(&self, t: &Token) -> &str {
        let s = t.nstart as usize;
        &self.layers.norm()[s + t.clitics.stem_start as usize..s + t.clitics.stem_end as usize]
    }

    /// A token's stem in the matching key.
    pub fn stem_key(&self, t: &Token) -> &str {
        let s = t.nstart as usize;
        &self.layers.key()[s + t.clitics.stem_start as usize..s + t.clitics.stem_end as usize]
    }

    /// The key a knowledge-base name is matched on: the token's matching key
    /// without conjunction, preposition and future proclitics or an enclitic,
    /// but with its article (والرباط → الرباط, للولايات → الولايات).
    pub fn match_key(&self, t: &Token) -> String {
        let mut out = String::new();
        self.match_key_into(t, &mut out);
        out
    }

    /// [`Document::match_key`] appended to `out`, so loops can reuse one buffer.
    pub fn match_key_into(&self, t: &Token, out: &mut String) {
        if t.kind != TokenKind::Arabic || !t.clitics.is_split() {
            out.push_str(self.key(t));
            return;
        }
        if t.clitics.has_article() {
            out.push_str("ال");
        }
        out.push_str(self.stem_key(t));
    }

    /// The light stem of a token's matching key, for lemma-level matching.
    pub fn light_stem(&self, t: &Token) -> String {
        if t.kind == TokenKind::Arabic {
            stem::light_stem(Lexicon::get(), self.stem_key(t))
        } else {
            self.key(t).to_lowercase()
        }
    }

    /// The original span of an analysis-layer span.
    pub fn to_original(&self, norm: Range<usize>) -> Range<usize> {
        self.layers.to_original(norm)
    }
}
