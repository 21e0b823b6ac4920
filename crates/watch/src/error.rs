//! Errors of following feeds.

/// A failure, with what it concerns (a file, a URL).
#[derive(Debug, thiserror::Error)]
#[error("{place}: {kind}")]
pub struct Error {
    /// The file or URL concerned.
    pub place: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A configuration file could not be read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A configuration file is not valid.
    #[error("{0}")]
    Config(String),
    /// Not an http(s) URL.
    #[error("not an http(s) URL: {0}")]
    BadUrl(String),
    /// robots.txt forbids the fetch.
    #[error("robots.txt of the site disallows it")]
    Disallowed,
    /// The server answered with an error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// No answer in time.
    #[error("timed out")]
    Timeout,
    /// The answer was larger than allowed.
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    /// The connection failed (DNS, TLS, reset, too many redirects …).
    #[error("{0}")]
    Transport(String),
    /// The feed could not be read.
    #[error("{0}")]
    Feed(String),
    /// The page has no article text.
    #[error("{0}")]
    Page(String),
}

impl Error {
    pub(crate) fn new(place: impl Into<String>, kind: ErrorKind) -> Error {
        Error { place: place.into(), kind }
    }

    /// Whether trying again later cannot help: a client error other than
    /// 408 and 429, a bad URL, a disallowed fetch, an oversized or
    /// textless page.
    pub fn is_permanent(&self) -> bool {
        match self.kind {
            ErrorKind::Status(s) => (400..500).contains(&s) && s != 408 && s != 429,
            ErrorKind::BadUrl(_) | ErrorKind::Disallowed | ErrorKind::TooLarge(_) | ErrorKind::Page(_) => true,
            _ => false,
        }
    }
}
