//! Linking beyond the knowledge base's surfaces: office titles standing for
//! their holder on the publication date, roles with affiliations, and names
//! the recognizer finds outside the knowledge base.
use marsad_annotations::contract::Analysis;
use marsad_annotations::{Analyzer, Options};
use marsad_article::Article;

fn analyse(text: &str, published: Option<&str>) -> Analysis {
    let mut article = Article::new(text);
    article.published = published.map(|d| d.parse().expect("a date"));
    Analyzer::new(Options::default()).analyze(&article).expect("analyses")
}

fn mentions(a: &Analysis, id: &str) -> Vec<String> {
    a.actors
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.mentions.iter().map(|m| m.text.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn an_office_title_names_its_holder_on_the_publication_date() {
    let text = "قال الرئيس الأمريكي إن بلاده لن تتراجع.";
    assert_eq!(mentions(&analyse(text, Some("2018-05-28")), "PER:Donald Trump"), ["الرئيس الأمريكي"]);
    assert_eq!(mentions(&analyse(text, Some("2022-05-28")), "PER:Donald Trump"), Vec::<String>::new());
    // Without a date, only a holder the article names.
    assert!(mentions(&analyse(text, None), "PER:Donald Trump").is_empty());
    let named = "التقى دونالد ترامب بالصحفيين. وقال الرئيس الأمريكي إن بلاده لن تتراجع.";
    assert_eq!(mentions(&analyse(named, None), "PER:Donald Trump"), ["دونالد ترامب", "الرئيس الأمريكي"]);
}

#[test]
fn former_and_deputy_titles_are_not_the_holder() {
    for text in ["قال الرئيس الأمريكي السابق إن", "قال نائب الرئيس الأمريكي إن"]
    {
        assert!(mentions(&analyse(text, Some("2018-05-28")), "PER:Donald Trump").is_empty(), "{text}");
    }
}

#[test]
fn a_title_in_apposition_is_a_role_with_an_affiliation() {
    let a = analyse("وقال وزير الخارجية الأمريكي مايك بومبيو إن", Some("2018-05-28"));
    let pompeo = a.actors.iter().find(|x| x.id == "PER:Mike Pompeo").expect("Pompeo");
    assert_eq!(pompeo.roles[0].text, "وزير الخارجية الأمريكي");
    assert_eq!(pompeo.roles[0].affiliation.as_deref(), Some("USAGOV"));
    // The advisor is not the president: the role stops at the definite title.
    let a = analyse("وقال حميد أبو طالبي مستشار الرئيس الإيراني حسن روحاني إن", None);
    let rouhani = a.actors.iter().find(|x| x.id == "PER:Hassan Rouhani").expect("Rouhani");
    assert_eq!(rouhani.roles[0].text, "الرئيس الإيراني");
}

#[test]
fn names_outside_the_knowledge_base_become_actors() {
    let text = "أعلنت الشرطة البريطانية أن العميل الروسي السابق سيرغي سكريبال نقل إلى المستشفى في مدينة سالزبيري. \
                وقالت مصادر إن سكريبال في حالة حرجة.";
    let a = analyse(text, Some("2018-03-10"));
    let skripal = a.actors.iter().find(|x| x.mentions.iter().any(|m| m.text == "سيرغي سكريبال")).expect("Skripal");
    assert!(skripal.id.starts_with("PER:"), "{}", skripal.id);
    assert_eq!(skripal.kind, "person");
    // The surname alone later joins the full name.
    assert_eq!(skripal.mentions.len(), 2, "{:?}", skripal.mentions);
    // Every mention slices back to the text.
    for actor in &a.actors {
        for m in &actor.mentions {
            assert_eq!(&text[m.start..m.end], m.text);
        }
    }
    // The recognizer can be switched off.
    let mut article = Article::new(text);
    article.published = Some("2018-03-10".parse().unwrap());
    let kb_only = Analyzer::new(Options { kb_only: true, ..Options::default() }).analyze(&article).unwrap();
    assert!(!kb_only.actors.iter().any(|x| x.id == skripal.id));
}

#[test]
fn a_bare_organ_is_the_article_states_when_none_was_named() {
    let text = "تظاهر آلاف في العراق. وقال مسؤول عراقي إن العراق يواجه أزمة. وسيعقد البرلمان جلسة استثنائية.";
    let a = analyse(text, Some("2018-09-07"));
    assert_eq!(mentions(&a, "IRQLEG"), ["البرلمان"]);
    // Not inside a title, and not for plain words such as القضاء على.
    let a = analyse("زار العراق والعراق رئيس الحكومة. ودعا إلى القضاء على الفساد.", None);
    assert!(mentions(&a, "IRQGOV").is_empty() && mentions(&a, "IRQJUD").is_empty(), "{:?}", a.actors);
}

#[test]
fn a_state_named_by_a_common_word_needs_its_longer_name() {
    // مالي is also 'financial' and المالية 'finance': neither names Mali.
    let text = "قال وزير المالية إن الأزمة المالية تتطلب دعما ماليا عاجلا. وتشهد مناطق شمال مالي هجمات متكررة.";
    let a = analyse(text, Some("2018-05-28"));
    assert_eq!(mentions(&a, "MLI"), ["شمال مالي"], "{:?}", a.actors.iter().map(|x| &x.id).collect::<Vec<_>>());
}
