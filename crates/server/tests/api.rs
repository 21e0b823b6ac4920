//! The API through the router, without a socket.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use marsad_annotations::Analyzer;
use marsad_article::Article;
use marsad_search::SearchIndex;
use marsad_server::{router, AppState, Config};
use marsad_store::{Item, Store};
use serde_json::{json, Value};
use tower::ServiceExt;

const ARTICLES: &[(&str, &str, &str)] = &[
    (
        "a1",
        "2022-07-18",
        "وصل الاثنين قائد جيش الاحتلال أفيف كوخافي إلى المغرب في إطار تعزيز التعاون العسكري بين تل أبيب والرباط. \
         وقال مسؤول مغربي إن الزيارة تأتي بعد استئناف العلاقات. وبالصبر نصل.",
    ),
    ("a2", "2022-08-02", "أدانت إيران الهجوم الإسرائيلي على سوريا، وهددت الولايات المتحدة بفرض عقوبات جديدة على طهران."),
    // Markup in a text is text: it must come back as written, never run.
    ("xss", "2022-08-03", "قال الوزير <script>alert(1)</script> إن <img src=x onerror=alert(1)> المغرب يرحب بالزيارة."),
];

fn store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let mut writer = index.writer(1).unwrap();
    for (id, published, text) in ARTICLES {
        let mut a = Article::new(*text);
        a.id = Some(id.to_string());
        a.published = published.parse().ok();
        a.outlet = Some("Test".into());
        a.title = Some(format!("عنوان {id}"));
        let analysis = Analyzer::default().analyze(&a).unwrap();
        store.put(&[Item { id, text, analysis: &analysis }]).unwrap();
        writer.put(id, text, &analysis).unwrap();
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
    dir
}

fn app(dir: &tempfile::TempDir, token: Option<&str>) -> Router {
    let mut config = Config::new(dir.path());
    config.token = token.map(str::to_string);
    config.body_limit = 64 * 1024;
    router(Arc::new(AppState::open(config).unwrap()))
}

