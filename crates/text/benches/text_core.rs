//! Text core throughput (normalise + tokenise + sentences + clitics) on real
//! Arabic news: the bundled seed article.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_text::Document;

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn bench(c: &mut Criterion) {
    let words = SEED.split_whitespace().count() as u64;
    let mut g = c.benchmark_group("text_core");
    g.throughput(Throughput::Elements(words));
    g.bench_function("document_seed_words", |b| {
        b.iter(|| {
            let doc = Document::new(std::hint::black_box(SEED));
            assert!(doc.tokens().len() as u64 >= words);
            doc.sentences().len()
        })
    });
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("document_seed_bytes", |b| b.iter(|| Document::new(std::hint::black_box(SEED)).tokens().len()));
    g.finish();
    // Lexicon load is a one-time cost; keep it visible.
    c.bench_function("lexicon_first_lookup", |b| b.iter(|| marsad_text::Lexicon::get().len()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
