//! The JSON endpoints (`docs/api.md`): thin adapters over the same library
//! calls as the command line.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use marsad_article::Article;
use marsad_search::{Hit, Results};
use marsad_store::{content_id, EventQuery, GraphQuery, Item, Period, Presence, TimelineQuery};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::{blocking, AppState};

type Answer = Result<Json<Value>, ApiError>;

/// Upper bounds of the page sizes a client may ask for.
const MAX_HITS: usize = 100;
const MAX_ACTORS: usize = 1000;
const MAX_EVENTS: usize = 10_000;
const MAX_NODES: usize = 500;
const MAX_OFFSET: usize = 10_000;
const MAX_PERIODS: usize = 10_000;

/// Articles whose analyses are read for an actor's names.
const NAME_ARTICLES: usize = 200;

fn to_json<T: Serialize>(v: &T) -> Answer {
    serde_json::to_value(v).map(Json).map_err(|e| ApiError::internal(e.to_string()))
}

/// An empty parameter (`?actor=`) is no parameter.
fn given(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

#[derive(Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
    actor: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    outlet: Option<String>,
    page: Option<usize>,
    limit: Option<usize>,
}

pub(crate) async fn search(State(st): State<Arc<AppState>>, Query(p): Query<SearchParams>) -> Answer {
    let limit = p.limit.unwrap_or(10).clamp(1, MAX_HITS);
    let page = p.page.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::bad_request("page counts from 1"));
    }
    // The index ranks offset + limit hits to skip the first ones: a far page
    // would cost as much memory as it skips.
    let offset = (page - 1).checked_mul(limit).filter(|&o| o <= MAX_OFFSET).ok_or_else(|| {
        ApiError::bad_request(format!("page {page} is past the first {MAX_OFFSET} hits; narrow the search"))
    })?;
    let q = marsad_search::Query {
        text: p.q.unwrap_or_default(),
        actor: given(&p.actor),
        kind: given(&p.kind),
        from: given(&p.from),
        to: given(&p.to),
        outlet: given(&p.outlet),
        limit,
        offset,
    };
    let (r, names): (Results, Value) = blocking(&st, move |st| {
        st.with_store(|store| {
            let r = st.index()?.search(store, &q)?;
            let names = names(store, r.facets.actor.iter().map(|(id, _)| id.as_str()))?;
            Ok((r, names))
        })
    })
    .await?;
    let hits: Vec<Value> = r.hits.iter().map(hit).collect();
    to_json(
        &json!({ "total": r.total, "page": page, "limit": limit, "hits": hits, "facets": r.facets, "names": names }),
    )
}

/// `{id: {"en": …, "ar": …}}` for the actors of `ids` the store names.
fn names<'a>(store: &marsad_store::Store, ids: impl Iterator<Item = &'a str>) -> Result<Value, ApiError> {
    let mut out = serde_json::Map::new();
    for id in ids {
        if let Some(a) = store.actor(id)? {
            out.insert(id.to_string(), json!({ "en": a.name_en, "ar": a.name_ar }));
        }
    }
    Ok(Value::Object(out))
}

/// A hit as the API shows it: the snippet also cut into parts.
fn hit(h: &Hit) -> Value {
    let s = &h.snippet;
    json!({
        "id": h.id, "score": h.score, "title": h.title, "url": h.url, "outlet": h.outlet, "published": h.published,
        "snippet": { "text": s.text, "start": s.start, "highlights": s.highlights, "parts": s.parts().into_iter().map(|(text, hit)| json!({ "text": text, "hit": hit })).collect::<Vec<_>>() },
    })
}

