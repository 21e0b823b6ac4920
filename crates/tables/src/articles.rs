//! The articles table: one row per article, its actors, events and quotes
//! nested.

use std::collections::HashMap;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use marsad_annotations::contract::{Actor, Event, Factuality};
use marsad_annotations::Analysis;
use marsad_article::Article;
use marsad_store::{event_keys, EventKey};
use marsad_text::CharIndex;

use crate::codes::{actor_codes, dates, ActorCodes};
use crate::{Columns, Error};

/// One input record: analysed, or why it could not be.
pub enum Row<'a> {
    /// An analysed article; `json` is its analysis as `marsad analyze` prints it.
    Analysed {
        /// The id it is stored under.
        id: &'a str,
        /// The article.
        article: &'a Article,
        /// Its analysis.
        analysis: &'a Analysis,
        /// The analysis as JSON.
        json: &'a str,
    },
    /// A record that could not be read or analysed.
    Failed {
        /// Its id, when it could be read.
        id: Option<&'a str>,
        /// What went wrong, naming the record.
        error: &'a str,
    },
}

/// The schema of [`articles_batch`].
pub fn articles_schema() -> Result<SchemaRef, Error> {
    Ok(articles_batch(&[])?.schema())
}

/// The articles table of `rows`, in order.
pub fn articles_batch(rows: &[Row<'_>]) -> Result<RecordBatch, Error> {
    let published: Vec<Option<String>> =
        rows.iter().map(|r| ok(r).and_then(|(_, a, _, _)| a.published.map(|d| d.to_string()))).collect();
    let mut c = Columns::default();
    c.text(
        "id",
        rows.iter().map(|r| match r {
            Row::Analysed { id, .. } => Some(*id),
            Row::Failed { id, .. } => *id,
        }),
    );
    c.text("day", published.iter().map(Option::as_deref));
    c.text("published", published.iter().map(Option::as_deref));
    c.text("outlet", rows.iter().map(|r| ok(r).and_then(|(_, a, _, _)| a.outlet.as_deref())));
    c.text("title", rows.iter().map(|r| ok(r).and_then(|(_, a, _, _)| a.title.as_deref())));
    c.text("url", rows.iter().map(|r| ok(r).and_then(|(_, a, _, _)| a.url.as_deref())));
    c.text("text", rows.iter().map(|r| ok(r).map(|(_, a, _, _)| a.text.as_str())));
    c.int("chars", rows.iter().map(|r| ok(r).and_then(|(_, a, _, _)| int(a.text.chars().count()))));
    c.text("analysis", rows.iter().map(|r| ok(r).map(|(_, _, _, j)| j)));
    c.text(
        "error",
        rows.iter().map(|r| match r {
            Row::Failed { error, .. } => Some(*error),
            Row::Analysed { .. } => None,
        }),
    );
    c.int32("sentences", rows.iter().map(|r| ok(r).and_then(|(_, _, x, _)| count(x.sentences.len()))));
    c.int32("entities", rows.iter().map(|r| ok(r).and_then(|(_, _, x, _)| count(x.entities.len()))));
    c.int32("relations", rows.iter().map(|r| ok(r).and_then(|(_, _, x, _)| count(x.relations.len()))));
    let analysed: Vec<(&Article, &Analysis)> = rows.iter().filter_map(ok).map(|(_, a, x, _)| (a, x)).collect();
    let lengths = |f: fn(&Analysis) -> usize| rows.iter().map(move |r| ok(r).map_or(0, |(_, _, x, _)| f(x)));
    c.list("actors", actors(&analysed), lengths(|x| x.actors.len()))?;
    c.list("events", events(&analysed), lengths(|x| x.events.len()))?;
    c.list("quotes", quotes(&analysed), lengths(|x| x.quotes.len()))?;
    c.into_batch()
}

/// The parts of an analysed row.
fn ok<'a>(r: &Row<'a>) -> Option<(&'a str, &'a Article, &'a Analysis, &'a str)> {
    match r {
        Row::Analysed { id, article, analysis, json } => Some((id, article, analysis, json)),
        Row::Failed { .. } => None,
    }
}

