//! Timelines and the actor network on a small hand-made store whose sums
//! are worked out by hand.
use marsad_annotations::contract::{Actor, ArticleMeta, Event, Factuality, Mention, Relation, Sign, Span};
use marsad_annotations::{Analysis, SCHEMA};
use marsad_store::{ErrorKind, GraphQuery, Item, Period, Store, TimelinePoint, TimelineQuery};

const TEXT: &str = "نص قصير";

fn event(source: &str, target: &str, quad_class: u8, goldstein: f32, date: Option<&str>) -> Event {
    Event {
        kind: "CONSULT".into(),
        cameo: "040".into(),
        goldstein,
        quad_class,
        source: Some(source.into()),
        target: Some(target.into()),
        source_person: None,
        target_person: None,
        date: date.map(str::to_string),
        date_text: None,
        location: None,
        trigger: Span { start: 0, end: 4, cstart: 0, cend: 2, text: "نص".into() },
        mentions: vec![],
        sentence: 0,
        factuality: Factuality::Asserted,
        in_quote: None,
        confidence: 1.0,
    }
}

fn actor(id: &str, kind: &str, name_en: &str, mentions: usize) -> Actor {
    Actor {
        id: id.into(),
        name_en: Some(name_en.into()),
        name_ar: None,
        kind: kind.into(),
        country: None,
        code: None,
        roles: vec![],
        mentions: (0..mentions).map(|i| Mention { start: i, end: i + 1, text: "x".into() }).collect(),
    }
}

fn relation(a: &str, b: &str, sign: Sign, weight: f32) -> Relation {
    Relation { a: a.into(), b: b.into(), sign, weight, events: vec![] }
}

fn analysis(published: &str, actors: Vec<Actor>, events: Vec<Event>, relations: Vec<Relation>) -> Analysis {
    Analysis {
        schema: SCHEMA.into(),
        article: ArticleMeta { published: Some(published.into()), ..Default::default() },
        sentences: vec![],
        tokens: None,
        entities: vec![],
        actors,
        times: vec![],
        quantities: vec![],
        quotes: vec![],
        provenance: vec![],
        framing: vec![],
        events,
        relations,
    }
}

/// Three articles:
/// - a1 (2022-01-10): ISRMIL→PSE hostile −10 on Sunday 9 January;
///   MAR→ISR cooperative +3, undated (the article's day, a Monday);
/// - a2 (2022-03-05): ISR→MAR cooperative +7 on 1 March; USA→MAR +2;
///   ISR→EGY verbal conflict −2 dated only "2022";
/// - a3 (2022-03-20): MAR→ISR hostile −4 at PRESENT_REF.
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a1 = analysis(
        "2022-01-10",
        vec![actor("ISRMIL", "military", "Israeli army", 1), actor("PSE", "country", "Palestine", 1)],
        vec![event("ISRMIL", "PSE", 4, -10.0, Some("2022-01-09")), event("MAR", "ISR", 1, 3.0, None)],
        vec![
            relation("ISRMIL", "PSE", Sign::Hostile, -10.0),
            relation("ISR", "PSE", Sign::Hostile, -10.0),
            relation("ISR", "MAR", Sign::Cooperative, 3.0),
        ],
    );
    let a2 = analysis(
        "2022-03-05",
        vec![
            actor("ISR", "country", "Israel", 2),
            actor("MAR", "country", "Morocco", 1),
            actor("USA", "country", "USA", 1),
        ],
        vec![
            event("ISR", "MAR", 2, 7.0, Some("2022-03-01")),
            event("USA", "MAR", 1, 2.0, Some("2022-03-01")),
            event("ISR", "EGY", 3, -2.0, Some("2022")),
        ],
        vec![
            relation("ISR", "MAR", Sign::Cooperative, 7.0),
            relation("MAR", "USA", Sign::Cooperative, 2.0),
            relation("EGY", "ISR", Sign::Hostile, -2.0),
        ],
    );
    let a3 = analysis(
        "2022-03-20",
        vec![actor("ISR", "country", "Israel", 1), actor("MAR", "country", "Morocco", 1)],
        vec![event("MAR", "ISR", 3, -4.0, Some("PRESENT_REF"))],
        vec![relation("ISR", "MAR", Sign::Hostile, -4.0)],
    );
    store
        .put(&[
            Item { id: "a1", text: TEXT, analysis: &a1 },
            Item { id: "a2", text: TEXT, analysis: &a2 },
            Item { id: "a3", text: TEXT, analysis: &a3 },
        ])
        .unwrap();
    (dir, store)
}

