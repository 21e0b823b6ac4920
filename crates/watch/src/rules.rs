//! Watch rules (RULES.toml) and the alerts they raise.
//!
//! A rule with any event condition (`actor`, `dyad`, `source`, `target`,
//! `type`, `cameo_root`, `min_goldstein`, `sign`, `factuality`) is matched
//! against each event of a new article; a rule with only `outlet` and
//! `query` against the article itself. All conditions given must hold.

use std::path::Path;

use marsad_annotations::contract::{cameo_state, Event};
use marsad_annotations::Analysis;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{Error, ErrorKind};

/// A watch rule.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Its name, carried by its alerts.
    pub name: String,
    /// An actor on either side: a code (`ISR` also matches `ISRMIL`), an
    /// id, or an actor's English or Arabic name.
    pub actor: Option<String>,
    /// Two actors, one on each side, in either direction.
    pub dyad: Option<[String; 2]>,
    /// The source actor.
    pub source: Option<String>,
    /// The target actor.
    pub target: Option<String>,
    /// PLOVER event type (`ASSAULT`, `COOPERATE` …).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// CAMEO root code, two digits (`19`: fight).
    pub cameo_root: Option<String>,
    /// Least |Goldstein| of the event.
    pub min_goldstein: Option<f32>,
    /// `hostile` (CAMEO quad classes 3–4) or `cooperative` (1–2).
    pub sign: Option<Sign>,
    /// Factualities accepted (`asserted`, `reported`, `future`,
    /// `intended`, `negated`, `hypothetical`).
    pub factuality: Option<Vec<String>>,
    /// The outlet's name (case-insensitive, a part of it is enough).
    pub outlet: Option<String>,
    /// A search query the article must match (the search syntax of
    /// `marsad search`).
    pub query: Option<String>,
}

/// Which side of the CAMEO scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sign {
    /// Verbal or material conflict.
    Hostile,
    /// Verbal or material cooperation.
    Cooperative,
}

const FACTUALITIES: [&str; 6] = ["asserted", "future", "intended", "negated", "reported", "hypothetical"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rule: Vec<Rule>,
}

/// Reads RULES.toml: `[[rule]]` tables.
pub fn read_rules(path: &Path) -> Result<Vec<Rule>, Error> {
    let place = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::new(&place, e.into()))?;
    parse_rules(&text).map_err(|kind| Error::new(place, kind))
}

/// Parses the text of a RULES.toml and checks each rule.
pub fn parse_rules(text: &str) -> Result<Vec<Rule>, ErrorKind> {
    let file: File = toml::from_str(text).map_err(|e| ErrorKind::Config(e.to_string().trim().to_string()))?;
    let mut names = std::collections::HashSet::new();
    for (i, r) in file.rule.iter().enumerate() {
        let bad = |m: &str| ErrorKind::Config(format!("rule {} ({:?}): {m}", i + 1, r.name));
        if r.name.trim().is_empty() {
            return Err(bad("a rule needs a name"));
        }
        if !names.insert(r.name.as_str()) {
            return Err(bad("another rule has this name"));
        }
        if !r.is_event_rule() && r.outlet.is_none() && r.query.is_none() {
            return Err(bad("a rule needs at least one condition"));
        }
        if let Some(root) = &r.cameo_root {
            if root.len() != 2 || !root.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("cameo_root is two digits, such as \"19\""));
            }
        }
        if let Some(f) = r.factuality.iter().flatten().find(|f| !FACTUALITIES.contains(&f.as_str())) {
            return Err(bad(&format!("unknown factuality {f:?} (one of {})", FACTUALITIES.join(", "))));
        }
        if r.query.as_deref().is_some_and(|q| q.trim().is_empty()) {
            return Err(bad("query is empty"));
        }
    }
    Ok(file.rule)
}

impl Rule {
    /// Whether the rule is about events (else about articles).
    pub fn is_event_rule(&self) -> bool {
        self.actor.is_some()
            || self.dyad.is_some()
            || self.source.is_some()
            || self.target.is_some()
            || self.kind.is_some()
            || self.cameo_root.is_some()
            || self.min_goldstein.is_some()
            || self.sign.is_some()
            || self.factuality.is_some()
    }