pub(crate) async fn article(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Answer {
    let found = blocking(&st, move |st| {
        st.with_store(|store| {
            let Some((meta, text)) = store.articles_with_text(&[id.as_str()])?.into_iter().next() else {
                return Err(ApiError::not_found(format!("no article {id:?} in the store")));
            };
            let analysis = store.analysis(&id)?;
            Ok((meta, text, analysis))
        })
    })
    .await?;
    let (meta, text, analysis) = found;
    to_json(&json!({ "article": meta, "text": text, "analysis": analysis }))
}

#[derive(Deserialize)]
pub(crate) struct ActorsParams {
    kind: Option<String>,
    q: Option<String>,
    top: Option<usize>,
}

pub(crate) async fn actors(State(st): State<Arc<AppState>>, Query(p): Query<ActorsParams>) -> Answer {
    let top = p.top.unwrap_or(50).clamp(1, MAX_ACTORS);
    let kind = given(&p.kind);
    let q = given(&p.q).map(|q| q.to_lowercase());
    let rows = blocking(&st, move |st| {
        st.with_store(|store| {
            // Every actor of the kind once (the count reads every mention),
            // then filtered and cut from the cache.
            let key = format!("actors {kind:?}");
            let all = st.cached(store, key, |store| {
                serde_json::to_value(store.actors(kind.as_deref(), usize::MAX >> 1)?)
                    .map_err(|e| ApiError::internal(e.to_string()))
            })?;
            let matches = |a: &&Value| {
                let Some(q) = &q else { return true };
                let field = |k: &str| a[k].as_str().map(str::to_lowercase);
                field("id").is_some_and(|s| s.contains(q.as_str()))
                    || field("name_en").is_some_and(|s| s.contains(q.as_str()))
                    || field("name_ar").is_some_and(|s| s.contains(q.as_str()))
            };
            let rows: Vec<Value> = all.as_array().into_iter().flatten().filter(matches).take(top).cloned().collect();
            Ok(rows)
        })
    })
    .await?;
    to_json(&json!({ "actors": rows }))
}

pub(crate) async fn actor(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Answer {
    let answer = blocking(&st, move |st| {
        // The newest articles mentioning the actor, from the index.
        let q = marsad_search::Query { actor: Some(id.clone()), limit: NAME_ARTICLES, ..Default::default() };
        st.with_store(|store| {
            let row = store.actor(&id)?;
            let profile = store.profile(&id, 10)?;
            let known_state = id.len() == 3 && profile.roles.source + profile.roles.target > 0;
            if row.is_none() && !known_state {
                return Err(ApiError::not_found(format!("no actor {id:?} in the store")));
            }
            let recent = st.index()?.search(store, &q)?;
            let ids: Vec<&str> = recent.hits.iter().map(|h| h.id.as_str()).collect();
            let names = store.names(&id, &ids)?;
            let events =
                store.corpus_events(&EventQuery { actor: Some(id.clone()), limit: Some(20), ..Default::default() })?;
            let actor = json!({
                "id": id,
                "name_en": row.as_ref().and_then(|r| r.name_en.clone()),
                "name_ar": row.as_ref().and_then(|r| r.name_ar.clone()),
                "kind": row.as_ref().map(|r| r.kind.clone()),
                "country": row.as_ref().and_then(|r| r.country.clone()),
                "code": row.as_ref().and_then(|r| r.code.clone()),
                "mentions": profile.mentions,
                "articles": profile.articles,
            });
            Ok(json!({
                "actor": actor,
                "roles": profile.roles,
                "types": profile.types,
                "names": names.names,
                "loaded_names": names.loaded_names,
                "partners": profile.partners,
                "adversaries": profile.adversaries,
                "events": events,
            }))
        })
    })
    .await?;
    Ok(Json(answer))
}

#[derive(Deserialize)]
pub(crate) struct EventsParams {
    actor: Option<String>,
    dyad: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    limit: Option<usize>,
    mentions: Option<bool>,
}

pub(crate) async fn events(State(st): State<Arc<AppState>>, Query(p): Query<EventsParams>) -> Answer {
    let dyad = match given(&p.dyad) {
        None => None,
        Some(d) => match d.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Some((a.trim().to_string(), b.trim().to_string()))
            }
            _ => return Err(ApiError::bad_request(format!("dyad {d:?} is not two actor ids like ISR,MAR"))),
        },
    };
    let q = EventQuery {
        actor: given(&p.actor),
        dyad,
        kind: given(&p.kind),
        from: given(&p.from),
        to: given(&p.to),
        limit: Some(p.limit.unwrap_or(100).clamp(1, MAX_EVENTS)),
    };
    let mentions = p.mentions.unwrap_or(false);
    let events = blocking(&st, move |st| {
        st.with_store(|store| {
            Ok(if mentions {
                serde_json::to_value(store.events(&q)?)
            } else {
                serde_json::to_value(store.corpus_events(&q)?)
            })
        })
    })
    .await?
    .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Json(json!({ "events": events })))
}

