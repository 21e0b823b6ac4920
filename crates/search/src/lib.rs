//! # marsad-search
//!
//! Full-text search over a marsad store: a tantivy index in the store's
//! `index/` directory with an Arabic analyzer built on the marsad text core
//! ([`analyzer`]), BM25 over titles and texts, phrase queries, filters by
//! actor, event type, outlet and date, facet counts, and snippets whose
//! highlights are spans of the original text.
//!
//! ```
//! use marsad_search::analyzer::terms;
//!
//! // One term for the word with and without its clitics and diacritics.
//! let t: Vec<String> = terms("الصَّبر وبالصبر").into_iter().map(|t| t.text).collect();
//! assert_eq!(t[0], t[1]);
//! ```

#![deny(missing_docs)]

pub mod analyzer;
mod error;
mod facets;
mod index;
mod search;
mod snippet;
pub mod variants;

pub use error::{Error, ErrorKind};
pub use index::{sync, SearchIndex, SyncReport, Writer, INDEX_DIR};
pub use search::{Facets, Hit, Query, Results};
pub use snippet::Snippet;
