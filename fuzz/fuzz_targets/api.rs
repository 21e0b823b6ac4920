//! Fuzz target `api`: requests to the HTTP API (`marsad serve`) over a
//! small store, answered in-process by the router.
//!
//! The first byte picks the request: a JSON or text/plain body posted to
//! `/api/analyze` or `/api/ingest`, or the rest of the input as the query
//! string of a GET endpoint. Checks: no panic; no 5xx answer; every answer
//! is JSON, and every error has the API's error shape (`error.code` and
//! `error.message`).

#![no_main]

mod common;

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Method, Request};
use axum::Router;
use libfuzzer_sys::fuzz_target;
use marsad_server::{router, AppState, Config};
use serde_json::Value;
use tower::ServiceExt;

fn app() -> &'static (tokio::runtime::Runtime, Router) {
    static APP: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    APP.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
        let mut config = Config::new(common::store_dir());
        config.body_limit = 64 * 1024;
        let state = rt.block_on(async { tokio::task::block_in_place(|| AppState::open(config)) }).expect("the app");
        (rt, router(Arc::new(state)))
    })
}

const GETS: &[&str] =
    &["/api/search", "/api/events", "/api/actors", "/api/timeline", "/api/graph", "/api/stats", "/api/actors/ISR"];

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, rest)) = bytes.split_first() else { return };
    let (rt, app) = app();
    let request = match pick % 16 {
        // Ingest writes and commits: rarer, so the store does not grow fast.
        0 => post("/api/ingest", "application/json", rest),
        1..=6 => post("/api/analyze", "application/json", rest),
        7 => post("/api/analyze", "text/plain", rest),
        n => {
            // Any bytes as a query string: percent-encode what a URI cannot hold.
            let query: String = rest
                .iter()
                .map(|&b| match b {
                    b'!'..=b'~' if b != b'#' && b != b'%' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            let path = GETS[usize::from(n - 8) % GETS.len()];
            Request::get(format!("{path}?{query}")).body(Body::empty()).ok()
        }
    };
    let Some(request) = request else { return };
    let (status, body) = rt.block_on(async {
        let res = app.clone().oneshot(request).await.expect("the router always answers");
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("a body");
        (status, body)
    });
    assert!(!status.is_server_error(), "{status} for {bytes:?}: {}", String::from_utf8_lossy(&body));
    let json: Value = serde_json::from_slice(&body).expect("every answer is JSON");
    if !status.is_success() {
        assert!(json["error"]["code"].is_string(), "error shape: {json}");
        assert!(json["error"]["message"].is_string(), "error shape: {json}");
    }
});

fn post(uri: &str, kind: &str, body: &[u8]) -> Option<Request<Body>> {
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, kind)
        .body(Body::from(body.to_vec()))
        .ok()
}
