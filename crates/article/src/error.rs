//! Error types: [`Error`] for whole-input failures, [`RecordError`] for one
//! bad JSONL record.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// An error from reading, decoding or parsing an input.
///
/// The details live in [`ErrorKind`]; see [`Error::kind`].
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error {
    #[from]
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Consumes the error, returning what went wrong.
    pub fn into_kind(self) -> ErrorKind {
        self.kind
    }

    pub(crate) fn io(path: Option<PathBuf>, source: io::Error) -> Self {
        ErrorKind::Io { path, source }.into()
    }
}

/// The kinds of [`Error`] (and of [`RecordError`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading the input failed.
    #[error("{}", io_message(path.as_ref(), source))]
    Io {
        /// The file being read; `None` for standard input or a reader
        /// whose origin is unknown.
        path: Option<PathBuf>,
        /// The underlying I/O error.
        source: io::Error,
    },
    /// The input is not valid UTF-8 (and lossy decoding was not asked for).
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte: within the whole input for
        /// [`crate::decode_utf8`], within the line for JSONL records.
        offset: usize,
    },
    /// A JSONL line is not valid JSON, or not a JSON object.
    #[error("invalid JSON: {message}")]
    Json {
        /// What the parser reported.
        message: String,
    },
    /// A record has no `"text"` field, or it is `null`.
    #[error("missing \"text\" field")]
    MissingText,
    /// A known field has a value of the wrong JSON type.
    #[error("field \"{field}\" must be {expected}, found {found}")]
    FieldType {
        /// The field name as written in the record.
        field: &'static str,
        /// The accepted type(s), e.g. "a string".
        expected: &'static str,
        /// The JSON type found, e.g. "number".
        found: &'static str,
    },
    /// A publication date that is not a valid date in a supported format.
    #[error("invalid published date \"{}\"", Clipped(value))]
    BadPublished {
        /// The value as given.
        value: String,
    },
    /// No article could be extracted from an HTML page.
    #[error("cannot extract article from HTML: {message}")]
    Html {
        /// Why, e.g. "no main text found".
        message: String,
    },
    /// A WARC file or one of its records could not be read.
    #[error("WARC: {message}")]
    Warc {
        /// Why.
        message: String,
    },
    /// A feed could not be parsed as RSS, Atom or JSON Feed.
    #[error("not a feed: {message}")]
    Feed {
        /// What the parser reported.
        message: String,
    },
    /// A feed could not be fetched.
    #[error("cannot fetch {url}: {message}")]
    Fetch {
        /// The URL.
        url: String,
        /// Why.
        message: String,
    },
}

fn io_message(path: Option<&PathBuf>, source: &io::Error) -> String {
    match path {
        Some(p) => format!("cannot read {}: {source}", p.display()),
        None => format!("I/O error: {source}"),
    }
}

/// Shows at most 80 characters so a 20 MB junk value cannot flood a log.
struct Clipped<'a>(&'a str);

impl fmt::Display for Clipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX: usize = 80;
        match self.0.char_indices().nth(MAX) {
            Some((end, _)) => write!(f, "{}…", &self.0[..end]),
            None => f.write_str(self.0),
        }
    }
}

/// One JSONL record that could not be turned into an [`crate::Article`].
///
/// Displays as e.g. `line 17 (id AL-x-1): missing "text" field`.
#[derive(Debug, thiserror::Error)]
pub struct RecordError {
    /// 1-based line number in the input.
    pub line: u64,
    /// The record's id (`id` or `docno`), when it could be read.
    pub id: Option<String>,
    /// What was wrong with it.
    pub kind: ErrorKind,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "line {} (id {}): {}", self.line, Clipped(id), self.kind),
            None => write!(f, "line {}: {}", self.line, self.kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_problem() {
        let e = Error::from(ErrorKind::InvalidUtf8 { offset: 1234 });
        assert_eq!(e.to_string(), "invalid UTF-8 at byte 1234");
        let e = Error::io(Some(PathBuf::from("x.jsonl")), io::Error::new(io::ErrorKind::NotFound, "not found"));
        assert_eq!(e.to_string(), "cannot read x.jsonl: not found");
        assert!(std::error::Error::source(&e).is_some());
        let r = RecordError { line: 17, id: Some("AL-x-1".into()), kind: ErrorKind::MissingText };
        assert_eq!(r.to_string(), "line 17 (id AL-x-1): missing \"text\" field");
        let r = RecordError { line: 3, id: None, kind: ErrorKind::MissingText };
        assert_eq!(r.to_string(), "line 3: missing \"text\" field");
    }

    #[test]
    fn long_values_are_clipped_in_messages() {
        let e = ErrorKind::BadPublished { value: "ب".repeat(1000) };
        let msg = e.to_string();
        assert!(msg.chars().count() < 120, "{msg}");
        assert!(msg.ends_with("…\""));
    }
}
