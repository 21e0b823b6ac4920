//! Following news feeds for marsad.
//!
//! - [`read_feeds`]: FEEDS.toml, the feeds to follow;
//! - [`Client`]: a polite HTTP client (per-host delay and connection cap,
//!   retries with backoff, conditional GET, robots.txt, size cap);
//! - [`decode`]: a fetched body as text, in whatever encoding it declares
//!   (windows-1256 and ISO-8859-6 included);
//! - [`follow`]: a feed's new items, each fetched and turned into an
//!   article;
//! - [`rules`]: watch rules (RULES.toml) and the alerts they raise.

#![deny(missing_docs)]

mod config;
pub mod decode;
mod error;
pub mod follow;
mod http;
mod resolve;
mod robots;
pub mod rules;

pub use config::{duration, parse_feeds, read_feeds, Feed};
pub use error::{Error, ErrorKind};
pub use http::{Client, Fetched, Options, Page, Validators};
