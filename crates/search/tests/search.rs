//! Search over a small store, with the acceptance cases Arabic users raise
//! against general-purpose engines: clitics, spelling variants, diacritics,
//! highlights on whole original words.

use marsad_annotations::{Analysis, Analyzer};
use marsad_article::{parse_published, Article};
use marsad_search::{sync, Query, Results, SearchIndex};
use marsad_store::{Item, Store};

const ARTICLES: &[(&str, &str, &str, &str, &str)] = &[
    ("a1", "2018-02-18", "Alquds", "الصبر مفتاح الفرج", "قال الشيخ إن الصبر مفتاح الفرج في الأزمات."),
    ("a2", "2018-02-19", "Alquds", "خطبة الجمعة", "ودعا الخطيب المصلين إلى التحلي بالصبر والحكمة."),
    ("a3", "2018-03-01", "Youm7", "رسالة", "وبالصبر نتجاوز المحنة، كما قال."),
    ("a4", "2018-03-02", "Youm7", "واشنطن", "أعلنت أمريكا فرض عقوبات جديدة على إيران."),
    ("a5", "2018-03-03", "Alarabiya", "واشنطن وطهران", "قالت أميركا إنها لن تتراجع عن الاتفاق مع إيران."),
    ("a6", "2018-04-10", "Alarabiya", "تقرير", "زار وزير الخارجية الفرنسي الرباط والتقى نظيره المغربي يوم الاثنين."),
    ("a7", "2018-04-11", "Youm7", "لقاء", "التقى الرئيس الفرنسي في باريس نظيره المغربي لبحث العلاقات."),
];

fn analyze(id: &str, published: &str, outlet: &str, title: &str, text: &str) -> Analysis {
    let mut a = Article::new(text);
    a.id = Some(id.into());
    a.published = Some(parse_published(published).unwrap());
    a.outlet = Some(outlet.into());
    a.title = Some(title.into());
    Analyzer::default().analyze(&a).unwrap()
}

/// A store of [`ARTICLES`] with its index synced.
fn setup() -> (tempfile::TempDir, Store, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let analyses: Vec<Analysis> = ARTICLES.iter().map(|&(i, p, o, t, x)| analyze(i, p, o, t, x)).collect();
    let items: Vec<Item> =
        ARTICLES.iter().zip(&analyses).map(|(a, analysis)| Item { id: a.0, text: a.4, analysis }).collect();
    store.put(&items).unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let mut w = index.writer(1).unwrap();
    let report = sync(&store, &index, &mut w).unwrap();
    assert_eq!(report.added, ARTICLES.len() as u64);
    (dir, store, index)
}

fn search(store: &Store, index: &SearchIndex, q: Query) -> Results {
    index.search(store, &Query { limit: 10, ..q }).unwrap()
}

fn ids(r: &Results) -> Vec<&str> {
    let mut v: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    v.sort();
    v
}

fn words(text: &str) -> Query {
    Query { text: text.into(), ..Query::default() }
}

fn highlighted<'a>(r: &'a Results, id: &str) -> Vec<&'a str> {
    let hit = r.hits.iter().find(|h| h.id == id).unwrap();
    let text = ARTICLES.iter().find(|a| a.0 == id).unwrap().4;
    hit.snippet.highlights.iter().map(|[s, e]| &text[*s..*e]).collect()
}

#[test]
fn a_word_finds_it_with_clitics_and_highlights_the_whole_word() {
    let (_d, store, index) = setup();
    let r = search(&store, &index, words("الصبر"));
    assert_eq!(ids(&r), ["a1", "a2", "a3"]);
    assert_eq!(highlighted(&r, "a2"), ["بالصبر"]);
    assert_eq!(highlighted(&r, "a3"), ["وبالصبر"]);
    // Only the word searched for lights up, not every word with ال.
    assert_eq!(highlighted(&r, "a1"), ["الصبر"]);
}

#[test]
fn america_finds_every_spelling() {
    let (_d, store, index) = setup();
    for q in ["أمريكا", "امريكا", "أميركا"] {
        assert_eq!(ids(&search(&store, &index, words(q))), ["a4", "a5"], "{q}");
    }
}

#[test]
fn a_diacritised_query_finds_plain_text() {
    let (_d, store, index) = setup();
    assert_eq!(ids(&search(&store, &index, words("الصَّبْرُ"))), ["a1", "a2", "a3"]);
}

#[test]
fn phrases_keep_word_order() {
    let (_d, store, index) = setup();
    assert_eq!(ids(&search(&store, &index, words("\"مفتاح الفرج\""))), ["a1"]);
    assert!(search(&store, &index, words("\"الفرج مفتاح\"")).hits.is_empty());
    // All words must match unless joined by OR.
    assert_eq!(ids(&search(&store, &index, words("الصبر الحكمة"))), ["a2"]);
    assert_eq!(ids(&search(&store, &index, words("الحكمة OR المحنة"))), ["a2", "a3"]);
}

