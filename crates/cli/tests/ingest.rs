//! End-to-end tests of `marsad ingest` and `marsad stats` through the built
//! binary: formats, idempotence, bad records, and a writer killed midway.
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn marsad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad")).args(args).output().expect("marsad runs")
}

fn stats(store: &Path) -> serde_json::Value {
    let out = marsad(&["stats", "--store", &store.display().to_string(), "--format", "json"]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stats JSON")
}

/// `n` short articles, each with its own id and text.
fn jsonl(n: usize) -> String {
    (0..n)
        .map(|i| {
            let text = format!("زار وزير الخارجية المغربي باريس يوم الاثنين والتقى نظيره الفرنسي في الجولة رقم {i}.");
            serde_json::json!({"id": format!("n{i}"), "date": "2018-02-18", "src": "test", "text": text}).to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ingests_jsonl_and_text_files_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("in");
    std::fs::create_dir_all(data.join("sub")).unwrap();
    let bad = r#"{"id": "broken", "text": 5}"#;
    std::fs::write(data.join("a.jsonl"), format!("{}\n{bad}\n", jsonl(3))).unwrap();
    std::fs::write(data.join("sub/seed.txt"), SEED).unwrap();
    std::fs::write(data.join("sub/seed.json"), r#"{"id": "seed", "published": "2022-07-18", "outlet": "Arabi21"}"#)
        .unwrap();
    // A copy of the seed under another name, read after it: not stored again.
    std::fs::write(data.join("sub/zcopy.txt"), SEED).unwrap();
    let store = dir.path().join("store");
    let s = store.display().to_string();
    let d = data.display().to_string();

    let out = marsad(&["ingest", &d, "--store", &s]);
    let summary = String::from_utf8_lossy(&out.stdout);
    let errors = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a failed record exits 1: {summary} {errors}");
    assert!(
        summary.contains("ingested 4,") && summary.contains("1 copies") && summary.contains("failed 1"),
        "{summary}"
    );
    assert!(errors.contains("a.jsonl:4") && errors.contains("broken"), "the failure names the record: {errors}");
    let first = stats(&store);
    assert_eq!(first["articles"], 4);
    assert!(first["events"].as_u64().unwrap() >= 7, "the seed's events are stored: {first}");

    // The seed's Israel–Morocco events, either way round, with its date.
    let out = marsad(&["events", "--store", &s, "--mentions", "--dyad", "MAR,ISR", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let events: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(events.len() >= 5, "{events:?}");
    assert!(events.iter().all(|e| e["article"] == "seed" && e["published"] == "2022-07-18"));
    assert!(events.iter().any(|e| e["source"] == "ISRMIL" && e["target"] == "MAR"), "ISR matches ISRMIL");
    let out = marsad(&["events", "--store", &s, "--actor", "ISR", "--from", "2023", "--format", "csv"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 0, "nothing after 2022");
    let out = marsad(&["events", "--store", &s, "--from", "2022-13-45x"]);
    assert_eq!(out.status.code(), Some(2), "a bad date is refused");
    let out = marsad(&["actors", "--store", &s, "--kind", "country", "--format", "jsonl"]);
    let top: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().expect("an actor")).unwrap();
    assert_eq!(top["id"], "MAR", "Morocco is the seed's most mentioned country: {top}");

    // Again: nothing new, nothing duplicated.
    let out = marsad(&["ingest", &d, "--store", &s]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ingested 0, updated 0, skipped 4"));
    let again = stats(&store);
    for k in ["articles", "actors", "mentions", "events", "relations"] {
        assert_eq!(again[k], first[k], "{k}");
    }
}

#[test]
fn stats_without_a_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = marsad(&["stats", "--store", &dir.path().join("none").display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("marsad ingest"));
}

/// SIGKILL midway, then a rerun: the store opens, keeps what was
/// committed, duplicates nothing, and completes the set.
#[cfg(unix)]
#[test]
fn a_killed_ingest_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let n = 300;
    std::fs::write(&input, jsonl(n)).unwrap();
    let store = dir.path().join("store");
    let (i, s) = (input.display().to_string(), store.display().to_string());
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["ingest", &i, "--store", &s, "--batch", "10", "--threads", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("marsad runs");
    // Kill it once some batches are committed.
    let start = Instant::now();
    let db = store.join(marsad_store_db());
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let committed = db.is_file() && stats(&store)["articles"].as_u64().unwrap_or(0) >= 20;
        if committed || start.elapsed() > Duration::from_secs(120) {
            break;
        }
    }
    // Readers work while the ingest writes.
    let found = marsad(&["search", "الجولة", "--store", &s, "--format", "json"]);
    assert!(found.status.success(), "{}", String::from_utf8_lossy(&found.stderr));
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let partial = stats(&store)["articles"].as_u64().unwrap();
    assert!(partial >= 20, "some batches were committed before the kill: {partial}");

    let out = marsad(&["ingest", &i, "--store", &s]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains(&format!("skipped {partial} ")), "{summary}");
    assert_eq!(stats(&store)["articles"], n);
    // The index caught up with the store: every article is found once.
    let found = marsad(&["search", "الجولة", "--store", &s, "--format", "json", "--limit", "1000"]);
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).expect("search JSON");
    assert_eq!(found["total"], n);
    let mut ids: Vec<&str> = found["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

fn marsad_store_db() -> &'static str {
    "marsad.sqlite"
}
