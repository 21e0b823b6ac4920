//! The web interface's files, built into the binary, and the headers every
//! answer carries.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Every file the interface has: name, type, built-in content. Only these
/// names are served, so no request path ever reaches the file system
/// beyond them.
const FILES: &[(&str, &str, &str)] = &[
    ("index.html", "text/html; charset=utf-8", include_str!("../assets/index.html")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("../assets/app.js")),
    ("app.css", "text/css; charset=utf-8", include_str!("../assets/app.css")),
];

/// Scripts and styles only from the server itself: article text that got
/// into the page as markup could run nothing.
pub(crate) const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

fn file(st: &AppState, name: &str) -> Response {
    let Some(&(name, kind, built_in)) = FILES.iter().find(|(n, _, _)| *n == name) else {
        return ApiError::not_found(format!("no file {name:?}")).into_response();
    };
    let body = match &st.config.assets {
        // Read afresh on every request: for working on the interface.
        Some(dir) => match std::fs::read_to_string(dir.join(name)) {
            Ok(s) => s,
            Err(e) => return ApiError::internal(format!("{}: {e}", dir.join(name).display())).into_response(),
        },
        None => built_in.to_string(),
    };
    let cache = if st.config.assets.is_some() { "no-store" } else { "public, max-age=300" };
    (StatusCode::OK, [(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, cache)], body).into_response()
}

pub(crate) async fn index(State(st): State<Arc<AppState>>) -> Response {
    file(&st, "index.html")
}

pub(crate) async fn asset(State(st): State<Arc<AppState>>, Path(name): Path<String>) -> Response {
    file(&st, &name)
}

/// Headers set on every answer.
pub(crate) fn security_headers() -> [(header::HeaderName, HeaderValue); 4] {
    [
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
}
