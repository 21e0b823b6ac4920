//! Tagging throughput of the shipped model on real Arabic news (the bundled
//! seed article), over an already analysed `Document`: features + Viterbi.
//! The text core's own cost is benchmarked in crates/text/benches.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_ner::Model;
use marsad_text::Document;

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn bench(c: &mut Criterion) {
    let model = Model::embedded();
    let doc = Document::new(SEED);
    let tokens = doc.tokens().len() as u64;
    let mut g = c.benchmark_group("ner");
    g.throughput(Throughput::Elements(tokens));
    g.bench_function("tag_document_seed_tokens", |b| b.iter(|| model.tag_document(std::hint::black_box(&doc)).len()));
    g.bench_function("text_core_and_tag_seed_tokens", |b| {
        b.iter(|| model.tag_document(&Document::new(std::hint::black_box(SEED))).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
