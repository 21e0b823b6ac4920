//! End-to-end tests of `marsad analyze` through the built binary.
mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::Output;

use common::marsad;

const SEED: &str = include_str!("../../../examples/seed/article.txt");

/// A file in a directory removed when the returned guard drops.
fn temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    (dir, path)
}

fn stdout_json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

#[test]
fn analyzes_the_seed_article_from_a_file() {
    let (_dir, path) = temp("seed.txt", SEED.as_bytes());
    let out = marsad(
        &["analyze", path.to_str().unwrap(), "--published", "2022-07-18", "--outlet", "Arabi21", "--pretty"],
        b"",
    );
    let a = stdout_json(&out);
    assert_eq!(a["schema"], "marsad/analysis@1");
    assert_eq!(a["article"]["published"], "2022-07-18");
    assert_eq!(a["article"]["outlet"], "Arabi21");
    let sentences = a["sentences"].as_array().unwrap();
    assert!(sentences.len() >= 7, "one sentence or more per paragraph");
    for s in sentences {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert_eq!(s["text"], &SEED[start..end]);
    }
    assert!(a.get("tokens").is_none());
}

#[test]
fn reads_stdin_and_emits_tokens() {
    let out = marsad(&["analyze", "-", "--tokens"], "وصل الوفد والرباط".as_bytes());
    let a = stdout_json(&out);
    let tokens = a["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 3);
    assert_eq!(tokens[2]["clitics"]["pre"], serde_json::json!(["و", "ال"]));
    assert_eq!(tokens[2]["clitics"]["stem"], "رباط");
}

#[test]
fn jsonl_keeps_order_and_reports_bad_lines() {
    let mut input = String::new();
    for i in 0..600 {
        match i {
            100 => input.push_str("{not json\n"),
            200 => input.push_str("{\"id\": \"no-text\"}\n"),
            300 => input.push_str("{\"id\": \"bad-date\", \"text\": \"نص\", \"published\": \"2018-02-31\"}\n"),
            400 => input.push_str("{\"id\": \"empty\", \"text\": \"   \"}\n"),
            _ => input.push_str(&format!("{{\"docno\": \"doc-{i}\", \"src\": \"cnn\", \"date\": \"2018-01-02\", \"text\": \"خبر رقم {i}. انتهى\"}}\n")),
        }
    }
    let out = marsad(&["analyze", "--jsonl", "--threads", "2"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "a failed record makes the exit code 1");
    let got = lines(&out);
    assert_eq!(got.len(), 596);
    let ids: Vec<String> = got.iter().map(|a| a["article"]["id"].as_str().unwrap().to_string()).collect();
    let expected: Vec<String> =
        (0..600).filter(|i| ![100, 200, 300, 400].contains(i)).map(|i| format!("doc-{i}")).collect();
    assert_eq!(ids, expected, "input order is kept");
    assert_eq!(got[0]["article"]["outlet"], "cnn");
    assert_eq!(got[0]["article"]["published"], "2018-01-02");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 101"), "{err}");
    assert!(err.contains("line 201 (id no-text)"), "{err}");
    assert!(err.contains("line 301 (id bad-date)") && err.contains("2018-02-31"), "{err}");
    assert!(err.contains("line 401 (id empty)") && err.contains("empty"), "{err}");
}

#[test]
fn jsonl_keep_errors_writes_error_records_in_place() {
    let input = "{\"id\": \"a\", \"text\": \"نص أول\"}\n{broken\n{\"id\": \"c\", \"text\": \"نص ثالث\"}\n";
    let out = marsad(&["analyze", "--jsonl", "--keep-errors"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out);
    assert_eq!(got.len(), 3);
    assert_eq!(got[1]["line"], 2);
    assert!(got[1]["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(got[2]["article"]["id"], "c");
}

#[test]
fn jsonl_reads_gzip() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all("{\"id\": \"g\", \"text\": \"قال الوزير\"}\n".as_bytes()).unwrap();
    let (_dir, path) = temp("articles.jsonl.gz", &gz.finish().unwrap());
    let out = marsad(&["analyze", "--jsonl", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    assert_eq!(lines(&out)[0]["article"]["id"], "g");
}

#[test]
fn invalid_utf8_names_the_byte_and_lossy_goes_on() {
    let mut bytes = "قال الوزير ".as_bytes().to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(&[0xFF, 0xFE]);
    bytes.extend_from_slice(" إن".as_bytes());
    let (_dir, path) = temp("bad.txt", &bytes);
    let out = marsad(&["analyze", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("byte {offset}")), "{err}");
    assert!(err.contains("bad.txt"), "{err}");
    let out = marsad(&["analyze", "--lossy", path.to_str().unwrap()], b"");
    assert_eq!(stdout_json(&out)["sentences"].as_array().unwrap().len(), 1);
}

#[test]
fn html_page() {
    let html = r#"<html dir="rtl"><head><title>عنوان</title><meta property="article:published_time" content="2018-05-23T10:00:00+03:00"></head>
<body><nav>الرئيسية | أخبار</nav><article><h1>عنوان الخبر</h1>
<p>قال وزير الخارجية الأمريكي مايك بومبيو إن بلاده ستفرض عقوبات جديدة على إيران في الأيام المقبلة.</p>
<p>وأضاف بومبيو في مؤتمر صحفي أن الولايات المتحدة لن تتساهل مع أي تهديد لمصالحها في المنطقة.</p>
<p>وردت طهران على لسان المتحدث باسم خارجيتها بأن هذه العقوبات لن تغير سياستها الإقليمية.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"#;
    let (_dir, path) = temp("page.html", html.as_bytes());
    let out = marsad(&["analyze", "--html", path.to_str().unwrap()], b"");
    let a = stdout_json(&out);
    assert_eq!(a["article"]["published"], "2018-05-23");
    let text: Vec<&str> = a["sentences"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert!(text.iter().any(|s| s.contains("بومبيو")), "{text:?}");
    assert!(!text.iter().any(|s| s.contains("محفوظة")), "{text:?}");
}

#[test]
fn bad_arguments_are_clear_errors() {
    let out = marsad(&["analyze", "-", "--published", "2022-13-01"], "نص".as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--published"));
    let out = marsad(&["analyze", "/no/such/file.txt"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt"));
    let out = marsad(&["analyze", "-"], b"   \n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty"));
}

#[test]
fn hostile_text_does_not_panic() {
    let cases: Vec<Vec<u8>> = vec![
        b"abc\0def\x01\x02 ghi".to_vec(),
        b"Latin script only. Nothing else here!".to_vec(),
        "ب".repeat(100_000).into_bytes(),
        "\u{200F}«قال \"لم ينته (أ ف ب\u{2066}".repeat(2_000).into_bytes(),
        "٢٠٢٠ ﻻ ﷺ #وسم_عربي @x a@b.cc https://x.y/z؟".repeat(500).into_bytes(),
    ];
    for case in cases {
        let out = marsad(&["analyze", "-", "--tokens"], &case);
        assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
        let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let text = String::from_utf8(case).unwrap();
        for t in a["tokens"].as_array().unwrap().iter().chain(a["sentences"].as_array().unwrap()) {
            let (s, e) = (t["start"].as_u64().unwrap() as usize, t["end"].as_u64().unwrap() as usize);
            assert_eq!(t["text"].as_str().unwrap(), &text[s..e]);
        }
    }
}

#[test]
fn user_knowledge_base_extends_and_reports_bad_lines() {
    let dir = std::env::temp_dir().join(format!("marsad-cli-kb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("people.tsv"),
        "id\tkind\tcountry\tcode\tname_en\tnames_ar\nPER:Test Mayor\tperson\tMAR\tMARGOV\tTest Mayor\tفلان الفلاني\n",
    )
    .unwrap();
    let out = marsad(&["analyze", "-", "--kb", dir.to_str().unwrap()], "قال فلان الفلاني في الرباط".as_bytes());
    let a = stdout_json(&out);
    let ids: Vec<&str> = a["actors"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["PER:Test Mayor", "MAR"]);
    std::fs::write(dir.join("framing.tsv"), "term\tactor\tkind\tnote\nكلمة\tNOPE\tloaded_name\t\n").unwrap();
    let out = marsad(&["analyze", "-", "--kb", dir.to_str().unwrap()], "نص".as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOPE"));
    std::fs::write(dir.join("framing.tsv"), "term\tactor\tkind\tnote\nكلمة\tISR\tloaded_nam\t\n").unwrap();
    let out = marsad(&["analyze", "-", "--kb", dir.to_str().unwrap()], "نص".as_bytes());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("framing.tsv:2") && err.contains("loaded_nam"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