    /// Whether an article's outlet passes the `outlet` condition.
    pub fn outlet_matches(&self, outlet: Option<&str>) -> bool {
        self.outlet
            .as_deref()
            .is_none_or(|want| outlet.is_some_and(|o| o.to_lowercase().contains(want.trim().to_lowercase().as_str())))
    }

    /// Whether an event of `analysis` passes the event conditions.
    pub fn event_matches(&self, analysis: &Analysis, e: &Event) -> bool {
        let is = |want: &str, side: &Option<String>| side.as_deref().is_some_and(|id| actor_is(analysis, want, id));
        self.actor.as_deref().is_none_or(|a| is(a, &e.source) || is(a, &e.target))
            && self
                .dyad
                .as_ref()
                .is_none_or(|[a, b]| (is(a, &e.source) && is(b, &e.target)) || (is(b, &e.source) && is(a, &e.target)))
            && self.source.as_deref().is_none_or(|a| is(a, &e.source))
            && self.target.as_deref().is_none_or(|a| is(a, &e.target))
            && self.kind.as_deref().is_none_or(|k| k.trim().eq_ignore_ascii_case(&e.kind))
            && self.cameo_root.as_deref().is_none_or(|r| e.cameo.starts_with(r))
            && self.min_goldstein.is_none_or(|g| e.goldstein.abs() >= g)
            && self.sign.is_none_or(|s| match s {
                Sign::Hostile => e.quad_class >= 3,
                Sign::Cooperative => (1..=2).contains(&e.quad_class),
            })
            && self.factuality.as_ref().is_none_or(|fs| fs.iter().any(|f| *f == factuality(e)))
    }
}

/// Whether the actor `id` of an analysis is the one a rule names.
fn actor_is(analysis: &Analysis, want: &str, id: &str) -> bool {
    let want = want.trim();
    if want.is_empty() {
        return false;
    }
    if id == want {
        return true;
    }
    // A CAMEO code names its sub-codes too: ISR → ISRMIL, ISRGOV.
    let code = cameo_state(want).is_some();
    if code && id.len() > want.len() && id.starts_with(want) && id.bytes().all(|b| b.is_ascii_uppercase()) {
        return true;
    }
    analysis.actors.iter().filter(|a| a.id == id).any(|a| {
        a.code.as_deref() == Some(want)
            || a.country.as_deref() == Some(want) && code
            || a.name_en.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(want))
            || a.name_ar.as_deref() == Some(want)
    })
}