fn point(
    period: &str,
    events: i64,
    cooperative: i64,
    hostile: i64,
    goldstein: Option<f64>,
    articles: i64,
) -> TimelinePoint {
    let start = match period.len() {
        4 => format!("{period}-01-01"),
        _ => format!("{period}-01"),
    };
    TimelinePoint { period: period.into(), start, events, cooperative, hostile, goldstein, articles }
}

fn q(actor: &str, other: Option<&str>, by: Period, from: Option<&str>, to: Option<&str>) -> TimelineQuery {
    TimelineQuery {
        actor: actor.into(),
        other: other.map(str::to_string),
        by,
        from: from.map(str::to_string),
        to: to.map(str::to_string),
    }
}

#[test]
fn a_monthly_timeline_has_zero_rows_for_quiet_months() {
    let (_dir, store) = store();
    let t = store.timeline(&q("ISR", None, Period::Month, Some("2022-01"), Some("2022-04"))).unwrap();
    assert_eq!(
        t.points,
        [
            // ISRMIL→PSE (ISR matches its army) and MAR→ISR on a1's date.
            point("2022-01", 2, 1, 1, Some(-3.5), 1),
            point("2022-02", 0, 0, 0, None, 0),
            point("2022-03", 2, 1, 1, Some(1.5), 2),
            point("2022-04", 0, 0, 0, None, 0),
        ]
    );
    // "2022" is before "2022-01": the year-dated event is outside the range.
    assert_eq!(t.unplaced, 0);

    // Without a range: from the first month with events to the last; the
    // year-only event fits no month.
    let t = store.timeline(&q("ISR", None, Period::Month, None, None)).unwrap();
    assert_eq!(t.points.iter().map(|p| p.period.as_str()).collect::<Vec<_>>(), ["2022-01", "2022-02", "2022-03"]);
    assert_eq!(t.unplaced, 1);
}

#[test]
fn a_yearly_timeline_counts_every_event_and_article_once() {
    let (_dir, store) = store();
    let t = store.timeline(&q("ISR", None, Period::Year, None, None)).unwrap();
    // −10 + 3 + 7 − 2 − 4 over five events.
    assert_eq!(t.points, [point("2022", 5, 2, 3, Some(-1.2), 3)]);
    assert_eq!(t.unplaced, 0);
    let t = store.timeline(&q("ISR", None, Period::Year, Some("2021"), Some("2023"))).unwrap();
    assert_eq!(t.points.len(), 3);
    assert_eq!((t.points[0].events, t.points[2].events), (0, 0));
}

#[test]
fn a_dyad_matches_either_way_round() {
    let (_dir, store) = store();
    let one = store.timeline(&q("MAR", Some("ISR"), Period::Month, None, None)).unwrap();
    let other = store.timeline(&q("ISR", Some("MAR"), Period::Month, None, None)).unwrap();
    assert_eq!(one.points, other.points);
    assert_eq!(
        one.points,
        [
            point("2022-01", 1, 1, 0, Some(3.0), 1),
            point("2022-02", 0, 0, 0, None, 0),
            // ISR→MAR and MAR→ISR; USA→MAR is not between them.
            point("2022-03", 2, 1, 1, Some(1.5), 2),
        ]
    );
    // A state matches its organs in a dyad too.
    let t = store.timeline(&q("PSE", Some("ISR"), Period::Year, None, None)).unwrap();
    assert_eq!(t.points, [point("2022", 1, 0, 1, Some(-10.0), 1)]);
}

#[test]
fn iso_weeks_split_sunday_from_monday() {
    let (_dir, store) = store();
    let t = store.timeline(&q("ISR", None, Period::Week, Some("2022-01-09"), Some("2022-01-16"))).unwrap();
    let got: Vec<_> =
        t.points.iter().map(|p| (p.period.as_str(), p.start.as_str(), p.hostile, p.cooperative)).collect();
    assert_eq!(got, [("2022-W01", "2022-01-03", 1, 0), ("2022-W02", "2022-01-10", 0, 1)]);
}

