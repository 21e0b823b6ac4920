//! The search analyzer's speed on the seed article (index and snippet time
//! are dominated by it).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn terms(c: &mut Criterion) {
    let mut g = c.benchmark_group("analyzer");
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("terms/seed", |b| b.iter(|| marsad_search::analyzer::terms(std::hint::black_box(SEED))));
    g.finish();
}

criterion_group!(benches, terms);
criterion_main!(benches);
