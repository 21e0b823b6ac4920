//! Search errors.

use std::path::PathBuf;

/// A search or indexing failure: what went wrong ([`ErrorKind`]) and with which index.
#[derive(Debug, thiserror::Error)]
#[error("search index {}: {kind}", path.display())]
pub struct Error {
    /// The index directory.
    pub path: PathBuf,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file of the index could not be created or read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// tantivy refused an operation.
    #[error("{0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Another process is writing the index.
    #[error("another marsad is writing to this store's index; wait for it to finish")]
    Locked,
    /// The store under the index failed.
    #[error("{0}")]
    Store(#[from] marsad_store::Error),
    /// A filter value is not what it should be.
    #[error("{0}")]
    BadQuery(String),
}

impl From<marsad_store::Error> for Error {
    fn from(e: marsad_store::Error) -> Error {
        Error { path: e.path.join(crate::INDEX_DIR), kind: ErrorKind::Store(e) }
    }
}
