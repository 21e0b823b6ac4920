//! What `marsad watch` keeps between passes: each feed's state, the item
//! URLs already seen, and the alerts raised.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension};

use crate::{Error, Store};

/// SQLite's clock as RFC 3339 UTC, to the second.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// A feed's health and the validators of its last answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FeedState {
    /// The feed's URL.
    pub url: String,
    /// `ETag` of the last good answer.
    pub etag: Option<String>,
    /// `Last-Modified` of the last good answer.
    pub last_modified: Option<String>,
    /// When it was last polled (RFC 3339 UTC).
    pub last_poll: Option<String>,
    /// When a poll last succeeded.
    pub last_ok: Option<String>,
    /// The last poll's error, if it failed.
    pub last_error: Option<String>,
    /// Failed polls in a row.
    pub failures: u64,
    /// Polls so far.
    pub polls: u64,
    /// Articles stored from its items.
    pub articles: u64,
}

/// How a poll of a feed went.
#[derive(Debug, Clone, Default)]
pub struct Poll<'a> {
    /// The feed's URL.
    pub url: &'a str,
    /// `Err` with the reason when the feed could not be read.
    pub error: Option<&'a str>,
    /// Validators to send next time (kept from before when `None`).
    pub etag: Option<&'a str>,
    /// See `etag`.
    pub last_modified: Option<&'a str>,
    /// Articles stored from its items in this poll.
    pub articles: u64,
}

/// An item URL that was dealt with: stored under `article`, or failed for
/// good with `error`.
#[derive(Debug, Clone)]
pub struct SeenItem<'a> {
    /// The item's URL.
    pub url: &'a str,
    /// The feed it came from.
    pub feed: &'a str,
    /// The id of the stored article.
    pub article: Option<&'a str>,
    /// Why it could not be stored.
    pub error: Option<&'a str>,
}

/// A stored alert.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AlertRow {
    /// Its number, in the order raised.
    pub id: i64,
    /// The rule's name.
    pub rule: String,
    /// What it is about: `event:N` (a corpus event) or `story:N`.
    pub subject: String,
    /// The article that raised it.
    pub article: String,
    /// When (RFC 3339 UTC).
    pub created: String,
    /// The alert as delivered (JSON).
    pub body: String,
}

impl Store {
    /// The state of every feed polled so far, in URL order.
    pub fn feeds(&self) -> Result<Vec<FeedState>, Error> {
        self.feed_rows(None)
    }

    /// The state of one feed, if it was polled before.
    pub fn feed(&self, url: &str) -> Result<Option<FeedState>, Error> {
        Ok(self.feed_rows(Some(url))?.pop())
    }

    fn feed_rows(&self, url: Option<&str>) -> Result<Vec<FeedState>, Error> {
        let sql = "SELECT url, etag, last_modified, last_poll, last_ok, last_error, failures, polls, articles
                   FROM feeds WHERE ?1 IS NULL OR url = ?1 ORDER BY url";
        self.conn
            .prepare_cached(sql)
            .and_then(|mut s| {
                s.query_map([url], |r| {
                    Ok(FeedState {
                        url: r.get(0)?,
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                        last_poll: r.get(3)?,
                        last_ok: r.get(4)?,
                        last_error: r.get(5)?,
                        failures: r.get(6)?,
                        polls: r.get(7)?,
                        articles: r.get(8)?,
                    })
                })?
                .collect()
            })
            .map_err(|e| self.err(e))
    }

    /// Records a poll: a good one clears the error and the failure count
    /// and keeps the new validators; a failed one keeps the old ones.
    pub fn record_poll(&self, p: &Poll<'_>) -> Result<(), Error> {
        let sql = format!(
            "INSERT INTO feeds (url, etag, last_modified, last_poll, last_ok, last_error, failures, polls, articles)
             VALUES (?1, ?2, ?3, {NOW}, CASE WHEN ?4 IS NULL THEN {NOW} END, ?4, ?4 IS NOT NULL, 1, ?5)
             ON CONFLICT (url) DO UPDATE SET
                etag = CASE WHEN ?4 IS NULL THEN coalesce(?2, etag) ELSE etag END,
                last_modified = CASE WHEN ?4 IS NULL THEN coalesce(?3, last_modified) ELSE last_modified END,
                last_poll = {NOW},
                last_ok = CASE WHEN ?4 IS NULL THEN {NOW} ELSE last_ok END,
                last_error = ?4,
                failures = CASE WHEN ?4 IS NULL THEN 0 ELSE failures + 1 END,
                polls = polls + 1,
                articles = articles + ?5"
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.execute(params![p.url, p.etag, p.last_modified, p.error, p.articles as i64]))
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Which of `urls` were seen before (in any feed).
    pub fn seen_items(&self, urls: &[&str]) -> Result<HashSet<String>, Error> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM feed_items WHERE url = ?1").map_err(|e| self.err(e))?;
        let mut seen = HashSet::new();
        for u in urls {
            if stmt.query_row([u], |_| Ok(())).optional().map_err(|e| self.err(e))?.is_some() {
                seen.insert((*u).to_string());
            }
        }
        Ok(seen)
    }

