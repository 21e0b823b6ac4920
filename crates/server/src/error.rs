//! Errors: the server's own (at start) and the API's (one JSON shape).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] marsad_store::Error),
    /// The search index could not be opened.
    #[error(transparent)]
    Search(#[from] marsad_search::Error),
    /// The address could not be bound or served.
    #[error("cannot serve on {addr}")]
    Io {
        /// The address.
        addr: String,
        /// What failed.
        source: std::io::Error,
    },
}

/// An API error: a status and `{"error": {"code", "message"}}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into() }
    }

    /// A malformed parameter or body (400).
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// No such thing (404).
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// A missing or wrong bearer token (401).
    pub fn unauthorized() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "this endpoint needs Authorization: Bearer <token>")
    }

    /// Another process holds the index writer (409).
    pub fn busy(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "busy", message)
    }

    /// The request ran past the time limit (503).
    pub fn timeout(secs: u64) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", format!("the request took over {secs} s"))
    }

    /// Anything else (500).
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// An error of status `status` (axum's own refusals, made JSON).
    pub(crate) fn from_status(status: StatusCode, message: String) -> ApiError {
        let code = match status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                "bad_request"
            }
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => "not_found",
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::CONFLICT => "busy",
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => "timeout",
            _ if status.is_client_error() => "bad_request",
            _ => "internal",
        };
        let status = if status == StatusCode::UNPROCESSABLE_ENTITY { StatusCode::BAD_REQUEST } else { status };
        ApiError::new(status, code, message)
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

impl From<marsad_store::Error> for ApiError {
    fn from(e: marsad_store::Error) -> ApiError {
        match e.kind {
            marsad_store::ErrorKind::BadDate { .. } => ApiError::bad_request(e.kind.to_string()),
            _ => ApiError::internal(e.to_string()),
        }
    }
}

impl From<marsad_search::Error> for ApiError {
    fn from(e: marsad_search::Error) -> ApiError {
        match &e.kind {
            marsad_search::ErrorKind::BadQuery(m) => ApiError::bad_request(m.clone()),
            marsad_search::ErrorKind::Locked => {
                ApiError::busy("another process is writing the search index (an ingest?); try again when it is done")
            }
            marsad_search::ErrorKind::Store(s) if matches!(s.kind, marsad_store::ErrorKind::BadDate { .. }) => {
                ApiError::bad_request(s.kind.to_string())
            }
            _ => ApiError::internal(e.to_string()),
        }
    }
}