fn count(n: usize) -> Option<i32> {
    i32::try_from(n).ok()
}

fn int(n: usize) -> Option<i64> {
    i64::try_from(n).ok()
}

/// Every article's actors, one after another.
fn actors(articles: &[(&Article, &Analysis)]) -> Columns {
    let rows: Vec<&Actor> = articles.iter().flat_map(|(_, x)| &x.actors).collect();
    let roles: Vec<Option<String>> = rows
        .iter()
        .map(|a| (!a.roles.is_empty()).then(|| a.roles.iter().map(|r| r.title.as_str()).collect::<Vec<_>>().join("; ")))
        .collect();
    let mut c = Columns::default();
    c.text("id", rows.iter().map(|a| Some(a.id.as_str())));
    c.text("name_en", rows.iter().map(|a| a.name_en.as_deref()));
    c.text("name_ar", rows.iter().map(|a| a.name_ar.as_deref()));
    c.text("kind", rows.iter().map(|a| Some(a.kind.as_str())));
    c.text("country", rows.iter().map(|a| a.country.as_deref()));
    c.text("code", rows.iter().map(|a| a.code.as_deref()));
    c.int32("mentions", rows.iter().map(|a| count(a.mentions.len())));
    c.int("first_start", rows.iter().map(|a| a.mentions.iter().map(|m| m.start).min().and_then(int)));
    c.text("surface", rows.iter().map(|a| a.mentions.first().map(|m| m.text.as_str())));
    c.text("roles", roles.iter().map(Option::as_deref));
    c
}

/// An event with what the tables add to it.
struct EventOut<'a> {
    idx: usize,
    event: &'a Event,
    key: EventKey,
    actor1: Option<ActorCodes>,
    actor2: Option<ActorCodes>,
    location: Option<&'a Actor>,
    source_offset: Option<usize>,
    target_offset: Option<usize>,
}

