//! End-to-end tests of `marsad ingest --parquet`: the `articles` table of
//! marsad's Spark job, written here with arrow-rs in its Hive layout, loaded
//! without analysing again.
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, LargeStringArray, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::Value;

const SAMPLE: &str = include_str!("../../../examples/sample/articles.jsonl");

fn marsad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad")).args(args).output().expect("marsad runs")
}

fn stats(store: &str) -> Value {
    let out = marsad(&["stats", "--store", store, "--format", "json"]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stats JSON")
}

/// A row of the articles table.
#[derive(Clone)]
struct Row {
    id: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    title: Option<String>,
    url: Option<String>,
    text: String,
    analysis: String,
}

/// The first `n` sample articles as rows with what `marsad analyze --jsonl`
/// makes of them, and the JSONL they came from (written to `dir/in.jsonl`).
fn analysed(dir: &Path, n: usize) -> (Vec<Row>, String) {
    let input = dir.join("in.jsonl");
    let lines: Vec<&str> = SAMPLE.lines().take(n).collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let out = marsad(&["analyze", "--jsonl", &input.display().to_string()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let analyses: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect();
    assert_eq!(analyses.len(), n);
    let rows = lines
        .iter()
        .zip(analyses)
        .map(|(line, analysis)| {
            let a: Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| a[k].as_str().map(str::to_string);
            Row {
                id: s("id"),
                published: s("published"),
                outlet: s("outlet"),
                title: s("title"),
                url: s("url"),
                text: s("text").unwrap(),
                analysis,
            }
        })
        .collect();
    (rows, input.display().to_string())
}

/// Writes `rows` as Spark does (Snappy); `large` for LargeUtf8 columns and
/// an extra column the reader passes over.
fn write(path: &Path, rows: &[Row], large: bool) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let t = if large { DataType::LargeUtf8 } else { DataType::Utf8 };
    let column = |f: fn(&Row) -> Option<&str>| -> ArrayRef {
        if large {
            Arc::new(rows.iter().map(f).collect::<LargeStringArray>())
        } else {
            Arc::new(rows.iter().map(f).collect::<StringArray>())
        }
    };
    let mut fields = vec![
        Field::new("id", t.clone(), true),
        Field::new("published", t.clone(), true),
        Field::new("outlet", t.clone(), true),
        Field::new("title", t.clone(), true),
        Field::new("url", t.clone(), true),
        Field::new("text", t.clone(), false),
        Field::new("analysis", t.clone(), false),
    ];
    let mut arrays = vec![
        column(|r| r.id.as_deref()),
        column(|r| r.published.as_deref()),
        column(|r| r.outlet.as_deref()),
        column(|r| r.title.as_deref()),
        column(|r| r.url.as_deref()),
        column(|r| Some(r.text.as_str())),
        column(|r| Some(r.analysis.as_str())),
    ];
    if large {
        fields.insert(0, Field::new("n_events", DataType::Int64, true));
        arrays.insert(0, Arc::new(Int64Array::from(vec![7; rows.len()])));
    }
    write_batch(path, fields, arrays);
}

fn write_batch(path: &Path, fields: Vec<Field>, arrays: Vec<ArrayRef>) {
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap();
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut w = ArrowWriter::try_new(std::fs::File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

/// A job output under `out`: the rows partitioned by day (a row without a
/// date in Hive's default partition), with Spark's `_SUCCESS` and `.crc`
/// files and an `events` table that is not read.
fn job_output(out: &Path, rows: &[Row]) {
    let articles = out.join("articles");
    for (i, r) in rows.iter().enumerate() {
        let day = r.published.as_deref().unwrap_or("__HIVE_DEFAULT_PARTITION__");
        let name = format!("part-{i:05}-c0ffee.c000.snappy.parquet");
        write(&articles.join(format!("day={day}")).join(&name), std::slice::from_ref(r), i % 2 == 1);
        std::fs::write(articles.join(format!("day={day}")).join(format!(".{name}.crc")), "crc").unwrap();
    }
    std::fs::write(articles.join("_SUCCESS"), "").unwrap();
    std::fs::write(out.join("_SUCCESS"), "").unwrap();
    let events = out.join("events/day=2022-07-18");
    std::fs::create_dir_all(&events).unwrap();
    let cameo: ArrayRef = Arc::new(StringArray::from(vec!["042"]));
    write_batch(&events.join("part-00000.parquet"), vec![Field::new("cameo", DataType::Utf8, false)], vec![cameo]);
}

/// The stored article events, each line without its corpus event number
/// (which follows the order articles were stored in), sorted.
fn mentions(store: &str) -> Vec<String> {
    let out = marsad(&["events", "--store", store, "--mentions", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("corpus_event");
            v.to_string()
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn ingests_a_spark_job_output_as_ingesting_its_jsonl_does() {
    let dir = tempfile::tempdir().unwrap();
    let (mut rows, jsonl) = analysed(dir.path(), 5);
    // Unknown date: the analysis keeps its own.
    rows[4].published = None;
    let out_dir = dir.path().join("out");
    job_output(&out_dir, &rows);
    let out = out_dir.display().to_string();
    let a = dir.path().join("a").display().to_string();
    let b = dir.path().join("b").display().to_string();

    let run = marsad(&["ingest", "--parquet", &out, "--store", &a]);
    let summary = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{summary} {}", String::from_utf8_lossy(&run.stderr));
    assert!(summary.contains("ingested 5,") && summary.contains("failed 0"), "{summary}");
    let run = marsad(&["ingest", &jsonl, "--store", &b]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    let (sa, sb) = (stats(&a), stats(&b));
    assert_eq!(sa["articles"], 5);
    assert!(sa["events"].as_u64().unwrap() > 0, "{sa}");
    for k in ["articles", "actors", "mentions", "events", "corpus_events", "stories", "relations", "text_bytes"] {
        assert_eq!(sa[k], sb[k], "{k}: {sa} vs {sb}");
    }
    assert_eq!(mentions(&a), mentions(&b), "the same events, dates and metadata");

    let hits = marsad(&["search", "سيلفي", "--store", &a, "--format", "json"]);
    assert!(hits.status.success(), "{}", String::from_utf8_lossy(&hits.stderr));
    let hits: Value = serde_json::from_slice(&hits.stdout).unwrap();
    assert_eq!(hits["total"], 1, "{hits}");
    assert_eq!(hits["hits"][0]["id"], "BB-internationalNews-39-20180209");

    // Again: everything is there already.
    let run = marsad(&["ingest", "--parquet", &out, "--store", &a]);
    let summary = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success() && summary.contains("ingested 0, updated 0, skipped 5"), "{summary}");

    // A partition directory and a single file are read the same way.
    let c = dir.path().join("c").display().to_string();
    let file = out_dir.join("articles/day=2022-07-18/part-00000-c0ffee.c000.snappy.parquet");
    let partition = out_dir.join("articles/day=2018-02-09").display().to_string();
    let run = marsad(&["ingest", "--parquet", &file.display().to_string(), &partition, "--store", &c]);
    assert!(String::from_utf8_lossy(&run.stdout).contains("ingested 2,"), "{run:?}");

    // Without --parquet a directory walk passes over Parquet files.
    let d = dir.path().join("d").display().to_string();
    let run = marsad(&["ingest", &out, "--store", &d]);
    assert!(run.status.success() && String::from_utf8_lossy(&run.stdout).contains("ingested 0,"), "{run:?}");
}

#[test]
fn bad_rows_fail_by_file_row_and_id_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut rows, _) = analysed(dir.path(), 5);
    let seed = rows[0].clone();
    let mut wrong_schema: Value = serde_json::from_str(&seed.analysis).unwrap();
    wrong_schema["schema"] = "marsad/analysis@0".into();
    let cut = seed.text.char_indices().nth(40).unwrap().0;
    let bad = |id: Option<&str>, text: String, analysis: String| Row {
        id: id.map(str::to_string),
        text,
        analysis,
        ..seed.clone()
    };
    rows.push(bad(Some("bad-json"), "نص لا تحليل له.".into(), "not json".into()));
    rows.push(bad(Some("bad-schema"), format!("{} (نسخة)", seed.text), wrong_schema.to_string()));
    rows.push(bad(Some("bad-span"), seed.text[..cut].to_string(), seed.analysis.clone()));
    rows.push(bad(None, "نص بلا معرف.".into(), seed.analysis.clone()));
    let file = dir.path().join("out/articles/day=2022-07-18/part-0.parquet");
    write(&file, &rows, false);
    let store = dir.path().join("store").display().to_string();

    let run = marsad(&["ingest", "--parquet", &dir.path().join("out").display().to_string(), "--store", &store]);
    let summary = String::from_utf8_lossy(&run.stdout);
    let errors = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{summary} {errors}");
    assert!(summary.contains("ingested 5,") && summary.contains("failed 4"), "{summary}");
    let f = file.display().to_string();
    for expected in [
        format!("{f} row 6 (id bad-json): the analysis is not marsad/analysis@1 JSON"),
        format!("{f} row 7 (id bad-schema): the analysis is \"marsad/analysis@0\""),
        format!("{f} row 8 (id bad-span): the analysis does not fit the text"),
        format!("{f} row 9: id is null"),
    ] {
        assert!(errors.contains(&expected), "{expected} in {errors}");
    }
    assert!(!errors.contains("panicked"), "{errors}");
    assert_eq!(stats(&store)["articles"], 5);
}

#[test]
fn a_file_that_is_not_an_articles_table_is_one_clear_failure() {
    let dir = tempfile::tempdir().unwrap();
    let not_parquet = dir.path().join("notes.parquet");
    std::fs::write(&not_parquet, "{\"id\": \"x\", \"text\": \"نص\"}\n").unwrap();
    let no_analysis = dir.path().join("events.parquet");
    let s = |v: &str| -> ArrayRef { Arc::new(StringArray::from(vec![v])) };
    write_batch(
        &no_analysis,
        vec![Field::new("id", DataType::Utf8, false), Field::new("text", DataType::Utf8, false)],
        vec![s("x"), s("نص")],
    );
    let int_id = dir.path().join("ints.parquet");
    write_batch(
        &int_id,
        vec![
            Field::new("id", DataType::Int64, false),
            Field::new("text", DataType::Utf8, false),
            Field::new("analysis", DataType::Utf8, false),
        ],
        vec![Arc::new(Int64Array::from(vec![1])), s("نص"), s("{}")],
    );
    let store = dir.path().join("store").display().to_string();
    let paths = [&not_parquet, &no_analysis, &int_id].map(|p| p.display().to_string());

    let run = marsad(&["ingest", "--parquet", &paths[0], &paths[1], &paths[2], "--store", &store]);
    let errors = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{errors}");
    assert!(String::from_utf8_lossy(&run.stdout).contains("failed 3"), "{run:?}");
    assert!(errors.contains(&format!("{}: not a Parquet file", paths[0])), "{errors}");
    assert!(errors.contains(&format!("{}: no column analysis", paths[1])), "{errors}");
    assert!(errors.contains(&format!("{}: column id is Int64, not a string", paths[2])), "{errors}");
    assert!(!errors.contains("panicked"), "{errors}");
}

#[test]
fn a_made_analysis_is_stored_as_given_not_redone() {
    let dir = tempfile::tempdir().unwrap();
    let (rows, _) = analysed(dir.path(), 1);
    let mut analysis: Value = serde_json::from_str(&rows[0].analysis).unwrap();
    assert!(!analysis["events"].as_array().unwrap().is_empty(), "the seed has events");
    analysis["events"] = Value::Array(Vec::new());
    analysis["relations"] = Value::Array(Vec::new());
    let row = Row { analysis: analysis.to_string(), ..rows[0].clone() };
    let file = dir.path().join("seed.parquet");
    write(&file, &[row], false);
    let store = dir.path().join("store").display().to_string();

    let run = marsad(&["ingest", "--parquet", &file.display().to_string(), "--store", &store]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let s = stats(&store);
    assert_eq!((s["articles"].as_u64(), s["events"].as_u64(), s["relations"].as_u64()), (Some(1), Some(0), Some(0)));
    assert!(s["actors"].as_u64().unwrap() > 0, "the rest of the analysis is stored: {s}");
}
