//! Reading events and actors back out of a store.

use rusqlite::types::Value;

use crate::{Error, Store};

/// Which events to read. An actor matches an event's source or target by
/// id; a three-letter state code also matches the state's organs
/// (`ISR` matches `ISRMIL`).
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Events with this actor as source or target.
    pub actor: Option<String>,
    /// Events between these two actors, either way round.
    pub dyad: Option<(String, String)>,
    /// PLOVER type.
    pub kind: Option<String>,
    /// Dated on or after (`YYYY[-MM[-DD]]`; the article's date when the
    /// event has no calendar date).
    pub from: Option<String>,
    /// Dated on or before.
    pub to: Option<String>,
    /// At most this many, newest first.
    pub limit: Option<usize>,
}

/// An event as stored, with its article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRow {
    /// Article id.
    pub article: String,
    /// Article URL.
    pub url: Option<String>,
    /// Article outlet.
    pub outlet: Option<String>,
    /// Article publication date.
    pub published: Option<String>,
    /// Index of the event in the article's analysis.
    pub idx: i64,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: String,
    /// CAMEO code.
    pub cameo: String,
    /// Goldstein score.
    pub goldstein: f64,
    /// CAMEO quad class.
    pub quad_class: i64,
    /// Source actor id.
    pub source: Option<String>,
    /// Target actor id.
    pub target: Option<String>,
    /// Event date.
    pub date: Option<String>,
    /// Place actor id.
    pub location: Option<String>,
    /// Factuality.
    pub factuality: String,
    /// Trigger byte offsets in the article text.
    pub trigger_start: i64,
    /// End of the trigger.
    pub trigger_end: i64,
}

/// An actor with how often the store mentions it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActorRow {
    /// Actor id.
    pub id: String,
    /// English name.
    pub name_en: Option<String>,
    /// Arabic name.
    pub name_ar: Option<String>,
    /// Kind.
    pub kind: String,
    /// Country.
    pub country: Option<String>,
    /// Mentions.
    pub mentions: i64,
    /// Articles mentioning it.
    pub articles: i64,
}

/// An event's day for filters and order: its date when that is a calendar
/// date (not `PRESENT_REF` and the like), else its article's.
pub(crate) const DAY: &str = "(CASE WHEN e.date GLOB '[0-9][0-9][0-9][0-9]*' THEN e.date ELSE a.published END)";

/// SQL matching column `col` against actor parameter `?n`.
pub(crate) fn actor_match(col: &str, n: usize) -> String {
    format!("({col} = ?{n} OR (length(?{n}) = 3 AND ?{n} GLOB '[A-Z][A-Z][A-Z]' AND {col} GLOB ?{n} || '*'))")
}

impl Store {
    /// The events `q` asks for, newest first.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>, Error> {
        let mut sql = String::from(
            "SELECT a.id, a.url, a.outlet, a.published, e.idx, e.type, e.cameo, e.goldstein, e.quad_class,
                    e.source, e.target, e.date, e.location, e.factuality, e.trigger_start, e.trigger_end
             FROM events e JOIN articles a ON a.num = e.article WHERE 1",
        );
        let mut params: Vec<Value> = Vec::new();
        let param = |v: &str, params: &mut Vec<Value>| {
            params.push(Value::Text(v.to_string()));
            params.len()
        };
        if let Some(actor) = &q.actor {
            let n = param(actor, &mut params);
            sql += &format!(" AND ({} OR {})", actor_match("e.source", n), actor_match("e.target", n));
        }
        if let Some((x, y)) = &q.dyad {
            let (i, j) = (param(x, &mut params), param(y, &mut params));
            sql += &format!(
                " AND (({} AND {}) OR ({} AND {}))",
                actor_match("e.source", i),
                actor_match("e.target", j),
                actor_match("e.source", j),
                actor_match("e.target", i)
            );
        }
        if let Some(kind) = &q.kind {
            let n = param(&kind.to_uppercase(), &mut params);
            sql += &format!(" AND upper(e.type) = ?{n}");
        }
        if let Some(from) = &q.from {
            let n = param(from, &mut params);
            sql += &format!(" AND {DAY} >= ?{n}");
        }
        if let Some(to) = &q.to {
            // A prefix of `to` (2020-04 for to = 2020-04-30) is inside it.
            let n = param(to, &mut params);
            sql += &format!(" AND substr({DAY}, 1, length(?{n})) <= ?{n}");
        }
        sql += &format!(" ORDER BY {DAY} DESC, a.num, e.idx");
        if let Some(limit) = q.limit {
            sql += &format!(" LIMIT {limit}");
        }
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok(EventRow {
                    article: r.get(0)?,
                    url: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    idx: r.get(4)?,
                    kind: r.get(5)?,
                    cameo: r.get(6)?,
                    goldstein: r.get(7)?,
                    quad_class: r.get(8)?,
                    source: r.get(9)?,
                    target: r.get(10)?,
                    date: r.get(11)?,
                    location: r.get(12)?,
                    factuality: r.get(13)?,
                    trigger_start: r.get(14)?,
                    trigger_end: r.get(15)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Actors by mentions, most mentioned first, of one kind if given.
    pub fn actors(&self, kind: Option<&str>, top: usize) -> Result<Vec<ActorRow>, Error> {
        let sql = "SELECT x.id, x.name_en, x.name_ar, x.kind, x.country, count(*), count(DISTINCT m.article)
                   FROM actors x JOIN mentions m ON m.actor = x.num
                   WHERE ?1 IS NULL OR x.kind = ?1
                   GROUP BY x.num ORDER BY count(*) DESC, x.id LIMIT ?2";
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params![kind, top as i64], |r| {
                Ok(ActorRow {
                    id: r.get(0)?,
                    name_en: r.get(1)?,
                    name_ar: r.get(2)?,
                    kind: r.get(3)?,
                    country: r.get(4)?,
                    mentions: r.get(5)?,
                    articles: r.get(6)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}
