//! Story clusters and corpus events: near-duplicates join one story, the
//! events several articles tell merge into one corpus event with the right
//! counts, and replacing an article keeps both consistent.
use marsad_annotations::contract::{Event, Factuality, Span};
use marsad_annotations::{Analysis, Analyzer};
use marsad_article::Article;
use marsad_store::{CorpusEventRow, EventQuery, Item, Store};

const WIRE: &str = "أعلنت وزارة الخارجية المغربية اليوم الاثنين أن الوزير ناصر بوريطة سيزور باريس الأسبوع المقبل \
    لبحث العلاقات الثنائية والتعاون الاقتصادي بين البلدين، وقال بيان للوزارة إن الزيارة تأتي في إطار \
    التشاور المستمر بين الرباط وباريس حول القضايا الإقليمية والدولية ذات الاهتمام المشترك. وأضاف البيان \
    أن الجانبين سيوقعان عدة اتفاقيات في مجالات الطاقة والتعليم والنقل، وأن الوزير سيلتقي عددا من \
    المسؤولين الفرنسيين ورجال الأعمال خلال الزيارة التي تستمر يومين.";

/// Texts on unrelated subjects: no two of them are one story.
const OTHERS: [&str; 6] = [
    "قتل ثلاثة أشخاص في انفجار سيارة مفخخة في بغداد صباح اليوم بحسب مصادر أمنية عراقية قالت إن الانفجار وقع قرب سوق شعبي.",
    "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار منظمة أوبك خفض الإنتاج للشهر الثالث على التوالي وسط توقعات بزيادة الطلب.",
    "فاز المنتخب المصري على نظيره التونسي بهدفين نظيفين في المباراة الودية التي أقيمت على ملعب القاهرة الدولي مساء الجمعة.",
    "أعلنت شركة الطيران الوطنية عن تسيير رحلات جديدة إلى عواصم آسيوية اعتبارا من الصيف المقبل لتلبية الطلب المتزايد على السفر.",
    "شهدت العاصمة الأردنية عمان أمطارا غزيرة أدت إلى إغلاق عدد من الطرق وتعليق الدراسة في المدارس الحكومية يوم الأحد.",
    "افتتح معرض الكتاب الدولي أبوابه أمام الزوار بمشاركة أكثر من خمسمئة دار نشر عربية وأجنبية وبرنامج ثقافي حافل بالندوات.",
];

fn analyse(id: &str, text: &str, outlet: &str, published: &str) -> Analysis {
    let mut a = Article::new(text);
    a.id = Some(id.to_string());
    a.published = published.parse().ok();
    a.outlet = Some(outlet.to_string());
    Analyzer::default().analyze(&a).expect("analysis")
}

/// An event of `kind` between `source` and `target`, its trigger the text's
/// first word, with `later` later tellings.
fn event(
    text: &str,
    kind: &str,
    source: Option<&str>,
    target: Option<&str>,
    date: Option<&str>,
    later: usize,
) -> Event {
    let word = text.split(' ').next().unwrap_or_default();
    let span = Span { start: 0, end: word.len(), cstart: 0, cend: word.chars().count(), text: word.to_string() };
    Event {
        kind: kind.to_string(),
        cameo: if kind == "ASSAULT" { "190".into() } else { "141".into() },
        goldstein: -10.0,
        quad_class: 4,
        source: source.map(str::to_string),
        target: target.map(str::to_string),
        source_person: None,
        target_person: None,
        date: date.map(str::to_string),
        date_text: None,
        location: None,
        trigger: span.clone(),
        mentions: vec![span; later],
        sentence: 0,
        factuality: Factuality::Asserted,
        in_quote: None,
        confidence: 0.9,
    }
}

/// Stores article `id` with exactly `events`.
fn put(store: &mut Store, id: &str, text: &str, outlet: &str, published: &str, events: Vec<Event>) {
    let mut a = analyse(id, text, outlet, published);
    a.events = events;
    a.relations.clear();
    store.put(&[Item { id, text, analysis: &a }]).unwrap();
}