async fn call(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (parts.status, parts.headers, bytes.to_vec())
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn post(app: &Router, uri: &str, body: String, token: Option<&str>) -> (StatusCode, Value) {
    let mut req = Request::builder().method(Method::POST).uri(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (status, _, body) = call(app, req.body(Body::from(body)).unwrap()).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn q(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_answers_hits_with_snippet_parts_and_facets() {
    let dir = store();
    let app = app(&dir, None);
    let (status, v) = get(&app, &format!("/api/search?q={}", q("الصبر"))).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 1);
    assert_eq!(v["page"], 1);
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], "a1");
    let parts = hit["snippet"]["parts"].as_array().unwrap();
    let marked: Vec<&str> = parts.iter().filter(|p| p["hit"] == true).map(|p| p["text"].as_str().unwrap()).collect();
    assert_eq!(marked, ["وبالصبر"]);
    let joined: String = parts.iter().map(|p| p["text"].as_str().unwrap()).collect();
    assert_eq!(joined, hit["snippet"]["text"].as_str().unwrap());
    assert!(v["facets"]["outlet"].as_array().unwrap().iter().any(|o| o[0] == "Test"));
    // The actor facet's ids come with their names.
    assert!(v["facets"]["actor"].as_array().unwrap().iter().any(|a| a[0] == "MAR"), "{v}");
    assert_eq!(v["names"]["MAR"]["ar"], "المغرب", "{v}");

    // Filters only, newest first; paging.
    let (_, v) = get(&app, "/api/search?outlet=Test&limit=2&page=2").await;
    assert_eq!(v["total"], 3);
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    assert_eq!(v["hits"][0]["id"], "a1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_parameters_are_400_with_the_error_shape() {
    let dir = store();
    let app = app(&dir, None);
    for uri in [
        "/api/search?q=x&from=18-07-2022",
        "/api/search?page=0",
        "/api/events?dyad=ISR",
        "/api/events?from=july",
        "/api/timeline",
        "/api/timeline?actor=ISR&by=decade",
        "/api/search?limit=abc",
        "/api/search?q=x&page=100000000000000",
        "/api/timeline?actor=ISR&by=week&from=0001&to=9999",
    ] {
        let (status, v) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert_eq!(v["error"]["code"], "bad_request", "{uri}: {v}");
        assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{uri}");
    }
    for uri in ["/api/articles/none", "/api/actors/NOPE", "/api/nothing", "/assets/nothing.js"] {
        let (status, v) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {v}");
        assert_eq!(v["error"]["code"], "not_found", "{uri}: {v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_comes_back_with_its_text_as_written_and_its_analysis() {
    let dir = store();
    let app = app(&dir, None);
    let (status, v) = get(&app, "/api/articles/xss").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["text"], ARTICLES[2].2);
    assert_eq!(v["article"]["published"], "2022-08-03");
    assert_eq!(v["analysis"]["schema"], "marsad/analysis@1");
    let (_, v) = get(&app, "/api/articles/a1").await;
    assert!(v["analysis"]["actors"].as_array().unwrap().iter().any(|a| a["id"] == "MAR"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actors_events_timeline_graph_and_stats() {
    let dir = store();
    let app = app(&dir, None);
    let (status, v) = get(&app, "/api/actors?q=mar").await;
    assert_eq!(status, StatusCode::OK);
    assert!(v["actors"].as_array().unwrap().iter().any(|a| a["id"] == "MAR"), "{v}");
    let (status, v) = get(&app, "/api/actors/MAR").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["actor"]["kind"], "country");
    assert!(v["actor"]["articles"].as_i64().unwrap() >= 2);
    assert!(v["names"].as_array().unwrap().iter().any(|n| n[0] == "المغرب"), "{v}");
    let (status, v) = get(&app, "/api/events?actor=ISR&mentions=true").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!v["events"].as_array().unwrap().is_empty(), "{v}");
    let (status, v) = get(&app, "/api/timeline?actor=ISR&by=month").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["names"]["ISR"]["en"], "Israel", "{v}");
    assert!(v["points"].as_array().unwrap().iter().any(|p| p["events"].as_i64() > Some(0)), "{v}");
    let (status, v) = get(&app, "/api/graph").await;
    assert_eq!(status, StatusCode::OK);
    assert!(v["nodes"].is_array() && v["edges"].is_array());
    let (_, v) = get(&app, "/api/stats").await;
    assert_eq!(v["articles"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_need_the_token_when_one_is_set() {
    let dir = store();
    let app = app(&dir, Some("s3cret"));
    let body = json!({ "text": "زار وزير الخارجية المصري عمان أمس.", "published": "2022-09-01" }).to_string();
    for token in [None, Some("wrong"), Some("s3cre")] {
        let (status, v) = post(&app, "/api/analyze", body.clone(), token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(v["error"]["code"], "unauthorized");
    }
    let (status, v) = post(&app, "/api/analyze", body, Some("s3cret")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["article"]["published"], "2022-09-01");
    // Reading needs no token.
    assert_eq!(get(&app, "/api/stats").await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_are_checked_and_limited() {
    let dir = store();
    let app = app(&dir, None);
    let cases = [
        ("not json".to_string(), StatusCode::BAD_REQUEST, "bad_request"),
        (json!({ "title": "no text" }).to_string(), StatusCode::BAD_REQUEST, "bad_request"),
        (json!({ "text": "  " }).to_string(), StatusCode::BAD_REQUEST, "bad_request"),
        (json!({ "text": "نص", "published": "amanha" }).to_string(), StatusCode::BAD_REQUEST, "bad_request"),
        (json!({ "text": "نص", "unknown": 1 }).to_string(), StatusCode::BAD_REQUEST, "bad_request"),
        (json!({ "text": "نص ".repeat(40_000) }).to_string(), StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
    ];
    for (body, status, code) in cases {
        let (got, v) = post(&app, "/api/analyze", body, None).await;
        assert_eq!((got, v["error"]["code"].as_str()), (status, Some(code)), "{v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingest_stores_and_indexes_once() {
    let dir = store();
    let app = app(&dir, None);
    let body =
        json!({ "id": "new1", "text": "استقبل العاهل الأردني في عمان وفدا من البرلمان الأوروبي.", "outlet": "Test" })
            .to_string();
    // Answers cached from before the ingest must not outlive it.
    let (_, before) = get(&app, "/api/actors?q=jor").await;
    assert_eq!(before["actors"].as_array().map(Vec::len), Some(0), "{before}");
    let (status, v) = post(&app, "/api/ingest", body.clone(), None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "ingested");
    let (_, after) = get(&app, "/api/actors?q=jor").await;
    assert!(!after["actors"].as_array().unwrap().is_empty(), "{after}");
    let (_, v) = post(&app, "/api/ingest", body, None).await;
    assert_eq!(v["status"], "skipped");
    let (_, v) = get(&app, &format!("/api/search?q={}", q("البرلمان الأوروبي"))).await;
    assert_eq!(v["hits"][0]["id"], "new1", "{v}");
    let (_, v) = get(&app, "/api/stats").await;
    assert_eq!(v["articles"], 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interface_files_and_headers() {
    let dir = store();
    let app = app(&dir, None);
    let (status, headers, body) = call(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&body).contains("dir=\"rtl\""));
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    let (status, headers, _) = call(&app, Request::get("/assets/app.js").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
    // Only the interface's own files, whatever the path says.
    for uri in ["/assets/..%2F..%2FCargo.toml", "/assets/%2Fetc%2Fpasswd", "/assets/../src/lib.rs", "/../Cargo.toml"] {
        let (status, headers, _) = call(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY), "{uri}");
    }
    // The interface sets no markup from data.
    let js = include_str!("../assets/app.js");
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
        assert!(!js.contains(sink), "app.js uses {sink}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_describes_every_endpoint_that_answers() {
    let dir = store();
    let app = app(&dir, None);
    let (status, spec) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = spec["paths"].as_object().unwrap();
    for expected in [
        "/api/search",
        "/api/articles/{id}",
        "/api/actors",
        "/api/actors/{id}",
        "/api/events",
        "/api/timeline",
        "/api/graph",
        "/api/stats",
        "/api/alerts",
        "/alerts.atom",
        "/api/analyze",
        "/api/ingest",
    ] {
        assert!(paths.contains_key(expected), "{expected} missing");
    }
    for (path, ops) in paths {
        let uri = path.replace("{id}", "a1").replace("/api/actors/a1", "/api/actors/MAR");
        let method = if ops.get("post").is_some() { Method::POST } else { Method::GET };
        let (status, _, _) =
            call(&app, Request::builder().method(method).uri(&uri).body(Body::from("{}")).unwrap()).await;
        assert_ne!(status, StatusCode::NOT_FOUND, "{path} is documented but does not answer");
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
    }
}
