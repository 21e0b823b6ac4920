//! The analysis JSON against `docs/analysis.schema.json`: the analyzer's real
//! output, a hand-built analysis with every array filled, and mutations the
//! schema must reject.

use std::sync::OnceLock;

use jsonschema::Validator;
use marsad_annotations::contract::{
    Actor, Analysis, ArticleMeta, Bound, Clitics, Entity, EntityType, Event, Factuality, Framing, FramingKind, Mention,
    Provenance, ProvenanceRole, Quantity, Quote, Relation, Role, Sentence, Sign, Span, Time, TimeKind, TimeMod, Token,
};
use marsad_annotations::{Analyzer, Options, SCHEMA};
use marsad_article::{parse_published, Article};
use serde_json::{json, Value};

const SCHEMA_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/analysis.schema.json");
const DOC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/analysis.md");
const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn schema() -> &'static Value {
    static SCHEMA_JSON: OnceLock<Value> = OnceLock::new();
    SCHEMA_JSON.get_or_init(|| {
        let text = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_else(|e| panic!("reading {SCHEMA_PATH}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{SCHEMA_PATH} is not JSON: {e}"))
    })
}

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::draft202012::new(schema()).unwrap_or_else(|e| panic!("{SCHEMA_PATH} does not compile: {e}"))
    })
}

/// Every validation error of `instance`, one per line.
fn errors(instance: &Value) -> Vec<String> {
    validator().iter_errors(instance).map(|e| format!("at {:?}: {e}", e.instance_path.as_str())).collect()
}

fn assert_valid(what: &str, instance: &Value) {
    let errors = errors(instance);
    assert!(errors.is_empty(), "{what} does not match {SCHEMA_PATH}:\n{}", errors.join("\n"));
}

fn seed(tokens: bool) -> Analysis {
    let mut article = Article::new(SEED);
    article.published = Some(parse_published("2022-07-18").unwrap());
    Analyzer::new(Options { tokens, ..Options::default() }).analyze(&article).expect("the seed article analyses")
}

fn seed_json() -> &'static Value {
    static SEED_JSON: OnceLock<Value> = OnceLock::new();
    SEED_JSON.get_or_init(|| serde_json::to_value(seed(true)).unwrap())
}

/// The span of the `nth` occurrence of `needle` in `text`.
fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let start = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} #{nth} in the text")).0;
    let end = start + needle.len();
    Span {
        start,
        end,
        cstart: text[..start].chars().count(),
        cend: text[..end].chars().count(),
        text: needle.to_string(),
    }
}

const FULL_TEXT: &str =
    "قال رئيسُ الوزراء الإسرائيلي يائير لابيد، الاثنين، إن \"إسرائيل ستوقّع اتفاقاً مع المغرب خلال ٣ أيام\". \
وأرسلت تل أبيب نحو 150 جندياً إلى الرباط.";

