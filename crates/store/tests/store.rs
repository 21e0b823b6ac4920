//! Storing analyses: idempotence, replacement, copies, reading back, and
//! the schema version check.
use marsad_annotations::{Analysis, Analyzer};
use marsad_article::Article;
use marsad_store::{content_id, ErrorKind, Item, Presence, Stats, Store, VERSION};

const TEXT: &str = "أدان المغرب الهجوم الذي استهدف السفارة الفرنسية في بغداد يوم الاثنين. \
                    وزار رئيس الوزراء العراقي باريس الأسبوع الماضي.";

fn analyse(id: &str, text: &str) -> Analysis {
    let mut a = Article::new(text);
    a.id = Some(id.to_string());
    a.published = "2018-03-05".parse().ok();
    Analyzer::default().analyze(&a).expect("analysis")
}

#[test]
fn put_is_idempotent_and_replaces_changed_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = analyse("a1", TEXT);
    assert!(!a.events.is_empty() && !a.actors.is_empty(), "the test text should have events and actors");
    store.put(&[Item { id: "a1", text: TEXT, analysis: &a }]).unwrap();
    let once = store.stats().unwrap();
    assert_eq!(once.articles, 1);
    assert_eq!(once.events, a.events.len() as u64);
    assert_eq!(once.mentions, a.actors.iter().map(|x| x.mentions.len() as u64).sum::<u64>());
    assert_eq!(once.schema, VERSION);

    assert_eq!(store.presence("a1", TEXT).unwrap(), Presence::Same);
    assert_eq!(store.presence("a2", TEXT).unwrap(), Presence::CopyOf("a1".into()));
    let changed = format!("{TEXT} وقال مسؤول إن الزيارة ناجحة.");
    assert_eq!(store.presence("a1", &changed).unwrap(), Presence::Changed);

    // Storing the same article again, or a changed version, never duplicates.
    store.put(&[Item { id: "a1", text: TEXT, analysis: &a }]).unwrap();
    let again = store.stats().unwrap();
    assert_eq!(Stats { disk_bytes: once.disk_bytes, ..again }, once);
    let b = analyse("a1", &changed);
    store.put(&[Item { id: "a1", text: &changed, analysis: &b }]).unwrap();
    let after = store.stats().unwrap();
    assert_eq!(after.articles, 1);
    assert_eq!(after.events, b.events.len() as u64);
    assert_eq!(store.analysis("a1").unwrap(), Some(b));
    assert_eq!(store.text("a1").unwrap().as_deref(), Some(changed.as_str()));
    assert_eq!(store.analysis("nope").unwrap(), None);
    assert_eq!(store.text("nope").unwrap(), None);
}

#[test]
fn articles_with_text_come_back_in_the_order_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let other = "وصل وزير الخارجية المصري إلى عمان.";
    let (a, b) = (analyse("a", TEXT), analyse("b", other));
    store.put(&[Item { id: "a", text: TEXT, analysis: &a }, Item { id: "b", text: other, analysis: &b }]).unwrap();
    let got = store.articles_with_text(&["b", "gone", "a"]).unwrap();
    let got: Vec<(&str, &str)> = got.iter().map(|(row, text)| (row.id.as_str(), text.as_str())).collect();
    assert_eq!(got, [("b", other), ("a", TEXT)]);
    assert!(store.articles_with_text(&[]).unwrap().is_empty());
}

#[test]
fn a_reopened_store_keeps_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let a = analyse("x", TEXT);
    Store::open(dir.path()).unwrap().put(&[Item { id: "x", text: TEXT, analysis: &a }]).unwrap();
    let store = Store::open_existing(dir.path()).unwrap();
    assert_eq!(store.stats().unwrap().articles, 1);
    assert_eq!(store.analysis("x").unwrap(), Some(a));
}

#[test]
fn a_newer_schema_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join(marsad_store::DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", VERSION + 1).unwrap();
    drop(conn);
    let err = Store::open(dir.path()).err().expect("a newer schema must not open");
    assert!(matches!(err.kind, ErrorKind::SchemaTooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer than this marsad supports"), "{err}");
}

#[test]
fn no_store_is_an_error_for_readers() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open_existing(dir.path().join("missing")).err().expect("no store");
    assert!(err.to_string().contains("marsad ingest"), "{err}");
}

#[test]
fn content_ids_are_stable() {
    assert_eq!(content_id("نص"), content_id("نص"));
    assert_ne!(content_id("نص"), content_id("نص آخر"));
    assert!(content_id("نص").starts_with("sha:"));
}

#[test]
fn events_read_back_with_their_scores_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = analyse("a1", TEXT);
    store.put(&[Item { id: "a1", text: TEXT, analysis: &a }]).unwrap();
    let rows = store.events(&marsad_store::EventQuery::default()).unwrap();
    assert_eq!(rows.len(), a.events.len());
    for r in &rows {
        let e = &a.events[r.idx as usize];
        assert_eq!((r.kind.as_str(), r.cameo.as_str()), (e.kind.as_str(), e.cameo.as_str()));
        // 1.9, not 1.899999976158142: the score as the analysis prints it.
        assert_eq!(r.goldstein.to_string(), e.goldstein.to_string());
        assert_eq!(r.published.as_deref(), Some("2018-03-05"));
    }
    let moroccan = marsad_store::EventQuery { actor: Some("MAR".into()), ..Default::default() };
    assert!(store
        .events(&moroccan)
        .unwrap()
        .iter()
        .all(|r| r.source.as_deref() == Some("MAR") || r.target.as_deref() == Some("MAR")));
}
