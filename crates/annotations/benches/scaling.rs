//! Time against size for ordinary and hostile texts: the whole analysis of
//! 64 KB, 256 KB and 1 MB of each. Linear time shows as the same bytes/s
//! at every size (criterion prints throughput); a quadratic step would
//! quarter it at each step.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use marsad_annotations::Analyzer;
use marsad_article::Article;

const SAMPLE: &str = include_str!("../../../examples/sample/articles.jsonl");

/// Each case's repeating unit.
fn units() -> Vec<(&'static str, String)> {
    let news: String = SAMPLE
        .lines()
        .take(10)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(|t| format!("{t}\n")))
        .collect();
    let plain = "قال وزير الخارجية المغربي يوم الاثنين 12 مارس 2020 إن الرباط ترحب بالحوار مع الجزائر. ";
    vec![
        ("news", news),
        ("bidi_everywhere", plain.chars().flat_map(|c| ['\u{200F}', c]).collect()),
        ("nested_quotes", "قال: «قال الوزير \"إن «الحوار» مستمر ".to_string()),
        ("one_long_word", "ب".to_string()),
        ("digits_and_dates", "12 مارس 2020 و31 فبراير و1439 هـ ٢٠٢٠/٣/١٢ ".to_string()),
    ]
}

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::default();
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    for (name, unit) in units() {
        for kb in [64, 256, 1024] {
            let size = kb * 1024;
            let mut text = unit.repeat(size / unit.len() + 1);
            let mut end = size.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            let article = Article::new(text);
            g.throughput(Throughput::Bytes(article.text.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, format!("{kb}KB")), &article, |b, a| {
                b.iter(|| analyzer.analyze(a).map_or(0, |x| x.sentences.len()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