/// An analysis with one fully populated element in every array, and every
/// optional field set.
fn full() -> Analysis {
    let text = FULL_TEXT;
    let s = |needle: &str| span_of(text, needle, 0);
    let first_sentence_end = text.find(". ").unwrap() + 1;
    let second_sentence_start = first_sentence_end + 1;
    Analysis {
        schema: SCHEMA.to_string(),
        article: ArticleMeta {
            id: Some("seed-1".into()),
            published: Some("2022-07-18".into()),
            outlet: Some("عربي21".into()),
            title: Some("لابيد: اتفاق مع المغرب".into()),
            url: Some("https://example.invalid/a/1".into()),
        },
        sentences: vec![
            Sentence { span: s(&text[..first_sentence_end]), token_start: 0, token_end: 24 },
            Sentence { span: s(&text[second_sentence_start..]), token_start: 24, token_end: 33 },
        ],
        tokens: Some(vec![Token {
            span: s("رئيسُ"),
            kind: "arabic".into(),
            norm: "رئيس".into(),
            key: "رييس".into(),
            clitics: Clitics {
                pre: vec!["و".into(), "ال".into()], stem: "رئيس".into(), post: vec!["ها".into()]
            },
            lemma: "رييس".into(),
        }]),
        entities: vec![Entity {
            span: s("يائير لابيد"),
            kind: EntityType::PER,
            actor: Some("PER:Yair Lapid".into()),
            confidence: 0.93,
        }],
        actors: vec![Actor {
            id: "PER:Yair Lapid".into(),
            name_en: Some("Yair Lapid".into()),
            name_ar: Some("يائير لابيد".into()),
            kind: "person".into(),
            country: Some("ISR".into()),
            code: Some("ISRGOV".into()),
            roles: vec![Role {
                title: "prime minister".into(),
                text: "رئيسُ الوزراء الإسرائيلي".into(),
                affiliation: Some("ISRGOV".into()),
            }],
            mentions: vec![{
                let m = s("يائير لابيد");
                Mention { start: m.start, end: m.end, text: m.text }
            }],
        }],
        times: vec![
            Time {
                span: s("خلال ٣ أيام"),
                value: Some("P3D".into()),
                modifier: Some(TimeMod::Approx),
                kind: TimeKind::Duration,
                reason: None,
            },
            Time {
                span: s("الاثنين"),
                value: None,
                modifier: None,
                kind: TimeKind::Date,
                reason: Some("no publication date to anchor the weekday".into()),
            },
        ],
        quantities: vec![Quantity {
            span: s("نحو 150 جندياً"),
            value: Some(150.0),
            unit: Some("soldier".into()),
            approximate: true,
            bound: Some(Bound::AtLeast),
            casualty: None,
        }],
        quotes: vec![Quote {
            span: s("\"إسرائيل ستوقّع اتفاقاً مع المغرب خلال ٣ أيام\""),
            speaker: Some("PER:Yair Lapid".into()),
            cue: Some("قال".into()),
            direct: true,
        }],
        provenance: vec![Provenance {
            role: ProvenanceRole::Source,
            actor: Some("ORG:Maariv".into()),
            start: 0,
            end: s("قال").end,
        }],
        framing: vec![Framing {
            actor: Some("ISR".into()),
            term: "تل أبيب".into(),
            kind: FramingKind::LoadedName,
            count: 1,
        }],
        events: vec![Event {
            kind: "AGREE".into(),
            cameo: "057".into(),
            goldstein: 8.0,
            quad_class: 1,
            source: Some("ISR".into()),
            target: Some("MAR".into()),
            source_person: Some("PER:Yair Lapid".into()),
            target_person: Some("PER:Nasser Bourita".into()),
            date: Some("2022-07-21".into()),
            date_text: Some("خلال ٣ أيام".into()),
            location: Some("MAR".into()),
            trigger: s("ستوقّع"),
            mentions: vec![s("ستوقّع")],
            sentence: 0,
            factuality: Factuality::Future,
            in_quote: Some("PER:Yair Lapid".into()),
            confidence: 0.7,
        }],
        relations: vec![Relation {
            a: "ISR".into(),
            b: "MAR".into(),
            sign: Sign::Cooperative,
            weight: 8.0,
            events: vec![0],
        }],
    }
}

#[test]
fn schema_is_valid_draft_2020_12() {
    if let Err(e) = jsonschema::draft202012::meta::validate(schema()) {
        panic!("{SCHEMA_PATH} is not a valid draft 2020-12 schema: {e}");
    }
    validator();
}

#[test]
fn seed_analysis_with_tokens_matches_schema() {
    let json = seed_json();
    assert!(json["tokens"].as_array().is_some_and(|t| !t.is_empty()), "tokens were asked for");
    assert_eq!(json["article"]["published"], "2022-07-18");
    assert_valid("the seed analysis (--tokens)", json);
}

#[test]
fn seed_analysis_without_tokens_matches_schema() {
    let json = serde_json::to_value(seed(false)).unwrap();
    assert!(json.get("tokens").is_none());
    assert_valid("the seed analysis", &json);
}

/// What the schema cannot say: spans point at exactly their text.
#[test]
fn seed_spans_map_back_to_the_original() {
    let json = seed_json();
    let chars: Vec<usize> = SEED.char_indices().map(|(i, _)| i).chain([SEED.len()]).collect();
    for key in ["sentences", "tokens"] {
        for (i, span) in json[key].as_array().unwrap().iter().enumerate() {
            let at = |f: &str| span[f].as_u64().unwrap() as usize;
            let (start, end, cstart, cend) = (at("start"), at("end"), at("cstart"), at("cend"));
            assert_eq!(SEED.get(start..end), span["text"].as_str(), "{key}[{i}] bytes");
            assert_eq!((chars[cstart], chars[cend]), (start, end), "{key}[{i}] chars");
        }
    }
}

#[test]
fn fully_populated_analysis_matches_schema() {
    let analysis = full();
    let json = serde_json::to_value(&analysis).unwrap();
    for (key, value) in json.as_object().unwrap() {
        if let Some(items) = value.as_array() {
            assert!(!items.is_empty(), "{key} is filled");
        }
    }
    assert_valid("the hand-built analysis", &json);
    // It survives a round trip, so the schema describes what the types read too.
    let back: Analysis = serde_json::from_value(json).unwrap();
    assert_eq!(back, analysis);
}

