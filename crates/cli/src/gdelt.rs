//! GDELT 2.0 exports: the event table (61 tab-separated columns) of corpus
//! events and the mentions table of their article mentions. What marsad
//! does not know is left empty; `docs/gdelt.md` gives the mapping.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use marsad_store::{ActorRow, CorpusEventRow, EventRow, Store};
use marsad_tables::actor_codes;
use marsad_text::CharIndex;

/// The event table's columns, in GDELT's order.
pub const EVENT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The mentions table's columns, in GDELT's order (documentation and tests).
pub const MENTION_COLUMNS: [&str; 16] = [
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
];

/// Actors looked up once each.
struct Actors<'s> {
    store: &'s Store,
    seen: HashMap<String, Option<ActorRow>>,
}

impl Actors<'_> {
    fn get(&mut self, id: &str) -> Result<Option<&ActorRow>> {
        if !self.seen.contains_key(id) {
            let row = self.store.actor(id)?;
            self.seen.insert(id.to_string(), row);
        }
        Ok(self.seen.get(id).and_then(Option::as_ref))
    }
}

/// Writes GDELT event-table rows (no header, as GDELT's files).
pub fn write_events(out: &mut dyn Write, store: &Store, rows: &[CorpusEventRow]) -> Result<()> {
    let mut actors = Actors { store, seen: HashMap::new() };
    for r in rows {
        let mut f: Vec<String> = Vec::with_capacity(61);
        f.push(r.id.to_string());
        f.extend(dates(r.day.as_deref()));
        for id in [&r.source, &r.target] {
            let actor = match id {
                Some(id) => actors.get(id)?.cloned(),
                None => None,
            };
            f.extend(actor_columns(id.as_deref(), actor.as_ref()));
        }
        f.push(if r.first_sentence == Some(0) { "1" } else { "0" }.into());
        f.push(r.cameo.clone());
        f.push(r.cameo.get(..3).unwrap_or(&r.cameo).to_string());
        f.push(r.root_code.clone());
        f.push(r.quad_class.to_string());
        f.push(r.goldstein.to_string());
        f.push(r.num_mentions.to_string());
        f.push(r.num_sources.to_string());
        f.push(r.num_articles.to_string());
        // AvgTone: marsad scores no tone.
        f.push(String::new());
        // Actor geography: marsad does not place actors.
        f.extend(std::iter::repeat_n(String::new(), 16));
        let place = match &r.location {
            Some(id) => actors.get(id)?.cloned(),
            None => None,
        };
        f.extend(geo_columns(place.as_ref()));
        f.push(timestamp(r.added.as_deref()));
        f.push(r.first_url.clone().or_else(|| r.first_article.clone()).unwrap_or_default());
        debug_assert_eq!(f.len(), EVENT_COLUMNS.len());
        writeln!(out, "{}", f.iter().map(|x| clean(x)).collect::<Vec<_>>().join("\t"))?;
    }
    Ok(())
}

/// Writes GDELT mentions-table rows for article events (mentions of
/// corpus events), with character offsets into each article's text.
pub fn write_mentions(out: &mut dyn Write, store: &Store, rows: &[EventRow]) -> Result<()> {
    let added: HashMap<i64, Option<String>> =
        store.corpus_events(&marsad_store::EventQuery::default())?.into_iter().map(|c| (c.id, c.added)).collect();
    // Rows come grouped by article: keep the last text.
    let mut text: Option<(String, String)> = None;
    for r in rows {
        if text.as_ref().is_none_or(|(id, _)| *id != r.article) {
            text = store.text(&r.article)?.map(|t| (r.article.clone(), t));
        }
        let body = text.as_ref().map_or("", |(_, t)| t.as_str());
        let chars = CharIndex::new(body);
        let at = |byte: Option<i64>| -> String {
            match byte.and_then(|b| usize::try_from(b).ok()).filter(|&b| body.is_char_boundary(b)) {
                Some(b) => chars.char_at(b).to_string(),
                None => "-1".into(),
            }
        };
        let side = |id: &Option<String>| -> Result<Option<i64>> {
            Ok(match id {
                Some(id) => store.nearest_mention(&r.article, id, r.trigger_start)?,
                None => None,
            })
        };
        let event_added = r.corpus_event.and_then(|id| added.get(&id).cloned().flatten());
        let f: [String; MENTION_COLUMNS.len()] = [
            r.corpus_event.map(|id| id.to_string()).unwrap_or_default(),
            timestamp(event_added.as_deref()),
            timestamp(r.published.as_deref()),
            // 1: the web.
            "1".into(),
            r.outlet.clone().unwrap_or_default(),
            r.url.clone().unwrap_or_else(|| r.article.clone()),
            r.sentence.map(|s| (s + 1).to_string()).unwrap_or_default(),
            at(side(&r.source)?),
            at(side(&r.target)?),
            at(Some(r.trigger_start)),
            "1".into(),
            r.confidence.map(|c| ((c * 100.0).round() as i64).to_string()).unwrap_or_default(),
            chars.char_at(body.len()).to_string(),
            String::new(),
            String::new(),
            String::new(),
        ];
        writeln!(out, "{}", f.iter().map(|x| clean(x)).collect::<Vec<_>>().join("\t"))?;
    }
    Ok(())
}