fn corpus(store: &Store, kind: Option<&str>) -> Vec<CorpusEventRow> {
    let q = EventQuery { kind: kind.map(str::to_string), ..Default::default() };
    store.corpus_events(&q).unwrap()
}

#[test]
fn near_duplicates_join_a_story_and_other_texts_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let copy = format!("الرباط (وكالات) - {}", WIRE.replace("المقبل", "القادم").replace("عدة", "عددا من"));
    // A hamza or taa marbuta spelt otherwise does not count as a change.
    let respelt = WIRE.replace("أعلنت", "اعلنت").replace("المغربية", "المغربيه");
    for (id, text) in [("wire", WIRE), ("copy", copy.as_str()), ("respelt", respelt.as_str()), ("other", OTHERS[0])] {
        put(&mut store, id, text, id, "2018-05-14", vec![]);
    }
    let story = |id: &str| store.story(id).unwrap().expect("every article has a story");
    assert_eq!(story("copy"), story("wire"));
    assert_eq!(story("respelt"), story("wire"));
    assert_ne!(story("other"), story("wire"));
    assert_eq!(store.stats().unwrap().stories, 2);
}

#[test]
fn corpus_events_merge_across_outlets_on_adjacent_days_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let [t0, t1, t2, t3, t4, t5] = OTHERS;
    // Two outlets, a day apart, ISRMIL and ISR at country level: one event.
    // The first article tells it twice.
    put(
        &mut store,
        "a",
        t0,
        "Outlet A",
        "2018-05-14",
        vec![event(t0, "ASSAULT", Some("ISRMIL"), Some("PSE"), Some("2018-05-14"), 1)],
    );
    put(&mut store, "b", t1, "Outlet B", "2018-05-15", vec![event(t1, "ASSAULT", Some("ISR"), Some("PSE"), None, 0)]);
    // The first outlet again, the day before: a third article, no new source.
    put(&mut store, "c", t2, "Outlet A", "2018-05-13", vec![event(t2, "ASSAULT", Some("ISR"), Some("PSE"), None, 0)]);
    // Six days later, another type, or another target: other events.
    put(&mut store, "d", t3, "Outlet C", "2018-05-20", vec![event(t3, "ASSAULT", Some("ISR"), Some("PSE"), None, 0)]);
    put(&mut store, "e", t4, "Outlet C", "2018-05-14", vec![event(t4, "PROTEST", Some("ISR"), Some("PSE"), None, 1)]);
    put(&mut store, "f", t5, "Outlet C", "2018-05-14", vec![event(t5, "ASSAULT", Some("ISR"), Some("SYR"), None, 0)]);

    let assaults = corpus(&store, Some("ASSAULT"));
    assert_eq!(assaults.len(), 3, "{assaults:#?}");
    let merged = assaults.iter().find(|c| c.num_articles > 1).expect("a merged event");
    assert_eq!((merged.num_mentions, merged.num_sources, merged.num_articles), (4, 2, 3), "{merged:#?}");
    assert_eq!(merged.day.as_deref(), Some("2018-05-13"), "the earliest day");
    assert_eq!(merged.first_article.as_deref(), Some("a"));
    assert_eq!((merged.source.as_deref(), merged.source_country.as_deref()), (Some("ISRMIL"), Some("ISR")));
    assert_eq!(merged.root_code, "19");
    let distant = assaults.iter().find(|c| c.day.as_deref() == Some("2018-05-20")).expect("the later event");
    assert_eq!((distant.num_mentions, distant.num_sources, distant.num_articles), (1, 1, 1));
    let protest = corpus(&store, Some("PROTEST"));
    assert_eq!(protest.len(), 1);
    assert_eq!((protest[0].num_mentions, protest[0].num_articles), (2, 1), "one article telling it twice");
    assert_eq!(store.stats().unwrap().corpus_events, 4);
    // Each mention points at its corpus event.
    let mentions = store.events(&EventQuery::default()).unwrap();
    assert_eq!(mentions.len(), 6);
    assert_eq!(mentions.iter().filter(|m| m.corpus_event == Some(merged.id)).count(), 3);
    // An actor filter matches a corpus event through any of its mentions.
    let q = EventQuery { actor: Some("ISRMIL".into()), ..Default::default() };
    assert_eq!(store.corpus_events(&q).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), vec![merged.id]);
}

