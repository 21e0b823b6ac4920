//! Store errors.

use std::path::PathBuf;

/// A store failure: what went wrong ([`ErrorKind`]) and with which store.
#[derive(Debug, thiserror::Error)]
#[error("store {}: {kind}", path.display())]
pub struct Error {
    /// The store directory.
    pub path: PathBuf,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The directory or a file in it could not be created or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// SQLite refused an operation.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The store was written by a newer marsad.
    #[error(
        "schema version {found} is newer than this marsad supports ({supported}); \
         use a newer marsad, or ingest again into a new store"
    )]
    SchemaTooNew {
        /// Version in the store.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// A stored analysis could not be read back.
    #[error("stored analysis of article {id}: {reason}")]
    BadRecord {
        /// Article id.
        id: String,
        /// Why.
        reason: String,
    },
    /// A date bound that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("{value:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate {
        /// The value as given.
        value: String,
    },
}