/// Day, MonthYear, Year and FractionDate of a `YYYY-MM-DD` day.
fn dates(day: Option<&str>) -> [String; 4] {
    match marsad_tables::dates(day) {
        Some((d, m, y, f)) => [d.to_string(), m.to_string(), y.to_string(), format!("{f:.4}")],
        None => Default::default(),
    }
}

/// The ten columns of an actor: code, name, country, known group, ethnic,
/// two religions, three types.
fn actor_columns(id: Option<&str>, actor: Option<&ActorRow>) -> [String; 10] {
    let Some(id) = id else { return Default::default() };
    let c = actor_codes(
        id,
        actor.and_then(|a| a.code.as_deref()),
        actor.and_then(|a| a.name_en.as_deref()),
        actor.and_then(|a| a.country.as_deref()),
        actor.map(|a| a.kind.as_str()),
    );
    let ty = |i: usize| c.types.get(i).cloned().unwrap_or_default();
    let (t1, t2, t3) = (ty(0), ty(1), ty(2));
    [
        c.code.unwrap_or_default(),
        c.name,
        c.country.unwrap_or_default(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        t1,
        t2,
        t3,
    ]
}

/// The eight geography columns of a place actor: type (1 country, 4 city),
/// full name; GDELT's FIPS country and ADM codes, coordinates and feature
/// ids are not in marsad's knowledge base.
fn geo_columns(place: Option<&ActorRow>) -> [String; 8] {
    let Some(p) = place else { return Default::default() };
    let kind = match p.kind.as_str() {
        "country" => "1",
        "city" => "4",
        _ => "",
    };
    let name = p.name_en.clone().or_else(|| p.name_ar.clone()).unwrap_or_else(|| p.id.clone());
    [kind.into(), name, String::new(), String::new(), String::new(), String::new(), String::new(), String::new()]
}

/// `YYYYMMDDHHMMSS` of a `YYYY-MM-DD[THH:MM:SSZ]` stamp.
fn timestamp(s: Option<&str>) -> String {
    let digits: String = s.unwrap_or_default().chars().filter(char::is_ascii_digit).take(14).collect();
    if digits.len() < 8 {
        return String::new();
    }
    format!("{digits:0<14}")
}

/// A field without the tabs and line breaks that would break the table.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_stamps() {
        assert_eq!(dates(Some("2018-05-14")), ["20180514", "201805", "2018", "2018.3644"].map(String::from));
        assert_eq!(dates(Some("PRESENT_REF")), <[String; 4]>::default());
        assert_eq!(timestamp(Some("2026-11-29T17:21:17Z")), "20261129172117");
        assert_eq!(timestamp(Some("2018-05-14")), "20180514000000");
        assert_eq!(timestamp(None), "");
    }

    #[test]
    fn actor_codes_country_and_types() {
        let row = |kind: &str, code: Option<&str>, country: Option<&str>| ActorRow {
            id: "x".into(),
            name_en: Some("Israel Defense Forces".into()),
            name_ar: None,
            kind: kind.into(),
            country: country.map(str::to_string),
            code: code.map(str::to_string),
            mentions: 0,
            articles: 0,
        };
        let c = actor_columns(Some("ISRMIL"), Some(&row("military", Some("ISRMIL"), Some("ISR"))));
        assert_eq!(
            (c[0].as_str(), c[1].as_str(), c[2].as_str(), c[7].as_str()),
            ("ISRMIL", "ISRAEL DEFENSE FORCES", "ISR", "MIL")
        );
        let c = actor_columns(Some("ORG:Hamas"), Some(&row("armed_group", None, Some("PSE"))));
        assert_eq!((c[0].as_str(), c[2].as_str(), c[7].as_str()), ("", "PSE", "REB"));
        assert_eq!(actor_columns(None, None), <[String; 10]>::default());
    }
}
