//! A small store with its search index, built once per fuzzing process
//! (shared by the `search` and `api` targets).

use std::path::Path;
use std::sync::OnceLock;

use marsad_annotations::Analyzer;
use marsad_article::{parse_published, Article};
use marsad_search::SearchIndex;
use marsad_store::{Item, Store};

const ARTICLES: &[(&str, &str, &str, &str)] = &[
    (
        "a1",
        "2022-08-01",
        "Arabi21",
        "وصل الاثنين قائد جيش الاحتلال إلى المغرب في إطار تعزيز التعاون العسكري بين تل أبيب والرباط.",
    ),
    (
        "a2",
        "2022-08-02",
        "Youm7",
        "أدانت إيران الهجوم الإسرائيلي على سوريا، وهددت الولايات المتحدة بفرض عقوبات جديدة على طهران.",
    ),
    (
        "a3",
        "2018-03-01",
        "Alquds",
        "وقال الوزير: «لن نتراجع عن الاتفاق» مع الجزائر، مضيفا أن الحوار مستمر منذ عام 2020.",
    ),
];

/// The directory of the store; it lives as long as the process.
pub fn store_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut store = Store::open(dir.path()).expect("a store");
        let index = SearchIndex::open(dir.path()).expect("an index");
        let mut writer = index.writer(1).expect("an index writer");
        let analyzer = Analyzer::default();
        for (id, published, outlet, text) in ARTICLES {
            let mut a = Article::new(*text);
            a.id = Some(id.to_string());
            a.published = parse_published(published).ok();
            a.outlet = Some(outlet.to_string());
            let analysis = analyzer.analyze(&a).expect("an analysis");
            store.put(&[Item { id, text, analysis: &analysis }]).expect("stored");
            writer.put(id, text, &analysis).expect("indexed");
        }
        writer.commit().expect("committed");
        writer.finish().expect("finished");
        dir
    })
    .path()
}
