//! Errors of the analyzer.

/// An analysis failure.
#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is empty or only white space and controls.
    #[error("the text is empty (nothing but white space or control characters)")]
    EmptyText,
    /// The text is longer than offsets can address.
    #[error("the text is {len} bytes, over the 4 GiB limit")]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
}
