//! Articles and their readers for marsad.
//!
//! Everything the analysis engine reads becomes an [`Article`]: a body text
//! plus optional id, publication date, outlet, title and URL. This crate
//! gets articles from
//!
//! - plain text: [`open_input`] (files or stdin, gzip detected by magic
//!   bytes) and [`read_all`] with [`decode_utf8`];
//! - JSON Lines: [`JsonlReader`], which reports a bad line as a
//!   [`RecordError`] and carries on (the ANT corpus field names `docno`,
//!   `src` and `date` are understood);
//! - HTML pages: [`from_html`], which extracts the main text and metadata;
//! - web archives: [`WarcReader`], a page per WARC response record;
//! - RSS and Atom feeds: [`from_feed`], an article per item (and
//!   `fetch_feed` for a feed's URL, with the `fetch` feature).
//!
//! Dates go through [`parse_published`]. Failures are [`Error`]s whose
//! [`ErrorKind`] says what went wrong and where.
//!
//! ```
//! use marsad_article::JsonlReader;
//!
//! let jsonl = concat!(
//!     r#"{"docno": "AL-culture-1", "src": "alarabia", "date": "2018-02-18", "text": "خبر أول"}"#, "\n",
//!     r#"{"id": 7, "published": "Sun, 18 Feb 2018 21:35:43 +0400", "text": "خبر ثان"}"#, "\n",
//!     r#"{"id": "broken", "text": 5}"#, "\n",
//! );
//! let mut ok = Vec::new();
//! let mut errors = Vec::new();
//! for record in JsonlReader::new(jsonl.as_bytes(), false) {
//!     match record {
//!         Ok((_line, article)) => ok.push(article),
//!         Err(e) => errors.push(e.to_string()),
//!     }
//! }
//! assert_eq!(ok[0].outlet.as_deref(), Some("alarabia"));
//! assert_eq!(ok[1].id.as_deref(), Some("7"));
//! assert_eq!(ok[1].published.unwrap().to_string(), "2018-02-18");
//! assert_eq!(errors, [r#"line 3 (id broken): field "text" must be a string, found number"#]);
//! ```

#![deny(missing_docs)]

mod article;
mod date;
mod error;
mod feed;
mod html;
mod input;
mod jsonl;
mod warc;

pub use article::Article;
pub use date::parse_published;
pub use error::{Error, ErrorKind, RecordError};
#[cfg(feature = "fetch")]
pub use feed::fetch_feed;
pub use feed::{feed_entries, from_feed};
pub use html::from_html;
pub use input::{decode_utf8, open_input, open_reader, read_all};
pub use jsonl::JsonlReader;
pub use warc::{WarcReader, WarcRecordError};
