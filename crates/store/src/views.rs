//! Views over a store for charts and networks: an actor's (or a dyad's)
//! events per period, and the actor network of the stored relations.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::{Date, ISOWeekDate, Weekday};
use jiff::ToSpan;
use rusqlite::types::Value;

use crate::query::{actor_match, DAY};
use crate::{Error, ErrorKind, Store};

/// The length of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO weeks (`2022-W29`), Monday to Sunday.
    Week,
    /// Calendar months (`2022-07`).
    #[default]
    Month,
    /// Calendar years (`2022`).
    Year,
}

/// Which events a timeline counts.
#[derive(Debug, Clone, Default)]
pub struct TimelineQuery {
    /// Events with this actor as source or target (`ISR` also matches
    /// `ISRMIL`, as in [`crate::EventQuery`]).
    pub actor: String,
    /// With this second actor: only the events between the two, either way
    /// round.
    pub other: Option<String>,
    /// Period length.
    pub by: Period,
    /// From this date on (`YYYY[-MM[-DD]]`).
    pub from: Option<String>,
    /// Up to this date, a prefix covering its whole month or year.
    pub to: Option<String>,
}

/// One period of a timeline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimelinePoint {
    /// `2022`, `2022-07` or `2022-W29`.
    pub period: String,
    /// The period's first day.
    pub start: String,
    /// Events.
    pub events: i64,
    /// Events of quad class 1 or 2 (verbal or material cooperation).
    pub cooperative: i64,
    /// Events of quad class 3 or 4 (verbal or material conflict).
    pub hostile: i64,
    /// Mean Goldstein score to two decimals; `None` without events.
    pub goldstein: Option<f64>,
    /// Articles telling these events.
    pub articles: i64,
}

/// An actor's or a dyad's events per period, every period of the range
/// present (with zeros when nothing happened), oldest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Timeline {
    /// The actor.
    pub actor: String,
    /// The dyad's other actor.
    pub other: Option<String>,
    /// Period length.
    pub by: Period,
    /// The periods.
    pub points: Vec<TimelinePoint>,
    /// Matching events whose date is too coarse for the period (a year for
    /// months) or missing (no event date and an undated article): counted
    /// in no period.
    pub unplaced: i64,
}

/// Which part of the actor network to read.
#[derive(Debug, Clone, Default)]
pub struct GraphQuery {
    /// Articles published on or after this date (`YYYY[-MM[-DD]]`).
    pub from: Option<String>,
    /// Articles published on or before this date.
    pub to: Option<String>,
    /// Edges whose net weight is at least this in absolute value.
    pub min_weight: f64,
    /// Only actors of this kind (`country`, `military` …).
    pub kind: Option<String>,
    /// Only the this many strongest actors (by the summed absolute weight
    /// of their edges), and the edges between them.
    pub top: Option<usize>,
}

/// An actor of the network.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GraphNode {
    /// Actor id.
    pub id: String,
    /// English name.
    pub name_en: Option<String>,
    /// Arabic name.
    pub name_ar: Option<String>,
    /// Kind; `None` for a state only met through its organs (`ISR` of
    /// `ISRMIL`), which has no actor row.
    pub kind: Option<String>,
    /// Mentions in the articles of the date range.
    pub mentions: i64,
}

/// A pair of actors and their relations summed over articles.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GraphEdge {
    /// One actor id (the smaller).
    pub a: String,
    /// The other.
    pub b: String,
    /// Net weight: the sum of the articles' Goldstein-weighted relations,
    /// to two decimals (positive cooperative, negative hostile).
    pub weight: f64,
    /// Articles relating the two.
    pub articles: i64,
    /// Articles where the relation is cooperative.
    pub cooperative: i64,
    /// Articles where it is hostile.
    pub hostile: i64,
    /// Articles where it is mixed.
    pub mixed: i64,
    /// `cooperative`, `hostile` or `mixed`: mixed when the smaller of the
    /// positive and negative sums is more than a third of the larger (the
    /// analysis' rule for one article).
    pub sign: String,
}

/// The actor network: actors with edges, and the edges.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Graph {
    /// Actors, most mentioned first.
    pub nodes: Vec<GraphNode>,
    /// Edges, strongest first.
    pub edges: Vec<GraphEdge>,
}

/// A date bound or an event day, as precise as it is written: `2022`,
/// `2022-07`, `2022-07-18` (anything after the day is ignored) or an ISO
/// week `2022-W29`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Day {
    Year(i16),
    Month(i16, i8),
    Date(Date),
    Week(i16, i8),
}