fn factuality(e: &Event) -> String {
    serde_json::to_value(e.factuality).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// An alert: what the rule matched, with its evidence.
///
/// `subject` says what it is about (`event:N`, `story:N`); `event` is the
/// index of the event in the analysis, `None` for an article rule.
pub fn alert(rule: &Rule, analysis: &Analysis, event: Option<usize>, subject: &str) -> Value {
    let meta = &analysis.article;
    let sentence = |i: usize| analysis.sentences.get(i).map(|s| s.span.text.clone());
    let name = |id: &Option<String>| {
        id.as_ref().map(|id| {
            let a = analysis.actors.iter().find(|a| &a.id == id);
            json!({"id": id, "name_en": a.and_then(|a| a.name_en.clone()), "name_ar": a.and_then(|a| a.name_ar.clone())})
        })
    };
    let (event_json, evidence) = match event.and_then(|i| analysis.events.get(i)) {
        Some(e) => (
            json!({
                "type": e.kind, "cameo": e.cameo, "goldstein": e.goldstein, "quad_class": e.quad_class,
                "source": name(&e.source), "target": name(&e.target), "date": e.date,
                "factuality": factuality(e),
                "trigger": {"start": e.trigger.start, "end": e.trigger.end, "text": e.trigger.text},
            }),
            sentence(e.sentence),
        ),
        None => (Value::Null, sentence(0)),
    };
    json!({
        "rule": rule.name,
        "kind": if event.is_some() { "event" } else { "article" },
        "subject": subject,
        "article": {"id": meta.id, "url": meta.url, "title": meta.title, "outlet": meta.outlet, "published": meta.published},
        "event": event_json,
        "evidence": evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_check() {
        let rules = parse_rules(
            r#"
            [[rule]]
            name = "DZA–MAR hostile"
            dyad = ["DZA", "MAR"]
            sign = "hostile"

            [[rule]]
            name = "normalisation"
            query = "التطبيع"
            "#,
        )
        .unwrap();
        assert!(rules[0].is_event_rule());
        assert!(!rules[1].is_event_rule());
        let bad = [
            ("[[rule]]\nname = \"x\"", "at least one condition"),
            ("[[rule]]\nname = \"x\"\ncameo_root = \"190\"", "two digits"),
            ("[[rule]]\nname = \"x\"\nfactuality = [\"maybe\"]", "unknown factuality"),
            ("[[rule]]\nname = \"x\"\nsign = \"angry\"", "unknown variant"),
            ("[[rule]]\nname = \"x\"\nquery = \"a\"\n[[rule]]\nname = \"x\"\nquery = \"b\"", "rule 2 (\"x\"): another"),
            ("[[rule]]\nname = \"x\"\nwho = \"ISR\"", "unknown field `who`"),
        ];
        for (text, want) in bad {
            let got = parse_rules(text).unwrap_err().to_string();
            assert!(got.contains(want), "{text:?}: {got}");
        }
    }

    #[test]
    fn the_example_parses() {
        let rules = parse_rules(include_str!("../../../examples/watch/rules.toml")).unwrap();
        assert_eq!(rules.len(), 4);
    }

    fn event(source: &str, target: &str, quad: u8, kind: &str, cameo: &str) -> Event {
        serde_json::from_value(json!({
            "type": kind, "cameo": cameo, "goldstein": if quad >= 3 { -9.0 } else { 4.0 }, "quad_class": quad,
            "source": source, "target": target, "source_person": null, "target_person": null,
            "date": null, "date_text": null, "location": null,
            "trigger": {"start": 0, "end": 4, "cstart": 0, "cend": 2, "text": "قصف"},
            "sentence": 0, "factuality": "asserted", "in_quote": null, "confidence": 0.9
        }))
        .unwrap()
    }

    #[test]
    fn event_conditions() {
        let analysis: Analysis = serde_json::from_value(json!({
            "schema": "x", "article": {}, "sentences": [], "entities": [], "actors": [], "times": [],
            "quantities": [], "quotes": [], "provenance": [], "framing": [], "events": [], "relations": []
        }))
        .unwrap();
        let hostile = event("DZA", "MARMIL", 4, "ASSAULT", "190");
        let friendly = event("MAR", "DZA", 1, "COOPERATE", "040");
        let rule = |toml: &str| parse_rules(&format!("[[rule]]\nname = \"r\"\n{toml}")).unwrap().remove(0);
        let dyad = rule("dyad = [\"MAR\", \"DZA\"]\nsign = \"hostile\"");
        assert!(dyad.event_matches(&analysis, &hostile), "either direction, sub-codes included");
        assert!(!dyad.event_matches(&analysis, &friendly));
        let target = rule("type = \"ASSAULT\"\ntarget = \"MAR\"");
        assert!(target.event_matches(&analysis, &hostile));
        assert!(!rule("type = \"ASSAULT\"\ntarget = \"DZA\"").event_matches(&analysis, &hostile));
        assert!(rule("cameo_root = \"19\"\nmin_goldstein = 9").event_matches(&analysis, &hostile));
        assert!(!rule("min_goldstein = 9.5").event_matches(&analysis, &hostile));
        assert!(!rule("factuality = [\"reported\"]").event_matches(&analysis, &hostile));
        assert!(rule("factuality = [\"reported\", \"asserted\"]").event_matches(&analysis, &hostile));
        assert!(!rule("actor = \"MA\"").event_matches(&analysis, &hostile), "a code is whole groups of three");
        let outlet = rule("outlet = \"jazeera\"");
        assert!(outlet.outlet_matches(Some("Al Jazeera")));
        assert!(!outlet.outlet_matches(None));
    }
}
