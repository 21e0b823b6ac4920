//! Events and relations: the seed's `must` events and relations, the rules
//! for arguments and factuality, and inputs that must not slow down or
//! break the extractor. `marsad eval article` prints the full score.
use marsad_annotations::contract::{Analysis, Factuality, Sign};
use marsad_annotations::{Analyzer, Options};
use marsad_article::Article;

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn analyse(text: &str, published: &str) -> Analysis {
    let mut article = Article::new(text);
    article.published = Some(published.parse().expect("a date"));
    Analyzer::new(Options::default()).analyze(&article).expect("analyses")
}

/// The state behind an actor id (ISRMIL → ISR), as the seed's gold counts it.
fn state(a: &Analysis, id: Option<&str>) -> Option<String> {
    let id = id?;
    if let Some(c) = a.actors.iter().find(|x| x.id == id).and_then(|x| x.country.clone()) {
        return Some(c);
    }
    Some(id.get(..3).unwrap_or(id).to_string())
}

fn has_event(a: &Analysis, kind: &str, source: &str, target: &str, year: Option<&str>) -> bool {
    a.events.iter().any(|e| {
        e.kind == kind
            && state(a, e.source.as_deref()).as_deref() == Some(source)
            && state(a, e.target.as_deref()).as_deref() == Some(target)
            && year.is_none_or(|y| e.date.as_deref().is_some_and(|d| d.starts_with(y)))
    })
}

#[test]
fn the_seeds_must_events_and_relations() {
    let a = analyse(SEED, "2022-07-18");
    let visit = a.events.iter().find(|e| e.kind == "CONSULT" && e.source.as_deref() == Some("ISRMIL"));
    let visit = visit.expect("the army chief's visit");
    assert_eq!((visit.target.as_deref(), visit.date.as_deref()), (Some("MAR"), Some("2022-07-18")));
    assert_eq!(visit.source_person.as_deref(), Some("PER:Aviv Kochavi"));
    assert!(!visit.mentions.is_empty(), "the visit is told several times: one event");
    for (kind, s, t, year) in [
        ("SANCTION", "MAR", "ISR", Some("2000")),
        ("COOPERATE", "ISR", "MAR", Some("2020")),
        ("AGREE", "ISR", "MAR", None),
        ("AGREE", "MAR", "ISR", Some("2020")),
        ("ACCUSE", "DZA", "ISR", None),
        // شارك المغرب في تدريب … بينها دولة الاحتلال: the co-participant after بينها.
        ("COOPERATE", "MAR", "ISR", Some("2021")),
    ] {
        assert!(has_event(&a, kind, s, t, year), "{kind} {s} → {t} {year:?}: {:#?}", a.events);
    }
    let sign = |x: &str, y: &str| {
        a.relations.iter().find(|r| (r.a == x && r.b == y) || (r.a == y && r.b == x)).map(|r| r.sign)
    };
    assert_eq!(sign("ISR", "MAR"), Some(Sign::Cooperative));
    assert_eq!(sign("DZA", "ISR"), Some(Sign::Hostile));
    assert!(!a.relations.iter().any(|r| {
        let pair = [state(&a, Some(&r.a)), state(&a, Some(&r.b))];
        pair.contains(&Some("ISR".into())) && pair.contains(&Some("MAR".into())) && r.sign == Sign::Hostile
    }));
    for r in &a.relations {
        assert!(r.events.iter().all(|&k| k < a.events.len()), "{r:?}");
    }
}