impl Day {
    fn parse(s: &str) -> Option<Day> {
        let num = |r: std::ops::Range<usize>| s.get(r).filter(|t| t.bytes().all(|b| b.is_ascii_digit()));
        let year: i16 = num(0..4)?.parse().ok()?;
        let rest = &s[4..];
        if rest.is_empty() || !rest.starts_with('-') {
            return rest.chars().next().is_none_or(|c| !c.is_ascii_digit()).then_some(Day::Year(year));
        }
        if s.get(5..6) == Some("W") {
            let week: i8 = num(6..8)?.parse().ok()?;
            ISOWeekDate::new(year, week, Weekday::Monday).ok()?;
            return Some(Day::Week(year, week));
        }
        let month: i8 = num(5..7)?.parse().ok()?;
        Date::new(year, month, 1).ok()?;
        if s.get(7..8) != Some("-") {
            return Some(Day::Month(year, month));
        }
        let day: i8 = num(8..10)?.parse().ok()?;
        Date::new(year, month, day).ok().map(Day::Date)
    }

    /// The first day of the period holding this day, if it is precise
    /// enough to tell.
    fn period(self, by: Period) -> Option<Date> {
        let date = match (self, by) {
            (Day::Year(y), Period::Year) | (Day::Week(y, _), Period::Year) | (Day::Month(y, _), Period::Year) => {
                return Date::new(y, 1, 1).ok()
            }
            (Day::Month(y, m), Period::Month) => return Date::new(y, m, 1).ok(),
            (Day::Week(y, w), Period::Week) => return ISOWeekDate::new(y, w, Weekday::Monday).ok().map(|d| d.date()),
            (Day::Date(d), _) => d,
            _ => return None,
        };
        Some(period_start(date, by))
    }

    /// The first day it covers (`2022-04` → 1 April).
    fn first(self) -> Option<Date> {
        match self {
            Day::Year(y) => Date::new(y, 1, 1).ok(),
            Day::Month(y, m) => Date::new(y, m, 1).ok(),
            Day::Date(d) => Some(d),
            Day::Week(y, w) => ISOWeekDate::new(y, w, Weekday::Monday).ok().map(|d| d.date()),
        }
    }

    /// The last day it covers (`2022-04` → 30 April).
    fn last(self) -> Option<Date> {
        match self {
            Day::Year(y) => Date::new(y, 12, 31).ok(),
            Day::Month(y, m) => Date::new(y, m, 1).ok().map(Date::last_of_month),
            Day::Date(d) => Some(d),
            Day::Week(y, w) => ISOWeekDate::new(y, w, Weekday::Sunday).ok().map(|d| d.date()),
        }
    }
}

fn period_start(d: Date, by: Period) -> Date {
    match by {
        Period::Year => d.first_of_year(),
        Period::Month => d.first_of_month(),
        Period::Week => d.checked_sub(i64::from(d.weekday().to_monday_zero_offset()).days()).unwrap_or(d),
    }
}

fn next_period(d: Date, by: Period) -> Option<Date> {
    match by {
        Period::Year => d.checked_add(1.year()).ok(),
        Period::Month => d.checked_add(1.month()).ok(),
        Period::Week => d.checked_add(7.days()).ok(),
    }
}