#[test]
fn events_without_sides_merge_only_within_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let copy = format!("باريس (رويترز) - {WIRE}");
    let [t0, t1, ..] = OTHERS;
    let at = |t| vec![event(t, "ASSAULT", None, None, Some("2018-05-14"), 0)];
    put(&mut store, "x", t0, "A", "2018-05-14", at(t0));
    put(&mut store, "y", t1, "B", "2018-05-14", at(t1));
    assert_eq!(corpus(&store, None).len(), 2, "no sides, other stories: not merged");
    put(&mut store, "w1", WIRE, "A", "2018-05-14", at(WIRE));
    // The copy dates it otherwise: its story still makes it the same event.
    put(&mut store, "w2", &copy, "B", "2018-05-17", vec![event(&copy, "ASSAULT", None, None, Some("2018-05-17"), 0)]);
    let all = corpus(&store, None);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert!(all.iter().any(|c| c.num_articles == 2 && c.num_sources == 2 && c.first_article.as_deref() == Some("w1")));
}

#[test]
fn replacing_an_article_recounts_its_events_and_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let [t0, t1, t2, ..] = OTHERS;
    let ev = |t, date| vec![event(t, "ASSAULT", Some("ISR"), Some("PSE"), Some(date), 0)];
    put(&mut store, "a", t0, "A", "2018-05-14", ev(t0, "2018-05-14"));
    put(&mut store, "b", t1, "B", "2018-05-14", ev(t1, "2018-05-14"));
    put(&mut store, "wire", WIRE, "C", "2018-05-14", ev(WIRE, "2018-05-14"));
    let one = corpus(&store, None);
    assert_eq!(one.len(), 1);
    assert_eq!((one[0].num_sources, one[0].num_articles, one[0].first_article.as_deref()), (3, 3, Some("a")));
    assert_eq!(store.stats().unwrap().stories, 3);

    // "a" changes: its event is now a month later, its text another story's.
    let changed = format!("{t2} وأضاف المصدر أن التحقيقات مستمرة.");
    put(&mut store, "a", &changed, "A", "2018-06-14", ev(&changed, "2018-06-14"));
    let after = corpus(&store, None);
    assert_eq!(after.len(), 2, "{after:#?}");
    let old = after.iter().find(|c| c.day.as_deref() == Some("2018-05-14")).expect("the first event stays");
    assert_eq!((old.num_mentions, old.num_sources, old.num_articles), (2, 2, 2));
    assert_eq!(old.first_article.as_deref(), Some("b"), "its first mention is now b's");
    // "wire" becomes a copy of the story of "b": its own story is dropped,
    // and its event leaves nothing behind.
    let copy = format!("{t1} {t1}");
    put(&mut store, "wire", &copy, "C", "2018-07-01", vec![]);
    assert_eq!(store.story("wire").unwrap(), store.story("b").unwrap());
    let s = store.stats().unwrap();
    assert_eq!((s.articles, s.stories, s.corpus_events), (3, 2, 2));
    let old = corpus(&store, None).into_iter().find(|c| c.day.as_deref() == Some("2018-05-14")).unwrap();
    assert_eq!((old.num_mentions, old.num_sources, old.num_articles), (1, 1, 1));
    // Every corpus event left has mentions.
    assert!(corpus(&store, None).iter().all(|c| c.num_mentions > 0));
    // The replaced texts left no LSH bands behind: 20 per stored article.
    let db = rusqlite::Connection::open(dir.path().join(marsad_store::DB_FILE)).unwrap();
    let bands: i64 = db.query_row("SELECT count(*) FROM story_bands", [], |r| r.get(0)).unwrap();
    let stale: i64 = db
        .query_row("SELECT count(*) FROM story_bands WHERE article NOT IN (SELECT num FROM articles)", [], |r| r.get(0))
        .unwrap();
    assert_eq!((bands, stale), (3 * 20, 0));
}
