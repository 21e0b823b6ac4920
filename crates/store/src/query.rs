//! Reading events and actors back out of a store.

use rusqlite::types::Value;
use rusqlite::OptionalExtension;

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
    /// Index of the sentence in the article.
    pub sentence: Option<i64>,
    /// Confidence in [0, 1].
    pub confidence: Option<f64>,
    /// The corpus event this is a mention of.
    pub corpus_event: Option<i64>,
}

/// A corpus event: what several articles may tell, merged (see
/// `docs/store.md`), with its counts of evidence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CorpusEventRow {
    /// Its id (GDELT's GlobalEventID).
    pub id: i64,
    /// The earliest day a mention gives it.
    pub day: Option<String>,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: String,
    /// CAMEO code (of the first mention).
    pub cameo: String,
    /// CAMEO root code.
    pub root_code: String,
    /// CAMEO quad class.
    pub quad_class: i64,
    /// Goldstein score.
    pub goldstein: f64,
    /// Source actor id of the first mention.
    pub source: Option<String>,
    /// Target actor id of the first mention.
    pub target: Option<String>,
    /// Source at country level (what mentions were merged on).
    pub source_country: Option<String>,
    /// Target at country level.
    pub target_country: Option<String>,
    /// Place actor id.
    pub location: Option<String>,
    /// Tellings in all articles.
    pub num_mentions: i64,
    /// Distinct outlets.
    pub num_sources: i64,
    /// Distinct articles.
    pub num_articles: i64,
    /// Id of the first article telling it.
    pub first_article: Option<String>,
    /// Its URL.
    pub first_url: Option<String>,
    /// When that article was stored (`YYYY-MM-DDTHH:MM:SSZ`).
    pub added: Option<String>,
    /// The sentence of the first mention in its article (0: the lead).
    pub first_sentence: Option<i64>,
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
    /// CAMEO actor code.
    pub code: Option<String>,
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

/// The actor and type conditions of `q` on mentions `e`, as `AND …`.
fn actor_filters(q: &EventQuery, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    let mut param = |v: &str| {
        params.push(Value::Text(v.to_string()));
        params.len()
    };
    if let Some(actor) = &q.actor {
        let n = param(actor);
        sql += &format!(" AND ({} OR {})", actor_match("e.source", n), actor_match("e.target", n));
    }
    if let Some((x, y)) = &q.dyad {
        let (i, j) = (param(x), param(y));
        sql += &format!(
            " AND (({} AND {}) OR ({} AND {}))",
            actor_match("e.source", i),
            actor_match("e.target", j),
            actor_match("e.source", j),
            actor_match("e.target", i)
        );
    }
    if let Some(kind) = &q.kind {
        let n = param(&kind.to_uppercase());
        sql += &format!(" AND upper(e.type) = ?{n}");
    }
    sql
}

/// The date conditions of `q` on the day expression `day`, as `AND …`.
fn day_filters(q: &EventQuery, day: &str, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    if let Some(from) = &q.from {
        params.push(Value::Text(from.clone()));
        sql += &format!(" AND {day} >= ?{}", params.len());
    }
    if let Some(to) = &q.to {
        // A prefix of `to` (2020-04 for to = 2020-04-30) is inside it.
        params.push(Value::Text(to.clone()));
        let n = params.len();
        sql += &format!(" AND substr({day}, 1, length(?{n})) <= ?{n}");
    }
    sql
}

