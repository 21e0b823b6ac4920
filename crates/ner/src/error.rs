//! Typed errors.

use std::path::PathBuf;

/// An error of the recognizer: a bad model file, bad training data, I/O.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// An error of this kind.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error { kind }
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file does not start with the model magic: not a marsad NER model.
    #[error("not a marsad NER model (bad magic)")]
    BadMagic,
    /// A model of a format version this build cannot read.
    #[error("unsupported NER model format version {found} (this build reads version {supported})")]
    UnsupportedVersion {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The model file ends early.
    #[error("truncated NER model: expected {expected} bytes, found {found}")]
    Truncated {
        /// Bytes the header announces (or the parser needed).
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// The model's checksum does not match its contents.
    #[error("corrupt NER model: checksum mismatch")]
    BadChecksum,
    /// The model's contents are inconsistent.
    #[error("corrupt NER model: {reason}")]
    Corrupt {
        /// What is inconsistent.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A line of a `token TAG` file is malformed.
    #[error("{}:{line}: {reason}", path.display())]
    BadTrainingData {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// Training options that cannot be used.
    #[error("bad training options: {reason}")]
    BadOptions {
        /// What is wrong.
        reason: String,
    },
}
