//! # marsad-server
//!
//! `marsad serve`: a JSON API over a marsad store (search, articles with
//! their analyses, actors, events, timelines, the actor network, and
//! analysing or ingesting posted articles) and the web interface that uses
//! it, both served by one binary, offline. The endpoints are described in
//! `docs/api.md` and at `GET /api/openapi.json`.
//!
//! ```no_run
//! # async fn run() -> Result<(), marsad_server::Error> {
//! let config = marsad_server::Config::new("marsad-data");
//! marsad_server::serve(config, "127.0.0.1:8080", |addr| println!("http://{addr}/")).await
//! # }
//! ```

#![deny(missing_docs)]

mod alerts;
mod api;
mod assets;
mod error;
mod openapi;
mod state;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::{ApiError, Error};
pub use state::{AppState, Config};

/// The whole application: API, interface, limits and headers.
pub fn router(state: Arc<AppState>) -> Router {
    let limit = state.config.body_limit;
    let mut app = Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/actors", get(api::actors))
        .route("/api/actors/{id}", get(api::actor))
        .route("/api/events", get(api::events))
        .route("/api/timeline", get(api::timeline))
        .route("/api/graph", get(api::graph))
        .route("/api/stats", get(api::stats))
        .route("/api/alerts", get(alerts::json))
        .route("/alerts.atom", get(alerts::atom))
        .route("/api/analyze", post(api::analyze))
        .route("/api/ingest", post(api::ingest))
        .route("/api/openapi.json", get(openapi::document))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::map_response(json_errors));
    for (name, value) in assets::security_headers() {
        app = app.layer(SetResponseHeaderLayer::overriding(name, value));
    }
    app.with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such page or endpoint")
}

/// axum's own refusals (a query string that does not parse, an over-long
/// body, a wrong method) are plain text; the API's errors are JSON.
async fn json_errors(r: Response) -> Response {
    let plain = r.headers().get(header::CONTENT_TYPE).is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
    let status = r.status();
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return r;
    }
    let text = axum::body::to_bytes(r.into_body(), 64 * 1024).await.unwrap_or_default();
    let message = String::from_utf8_lossy(&text).trim().to_string();
    ApiError::from_status(status, message).into_response()
}

/// Serves `config.store` on `addr` until Ctrl-C; `ready` is told the
/// address once it listens.
pub async fn serve(config: Config, addr: &str, ready: impl FnOnce(std::net::SocketAddr)) -> Result<(), Error> {
    let io = |source| Error::Io { addr: addr.to_string(), source };
    let state = Arc::new(tokio::task::block_in_place(|| AppState::open(config))?);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(io)?;
    ready(listener.local_addr().map_err(io)?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(io)
}
