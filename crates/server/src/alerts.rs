//! The alerts `marsad watch` raised: `/alerts.atom` for feed readers and
//! `/api/alerts` as JSON.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use marsad_store::AlertRow;
use quick_xml::escape::escape;
use serde::Deserialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::{blocking, AppState};

/// Alerts listed at most.
const MAX_ALERTS: usize = 500;

#[derive(Deserialize)]
pub(crate) struct AlertParams {
    /// Only this rule's alerts.
    rule: Option<String>,
    limit: Option<usize>,
}

async fn newest(st: Arc<AppState>, p: AlertParams) -> Result<Vec<AlertRow>, ApiError> {
    let limit = p.limit.unwrap_or(50).clamp(1, MAX_ALERTS);
    let rule = p.rule.filter(|r| !r.trim().is_empty());
    blocking(&st, move |st| st.with_store(|store| Ok(store.alerts(rule.as_deref(), limit)?))).await
}

pub(crate) async fn json(
    State(st): State<Arc<AppState>>,
    Query(p): Query<AlertParams>,
) -> Result<Json<Value>, ApiError> {
    let rows = newest(st, p).await?;
    let alerts: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut body: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
            if let Some(o) = body.as_object_mut() {
                o.insert("id".into(), r.id.into());
                o.insert("created".into(), r.created.clone().into());
            }
            body
        })
        .collect();
    Ok(Json(serde_json::json!({ "alerts": alerts })))
}

pub(crate) async fn atom(State(st): State<Arc<AppState>>, Query(p): Query<AlertParams>) -> Result<Response, ApiError> {
    let rows = newest(st, p).await?;
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed(&rows)).into_response())
}

/// The alerts as an Atom feed, newest first.
fn feed(rows: &[AlertRow]) -> String {
    let updated = rows.first().map_or("1970-01-01T00:00:00Z", |r| r.created.as_str());
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <id>urn:marsad:alerts</id>\n<title>marsad alerts</title>\n<updated>{updated}</updated>\n\
         <link rel=\"self\" href=\"/alerts.atom\"/>\n<author><name>marsad watch</name></author>\n"
    );
    for r in rows {
        let body: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
        let s = |v: &Value| v.as_str().unwrap_or("").to_string();
        let title = if body["event"].is_object() {
            let side = |k: &str| body["event"][k]["id"].as_str().unwrap_or("?").to_string();
            format!("{}: {} {} → {}", r.rule, s(&body["event"]["type"]), side("source"), side("target"))
        } else {
            format!("{}: {}", r.rule, s(&body["article"]["title"]))
        };
        let link = s(&body["article"]["url"]);
        out.push_str(&format!(
            "<entry>\n<id>urn:marsad:alert:{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<category term=\"{}\"/>\n",
            r.id,
            escape(title.as_str()),
            escape(r.created.as_str()),
            escape(r.rule.as_str())
        ));
        if !link.is_empty() {
            out.push_str(&format!("<link href=\"{}\"/>\n", escape(link.as_str())));
        }
        out.push_str(&format!(
            "<summary xml:lang=\"ar\">{}</summary>\n<content type=\"text\">{}</content>\n</entry>\n",
            escape(s(&body["evidence"]).as_str()),
            escape(r.body.as_str())
        ));
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_feed_with_escaped_text() {
        let body = r#"{"rule":"r<1>","event":{"type":"ASSAULT","source":{"id":"ISR"},"target":{"id":"PSE"}},
            "article":{"url":"http://x/a?b=1&c=2","title":"t"},"evidence":"قال: «لا» & نعم"}"#;
        let rows = vec![AlertRow {
            id: 7,
            rule: "r<1>".into(),
            subject: "event:1".into(),
            article: "a".into(),
            created: "2026-11-30T06:00:00Z".into(),
            body: body.into(),
        }];
        let xml = feed(&rows);
        let parsed = marsad_article::from_feed(xml.as_bytes(), None).unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].title.as_deref(), Some("r<1>: ASSAULT ISR → PSE"));
        assert_eq!(parsed[0].url.as_deref(), Some("http://x/a?b=1&c=2"));
        // The content is the alert's JSON, unescaped by the reader.
        let content: Value = serde_json::from_str(&parsed[0].text).unwrap();
        assert_eq!(content["evidence"], "قال: «لا» & نعم");
        assert!(feed(&[]).contains("<updated>1970-01-01T00:00:00Z</updated>"));
    }
}