impl Store {
    /// The events `q` asks for (each article's, the mentions of corpus
    /// events), newest first.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>, Error> {
        self.bound(&q.from)?;
        self.bound(&q.to)?;
        let mut sql = String::from(
            "SELECT a.id, a.url, a.outlet, a.published, e.idx, e.type, e.cameo, e.goldstein, e.quad_class,
                    e.source, e.target, e.date, e.location, e.factuality, e.trigger_start, e.trigger_end,
                    e.sentence, e.confidence, e.corpus_event
             FROM events e JOIN articles a ON a.num = e.article WHERE 1",
        );
        let mut params: Vec<Value> = Vec::new();
        sql += &actor_filters(q, &mut params);
        sql += &day_filters(q, DAY, &mut params);
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
                    sentence: r.get(16)?,
                    confidence: r.get(17)?,
                    corpus_event: r.get(18)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The corpus events `q` asks for, newest first. An actor or dyad
    /// matches when one of its mentions matches, as in [`Store::events`].
    pub fn corpus_events(&self, q: &EventQuery) -> Result<Vec<CorpusEventRow>, Error> {
        self.bound(&q.from)?;
        self.bound(&q.to)?;
        let mut sql = String::from(
            "SELECT c.id, c.day, c.type, c.cameo, c.root_code, c.quad_class, c.goldstein, c.source, c.target,
                    nullif(c.source_key, ''), nullif(c.target_key, ''), c.location, c.num_mentions, c.num_sources,
                    c.num_articles, a.id, a.url, a.ingested,
                    (SELECT sentence FROM events WHERE corpus_event = c.id ORDER BY article, idx LIMIT 1)
             FROM corpus_events c LEFT JOIN articles a ON a.num = c.first_article WHERE 1",
        );
        let mut params: Vec<Value> = Vec::new();
        let actors = actor_filters(q, &mut params);
        if !actors.is_empty() {
            sql += &format!(" AND EXISTS (SELECT 1 FROM events e WHERE e.corpus_event = c.id{actors})");
        }
        sql += &day_filters(q, "c.day", &mut params);
        sql += " ORDER BY c.day DESC, c.id";
        if let Some(limit) = q.limit {
            sql += &format!(" LIMIT {limit}");
        }
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok(CorpusEventRow {
                    id: r.get(0)?,
                    day: r.get(1)?,
                    kind: r.get(2)?,
                    cameo: r.get(3)?,
                    root_code: r.get(4)?,
                    quad_class: r.get(5)?,
                    goldstein: r.get(6)?,
                    source: r.get(7)?,
                    target: r.get(8)?,
                    source_country: r.get(9)?,
                    target_country: r.get(10)?,
                    location: r.get(11)?,
                    num_mentions: r.get(12)?,
                    num_sources: r.get(13)?,
                    num_articles: r.get(14)?,
                    first_article: r.get(15)?,
                    first_url: r.get(16)?,
                    added: r.get(17)?,
                    first_sentence: r.get(18)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The story cluster an article belongs to.
    pub fn story(&self, id: &str) -> Result<Option<i64>, Error> {
        self.conn
            .prepare_cached(
                "SELECT s.story FROM articles a JOIN article_stories s ON s.article = a.num WHERE a.id = ?1",
            )
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }

    /// An actor by id (its `mentions` and `articles` counts are 0: this is
    /// for names and codes).
    pub fn actor(&self, id: &str) -> Result<Option<ActorRow>, Error> {
        self.conn
            .prepare_cached("SELECT id, name_en, name_ar, kind, country, code FROM actors WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |r| {
                    Ok(ActorRow {
                        id: r.get(0)?,
                        name_en: r.get(1)?,
                        name_ar: r.get(2)?,
                        kind: r.get(3)?,
                        country: r.get(4)?,
                        code: r.get(5)?,
                        mentions: 0,
                        articles: 0,
                    })
                })
                .optional()
            })
            .map_err(|e| self.err(e))
    }

    /// Byte start of the mention of actor `actor` nearest to byte `at` in
    /// article `article`.
    pub fn nearest_mention(&self, article: &str, actor: &str, at: i64) -> Result<Option<i64>, Error> {
        self.conn
            .prepare_cached(
                "SELECT m.start FROM articles a JOIN mentions m ON m.article = a.num JOIN actors x ON x.num = m.actor
                 WHERE a.id = ?1 AND x.id = ?2 ORDER BY abs(m.start - ?3), m.start LIMIT 1",
            )
            .and_then(|mut s| s.query_row(rusqlite::params![article, actor, at], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }

    /// Actors by mentions, most mentioned first, of one kind if given.
    pub fn actors(&self, kind: Option<&str>, top: usize) -> Result<Vec<ActorRow>, Error> {
        let sql = "SELECT x.id, x.name_en, x.name_ar, x.kind, x.country, x.code, count(*), count(DISTINCT m.article)
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
                    code: r.get(5)?,
                    mentions: r.get(6)?,
                    articles: r.get(7)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }
}