/// Every article's events, one after another.
fn events(articles: &[(&Article, &Analysis)]) -> Columns {
    let mut rows: Vec<EventOut<'_>> = Vec::new();
    for (article, x) in articles {
        if x.events.is_empty() {
            continue;
        }
        let by_id: HashMap<&str, &Actor> = x.actors.iter().map(|a| (a.id.as_str(), a)).collect();
        let chars = CharIndex::new(&article.text);
        let codes = |id: &Option<String>| {
            id.as_deref().map(|id| {
                let a = by_id.get(id);
                actor_codes(
                    id,
                    a.and_then(|a| a.code.as_deref()),
                    a.and_then(|a| a.name_en.as_deref()),
                    a.and_then(|a| a.country.as_deref()),
                    a.map(|a| a.kind.as_str()),
                )
            })
        };
        // GDELT's Actor1CharOffset: the actor's mention nearest the trigger.
        let offset = |id: &Option<String>, at: usize| {
            let a = by_id.get(id.as_deref()?)?;
            let m = a.mentions.iter().min_by_key(|m| (m.start.abs_diff(at), m.start))?;
            article.text.is_char_boundary(m.start).then(|| chars.char_at(m.start))
        };
        for ((idx, e), key) in x.events.iter().enumerate().zip(event_keys(x)) {
            rows.push(EventOut {
                idx,
                event: e,
                key,
                actor1: codes(&e.source),
                actor2: codes(&e.target),
                location: e.location.as_deref().and_then(|l| by_id.get(l).copied()),
                source_offset: offset(&e.source, e.trigger.start),
                target_offset: offset(&e.target, e.trigger.start),
            });
        }
    }
    let mut c = Columns::default();
    let text = |f: fn(&Event) -> &Option<String>| rows.iter().map(move |r| f(r.event).as_deref());
    c.int32("idx", rows.iter().map(|r| count(r.idx)));
    c.text("type", rows.iter().map(|r| Some(r.event.kind.as_str())));
    c.text("cameo", rows.iter().map(|r| Some(r.event.cameo.as_str())));
    c.text("base_code", rows.iter().map(|r| Some(r.event.cameo.get(..3).unwrap_or(&r.event.cameo))));
    c.text("root_code", rows.iter().map(|r| Some(r.event.cameo.get(..2).unwrap_or(&r.event.cameo))));
    c.int32("quad_class", rows.iter().map(|r| Some(i32::from(r.event.quad_class))));
    c.float("goldstein", rows.iter().map(|r| Some(f64::from(r.event.goldstein))));
    c.text("source", text(|e| &e.source));
    c.text("target", text(|e| &e.target));
    c.text("source_person", text(|e| &e.source_person));
    c.text("target_person", text(|e| &e.target_person));
    // The store's merge key: country-level sides ("" when absent) and day.
    c.text("source_key", rows.iter().map(|r| Some(r.key.source.as_str())));
    c.text("target_key", rows.iter().map(|r| Some(r.key.target.as_str())));
    c.text("day", rows.iter().map(|r| r.key.day.as_deref()));
    let days: Vec<Option<(i64, i64, i64, f64)>> = rows.iter().map(|r| dates(r.key.day.as_deref())).collect();
    c.int("sqldate", days.iter().map(|d| d.map(|d| d.0)));
    c.int("month_year", days.iter().map(|d| d.map(|d| d.1)));
    c.int("year", days.iter().map(|d| d.map(|d| d.2)));
    c.float("fraction_date", days.iter().map(|d| d.map(|d| d.3)));
    type Side = for<'r> fn(&'r EventOut<'_>) -> Option<&'r ActorCodes>;
    let sides: [(&str, Side); 2] = [("actor1", |r| r.actor1.as_ref()), ("actor2", |r| r.actor2.as_ref())];
    for (n, codes) in sides {
        c.text(&format!("{n}_code"), rows.iter().map(|r| codes(r).and_then(|a| a.code.as_deref())));
        c.text(&format!("{n}_name"), rows.iter().map(|r| codes(r).map(|a| a.name.as_str())));
        c.text(&format!("{n}_country"), rows.iter().map(|r| codes(r).and_then(|a| a.country.as_deref())));
        for t in 0..3 {
            let values = rows.iter().map(|r| codes(r).and_then(|a| a.types.get(t)).map(String::as_str));
            c.text(&format!("{n}_type{}", t + 1), values);
        }
    }
    c.text("date", text(|e| &e.date));
    c.text("date_text", text(|e| &e.date_text));
    c.text("location", text(|e| &e.location));
    c.text(
        "location_name",
        rows.iter().map(|r| r.location.and_then(|l| l.name_en.as_deref().or(l.name_ar.as_deref()))),
    );
    c.int32(
        "location_type",
        rows.iter().map(|r| match r.location.map(|l| l.kind.as_str()) {
            Some("country") => Some(1),
            Some("city") => Some(4),
            _ => None,
        }),
    );
    c.text("factuality", rows.iter().map(|r| Some(factuality(r.event.factuality))));
    c.text("in_quote", text(|e| &e.in_quote));
    c.int("trigger_start", rows.iter().map(|r| int(r.event.trigger.start)));
    c.int("trigger_end", rows.iter().map(|r| int(r.event.trigger.end)));
    c.int("trigger_cstart", rows.iter().map(|r| int(r.event.trigger.cstart)));
    c.int("trigger_cend", rows.iter().map(|r| int(r.event.trigger.cend)));
    c.text("trigger_text", rows.iter().map(|r| Some(r.event.trigger.text.as_str())));
    c.int("source_offset", rows.iter().map(|r| r.source_offset.and_then(int)));
    c.int("target_offset", rows.iter().map(|r| r.target_offset.and_then(int)));
    c.int32("sentence", rows.iter().map(|r| count(r.event.sentence)));
    // The first telling and the later ones, as the store counts mentions.
    c.int32("tellings", rows.iter().map(|r| count(1 + r.event.mentions.len())));
    c.float("confidence", rows.iter().map(|r| Some(f64::from(r.event.confidence))));
    c
}

