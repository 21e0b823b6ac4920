//! The marsad corpus store.
//!
//! A store is a directory holding an SQLite database (`marsad.sqlite`, WAL
//! mode): each article with its text and analysis, and what the analysis
//! says in tables one can query — actors, their mentions, events and
//! relations. An article is stored under its id (or [`content_id`] of its
//! text); [`Store::presence`] tells whether it is already there, the same
//! or changed, or stored as a copy under another id, so that ingesting the
//! same data twice adds nothing. Each [`Store::put`] is one transaction: a
//! writer killed midway loses only that batch.
//!
//! ```
//! use marsad_store::{Presence, Store};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(dir.path()).unwrap();
//! assert_eq!(store.presence("a1", "نص الخبر").unwrap(), Presence::New);
//! assert_eq!(store.stats().unwrap().articles, 0);
//! ```

#![deny(missing_docs)]

mod articles;
mod compact;
mod corpus;
mod error;
mod feeds;
mod profile;
mod query;
mod schema;
mod store;
mod stories;
mod views;

pub use articles::ArticleRow;
pub use corpus::{keys as event_keys, Key as EventKey};
pub use error::{Error, ErrorKind};
pub use feeds::{AlertRow, FeedState, Poll, SeenItem};
pub use profile::{Names, Partner, Profile, Roles};
pub use query::{ActorRow, CorpusEventRow, EventQuery, EventRow};
pub use schema::VERSION;
pub use store::{content_id, Item, Prepared, Presence, Stats, Store, DB_FILE};
pub use stories::{Signature, THRESHOLD};
pub use views::{Graph, GraphEdge, GraphNode, GraphQuery, Period, Timeline, TimelinePoint, TimelineQuery};
