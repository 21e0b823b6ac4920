//! An actor's profile: its roles in events, the event types it takes part
//! in, its partners and adversaries, and the names the articles give it.

use std::collections::HashMap;

use crate::query::actor_match;
use crate::views::round2;
use crate::{Error, Store};

/// What the store knows of one actor beyond its name.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Profile {
    /// Mentions of the actor itself (not its organs).
    pub mentions: i64,
    /// Articles mentioning it.
    pub articles: i64,
    /// Events with the actor (or, for a state, one of its organs) as
    /// source and as target.
    pub roles: Roles,
    /// Event types it takes part in, most frequent first.
    pub types: Vec<(String, i64)>,
    /// The actors it relates to, net cooperative first.
    pub partners: Vec<Partner>,
    /// The actors it relates to, net hostile first.
    pub adversaries: Vec<Partner>,
}

/// Events by the actor's role.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Roles {
    /// As source.
    pub source: i64,
    /// As target.
    pub target: i64,
}

/// One actor related to another, its relations summed over articles.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Partner {
    /// The other actor's id.
    pub id: String,
    /// Its English name.
    pub name_en: Option<String>,
    /// Its Arabic name.
    pub name_ar: Option<String>,
    /// Net weight (positive cooperative, negative hostile).
    pub weight: f64,
    /// Articles relating the two.
    pub articles: i64,
}

/// Names an actor is given in some articles: how its mentions are written,
/// and the loaded names (framing) used for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Names {
    /// Mention texts, most frequent first.
    pub names: Vec<(String, i64)>,
    /// Loaded names and terms, most frequent first.
    pub loaded_names: Vec<(String, i64)>,
}

impl Store {
    /// The profile of actor `id`; `top` partners and adversaries at most.
    pub fn profile(&self, id: &str, top: usize) -> Result<Profile, Error> {
        let (mentions, articles) = self
            .conn
            .prepare_cached(
                "SELECT count(*), count(DISTINCT article) FROM mentions
                 WHERE actor = (SELECT num FROM actors WHERE id = ?1)",
            )
            .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))))
            .map_err(|e| self.err(e))?;
        let roles = self
            .conn
            .prepare_cached(&format!(
                "SELECT coalesce(sum({}), 0), coalesce(sum({}), 0) FROM events e",
                actor_match("e.source", 1),
                actor_match("e.target", 1)
            ))
            .and_then(|mut s| s.query_row([id], |r| Ok(Roles { source: r.get(0)?, target: r.get(1)? })))
            .map_err(|e| self.err(e))?;
        let types = self.pairs(
            &format!(
                "SELECT e.type, count(*) FROM events e WHERE {} OR {} GROUP BY e.type ORDER BY count(*) DESC, e.type",
                actor_match("e.source", 1),
                actor_match("e.target", 1)
            ),
            id,
        )?;
        let sql = "SELECT CASE WHEN r.a = ?1 THEN r.b ELSE r.a END AS other, sum(r.weight), count(DISTINCT r.article),
                          x.name_en, x.name_ar
                   FROM relations r LEFT JOIN actors x ON x.id = (CASE WHEN r.a = ?1 THEN r.b ELSE r.a END)
                   WHERE r.a = ?1 OR r.b = ?1 GROUP BY other";
        let mut all: Vec<Partner> = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut s| {
                s.query_map([id], |r| {
                    Ok(Partner {
                        id: r.get(0)?,
                        weight: round2(r.get(1)?),
                        articles: r.get(2)?,
                        name_en: r.get(3)?,
                        name_ar: r.get(4)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|e| self.err(e))?;
        all.sort_by(|x, y| y.weight.total_cmp(&x.weight).then_with(|| x.id.cmp(&y.id)));
        let partners = all.iter().filter(|p| p.weight > 0.0).take(top).cloned().collect();
        let adversaries = all.iter().rev().filter(|p| p.weight < 0.0).take(top).cloned().collect();
        Ok(Profile { mentions, articles, roles, types, partners, adversaries })
    }

    /// How the articles `articles` name actor `id`: its mentions' texts and
    /// the loaded names their analyses record for it.
    pub fn names(&self, id: &str, articles: &[&str]) -> Result<Names, Error> {
        let mut names: HashMap<String, i64> = HashMap::new();
        let mut loaded: HashMap<String, i64> = HashMap::new();
        for article in articles {
            let Some(analysis) = self.analysis(article)? else { continue };
            for actor in analysis.actors.iter().filter(|a| a.id == id) {
                for m in &actor.mentions {
                    *names.entry(m.text.clone()).or_default() += 1;
                }
            }
            for f in analysis.framing.iter().filter(|f| f.actor.as_deref() == Some(id)) {
                *loaded.entry(f.term.clone()).or_default() += f.count as i64;
            }
        }
        Ok(Names { names: most_first(names), loaded_names: most_first(loaded) })
    }

    /// `(text, count)` rows of a query with one text parameter.
    fn pairs(&self, sql: &str, param: &str) -> Result<Vec<(String, i64)>, Error> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut s| s.query_map([param], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(|e| self.err(e))
    }
}

/// Counts, most frequent first, ties by text.
fn most_first(counts: HashMap<String, i64>) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