fn factuality(f: Factuality) -> &'static str {
    match f {
        Factuality::Asserted => "asserted",
        Factuality::Future => "future",
        Factuality::Intended => "intended",
        Factuality::Negated => "negated",
        Factuality::Reported => "reported",
        Factuality::Hypothetical => "hypothetical",
    }
}

/// Every article's quotes, one after another.
fn quotes(articles: &[(&Article, &Analysis)]) -> Columns {
    let rows: Vec<(usize, &marsad_annotations::contract::Quote)> =
        articles.iter().flat_map(|(_, x)| x.quotes.iter().enumerate()).collect();
    let mut c = Columns::default();
    c.int32("idx", rows.iter().map(|(i, _)| count(*i)));
    c.text("speaker", rows.iter().map(|(_, q)| q.speaker.as_deref()));
    c.text("cue", rows.iter().map(|(_, q)| q.cue.as_deref()));
    c.bool("direct", rows.iter().map(|(_, q)| Some(q.direct)));
    c.int("start", rows.iter().map(|(_, q)| int(q.span.start)));
    c.int("end", rows.iter().map(|(_, q)| int(q.span.end)));
    c.int("cstart", rows.iter().map(|(_, q)| int(q.span.cstart)));
    c.int("cend", rows.iter().map(|(_, q)| int(q.span.cend)));
    c.text("text", rows.iter().map(|(_, q)| Some(q.span.text.as_str())));
    c
}

#[cfg(test)]
mod tests {
    use arrow_array::{Array, ListArray, StringArray, StructArray};

    use super::*;

    fn analysed(text: &str) -> (Article, Analysis) {
        let article = Article {
            id: Some("a1".into()),
            published: Some(jiff::civil::date(2022, 7, 18)),
            outlet: Some("Arabi21".into()),
            ..Article::new(text)
        };
        let analysis = marsad_annotations::Analyzer::default().analyze(&article).unwrap();
        (article, analysis)
    }

    #[test]
    fn nested_rows_follow_the_analysis() {
        let (article, analysis) = analysed(
            "قال وزير الخارجية المغربي إن الرباط ستستقبل رئيس أركان الجيش الإسرائيلي يوم الاثنين. وهاجمت إسرائيل غزة.",
        );
        let json = serde_json::to_string(&analysis).unwrap();
        let rows = [
            Row::Analysed { id: "a1", article: &article, analysis: &analysis, json: &json },
            Row::Failed { id: Some("bad"), error: "line 2: text is missing" },
        ];
        let batch = articles_batch(&rows).unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.schema(), articles_schema().unwrap());
        let col = |n: &str| batch.column_by_name(n).unwrap().as_any().downcast_ref::<StringArray>().unwrap().clone();
        assert_eq!(col("analysis").value(0), json);
        assert!(col("analysis").is_null(1));
        assert_eq!(col("error").value(1), "line 2: text is missing");
        assert_eq!(col("day").value(0), "2022-07-18");
        let events = batch.column_by_name("events").unwrap().as_any().downcast_ref::<ListArray>().unwrap();
        assert_eq!(events.value_length(0) as usize, analysis.events.len());
        assert_eq!(events.value_length(1), 0);
        assert!(!analysis.events.is_empty(), "{json}");
        let first = events.value(0);
        let first = first.as_any().downcast_ref::<StructArray>().unwrap();
        let kinds = first.column_by_name("type").unwrap().as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(kinds.value(0), analysis.events[0].kind);
        let triggers = first.column_by_name("trigger_text").unwrap().as_any().downcast_ref::<StringArray>().unwrap();
        let t = &analysis.events[0].trigger;
        assert_eq!(triggers.value(0), &article.text[t.start..t.end]);
        let actors = batch.column_by_name("actors").unwrap().as_any().downcast_ref::<ListArray>().unwrap();
        assert_eq!(actors.value_length(0) as usize, analysis.actors.len());
    }

    #[test]
    fn an_empty_batch_has_the_schema() {
        let batch = articles_batch(&[]).unwrap();
        assert_eq!(batch.num_rows(), 0);
        assert!(batch.schema().field_with_name("events").is_ok());
    }
}
