//! # marsad-ner
//!
//! Arabic named-entity recognition for marsad: PERS, LOC, ORG and MISC spans
//! over the tokens of a [`marsad_text::Document`].
//!
//! The recognizer is an averaged structured perceptron (Collins 2002) over
//! BIO tags with first-order Viterbi decoding under the BIO constraints. Its
//! features are read off the text core: the matching key of a word and of
//! its stem (clitics removed), its proclitics and enclitic, affixes, shape,
//! the lexicon's corpus frequency and one-word-name flag, name parts (a
//! listed given name, surname or place, a knowledge-base person's first or
//! last word), word clusters
//! learnt from the ANT news corpus, how often a context-only tagger
//! labelled the word as each entity type across that corpus, its place in a
//! match of the built-in knowledge base, and how the word's other mentions
//! in the same document were tagged (by the model's own first pass) — for
//! the word and the two words on either side (see [`features`]).
//!
//! ```
//! use marsad_ner::{Label, Model};
//! use marsad_text::Document;
//!
//! let doc = Document::new("قال الرئيس الفرنسي إيمانويل ماكرون في باريس");
//! let spans = Model::embedded().tag_document(&doc);
//! assert!(spans.iter().any(|s| s.label == Label::Loc && doc.text(&doc.tokens()[s.token_start]) == "باريس"));
//! ```
//!
//! Training is behind the `train` cargo feature (the `marsad` CLI enables
//! it): `marsad train ner …`; see `data/ner/README.md`.
#![deny(missing_docs)]

pub mod conll;
mod error;
pub mod features;
pub mod forms;
mod hash;
mod index;
mod kb;
mod model;
mod names;
pub mod score;
mod tags;
#[cfg(feature = "train")]
pub mod train;

pub use error::{Error, ErrorKind};
pub use model::{token_heads, Clusters, Model, WordStats, FORMAT_VERSION, MAGIC, NO_CLUSTER};
pub use tags::{spans_of, Label, Span, Tag, NTAGS};