#[derive(Deserialize)]
pub(crate) struct TimelineParams {
    actor: Option<String>,
    actor2: Option<String>,
    by: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

pub(crate) async fn timeline(State(st): State<Arc<AppState>>, Query(p): Query<TimelineParams>) -> Answer {
    let actor = given(&p.actor).ok_or_else(|| ApiError::bad_request("actor is required"))?;
    let by = match given(&p.by).as_deref() {
        None | Some("month") => Period::Month,
        Some("week") => Period::Week,
        Some("year") => Period::Year,
        Some(other) => return Err(ApiError::bad_request(format!("by {other:?}: use month, week or year"))),
    };
    let q = TimelineQuery { actor, other: given(&p.actor2), by, from: given(&p.from), to: given(&p.to) };
    let (t, names) = blocking(&st, move |st| {
        st.with_store(|store| {
            let t = store.timeline(&q)?;
            if t.points.len() > MAX_PERIODS {
                return Err(ApiError::bad_request(format!(
                    "{} periods: over {MAX_PERIODS}; give a shorter from/to or a longer period (by=month, by=year)",
                    t.points.len()
                )));
            }
            let names = names(store, std::iter::once(t.actor.as_str()).chain(t.other.as_deref()))?;
            Ok((t, names))
        })
    })
    .await?;
    let mut v = serde_json::to_value(&t).map_err(|e| ApiError::internal(e.to_string()))?;
    v["names"] = names;
    Ok(Json(v))
}

#[derive(Deserialize)]
pub(crate) struct GraphParams {
    from: Option<String>,
    to: Option<String>,
    min_weight: Option<f64>,
    kind: Option<String>,
    top: Option<usize>,
}

pub(crate) async fn graph(State(st): State<Arc<AppState>>, Query(p): Query<GraphParams>) -> Answer {
    let q = GraphQuery {
        from: given(&p.from),
        to: given(&p.to),
        min_weight: p.min_weight.unwrap_or(0.0).max(0.0),
        kind: given(&p.kind),
        top: Some(p.top.unwrap_or(60).clamp(1, MAX_NODES)),
    };
    let key = format!("graph {:?} {:?} {} {:?} {:?}", q.from, q.to, q.min_weight, q.kind, q.top);
    let g = blocking(&st, move |st| {
        st.with_store(|store| {
            st.cached(store, key, |store| {
                serde_json::to_value(store.graph(&q)?).map_err(|e| ApiError::internal(e.to_string()))
            })
        })
    })
    .await?;
    Ok(Json(Value::clone(&g)))
}

pub(crate) async fn stats(State(st): State<Arc<AppState>>) -> Answer {
    let s = blocking(&st, |st| st.with_store(|store| Ok(store.stats()?))).await?;
    to_json(&s)
}

/// An article as posted.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Posted {
    text: String,
    id: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    title: Option<String>,
    url: Option<String>,
}

/// Checks the token and reads the posted article.
fn posted(st: &AppState, headers: &HeaderMap, body: &Bytes) -> Result<Article, ApiError> {
    if let Some(token) = &st.config.token {
        let given = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        // Compared in full whatever the first difference, so the time taken
        // says nothing about the token.
        let same = given.is_some_and(|g| {
            g.len() == token.len() && g.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
        });
        if !same {
            return Err(ApiError::unauthorized());
        }
    }
    let p: Posted = serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("the body: {e}")))?;
    if p.text.trim().is_empty() {
        return Err(ApiError::bad_request("text is empty"));
    }
    let published = match given(&p.published) {
        None => None,
        Some(d) => {
            Some(marsad_article::parse_published(&d).map_err(|e| ApiError::bad_request(format!("published: {e}")))?)
        }
    };
    Ok(Article { id: given(&p.id), text: p.text, published, outlet: p.outlet, title: p.title, url: p.url })
}

pub(crate) async fn analyze(State(st): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Answer {
    let article = posted(&st, &headers, &body)?;
    let analysis = blocking(&st, move |st| {
        st.analyzer.analyze(&article).map_err(|e| ApiError::bad_request(format!("the article: {e}")))
    })
    .await?;
    to_json(&analysis)
}

pub(crate) async fn ingest(State(st): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Answer {
    let mut article = posted(&st, &headers, &body)?;
    let answer = blocking(&st, move |st| {
        let id = article.id.clone().unwrap_or_else(|| content_id(&article.text));
        article.id = Some(id.clone());
        let _one_at_a_time = st.writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        st.with_store(|store| {
            let status = match store.presence(&id, &article.text)? {
                Presence::Same => return Ok(json!({ "id": id, "status": "skipped", "copy_of": null })),
                Presence::CopyOf(of) => return Ok(json!({ "id": id, "status": "copy", "copy_of": of })),
                Presence::New => "ingested",
                Presence::Changed => "updated",
            };
            let analysis =
                st.analyzer.analyze(&article).map_err(|e| ApiError::bad_request(format!("the article: {e}")))?;
            // The index writer first: when an ingest holds it, nothing is
            // stored that the index would then lack.
            let mut writer = st.index.writer(1)?;
            store.put(&[Item { id: &id, text: &article.text, analysis: &analysis }])?;
            writer.put(&id, &article.text, &analysis)?;
            writer.commit()?;
            writer.finish()?;
            st.index.reload()?;
            Ok(json!({ "id": id, "status": status, "copy_of": null }))
        })
    })
    .await?;
    Ok(Json(answer))
}
