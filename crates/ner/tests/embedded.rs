//! The shipped model (data/ner/model.bin, embedded) loads and tags news text.
use marsad_ner::{Label, Model, Tag, FORMAT_VERSION, MAGIC};
use marsad_text::Document;

const MODEL: &[u8] = include_bytes!("../../../data/ner/model.bin");

#[test]
fn shipped_model_is_small_and_versioned() {
    // About 6 MB of weights and word tables and 4 MB of precomputed
    // frequent words; the binary embeds it.
    assert!(MODEL.len() <= 16 << 20, "model is {} bytes", MODEL.len());
    assert_eq!(&MODEL[..8], &MAGIC);
    assert_eq!(u32::from_le_bytes([MODEL[8], MODEL[9], MODEL[10], MODEL[11]]), FORMAT_VERSION);
    let m = Model::from_bytes(MODEL).expect("the shipped model parses");
    assert!(m.clusters().is_some_and(|c| !c.is_empty()));
    assert!(m.meta().contains("marsad train ner"), "{}", m.meta());
}

#[test]
fn tags_a_news_sentence() {
    let doc = Document::new("قال الرئيس الفرنسي إيمانويل ماكرون في باريس");
    let spans = Model::embedded().tag_document(&doc);
    let got: Vec<(String, Label)> = spans
        .iter()
        .map(|s| {
            let text = doc.original()
                [doc.tokens()[s.token_start].start as usize..doc.tokens()[s.token_end - 1].end as usize]
                .to_string();
            (text, s.label)
        })
        .collect();
    assert!(got.iter().any(|(t, l)| *l == Label::Pers && t.ends_with("ماكرون")), "no PERS span on ماكرون: {got:?}");
    assert!(got.contains(&("باريس".to_string(), Label::Loc)), "no LOC span on باريس: {got:?}");
    assert!(spans.iter().all(|s| (0.0..=1.0).contains(&s.score)));
}

#[test]
fn tags_pretokenised_words() {
    let tags = Model::embedded().tag_tokens(&["وصل", "الوفد", "إلى", "القاهرة", "."]);
    assert_eq!(tags.len(), 5);
    assert_eq!(tags[3], Tag::B(Label::Loc));
    assert_eq!(tags[4], Tag::O);
}

#[test]
fn empty_input() {
    assert!(Model::embedded().tag_document(&Document::new("")).is_empty());
    assert!(Model::embedded().tag_tokens(&[]).is_empty());
}

/// Every entity of the seed article with its score: any change to the
/// features, the weights' arithmetic or the decoding shows here as a diff.
#[test]
fn tags_the_seed_article() {
    let text = include_str!("../../../examples/seed/article.txt");
    let doc = Document::new(text);
    let lines: Vec<String> = Model::embedded()
        .tag_document(&doc)
        .iter()
        .map(|s| {
            let (a, b) = (doc.tokens()[s.token_start].start as usize, doc.tokens()[s.token_end - 1].end as usize);
            format!("{:?}\t{}\t{:.2}", s.label, &doc.original()[a..b], s.score)
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
