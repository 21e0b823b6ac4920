//! `GET /api/openapi.json`: the endpoints of `docs/api.md` as OpenAPI 3.1.
//!
//! Written out rather than derived: the answers are the store's and the
//! analysis' own serde types, documented in `docs/api.md` and
//! `docs/analysis.md`; here each endpoint lists its parameters, bodies and
//! statuses, which is what a client generator needs.

use axum::Json;
use serde_json::{json, Value};

fn param(name: &str, place: &str, kind: &str, doc: &str) -> Value {
    json!({ "name": name, "in": place, "required": place == "path", "schema": { "type": kind }, "description": doc })
}

fn query(name: &str, doc: &str) -> Value {
    param(name, "query", "string", doc)
}

fn number(name: &str, doc: &str) -> Value {
    param(name, "query", "integer", doc)
}

/// A GET endpoint answering a JSON object.
fn read(summary: &str, params: Vec<Value>) -> Value {
    json!({ "get": {
        "summary": summary,
        "parameters": params,
        "responses": {
            "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } },
            "400": { "$ref": "#/components/responses/Error" },
            "404": { "$ref": "#/components/responses/Error" },
            "503": { "$ref": "#/components/responses/Error" }
        }
    }})
}

/// A POST endpoint taking one article.
fn write(summary: &str) -> Value {
    json!({ "post": {
        "summary": summary,
        "security": [{ "bearer": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Article" } } } },
        "responses": {
            "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } },
            "400": { "$ref": "#/components/responses/Error" },
            "401": { "$ref": "#/components/responses/Error" },
            "409": { "$ref": "#/components/responses/Error" },
            "413": { "$ref": "#/components/responses/Error" },
            "503": { "$ref": "#/components/responses/Error" }
        }
    }})
}

/// The document.
pub(crate) fn spec() -> Value {
    let dates = || vec![query("from", "on or after, YYYY[-MM[-DD]]"), query("to", "on or before, YYYY[-MM[-DD]]")];
    let mut search = vec![
        query("q", "words, \"phrases\", -word, OR"),
        query("actor", "actor id (ISR also matches ISRMIL)"),
        query("type", "PLOVER event type"),
        query("outlet", "outlet name"),
        number("page", "page, from 1"),
        number("limit", "hits per page, at most 100"),
    ];
    search.extend(dates());
    let mut events = vec![
        query("actor", "source or target"),
        query("dyad", "two actor ids, A,B"),
        query("type", "PLOVER event type"),
        number("limit", "at most 10000"),
        param("mentions", "query", "boolean", "each article's events instead of corpus events"),
    ];
    events.extend(dates());
    let mut timeline = vec![
        query("actor", "actor id (required)"),
        query("actor2", "the dyad's other actor"),
        query("by", "month, week or year"),
    ];
    timeline.extend(dates());
    let mut graph = vec![
        param("min_weight", "query", "number", "least absolute net weight of an edge"),
        query("kind", "only actors of this kind"),
        number("top", "the strongest actors, at most 500"),
    ];
    graph.extend(dates());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "marsad",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Arabic news analysed: search, articles with their analyses, actors, events, timelines and the actor network. See docs/api.md."
        },
        "paths": {
            "/api/search": read("Full-text search with filters, facets and snippets", search),
            "/api/articles/{id}": read("An article's text and analysis", vec![param("id", "path", "string", "article id")]),
            "/api/actors": read("Actors, most mentioned first", vec![query("kind", "actor kind"), query("q", "part of the id or a name"), number("top", "at most 1000")]),
            "/api/actors/{id}": read("An actor's profile", vec![param("id", "path", "string", "actor id")]),
            "/api/events": read("Corpus events (or each article's), newest first", events),
            "/api/timeline": read("An actor's or a dyad's events per period", timeline),
            "/api/graph": read("The actor network with signed, weighted edges", graph),
            "/api/stats": read("Counts of what the store holds", vec![]),
            "/api/alerts": read("Alerts raised by marsad watch, newest first", vec![query("rule", "only this rule's alerts"), number("limit", "at most 500 (default 50)")]),
            "/alerts.atom": read("The same alerts as an Atom feed", vec![query("rule", "only this rule's alerts"), number("limit", "at most 500 (default 50)")]),
            "/api/analyze": write("Analyse an article without storing it"),
            "/api/ingest": write("Analyse an article and store it"),
            "/api/openapi.json": read("This document", vec![])
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Article": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": false,
                    "properties": {
                        "text": { "type": "string" },
                        "id": { "type": "string" },
                        "published": { "type": "string", "description": "YYYY-MM-DD" },
                        "outlet": { "type": "string" },
                        "title": { "type": "string" },
                        "url": { "type": "string" }
                    }
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": { "type": "object", "required": ["code", "message"], "properties": {
                        "code": { "type": "string", "enum": ["bad_request", "unauthorized", "not_found", "too_large", "busy", "timeout", "internal"] },
                        "message": { "type": "string" }
                    }}}
                }
            },
            "responses": {
                "Error": { "description": "An error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
        }
    })
}

pub(crate) async fn document() -> Json<Value> {
    Json(spec())
}