#[test]
fn the_seeds_events_in_brief() {
    let a = analyse(SEED, "2022-07-18");
    let lines: Vec<String> = a
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {} {} → {} | {} | {} | {:?} | +{}",
                e.kind,
                e.cameo,
                e.source.as_deref().unwrap_or("-"),
                e.target.as_deref().unwrap_or("-"),
                e.trigger.text,
                e.date.as_deref().unwrap_or("-"),
                e.factuality,
                e.mentions.len()
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn arguments_in_both_orders_and_for_people() {
    // Verb–subject–object, with a count before the target.
    let a = analyse("فرضت واشنطن عقوبات على 5 إيرانيين.", "2018-05-23");
    assert!(has_event(&a, "SANCTION", "USA", "IRN", Some("2018")), "{:#?}", a.events);
    // Subject–verb–object.
    let a = analyse("وكانت إيران هددت الولايات المتحدة بالرد.", "2018-05-23");
    assert!(has_event(&a, "THREATEN", "IRN", "USA", None), "{:#?}", a.events);
    // Two actors joined by و make a dyad.
    let a = analyse("والتقى الرئيس الفرنسي إيمانويل ماكرون والرئيس الأمريكي دونالد ترامب في واشنطن.", "2018-04-24");
    let e = a.events.iter().find(|e| e.kind == "CONSULT").expect("a meeting");
    assert_eq!(e.source_person.as_deref(), Some("PER:Emmanuel Macron"), "{e:?}");
    assert_eq!(state(&a, e.source.as_deref()).as_deref(), Some("FRA"));
    assert_eq!(state(&a, e.target.as_deref()).as_deref(), Some("USA"));
}

#[test]
fn factuality_from_the_words_before_the_trigger() {
    let read = |text: &str| analyse(text, "2018-05-23").events.first().map(|e| e.factuality);
    assert_eq!(read("سيزور الرئيس المصري المغرب الأسبوع المقبل."), Some(Factuality::Future));
    assert_eq!(read("لم يزر الرئيس المصري المغرب منذ سنوات."), Some(Factuality::Negated));
    assert_eq!(read("زار الرئيس المصري المغرب أمس."), Some(Factuality::Asserted));
    let a = analyse("زار الرئيس المصري المغرب أمس.", "2018-05-23");
    assert_eq!((a.events[0].date.as_deref(), a.events[0].date_text.as_deref()), (Some("2018-05-22"), Some("أمس")));
    // No time in the sentence: the publication date, marked inferred.
    let a = analyse("زار الرئيس المصري المغرب.", "2018-05-23");
    assert_eq!((a.events[0].date.as_deref(), a.events[0].date_text.as_deref()), (Some("2018-05-23"), None));
}

#[test]
fn force_and_protest_without_named_actors() {
    let a = analyse("وتظاهر الآلاف في وسط المدينة احتجاجا على الغلاء.", "2018-05-23");
    assert!(a.events.iter().any(|e| e.kind == "PROTEST"), "{:#?}", a.events);
    // A word that only looks like a trigger is none.
    let a = analyse("انفجار شريان في الدماغ أدخله المستشفى.", "2018-05-23");
    assert!(a.events.is_empty(), "{:#?}", a.events);
}

#[test]
fn protesters_victims_and_passives() {
    let one = |text: &str, kind: &str| {
        let a = analyse(text, "2008-05-23");
        let e = a.events.iter().find(|e| e.kind == kind).cloned();
        let e = e.unwrap_or_else(|| panic!("no {kind} in {text}: {:#?}", a.events));
        (state(&a, e.source.as_deref()), state(&a, e.target.as_deref()))
    };
    let some = |s: &str| Some(s.to_string());
    // Protesters named are a protest; their nationality next to them is the source.
    assert_eq!(one("وأحرق متظاهرون فلسطينيون الإطارات.", "PROTEST").0, some("PSE"));
    // Its target is the first actor named after it, not a place.
    assert_eq!(one("وهتف المتظاهرون في بغداد ضد الولايات المتحدة.", "PROTEST").1, some("USA"));
    // A plural verb follows its subject: the actor after it is the object.
    assert_eq!(one("وقال مسؤولون إن مجهولين خطفوا مصورا فرنسيا.", "ASSAULT"), (None, some("FRA")));
    // A count and من: part of the object, not a preposition.
    assert_eq!(one("وخطف مسلحون 23 من الكوريين الجنوبيين.", "ASSAULT").1, some("KOR"));
    // Passives and a nationality in the dual: the victims are the target.
    assert_eq!(one("وقتل عراقيان في انفجار.", "ASSAULT"), (None, some("IRQ")));
    assert_eq!(one("واغتيل وزير الصناعة اللبناني أمس.", "ASSAULT").1, some("LBN"));
    // تعرض ل: what was exposed to the attack suffered it.
    assert_eq!(one("وتعرضت القوات الأميركية لهجوم في الرمادي.", "ASSAULT"), (None, some("USA")));
    // A subject right before the verb keeps it active.
    assert_eq!(one("وقالت الشرطة إن القوات الباكستانية قتلت ثلاثة مسلحين.", "ASSAULT").0, some("PAK"));
    // One attack with two triggers in a sentence is one event.
    let a = analyse("وقالت الوكالة إن انتحاريا فجر سيارة مفخخة قرب القوات الأميركية.", "2008-05-23");
    let attacks: Vec<_> = a.events.iter().filter(|e| e.kind == "ASSAULT").collect();
    assert_eq!(attacks.len(), 1, "{attacks:#?}");
    assert_eq!(attacks[0].mentions.len(), 1, "{attacks:#?}");
    // Co-agents joined by و share the act; the object comes after them.
    let a = analyse("ودعا حلف شمال الأطلسي والاتحاد الأوروبي روسيا إلى الحوار.", "2018-05-23");
    let e = a.events.iter().find(|e| e.kind == "REQUEST").expect("an appeal");
    assert_eq!((e.source.as_deref(), e.target.as_deref()), (Some("ORG:NATO"), Some("RUS")));
    // Names in Arabic hashtags are actors, and the sign hides no preposition.
    let a = analyse("وعقد حلف شمال الأطلسي محادثات مع #روسيا في #الاتحاد_الأوروبي.", "2018-05-23");
    assert!(a.events.iter().any(|e| e.kind == "CONSULT" && e.target.as_deref() == Some("RUS")), "{:#?}", a.events);
    assert!(a.actors.iter().any(|x| x.id == "ORG:European Union"), "{:#?}", a.actors);
    // A dual verb: its two subjects before it, or the last pair that met.
    let a = analyse(
        "وقال البيان إن الرئيس الفرنسي إيمانويل ماكرون ونظيره الأمريكي دونالد ترامب سيجتمعان الشهر المقبل. وكانا التقيا في باريس.",
        "2018-05-23",
    );
    let meetings: Vec<_> = a.events.iter().filter(|e| e.kind == "CONSULT").collect();
    assert!(
        meetings.len() == 2 && meetings.iter().all(|e| state(&a, e.target.as_deref()).as_deref() == Some("USA")),
        "{meetings:#?}"
    );
    // الحلف alone refers back to the alliance named before.
    let a = analyse("وانتقد حلف شمال الأطلسي روسيا. وقال الحلف إنه سيعقد اجتماعا.", "2018-05-23");
    let nato = a.actors.iter().find(|x| x.id == "ORG:NATO").expect("NATO");
    assert_eq!(nato.mentions.len(), 2, "{nato:#?}");
    // أصيب without a wound word is no attack (أصيب بفيروس).
    let a = analyse("وأصيب الرئيس بفيروس كورونا.", "2020-05-23");
    assert!(!a.events.iter().any(|e| e.kind == "ASSAULT"), "{:#?}", a.events);
}

#[test]
fn hostile_input_stays_linear_and_sane() {
    // A 10,000-word sentence with no punctuation, hundreds of actors, a
    // quote that never closes: no panic, and every index in range.
    let mut text = String::from("قال المتحدث \"");
    for k in 0..10_000 {
        text.push_str(["هاجم ", "الجيش ", "الإسرائيلي ", "مصر ", "و", "قصف ", "غزة "][k % 7]);
    }
    let a = analyse(&text, "2018-05-23");
    assert!(!a.events.is_empty());
    for e in &a.events {
        assert!(e.sentence < a.sentences.len());
        assert_eq!(&text[e.trigger.start..e.trigger.end], e.trigger.text);
    }
    for r in &a.relations {
        assert!(r.events.iter().all(|&k| k < a.events.len()));
    }
    let a = analyse("ذهب الولد إلى المدرسة صباحا ثم عاد إلى البيت", "2018-05-23");
    assert!(a.events.is_empty(), "{:#?}", a.events);
}
