//! Corpus events through the binary: a syndicated copy of the seed article
//! merges its events with the seed's (counts by article and outlet), and
//! the GDELT, GDELT-mentions and Parquet exports carry them.
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const SEED: &str = include_str!("../../../examples/seed/article.txt");
const OTHER: &str = "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار منظمة أوبك خفض الإنتاج للشهر الثالث على التوالي.";

fn marsad(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad")).args(args).output().expect("marsad runs");
    assert!(out.status.success(), "marsad {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

fn jsonl(out: &Output) -> Vec<Value> {
    lines(out).iter().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

/// A store with the seed (Arabi21), a copy of it with another header line
/// and a word changed, published a day later by another outlet, and an
/// unrelated article.
fn store(dir: &Path) -> String {
    let copy = format!("الرباط - وكالات\n{}", SEED.replacen("لأول مرة", "للمرة الأولى", 1));
    let records = [
        serde_json::json!({"id": "seed", "published": "2022-07-18", "outlet": "Arabi21", "url": "https://example.org/seed", "text": SEED}),
        serde_json::json!({"id": "copy", "published": "2022-07-19", "outlet": "Other", "text": copy}),
        serde_json::json!({"id": "oil", "published": "2022-07-18", "outlet": "Other", "text": OTHER}),
    ];
    let input = dir.join("in.jsonl");
    std::fs::write(&input, records.iter().map(Value::to_string).collect::<Vec<_>>().join("\n")).unwrap();
    let store = dir.join("store").display().to_string();
    marsad(&["ingest", &input.display().to_string(), "--store", &store]);
    store
}

#[test]
fn corpus_events_count_both_outlets_and_export_to_gdelt_and_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());

    let stats: Value = serde_json::from_slice(&marsad(&["stats", "--store", &s, "--format", "json"]).stdout).unwrap();
    assert_eq!(stats["stories"], 2, "the copy joins the seed's story: {stats}");
    let corpus = jsonl(&marsad(&["events", "--store", &s, "--format", "jsonl"]));
    let mentions = jsonl(&marsad(&["events", "--store", &s, "--mentions", "--format", "jsonl"]));
    assert_eq!(stats["corpus_events"].as_u64(), Some(corpus.len() as u64));
    assert_eq!(stats["events"].as_u64(), Some(mentions.len() as u64));
    assert!(corpus.len() < mentions.len(), "the copy's events merge with the seed's");
    // Every mention is counted once, in the corpus event it points at.
    let told: i64 = corpus.iter().map(|c| c["num_articles"].as_i64().unwrap()).sum();
    let distinct: std::collections::HashSet<(String, i64)> = mentions
        .iter()
        .map(|m| (m["article"].as_str().unwrap().to_string(), m["corpus_event"].as_i64().unwrap()))
        .collect();
    assert_eq!(told as usize, distinct.len());
    let merged = corpus
        .iter()
        .find(|c| c["source_country"] == "ISR" && c["target_country"] == "MAR")
        .expect("the seed's Israel–Morocco event");
    assert_eq!((merged["num_sources"].as_i64(), merged["num_articles"].as_i64()), (Some(2), Some(2)), "{merged}");
    assert_eq!(merged["first_article"], "seed");
    assert_eq!(merged["day"], "2022-07-18");
    // The table shows the counts; the filters still apply.
    let table = String::from_utf8_lossy(&marsad(&["events", "--store", &s]).stdout).to_string();
    assert!(table.contains("mentions  sources  articles"), "{table}");
    let dyad = jsonl(&marsad(&["events", "--store", &s, "--dyad", "MAR,ISR", "--format", "jsonl"]));
    assert!(dyad.iter().any(|c| c["id"] == merged["id"]) && dyad.len() < corpus.len());
    assert!(jsonl(&marsad(&["events", "--store", &s, "--to", "2021", "--format", "jsonl"])).is_empty());

    // GDELT: 61 columns; Day, EventCode and NumSources of the merged event.
    let gdelt = lines(&marsad(&["events", "--store", &s, "--format", "gdelt"]));
    assert_eq!(gdelt.len(), corpus.len());
    let rows: Vec<Vec<&str>> = gdelt.iter().map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 61), "{:?}", rows.iter().map(Vec::len).collect::<Vec<_>>());
    let id = merged["id"].to_string();
    let row = rows.iter().find(|r| r[0] == id).expect("the merged event's row");
    assert_eq!(row[1], "20220718");
    assert_eq!((row[2], row[3]), ("202207", "2022"));
    assert_eq!(row[26], merged["cameo"].as_str().unwrap());
    assert_eq!(row[28], merged["root_code"].as_str().unwrap());
    assert_eq!((row[32], row[33]), ("2", "2"), "NumSources, NumArticles");
    assert_eq!(row[7], "ISR", "Actor1CountryCode");
    assert_eq!(row[60], "https://example.org/seed");

    // GDELT mentions: character offsets cut the trigger out of the text.
    let texts = [
        ("seed", SEED.to_string()),
        ("copy", format!("الرباط - وكالات\n{}", SEED.replacen("لأول مرة", "للمرة الأولى", 1))),
    ];
    let gm = lines(&marsad(&["events", "--store", &s, "--format", "gdelt-mentions"]));
    assert_eq!(gm.len(), mentions.len());
    let mut checked = 0;
    for (line, m) in gm.iter().zip(&mentions) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 16);
        assert_eq!(f[0], m["corpus_event"].to_string());
        let Some((_, text)) = texts.iter().find(|(id, _)| m["article"] == *id) else { continue };
        let (start, end) = (m["trigger_start"].as_u64().unwrap() as usize, m["trigger_end"].as_u64().unwrap() as usize);
        let trigger = &text[start..end];
        let at: usize = f[9].parse().unwrap();
        let cut: String = text.chars().skip(at).take(trigger.chars().count()).collect();
        assert_eq!(cut, trigger, "ActionCharOffset of {m}");
        // Arabic letters take two bytes: character offsets are smaller.
        assert!(start == 0 || at < start, "character, not byte, offsets: {at} {start}");
        assert_eq!(f[12], text.chars().count().to_string(), "MentionDocLen");
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");

    // Parquet: the JSONL columns and rows, read back.
    for (mode, expected) in [(None, &corpus), (Some("--mentions"), &mentions)] {
        let file = dir.path().join("out.parquet");
        let f = file.display().to_string();
        let mut args = vec!["events", "--store", &s, "--format", "parquet", "--output", &f];
        args.extend(mode);
        marsad(&args);
        let reader =
            parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&file).unwrap())
                .unwrap();
        let names: Vec<String> = reader.schema().fields().iter().map(|f| f.name().clone()).collect();
        let keys: Vec<String> = expected[0].as_object().unwrap().keys().cloned().collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(sorted, keys, "the JSONL fields");
        let rows: usize = reader.build().unwrap().map(|b| b.unwrap().num_rows()).sum();
        assert_eq!(rows, expected.len());
    }
}

#[test]
fn parquet_needs_an_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["events", "--store", &s, "--format", "parquet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output"));
}