/// A named change that makes an analysis invalid.
type Mutation = (&'static str, fn(&mut Value));

#[test]
fn schema_rejects_drift() {
    let base = serde_json::to_value(full()).unwrap();
    assert_valid("the hand-built analysis", &base);
    let mutations: Vec<Mutation> = vec![
        ("schema tag", |v| v["schema"] = json!("x")),
        ("unknown top-level field", |v| v["extra"] = json!([])),
        ("unknown field in a sentence", |v| v["sentences"][0]["lang"] = json!("ar")),
        ("unknown field in a token's clitics", |v| v["tokens"][0]["clitics"]["mid"] = json!([])),
        ("unknown field in a trigger", |v| v["events"][0]["trigger"]["norm"] = json!("x")),
        ("missing array", |v| drop(v.as_object_mut().unwrap().remove("relations"))),
        ("missing nullable field", |v| drop(v["article"].as_object_mut().unwrap().remove("url"))),
        ("missing character offset", |v| drop(v["entities"][0].as_object_mut().unwrap().remove("cend"))),
        ("negative offset", |v| v["quotes"][0]["start"] = json!(-1)),
        ("fractional offset", |v| v["sentences"][0]["end"] = json!(1.5)),
        ("empty sentences", |v| v["sentences"] = json!([])),
        ("published as a datetime", |v| v["article"]["published"] = json!("2022-07-18T10:00:00Z")),
        ("published month 13", |v| v["article"]["published"] = json!("2022-13-01")),
        ("entity type", |v| v["entities"][0]["type"] = json!("PERSON")),
        ("entity confidence", |v| v["entities"][0]["confidence"] = json!(1.5)),
        ("event confidence as null (NaN)", |v| v["events"][0]["confidence"] = json!(null)),
        ("time mod", |v| v["times"][0]["mod"] = json!("approx")),
        ("time kind", |v| v["times"][0]["kind"] = json!("Date")),
        ("reason with a value", |v| v["times"][0]["reason"] = json!("why")),
        ("quad class 0", |v| v["events"][0]["quad_class"] = json!(0)),
        ("quad class 5", |v| v["events"][0]["quad_class"] = json!(5)),
        ("goldstein 11", |v| v["events"][0]["goldstein"] = json!(11)),
        ("factuality", |v| v["events"][0]["factuality"] = json!("certain")),
        ("relation sign", |v| v["relations"][0]["sign"] = json!("neutral")),
        ("provenance role", |v| v["provenance"][0]["role"] = json!("author")),
        ("framing kind", |v| v["framing"][0]["kind"] = json!("LoadedName")),
        ("actor id", |v| v["actors"][0]["id"] = json!("Yair Lapid")),
        ("actor country", |v| v["actors"][0]["country"] = json!("IL")),
        ("quote speaker id", |v| v["quotes"][0]["speaker"] = json!("لابيد")),
        ("token kind", |v| v["tokens"][0]["kind"] = json!("word")),
        ("proclitic", |v| v["tokens"][0]["clitics"]["pre"] = json!(["لل"])),
        ("approximate as a string", |v| v["quantities"][0]["approximate"] = json!("true")),
    ];
    let mut accepted = Vec::new();
    for (what, mutate) in &mutations {
        let mut v = base.clone();
        mutate(&mut v);
        if validator().is_valid(&v) {
            accepted.push(*what);
        }
    }
    assert!(accepted.is_empty(), "the schema accepts broken analyses: {accepted:?}");
    // And the real output, not just the hand-built one.
    let mut seed = seed_json().clone();
    seed["schema"] = json!("x");
    assert!(!errors(&seed).is_empty(), "a seed analysis with a wrong schema tag passes");
}

/// Every top-level key of the schema has its section in docs/analysis.md,
/// and the example there is valid.
#[test]
fn reference_documents_every_key_and_its_example_is_valid() {
    let doc = std::fs::read_to_string(DOC_PATH).unwrap_or_else(|e| panic!("reading {DOC_PATH}: {e}"));
    let keys = schema()["properties"].as_object().unwrap().keys();
    let missing: Vec<&String> = keys.filter(|k| !doc.contains(&format!("\n## `{k}`"))).collect();
    assert!(missing.is_empty(), "{DOC_PATH} has no \"## `key`\" section for {missing:?}");
    let example = doc.split("```json\n").nth(1).and_then(|rest| rest.split("\n```").next()).expect("a json example");
    let example: Value = serde_json::from_str(example).unwrap_or_else(|e| panic!("the example is not JSON: {e}"));
    assert_valid("the example in docs/analysis.md", &example);
}