fn period_label(start: Date, by: Period) -> String {
    match by {
        Period::Year => format!("{:04}", start.year()),
        Period::Month => format!("{:04}-{:02}", start.year(), start.month()),
        Period::Week => {
            let w = start.iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
    }
}

/// Per-period sums while reading.
#[derive(Default)]
struct Acc {
    events: i64,
    cooperative: i64,
    hostile: i64,
    goldstein: f64,
    articles: HashSet<i64>,
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// SQL date filter on `col` for `from` and `to` (a prefix of `to` is
/// inside it: `--to 2020-04` takes all of April), as `marsad events` does.
fn date_filter(col: &str, q_from: &Option<String>, q_to: &Option<String>, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    if let Some(from) = q_from {
        params.push(Value::Text(from.clone()));
        sql += &format!(" AND {col} >= ?{}", params.len());
    }
    if let Some(to) = q_to {
        params.push(Value::Text(to.clone()));
        let n = params.len();
        sql += &format!(" AND substr({col}, 1, length(?{n})) <= ?{n}");
    }
    sql
}

impl Store {
    /// A date bound checked: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub(crate) fn bound(&self, d: &Option<String>) -> Result<Option<Day>, Error> {
        match d {
            None => Ok(None),
            // Only what compares as text with stored dates: no ISO weeks.
            Some(s) => Day::parse(s)
                .filter(|d| !matches!(d, Day::Week(..)) && matches!(s.len(), 4 | 7 | 10))
                .map(Some)
                .ok_or_else(|| self.err(ErrorKind::BadDate { value: s.clone() })),
        }
    }

    /// Events of an actor or a dyad per period.
    pub fn timeline(&self, q: &TimelineQuery) -> Result<Timeline, Error> {
        let (from, to) = (self.bound(&q.from)?, self.bound(&q.to)?);
        let mut params = vec![Value::Text(q.actor.clone())];
        let mut sql = format!(
            "SELECT {DAY}, e.article, count(*), sum(e.quad_class IN (1, 2)), sum(e.quad_class IN (3, 4)),
                    sum(e.goldstein)
             FROM events e JOIN articles a ON a.num = e.article WHERE "
        );
        match &q.other {
            None => sql += &format!("({} OR {})", actor_match("e.source", 1), actor_match("e.target", 1)),
            Some(other) => {
                params.push(Value::Text(other.clone()));
                sql += &format!(
                    "(({} AND {}) OR ({} AND {}))",
                    actor_match("e.source", 1),
                    actor_match("e.target", 2),
                    actor_match("e.source", 2),
                    actor_match("e.target", 1)
                );
            }
        }
        sql += &date_filter(DAY, &q.from, &q.to, &mut params);
        sql += &format!(" GROUP BY {DAY}, e.article");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, f64>(5)?,
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;

        let mut periods: BTreeMap<Date, Acc> = BTreeMap::new();
        let mut unplaced = 0;
        for (day, article, n, coop, hostile, gold) in rows {
            let Some(start) = day.as_deref().and_then(Day::parse).and_then(|d| d.period(q.by)) else {
                unplaced += n;
                continue;
            };
            let acc = periods.entry(start).or_default();
            acc.events += n;
            acc.cooperative += coop;
            acc.hostile += hostile;
            acc.goldstein += gold;
            acc.articles.insert(article);
        }

        // Zero rows for the quiet periods, from the first to the last of
        // the range asked for (else of the events found).
        let first = from.and_then(Day::first).map(|d| period_start(d, q.by)).or(periods.keys().next().copied());
        let last = to.and_then(Day::last).map(|d| period_start(d, q.by)).or(periods.keys().next_back().copied());
        let mut points = Vec::new();
        if let (Some(mut at), Some(last)) = (first, last) {
            while at <= last {
                let acc = periods.remove(&at).unwrap_or_default();
                points.push(TimelinePoint {
                    period: period_label(at, q.by),
                    start: at.to_string(),
                    events: acc.events,
                    cooperative: acc.cooperative,
                    hostile: acc.hostile,
                    goldstein: (acc.events > 0).then(|| round2(acc.goldstein / acc.events as f64)),
                    articles: acc.articles.len() as i64,
                });
                match next_period(at, q.by) {
                    Some(next) => at = next,
                    None => break,
                }
            }
        }
        Ok(Timeline { actor: q.actor.clone(), other: q.other.clone(), by: q.by, points, unplaced })
    }

    /// The actor network of the stored relations (one per actor pair per
    /// article), summed over the articles published in the date range.
    pub fn graph(&self, q: &GraphQuery) -> Result<Graph, Error> {
        self.bound(&q.from)?;
        self.bound(&q.to)?;
        let mut params = Vec::new();
        let filter = date_filter("a.published", &q.from, &q.to, &mut params);
        let sql = format!(
            "SELECT r.a, r.b, sum(r.weight), sum(max(r.weight, 0)), sum(max(-r.weight, 0)), count(DISTINCT r.article),
                    sum(r.sign = 'cooperative'), sum(r.sign = 'hostile'), sum(r.sign = 'mixed')
             FROM relations r JOIN articles a ON a.num = r.article WHERE 1 {filter}
             GROUP BY r.a, r.b"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut edges = stmt
            .query_map(rusqlite::params_from_iter(&params), |r| {
                let (pos, neg): (f64, f64) = (r.get(3)?, r.get(4)?);
                let sign = if pos.min(neg) * 3.0 > pos.max(neg) {
                    "mixed"
                } else if pos >= neg {
                    "cooperative"
                } else {
                    "hostile"
                };
                Ok(GraphEdge {
                    a: r.get(0)?,
                    b: r.get(1)?,
                    weight: round2(r.get(2)?),
                    articles: r.get(5)?,
                    cooperative: r.get(6)?,
                    hostile: r.get(7)?,
                    mixed: r.get(8)?,
                    sign: sign.to_string(),
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;

        let sql = format!(
            "SELECT x.id, x.name_en, x.name_ar, x.kind, count(*)
             FROM mentions m JOIN actors x ON x.num = m.actor JOIN articles a ON a.num = m.article
             WHERE 1 {filter} GROUP BY x.num"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let actors: HashMap<String, GraphNode> = stmt
            .query_map(rusqlite::params_from_iter(&params), |r| {
                let node = GraphNode {
                    id: r.get(0)?,
                    name_en: r.get(1)?,
                    name_ar: r.get(2)?,
                    kind: r.get(3)?,
                    mentions: r.get(4)?,
                };
                Ok((node.id.clone(), node))
            })
            .and_then(|rows| rows.collect::<Result<_, _>>())
            .map_err(|e| self.err(e))?;
        // A state met only through its organs has no row here (nor in the
        // range); its name comes from the actors table when it has one.
        let node = |id: &str| -> Result<GraphNode, Error> {
            if let Some(n) = actors.get(id) {
                return Ok(n.clone());
            }
            let row = self
                .conn
                .prepare_cached("SELECT name_en, name_ar, kind FROM actors WHERE id = ?1")
                .and_then(|mut s| {
                    rusqlite::OptionalExtension::optional(s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
                })
                .map_err(|e| self.err(e))?;
            let (name_en, name_ar, kind) = row.unwrap_or((None, None, None));
            Ok(GraphNode { id: id.to_string(), name_en, name_ar, kind, mentions: 0 })
        };

        edges.retain(|e| e.weight.abs() >= q.min_weight);
        let mut nodes: HashMap<String, GraphNode> = HashMap::new();
        for e in &edges {
            for id in [&e.a, &e.b] {
                if !nodes.contains_key(id) {
                    nodes.insert(id.clone(), node(id)?);
                }
            }
        }
        if let Some(kind) = &q.kind {
            nodes.retain(|_, n| n.kind.as_deref() == Some(kind.as_str()));
        }
        edges.retain(|e| nodes.contains_key(&e.a) && nodes.contains_key(&e.b));
        // An actor's strength: the summed absolute weights of its edges.
        let mut strength: HashMap<&str, f64> = HashMap::new();
        for e in &edges {
            for id in [&e.a, &e.b] {
                *strength.entry(id.as_str()).or_default() += e.weight.abs();
            }
        }
        let mut nodes: Vec<GraphNode> = nodes.into_values().filter(|n| strength.contains_key(n.id.as_str())).collect();
        if let Some(top) = q.top {
            // The strongest, not the most mentioned: those are often
            // unlinked to one another, and the graph would come out empty.
            let of = |n: &GraphNode| strength.get(n.id.as_str()).copied().unwrap_or_default();
            nodes.sort_by(|x, y| of(y).total_cmp(&of(x)).then_with(|| x.id.cmp(&y.id)));
            nodes.truncate(top);
            let kept: HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
            edges.retain(|e| kept.contains(e.a.as_str()) && kept.contains(e.b.as_str()));
            // Actors whose edges all went with the others.
            let linked: HashSet<&str> = edges.iter().flat_map(|e| [e.a.as_str(), e.b.as_str()]).collect();
            nodes.retain(|n| linked.contains(n.id.as_str()));
        }
        nodes.sort_by(|x, y| y.mentions.cmp(&x.mentions).then_with(|| x.id.cmp(&y.id)));
        edges.sort_by(|x, y| y.weight.abs().total_cmp(&x.weight.abs()).then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b))));
        Ok(Graph { nodes, edges })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_as_precise_as_written() {
        assert_eq!(Day::parse("2022"), Some(Day::Year(2022)));
        assert_eq!(Day::parse("2022-07"), Some(Day::Month(2022, 7)));
        assert_eq!(Day::parse("2022-07-18T10:00"), Day::parse("2022-07-18"));
        assert_eq!(Day::parse("2022-W29"), Some(Day::Week(2022, 29)));
        for bad in ["", "20x2", "2022-13", "2022-02-30", "2022-W60", "PRESENT_REF", "20221"] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        let d = |s: &str| s.parse::<Date>().unwrap();
        // 1 January 2021 is a Friday of ISO week 2020-W53.
        let start = Day::parse("2021-01-01").unwrap().period(Period::Week).unwrap();
        assert_eq!(start, d("2020-12-28"));
        assert_eq!(period_label(start, Period::Week), "2020-W53");
        assert_eq!(Day::parse("2022").unwrap().period(Period::Month), None, "a year is too coarse for months");
        assert_eq!(Day::parse("2022-07").unwrap().period(Period::Year), Some(d("2022-01-01")));
        assert_eq!(Day::parse("2020-02").unwrap().last(), Some(d("2020-02-29")));
    }
}