    /// Remembers items as dealt with, in one transaction.
    pub fn mark_seen(&mut self, items: &[SeenItem<'_>]) -> Result<(), Error> {
        let path = self.dir().to_path_buf();
        let err = |e: rusqlite::Error| Error { path: path.clone(), kind: e.into() };
        let tx = self.conn.transaction().map_err(err)?;
        {
            let sql = format!(
                "INSERT INTO feed_items (url, feed, seen, article, error) VALUES (?1, ?2, {NOW}, ?3, ?4)
                 ON CONFLICT (url) DO UPDATE SET article = excluded.article, error = excluded.error"
            );
            let mut stmt = tx.prepare_cached(&sql).map_err(err)?;
            for i in items {
                stmt.execute(params![i.url, i.feed, i.article, i.error]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Keeps an alert unless the same rule already raised one about the
    /// same subject; `Some(row)` when it is new.
    pub fn add_alert(&self, rule: &str, subject: &str, article: &str, body: &str) -> Result<Option<AlertRow>, Error> {
        let sql = format!(
            "INSERT INTO alerts (rule, subject, article, created, body) VALUES (?1, ?2, ?3, {NOW}, ?4)
             ON CONFLICT (rule, subject) DO NOTHING
             RETURNING id, rule, subject, article, created, body"
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row(params![rule, subject, article, body], alert_row).optional())
            .map_err(|e| self.err(e))
    }

    /// The newest `limit` alerts (of `rule` only, if given), newest first.
    pub fn alerts(&self, rule: Option<&str>, limit: usize) -> Result<Vec<AlertRow>, Error> {
        self.conn
            .prepare_cached(
                "SELECT id, rule, subject, article, created, body FROM alerts
                 WHERE ?1 IS NULL OR rule = ?1 ORDER BY id DESC LIMIT ?2",
            )
            .and_then(|mut s| s.query_map(params![rule, limit as i64], alert_row)?.collect())
            .map_err(|e| self.err(e))
    }

    /// The corpus event each of an article's events is a mention of, by
    /// the event's index in its analysis.
    pub fn corpus_event_ids(&self, article: &str) -> Result<Vec<(usize, Option<i64>)>, Error> {
        self.conn
            .prepare_cached(
                "SELECT e.idx, e.corpus_event FROM events e JOIN articles a ON a.num = e.article
                 WHERE a.id = ?1 ORDER BY e.idx",
            )
            .and_then(|mut s| s.query_map([article], |r| Ok((r.get::<_, i64>(0)? as usize, r.get(1)?)))?.collect())
            .map_err(|e| self.err(e))
    }
}

fn alert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AlertRow> {
    Ok(AlertRow {
        id: r.get(0)?,
        rule: r.get(1)?,
        subject: r.get(2)?,
        article: r.get(3)?,
        created: r.get(4)?,
        body: r.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_state_across_polls() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let url = "http://example.com/rss";
        assert_eq!(store.feed(url).unwrap(), None);
        let ok = Poll { url, etag: Some("\"v1\""), articles: 3, ..Poll::default() };
        store.record_poll(&ok).unwrap();
        store.record_poll(&Poll { url, error: Some("HTTP 500"), ..Poll::default() }).unwrap();
        store.record_poll(&Poll { url, error: Some("timed out"), ..Poll::default() }).unwrap();
        let s = store.feed(url).unwrap().unwrap();
        assert_eq!((s.failures, s.polls, s.articles), (2, 3, 3));
        assert_eq!(s.etag.as_deref(), Some("\"v1\""), "a failed poll keeps the validators");
        assert_eq!(s.last_error.as_deref(), Some("timed out"));
        assert!(s.last_ok.is_some());
        store
            .record_poll(&Poll { url, last_modified: Some("Mon, 30 Nov 2026 05:00:00 GMT"), ..Poll::default() })
            .unwrap();
        let s = store.feed(url).unwrap().unwrap();
        assert_eq!((s.failures, s.last_error, s.etag.as_deref()), (0, None, Some("\"v1\"")));
        assert_eq!(store.feeds().unwrap().len(), 1);
    }

    #[test]
    fn seen_items_and_alerts() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let (a, b) = ("http://example.com/a", "http://example.com/b");
        store.mark_seen(&[SeenItem { url: a, feed: "f", article: Some(a), error: None }]).unwrap();
        assert_eq!(store.seen_items(&[a, b]).unwrap(), HashSet::from([a.to_string()]));
        let first = store.add_alert("r", "event:1", a, "{}").unwrap();
        assert!(first.is_some());
        assert_eq!(store.add_alert("r", "event:1", b, "{}").unwrap(), None, "the same subject again");
        assert!(store.add_alert("other", "event:1", b, "{}").unwrap().is_some());
        let all = store.alerts(None, 10).unwrap();
        assert_eq!(all.iter().map(|r| r.rule.as_str()).collect::<Vec<_>>(), ["other", "r"]);
        assert_eq!(store.alerts(Some("r"), 10).unwrap().len(), 1);
    }
}
