//! Reading articles' metadata back, for search hits and index repair.

use std::collections::HashMap;

use rusqlite::OptionalExtension;

use crate::store::inflate_text;
use crate::{Error, ErrorKind, Store};

/// An article's metadata as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArticleRow {
    /// Article id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
}

/// The metadata of `SELECT id, title, url, outlet, published …`.
fn article_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow { id: r.get(0)?, title: r.get(1)?, url: r.get(2)?, outlet: r.get(3)?, published: r.get(4)? })
}

impl Store {
    /// The metadata of the article stored under `id`.
    pub fn article(&self, id: &str) -> Result<Option<ArticleRow>, Error> {
        self.conn
            .prepare_cached("SELECT id, title, url, outlet, published FROM articles WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], article_row).optional())
            .map_err(|e| self.err(e))
    }

    /// Metadata and text of each of `ids` the store holds, in the order of
    /// `ids`, read in one statement (one read lock, one pass over the
    /// table's index) — what a page of search hits needs.
    pub fn articles_with_text(&self, ids: &[&str]) -> Result<Vec<(ArticleRow, String)>, Error> {
        let list = serde_json::Value::from(ids.to_vec()).to_string();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, title, url, outlet, published, text FROM articles \
                 WHERE id IN (SELECT value FROM json_each(?1))",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([list], |r| Ok((article_row(r)?, r.get::<_, Vec<u8>>(5)?)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        let mut found: HashMap<String, (ArticleRow, Vec<u8>)> =
            rows.into_iter().map(|(row, blob)| (row.id.clone(), (row, blob))).collect();
        let mut out = Vec::with_capacity(found.len());
        for id in ids {
            let Some((row, blob)) = found.remove(*id) else { continue };
            let text =
                inflate_text(&blob).map_err(|reason| self.err(ErrorKind::BadRecord { id: row.id.clone(), reason }))?;
            out.push((row, text));
        }
        Ok(out)
    }

    /// Changes whenever an article is stored, replaced or removed (the
    /// newest article's number and the count): what a cache of derived
    /// views checks.
    pub fn version(&self) -> Result<(i64, i64), Error> {
        self.conn
            .prepare_cached("SELECT coalesce(max(num), 0), count(*) FROM articles")
            .and_then(|mut s| s.query_row([], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(|e| self.err(e))
    }

    /// The ids of all stored articles, in storing order.
    pub fn ids(&self) -> Result<Vec<String>, Error> {
        let mut stmt = self.conn.prepare("SELECT id FROM articles ORDER BY num").map_err(|e| self.err(e))?;
        let ids = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect::<Result<Vec<String>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(ids)
    }
}
