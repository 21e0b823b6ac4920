//! # marsad-annotations
//!
//! The analysis contract of marsad and the analyzer that fills it.
//!
//! Brief overview: an [`Analyzer`] (configured by [`Options`]) turns a
//! [`marsad_article::Article`] into an [`Analysis`], the `marsad/analysis@1`
//! JSON object whose every span points into the original text. The contract
//! types live in [`contract`].
//!
//! ```
//! use marsad_annotations::{Analyzer, Options};
//! use marsad_article::Article;
//!
//! let analysis = Analyzer::new(Options::default()).analyze(&Article::new("وصل الوفد إلى الرباط. ثم غادر")).unwrap();
//! assert_eq!(analysis.schema, "marsad/analysis@1");
//! assert_eq!(analysis.sentences.len(), 2);
//! assert_eq!(analysis.sentences[1].span.text, "ثم غادر");
//! ```
#![deny(missing_docs)]

mod actors;
mod analyzer;
pub mod contract;
mod error;
mod events;
mod numbers;
mod offices;
mod provenance;
mod quantities;
mod quotes;
mod relations;
pub mod score;
pub mod stages;
mod times;
pub mod translit;
mod unlinked;

pub use analyzer::{Analyzer, Options};
pub use contract::{Analysis, SCHEMA};
pub use error::{Error, ErrorKind};
