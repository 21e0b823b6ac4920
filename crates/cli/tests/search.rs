//! End-to-end tests of `marsad search` through the built binary.
use std::path::Path;
use std::process::{Command, Output};

fn marsad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad")).args(args).output().expect("marsad runs")
}

/// A store of three short articles.
fn store(dir: &Path) -> String {
    let rows = [
        ("s1", "2018-02-18", "Alquds", "وبالصبر نتجاوز المحنة، قال الشيخ."),
        ("s2", "2018-03-01", "Youm7", "أعلنت أمريكا فرض عقوبات جديدة على إيران."),
        ("s3", "2018-03-02", "Youm7", "قالت أميركا إنها لن تتراجع عن الاتفاق مع إيران."),
    ];
    let jsonl: Vec<String> = rows
        .iter()
        .map(|(id, date, src, text)| serde_json::json!({"id": id, "date": date, "src": src, "text": text}).to_string())
        .collect();
    let input = dir.join("in.jsonl");
    std::fs::write(&input, jsonl.join("\n")).unwrap();
    let store = dir.join("store").display().to_string();
    let out = marsad(&["ingest", &input.display().to_string(), "--store", &store]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    store
}

fn json(out: Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("search JSON")
}

#[test]
fn finds_spelling_variants_with_filters_and_facets() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let r = json(marsad(&["search", "امريكا", "--store", &s, "--format", "json"]));
    assert_eq!(r["total"], 2);
    let text = "قالت أميركا إنها لن تتراجع عن الاتفاق مع إيران.";
    let hit = r["hits"].as_array().unwrap().iter().find(|h| h["id"] == "s3").expect("s3 found");
    let [start, end] = [&hit["snippet"]["highlights"][0][0], &hit["snippet"]["highlights"][0][1]]
        .map(|v| v.as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], "أميركا");
    assert_eq!(r["facets"]["outlet"][0], serde_json::json!(["Youm7", 2]));
    let r = json(marsad(&["search", "امريكا", "--store", &s, "--format", "json", "--to", "2018-03-01"]));
    assert_eq!(r["total"], 1);
    assert_eq!(r["hits"][0]["id"], "s2");
}

#[test]
fn prints_a_table_with_marked_words() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let out = marsad(&["search", "الصبر", "--store", &s]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("1 articles match"), "{table}");
    assert!(table.contains("[وبالصبر]"), "{table}");
    assert!(table.contains("months  2018-02 1"), "{table}");
}

#[test]
fn rebuilds_a_missing_index_and_refuses_bad_dates() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    std::fs::remove_dir_all(Path::new(&s).join("index")).unwrap();
    let r = json(marsad(&["search", "إيران", "--store", &s, "--format", "json"]));
    assert_eq!(r["total"], 2);
    let out = marsad(&["search", "إيران", "--store", &s, "--from", "1/3/2018"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a date"));
}