#[test]
fn bad_dates_are_refused() {
    let (_dir, store) = store();
    for bad in ["2022-13", "2022-W05", "2022-01-01T00", "22"] {
        let err = store.timeline(&q("ISR", None, Period::Month, Some(bad), None)).unwrap_err();
        assert!(matches!(err.kind, ErrorKind::BadDate { .. }), "{bad}: {err}");
    }
    let err = store.graph(&GraphQuery { to: Some("soon".into()), ..Default::default() }).unwrap_err();
    assert!(err.to_string().contains("not a date"), "{err}");
}

#[test]
fn the_graph_sums_relations_over_articles() {
    let (_dir, store) = store();
    let g = store.graph(&GraphQuery::default()).unwrap();
    let edges: Vec<_> = g.edges.iter().map(|e| (e.a.as_str(), e.b.as_str(), e.weight, e.sign.as_str())).collect();
    assert_eq!(
        edges,
        [
            ("ISR", "PSE", -10.0, "hostile"),
            ("ISRMIL", "PSE", -10.0, "hostile"),
            // +3 +7 −4: the hostile side (4) is more than a third of 10.
            ("ISR", "MAR", 6.0, "mixed"),
            ("EGY", "ISR", -2.0, "hostile"),
            ("MAR", "USA", 2.0, "cooperative"),
        ]
    );
    let isr_mar = &g.edges[2];
    assert_eq!((isr_mar.articles, isr_mar.cooperative, isr_mar.hostile, isr_mar.mixed), (3, 2, 1, 0));
    let ids: Vec<_> = g.nodes.iter().map(|n| (n.id.as_str(), n.mentions)).collect();
    assert_eq!(ids, [("ISR", 3), ("MAR", 2), ("ISRMIL", 1), ("PSE", 1), ("USA", 1), ("EGY", 0)]);
    let egypt = g.nodes.iter().find(|n| n.id == "EGY").unwrap();
    assert_eq!((egypt.kind.as_deref(), egypt.name_en.as_deref()), (None, None), "no actor row");
    assert_eq!(g.nodes[0].name_en.as_deref(), Some("Israel"));
}

#[test]
fn graph_filters() {
    let (_dir, store) = store();
    let pairs = |q: GraphQuery| -> Vec<String> {
        store.graph(&q).unwrap().edges.iter().map(|e| format!("{}-{} {}", e.a, e.b, e.weight)).collect()
    };
    // Articles from March on: a2 and a3.
    assert_eq!(
        pairs(GraphQuery { from: Some("2022-03".into()), ..Default::default() }),
        ["ISR-MAR 3", "EGY-ISR -2", "MAR-USA 2"]
    );
    assert_eq!(
        pairs(GraphQuery { to: Some("2022-01".into()), ..Default::default() }),
        ["ISR-PSE -10", "ISRMIL-PSE -10", "ISR-MAR 3"]
    );
    assert_eq!(
        pairs(GraphQuery { min_weight: 5.0, ..Default::default() }),
        ["ISR-PSE -10", "ISRMIL-PSE -10", "ISR-MAR 6"]
    );
    assert_eq!(
        pairs(GraphQuery { kind: Some("country".into()), ..Default::default() }),
        ["ISR-PSE -10", "ISR-MAR 6", "MAR-USA 2"]
    );
    // The two strongest: PSE (10 + 10) and ISR (10 + 6 + 2), not MAR (the
    // second most mentioned, 6 + 2).
    let top = store.graph(&GraphQuery { top: Some(2), ..Default::default() }).unwrap();
    assert_eq!(top.nodes.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["ISR", "PSE"]);
    assert_eq!(top.edges.len(), 1);
    // Mentions count in the range only.
    let march = store.graph(&GraphQuery { from: Some("2022-03".into()), ..Default::default() }).unwrap();
    assert_eq!(march.nodes.iter().find(|n| n.id == "ISR").map(|n| n.mentions), Some(3));
    let jan = store.graph(&GraphQuery { to: Some("2022-01-31".into()), ..Default::default() }).unwrap();
    assert_eq!(jan.nodes.iter().find(|n| n.id == "ISR").map(|n| n.mentions), Some(0));
}
