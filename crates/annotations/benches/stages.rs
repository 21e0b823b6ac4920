//! Stage throughput on real Arabic news (the bundled sample, 100 articles
//! of five outlets): the date normaliser, the event coder, and the whole
//! analysis with and without the named-entity recognizer. The text core
//! and NER tagging have their own benches (crates/text, crates/ner).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_annotations::{stages, Analysis, Analyzer, Options};
use marsad_article::{parse_published, Article};
use marsad_text::Document;

const SAMPLE: &str = include_str!("../../../examples/sample/articles.jsonl");

fn articles() -> Vec<Article> {
    SAMPLE
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a sample record");
            let mut a = Article::new(v["text"].as_str().expect("text"));
            a.published = v["published"].as_str().and_then(|d| parse_published(d).ok());
            a
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let articles = articles();
    let words: u64 = articles.iter().map(|a| a.text.split_whitespace().count() as u64).sum();
    let docs: Vec<Document<'_>> = articles.iter().map(|a| Document::new(&a.text)).collect();
    let full = Analyzer::default();
    let analyses: Vec<Analysis> = articles.iter().map(|a| full.analyze(a).expect("an analysis")).collect();
    let kb_only = Analyzer::new(Options { kb_only: true, ..Options::default() });

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Elements(words));
    g.bench_function("times_sample_words", |b| {
        b.iter(|| docs.iter().zip(&articles).map(|(d, a)| stages::times(d, a.published).len()).sum::<usize>())
    });
    g.bench_function("events_sample_words", |b| {
        b.iter(|| docs.iter().zip(&analyses).map(|(d, x)| stages::events(d, x).len()).sum::<usize>())
    });
    g.sample_size(20);
    g.bench_function("analysis_sample_words", |b| {
        b.iter(|| articles.iter().map(|a| full.analyze(a).map_or(0, |x| x.events.len())).sum::<usize>())
    });
    g.bench_function("analysis_kb_only_sample_words", |b| {
        b.iter(|| articles.iter().map(|a| kb_only.analyze(a).map_or(0, |x| x.events.len())).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