#[test]
fn filters_and_facets_go_with_words() {
    let (_d, store, index) = setup();
    let r = search(&store, &index, words("نظيره المغربي"));
    assert_eq!(ids(&r), ["a6", "a7"]);
    let count = |v: &[(String, u64)], k: &str| v.iter().find(|(x, _)| x == k).map_or(0, |x| x.1);
    assert_eq!(count(&r.facets.actor, "MAR"), 2);
    assert_eq!(count(&r.facets.outlet, "Youm7"), 1);
    assert_eq!(r.facets.month, [("2018-04".to_string(), 2)]);
    let q = |f: fn(&mut Query)| {
        let mut q = words("نظيره المغربي");
        f(&mut q);
        ids(&search(&store, &index, q)).into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(q(|q| q.outlet = Some("youm7".into())), ["a7"]);
    assert_eq!(q(|q| q.to = Some("2018-04-10".into())), ["a6"]);
    assert_eq!(q(|q| q.from = Some("2018-04-11".into())), ["a7"]);
    assert_eq!(q(|q| q.actor = Some("FRA".into())), ["a6", "a7"]);
    assert!(q(|q| q.actor = Some("IRN".into())).is_empty());
    // A phrase and an actor filter together.
    let mut p = words("\"وزير الخارجية\"");
    p.actor = Some("MAR".into());
    assert_eq!(ids(&search(&store, &index, p)), ["a6"]);
}

#[test]
fn no_words_lists_the_filtered_articles_newest_first() {
    let (_d, store, index) = setup();
    let r = search(&store, &index, Query { outlet: Some("Youm7".into()), ..Query::default() });
    let order: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(order, ["a7", "a4", "a3"]);
    assert_eq!(r.total, 3);
}

#[test]
fn a_bad_date_is_a_clear_error() {
    let (_d, store, index) = setup();
    let e = index.search(&store, &Query { from: Some("18/2/2018".into()), ..words("الصبر") }).unwrap_err();
    assert!(e.to_string().contains("not a date"), "{e}");
}

#[test]
fn sync_repairs_what_a_killed_ingest_left() {
    let (dir, mut store, index) = setup();
    // The store gains an article the index never saw, and the index holds
    // one the store has since lost.
    let extra = analyze("b1", "2018-05-01", "Youm7", "جديد", "وصل الصبر إلى نهايته.");
    store.put(&[Item { id: "b1", text: "وصل الصبر إلى نهايته.", analysis: &extra }]).unwrap();
    let mut w = index.writer(1).unwrap();
    let ghost = analyze("ghost", "2018-05-01", "Youm7", "شبح", "الصبر جميل.");
    w.put("ghost", "الصبر جميل.", &ghost).unwrap();
    w.commit().unwrap();
    let report = sync(&store, &index, &mut w).unwrap();
    assert_eq!((report.added, report.removed), (1, 1));
    assert_eq!(ids(&search(&store, &index, words("الصبر"))), ["a1", "a2", "a3", "b1"]);
    assert_eq!(index.len(), ARTICLES.len() as u64 + 1);
    drop(w);
    // Opened again, the index is what was committed.
    let again = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(again.len(), ARTICLES.len() as u64 + 1);
}

#[test]
fn a_second_writer_is_refused() {
    let (_d, _store, index) = setup();
    let _w = index.writer(1).unwrap();
    let e = index.writer(1).err().unwrap();
    assert!(e.to_string().contains("another marsad"), "{e}");
}

#[test]
fn a_word_far_into_a_long_article_is_highlighted_there() {
    let (_d, mut store, index) = setup();
    let text = format!("{} وفي الختام دعا إلى التحلي بالصبر.", "جلسة طويلة للبرلمان ناقشت الموازنة. ".repeat(60));
    let a = analyze("long", "2018-06-01", "Youm7", "جلسة", &text);
    store.put(&[Item { id: "long", text: &text, analysis: &a }]).unwrap();
    let mut w = index.writer(1).unwrap();
    sync(&store, &index, &mut w).unwrap();
    let r = search(&store, &index, words("الصبر"));
    let hit = r.hits.iter().find(|h| h.id == "long").expect("found");
    let [s, e] = hit.snippet.highlights[0];
    assert!(s > 1500, "{s}");
    assert_eq!(&text[s..e], "بالصبر");
}

#[test]
fn matching_limits_a_query_to_given_articles() {
    let (_d, _store, index) = setup();
    let mut got: Vec<String> = index.matching("الصبر", &["a2", "a3", "a4"]).unwrap().into_iter().collect();
    got.sort();
    assert_eq!(got, ["a2", "a3"]);
    assert!(index.matching("الصبر", &[]).unwrap().is_empty());
    assert!(index.matching("", &["a1"]).unwrap().is_empty());
}
