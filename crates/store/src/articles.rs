//! Reading articles' metadata back, for search hits and index repair.

use rusqlite::OptionalExtension;

use crate::{Error, Store};

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

impl Store {
    /// The metadata of the article stored under `id`.
    pub fn article(&self, id: &str) -> Result<Option<ArticleRow>, Error> {
        self.conn
            .prepare_cached("SELECT id, title, url, outlet, published FROM articles WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |r| {
                    Ok(ArticleRow {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        url: r.get(2)?,
                        outlet: r.get(3)?,
                        published: r.get(4)?,
                    })
                })
                .optional()
            })
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
