//! The bad-input suite: hostile and broken inputs through the built binary.
//!
//! For every case: no panic, a clear error naming the record when there is
//! one, every valid record of a batch analysed (and stored, for `ingest`),
//! and every span of every analysis slicing back to the original text.
//! Time linear in size is measured by `crates/annotations/benches/scaling.rs`,
//! not asserted here.
mod common;

use std::path::Path;
use std::process::Output;

use common::marsad;
use serde_json::Value;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every object with `start`, `end` and `text` (sentences, tokens,
/// entities, times, quotes, triggers …) slices back to `original`, and its
/// `cstart`/`cend`, when present, count the same characters. Returns how
/// many spans were checked.
fn spans_slice_back(v: &Value, original: &str) -> usize {
    let mut spans = Vec::new();
    collect(v, &mut spans);
    // Byte offset → char offset in one pass over the text (a count per span
    // would be quadratic on the 50 MB case).
    let mut wanted: Vec<usize> = spans.iter().flat_map(|s| [s.0, s.1]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut chars = std::collections::HashMap::new();
    let mut next = wanted.iter().peekable();
    for (ci, (bi, _)) in original.char_indices().chain([(original.len(), ' ')]).enumerate() {
        while next.peek().is_some_and(|&&w| w <= bi) {
            let w = *next.next().unwrap();
            assert_eq!(w, bi, "offset {w} is not on a character boundary");
            chars.insert(w, ci as u64);
        }
    }
    for (s, e, text, cs) in &spans {
        assert_eq!(original.get(*s..*e), Some(text.as_str()), "span {s}..{e} does not slice back");
        if let Some((cs, ce)) = cs {
            assert_eq!((chars.get(s), chars.get(e)), (Some(cs), Some(ce)), "char offsets of {s}..{e}");
        }
    }
    spans.len()
}

type Found = (usize, usize, String, Option<(u64, u64)>);

fn collect(v: &Value, out: &mut Vec<Found>) {
    match v {
        Value::Object(o) => {
            if let (Some(s), Some(e), Some(t)) = (
                o.get("start").and_then(Value::as_u64),
                o.get("end").and_then(Value::as_u64),
                o.get("text").and_then(Value::as_str),
            ) {
                let cs = o.get("cstart").and_then(Value::as_u64).zip(o.get("cend").and_then(Value::as_u64));
                out.push((s as usize, e as usize, t.to_string(), cs));
            }
            o.values().for_each(|x| collect(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        _ => {}
    }
}

/// Analyses `text` from stdin and checks every span; returns the analysis.
fn analyze_ok(text: &str) -> Value {
    let out = marsad(&["analyze", "-", "--tokens"], text.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let a: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    // A leading byte-order mark is the encoding's, not the text's: it is
    // dropped on reading, and offsets count from after it.
    let original = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    assert!(spans_slice_back(&a, original) > 0, "no spans at all");
    a
}

#[test]
fn invalid_utf8_is_named_in_a_file_and_in_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "قال الوزير ".as_bytes().to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(&[0xC3, 0x28, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80]);
    bytes.extend_from_slice(" إن الحوار مستمر.".as_bytes());
    let file = dir.path().join("bad.txt");
    std::fs::write(&file, &bytes).unwrap();
    let out = marsad(&["analyze", file.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&format!("byte {at}")) && stderr(&out).contains("bad.txt"), "{}", stderr(&out));

    // In a batch: the broken line is named, the others analysed.
    let mut jsonl = r#"{"id": "a", "text": "قال الوزير إن الحوار مستمر."}"#.as_bytes().to_vec();
    jsonl.extend_from_slice(b"\n{\"id\": \"b\", \"text\": \"\xff\xfe\"}\n");
    jsonl.extend_from_slice(r#"{"id": "c", "text": "وصل الرئيس إلى الرباط."}"#.as_bytes());
    let out = marsad(&["analyze", "--jsonl", "-"], &jsonl);
    assert_eq!(out.status.code(), Some(1), "some records failed: {}", stderr(&out));
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
    let ids: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["article"]["id"].clone())
        .collect();
    assert_eq!(ids, ["a", "c"]);
}

#[test]
fn nul_bytes_and_controls() {
    analyze_ok("قال\0 الوزير\0\0 إن\u{1}\u{7f} الحوار\u{85}مستمر\u{2028}منذ عام 2020.\0");
    // A NUL inside a JSON string is a valid record.
    let line = serde_json::json!({"id": "n", "text": "قال الوزير\u{0} إن الحوار مستمر."}).to_string();
    let out = marsad(&["analyze", "--jsonl", "-"], line.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    // A raw NUL byte where JSON expects a value is a broken record, named.
    let out = marsad(&["analyze", "--jsonl", "-"], b"{\"id\": \0}\n{\"text\": \"\xd9\x86\xd8\xb5\"}\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "minutes unoptimised: CI runs it with --release")]
fn fifty_megabyte_article() {
    let para = "أعلنت وزارة الخارجية المغربية يوم الاثنين أن وزير الخارجية سيزور الجزائر في 12 مارس 2020، \
                وقال المتحدث باسمها: «نرحب بالحوار». ";
    let big = format!("{}\n", para).repeat(50_000_000 / (para.len() + 1) + 1);
    let out = marsad(&["analyze", "-"], big.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(a["sentences"].as_array().unwrap().len() > 200_000);
    assert!(spans_slice_back(&a, &big) > 1_000_000);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "minutes unoptimised: CI runs it with --release")]
fn a_batch_of_100000_lines_with_one_percent_broken_is_stored_but_for_the_broken() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = Vec::with_capacity(100_000);
    let mut broken = Vec::new();
    for i in 0..100_000 {
        if i % 100 == 37 {
            // Five kinds of broken record, in turn.
            lines.push(match (i / 100) % 5 {
                0 => format!("{{\"id\": \"x{i}\", \"text\": "),
                1 => "not json at all".to_string(),
                2 => format!("{{\"id\": \"x{i}\", \"text\": 42}}"),
                3 => format!("{{\"id\": \"x{i}\", \"text\": \"   \"}}"),
                _ => format!("{{\"id\": \"x{i}\", \"text\": \"خبر\", \"date\": \"2018-02-31\"}}"),
            });
            broken.push(i + 1);
        } else {
            let text = format!("قال مسؤول إن الاجتماع رقم {i} عقد في الرباط.");
            lines.push(serde_json::json!({"id": format!("n{i}"), "date": "2018-02-18", "text": text}).to_string());
        }
    }
    let input = dir.path().join("many.jsonl");
    std::fs::write(&input, lines.join("\n")).unwrap();
    let store = dir.path().join("store");
    let (i, s) = (input.to_str().unwrap(), store.to_str().unwrap());
    let failures = dir.path().join("failures.txt");
    let out = marsad(&["ingest", i, "--store", s, "--errors", failures.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("failed 1000"), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(stderr(&out).contains("many.jsonl:38"), "the first failures are shown: {}", stderr(&out));
    // One line per failed record, naming it as FILE:LINE.
    let errors = std::fs::read_to_string(&failures).unwrap();
    let mut named: Vec<usize> = errors
        .lines()
        .map(|l| {
            let at = l.split_once("many.jsonl:").map(|(_, rest)| rest).unwrap_or_default();
            at.split(|c: char| !c.is_ascii_digit()).next().unwrap_or_default().parse().unwrap_or(0)
        })
        .collect();
    named.sort_unstable();
    assert_eq!(named, broken, "{errors}");
    let stats = marsad(&["stats", "--store", s, "--format", "json"], b"");
    let stats: Value = serde_json::from_slice(&stats.stdout).expect("stats JSON");
    assert_eq!(stats["articles"], 99_000, "every valid record is stored");
}

#[test]
fn unbalanced_and_nested_quotation_marks() {
    for text in [
        "قال الوزير: «لن نتراجع، وقال الرئيس: «سنمضي» ثم سكت.",
        "وأضاف \"إن الحوار \"مستمر\" ولن يتوقف. ثم قال: “لا” ” “ «« »» » «",
        "«««««««««« قال »»",
        "”قال“ الوزير ”إن“ «الحوار» \" ' ‘ ’ ‹ › „ ‟",
    ] {
        let a = analyze_ok(&text.repeat(50));
        assert!(a["quotes"].is_array());
    }
}

#[test]
fn bidi_controls_everywhere() {
    let plain = "قال وزير الخارجية المغربي يوم الاثنين 12 مارس 2020 إن الرباط ترحب بالحوار مع الجزائر.";
    for control in ['\u{200F}', '\u{202B}', '\u{2067}', '\u{200E}', '\u{061C}', '\u{200C}', '\u{FEFF}'] {
        let text: String = plain.chars().flat_map(|c| [control, c]).collect();
        analyze_ok(&text);
    }
}

#[test]
fn presentation_forms() {
    // The same sentence in Arabic presentation forms (U+FE70–FEFF, U+FB50–FDFF).
    let text = "ﻗﺎﻝ ﻭﺯﻳﺮ ﺍﻟﺨﺎﺭﺟﻴﺔ ﺇﻥ ﺍﻟﺮﺑﺎﻁ ﺗﺮﺣﺐ ﺑﺎﻟﺤﻮﺍﺭ ﻻ ﷲ ﷺ ﷽ ﯾ ﮐ ﹰ ﹱ";
    let a = analyze_ok(&text.repeat(20));
    assert!(!a["tokens"].as_array().unwrap().is_empty());
}

#[test]
fn only_punctuation_latin_digits_or_emoji() {
    for text in [
        "!!! ... ؟؟؟ ،،، ؛ — – «» () [] {} ***",
        "The minister said on Monday that talks would resume in Rabat.",
        "0123456789 ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ 3.14 1,000,000 12/03/2020",
        "😀🇲🇦🇩🇿👍🏽👨‍👩‍👧‍👦 🔥🔥🔥",
    ] {
        analyze_ok(&text.repeat(20));
    }
}

#[test]
fn a_word_of_100000_characters() {
    for word in ["ب".repeat(100_000), "وال".repeat(34_000), "a".repeat(100_000), "٣".repeat(100_000)] {
        analyze_ok(&format!("قال الوزير {word} إن الحوار مستمر."));
    }
}

#[test]
fn impossible_dates_keep_their_span_and_say_why() {
    let text = "وقال إن الاجتماع سيعقد في 31 فبراير 2020 أو في 30 شباط، لا في 32 مارس.";
    let out = marsad(&["analyze", "-", "--published", "2020-01-15"], text.as_bytes());
    let a: Value = serde_json::from_slice(&out.stdout).expect("an analysis");
    spans_slice_back(&a, text);
    let times = a["times"].as_array().unwrap();
    let feb31 = times.iter().find(|t| t["text"].as_str().unwrap().contains("31 فبراير")).expect("31 فبراير is a time");
    assert!(feb31["value"].is_null() && feb31["reason"].is_string(), "{feb31}");
    assert!(times.iter().all(|t| t["value"] != "2020-02-31" && t["value"] != "2020-02-30"), "{times:?}");
    // As a publication date: refused, naming the field.
    let out = marsad(&["analyze", "-", "--published", "2020-02-31"], text.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--published"), "{}", stderr(&out));
}

#[test]
fn a_broken_record_never_loses_what_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    let first = dir.path().join("first.jsonl");
    std::fs::write(&first, r#"{"id": "a", "date": "2018-02-18", "text": "قال الوزير إن الحوار مستمر."}"#).unwrap();
    let out = marsad(&["ingest", first.to_str().unwrap(), "--store", s], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    // A second batch of nothing but broken records, then invalid UTF-8.
    let second = dir.path().join("second.jsonl");
    std::fs::write(&second, b"{\"id\": \"b\", \"text\": \n\xff\xfe\n[1, 2]\n").unwrap();
    let out = marsad(&["ingest", second.to_str().unwrap(), "--store", s], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("second.jsonl:1") && stderr(&out).contains("second.jsonl:3"), "{}", stderr(&out));
    assert_eq!(stats(Path::new(s))["articles"], 1, "the first batch is still there");
}

fn stats(store: &Path) -> Value {
    let out = marsad(&["stats", "--store", store.to_str().unwrap(), "--format", "json"], b"");
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("stats JSON")
}
