//! Acceptance for the actors capability on the seed article: every `must`
//! actor of ../shared/seed/expected.json with its surfaces, the `must`
//! framing entry, and المغرب العربي never read as Morocco. The readable
//! listing is a golden snapshot (`cargo insta review` after a change).
use std::fmt::Write;

use marsad_annotations::contract::{Analysis, FramingKind};
use marsad_annotations::{Analyzer, Options};
use marsad_article::Article;

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn seed() -> Analysis {
    let mut article = Article::new(SEED);
    article.outlet = Some("Arabi21".into());
    Analyzer::new(Options::default()).analyze(&article).expect("the seed analyses")
}

fn surfaces(a: &Analysis, id: &str) -> Vec<String> {
    let actor = a.actors.iter().find(|x| x.id == id).unwrap_or_else(|| panic!("actor {id} missing"));
    actor.mentions.iter().map(|m| m.text.clone()).collect()
}

#[test]
fn must_actors_with_their_surfaces() {
    let a = seed();
    let must: [(&str, &[&str]); 13] = [
        ("ISR", &["دولة الاحتلال", "إسرائيل", "تل أبيب", "الاحتلال"]),
        ("MAR", &["المغرب", "الرباط"]),
        ("DZA", &["الجزائر"]),
        ("IRN", &["إيران"]),
        ("ISRMIL", &["جيش الاحتلال", "الجيش"]),
        ("ISRSPY", &["جهاز الموساد", "الموساد"]),
        ("ORG:Polisario Front", &["جبهة البوليساريو"]),
        ("PER:Aviv Kochavi", &["أفيف كوخافي", "كوخافي"]),
        ("PER:Benny Gantz", &["بيني غانتس", "غانتس"]),
        ("PER:Yair Lapid", &["يائير لابيد"]),
        ("ORG:Maariv", &["صحيفة معاريف"]),
        ("ORG:Arabi21", &["عربي21"]),
        ("ISRMIL", &["جيش الاحتلال"]),
    ];
    for (id, expected) in must {
        let got = surfaces(&a, id);
        for s in expected {
            assert!(got.iter().any(|g| g == s), "{id}: {s} not among {got:?}");
        }
    }
    // Every mention's text is the original span.
    for actor in &a.actors {
        for m in &actor.mentions {
            assert_eq!(&SEED[m.start..m.end], m.text);
        }
    }
}

#[test]
fn roles_from_appositions() {
    let a = seed();
    let role = |id: &str| {
        a.actors.iter().find(|x| x.id == id).map(|x| x.roles.iter().map(|r| r.text.clone()).collect::<Vec<_>>())
    };
    assert_eq!(role("PER:Aviv Kochavi").unwrap(), ["قائد جيش الاحتلال"]);
    assert_eq!(role("PER:Benny Gantz").unwrap(), ["وزير حرب الاحتلال"]);
    assert_eq!(role("PER:Yair Lapid").unwrap(), ["رئيس الحكومة الحالي"]);
    let affiliation = |id: &str| a.actors.iter().find(|x| x.id == id).and_then(|x| x.roles[0].affiliation.clone());
    assert_eq!(affiliation("PER:Aviv Kochavi").as_deref(), Some("ISRMIL"));
    assert_eq!(affiliation("PER:Benny Gantz").as_deref(), Some("ISR"));
}

#[test]
fn maghreb_is_not_morocco_and_framing_is_found() {
    let a = seed();
    assert!(!surfaces(&a, "MAR").iter().any(|s| s.contains("العربي")), "المغرب العربي read as Morocco");
    assert_eq!(surfaces(&a, "LOC:Maghreb"), ["المغرب العربي"]);
    let occupation = a.framing.iter().find(|f| f.term == "الاحتلال").expect("framing الاحتلال");
    assert_eq!((occupation.actor.as_deref(), occupation.kind), (Some("ISR"), FramingKind::LoadedName));
    assert!(occupation.count >= 4, "{occupation:?}");
    let war = a.framing.iter().find(|f| f.term == "وزير حرب").expect("framing وزير حرب");
    assert_eq!((war.actor.as_deref(), war.kind), (Some("ISR"), FramingKind::LoadedTitle));
    assert!(a.framing.iter().any(|f| f.term == "التطبيع" && f.kind == FramingKind::LoadedTerm));
}

#[test]
fn actor_listing() {
    let a = seed();
    let mut out = String::new();
    for actor in &a.actors {
        let mentions: Vec<&str> = actor.mentions.iter().map(|m| m.text.as_str()).collect();
        let roles: Vec<String> =
            actor.roles.iter().map(|r| format!("{} ({})", r.text, r.affiliation.as_deref().unwrap_or("-"))).collect();
        let _ = writeln!(
            out,
            "{} [{}] {} | {} | roles: {}",
            actor.id,
            actor.kind,
            actor.name_en.as_deref().unwrap_or("-"),
            mentions.join("، "),
            roles.join("؛ ")
        );
    }
    for f in &a.framing {
        let _ = writeln!(out, "framing {:?} {} → {} ×{}", f.kind, f.term, f.actor.as_deref().unwrap_or("-"), f.count);
    }
    insta::assert_snapshot!("seed_actors", out);
}
