//! Analyses as Arrow tables.
//!
//! One row per article, with its actors, events and quotes as nested lists:
//! the shape the Python package hands to Spark (`docs/spark.md`), where the
//! job explodes the lists into its `actors`, `mentions`, `events` and
//! `quotes` tables. Event rows carry the GDELT-style actor and date columns
//! the store's GDELT export writes, computed by the same functions.

mod articles;
mod codes;
mod columns;
mod error;

pub use articles::{articles_batch, articles_schema, Row};
pub use codes::{actor_codes, dates, kind_type, ActorCodes};
pub use columns::Columns;
pub use error::{Error, ErrorKind};
