//! End-to-end tests of `marsad timeline` and `marsad graph`, and of
//! ingesting WARC archives and RSS/Atom feeds, through the built binary.
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output};

use marsad_store::Store;
use quick_xml::events::Event;

const SEED: &str = include_str!("../../../examples/seed/article.txt");

fn marsad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad")).args(args).output().expect("marsad runs")
}

/// Runs marsad, checks it succeeded, and returns its standard output.
fn ok(args: &[&str]) -> String {
    let out = marsad(args);
    assert!(out.status.success(), "marsad {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// A store holding the seed article (Israel and Morocco, July 2022).
fn seed_store(dir: &Path) -> String {
    let data = dir.join("in");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("seed.txt"), SEED).unwrap();
    std::fs::write(data.join("seed.json"), r#"{"id": "seed", "published": "2022-07-18"}"#).unwrap();
    let store = dir.join("store").display().to_string();
    ok(&["ingest", &data.display().to_string(), "--store", &store]);
    store
}

#[test]
fn timeline_by_month_with_quiet_months_and_dyads() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed_store(dir.path());
    let json = ok(&["timeline", "ISR", "--from", "2022-05", "--to", "2022-08", "--store", &s, "--format", "json"]);
    let t: serde_json::Value = serde_json::from_str(&json).unwrap();
    let points = t["points"].as_array().unwrap();
    let periods: Vec<&str> = points.iter().map(|p| p["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2022-05", "2022-06", "2022-07", "2022-08"]);
    let july = &points[2];
    assert!(july["events"].as_i64().unwrap() >= 5, "{july}");
    assert_eq!(july["articles"], 1);
    assert_eq!(
        july["events"].as_i64(),
        Some(july["cooperative"].as_i64().unwrap() + july["hostile"].as_i64().unwrap()),
        "every event is of one quad class: {july}"
    );
    assert!(july["goldstein"].as_f64().unwrap() > 0.0, "the seed is mostly cooperation: {july}");
    for quiet in [0, 1, 3] {
        assert_eq!(points[quiet]["events"], 0);
        assert!(points[quiet]["goldstein"].is_null());
    }

    let table = ok(&["timeline", "ISR", "--from", "2022-05", "--to", "2022-08", "--store", &s]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("period") && lines[0].contains("goldstein"), "{table}");
    assert!(lines[3].starts_with("2022-07"), "{table}");
    assert!(lines[2].starts_with("2022-06") && lines[2].trim_end().ends_with(" 0"), "{table}");

    // A dyad either way round; ISR matches ISRMIL.
    let csv = |a: &str, b: &str| {
        ok(&[
            "timeline", a, b, "--by", "week", "--from", "2022-07", "--to", "2022-07", "--store", &s, "--format", "csv",
        ])
    };
    let one = csv("MAR", "ISR");
    assert_eq!(one, csv("ISR", "MAR"));
    let rows: Vec<&str> = one.lines().collect();
    assert_eq!(rows[0], "period,start,events,cooperative,hostile,goldstein,articles");
    // ISO weeks from the one holding 1 July (W26, from Monday 27 June).
    assert!(rows[1].starts_with("2022-W26,2022-06-27,0,"), "{one}");
    assert_eq!(rows.len(), 6, "{one}");
    assert!(rows.iter().any(|r| r.starts_with("2022-W29,2022-07-18,") && !r.contains(",0,0,0,")), "{one}");

    let out = marsad(&["timeline", "ISR", "--from", "July", "--store", &s]);
    assert_eq!(out.status.code(), Some(2), "a bad date is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a date"));
}

#[test]
fn graph_as_json_dot_and_graphml() {
    let dir = tempfile::tempdir().unwrap();
    let s = seed_store(dir.path());
    let g: serde_json::Value = serde_json::from_str(&ok(&["graph", "--store", &s])).unwrap();
    let (nodes, edges) = (g["nodes"].as_array().unwrap(), g["edges"].as_array().unwrap());
    let isr_mar = edges.iter().find(|e| e["a"] == "ISR" && e["b"] == "MAR").expect("an ISR–MAR edge");
    assert_eq!(isr_mar["sign"], "cooperative");
    assert!(isr_mar["weight"].as_f64().unwrap() > 0.0);
    assert!(nodes.iter().any(|n| n["id"] == "MAR" && n["name_ar"] == "المغرب" && n["mentions"].as_i64() > Some(0)));
    for e in edges {
        assert!(nodes.iter().any(|n| n["id"] == e["a"]) && nodes.iter().any(|n| n["id"] == e["b"]), "{e}");
    }

    let dot = ok(&["graph", "--store", &s, "--format", "dot"]);
    assert!(dot.starts_with("graph marsad {") && dot.trim_end().ends_with('}'), "{dot}");
    assert!(dot.contains(r#""ISR" -- "MAR" [color=forestgreen"#), "{dot}");
    assert!(dot.contains(r#""MAR" [label="Morocco\nالمغرب"]"#), "{dot}");
    assert_eq!(dot.matches(" -- ").count(), edges.len());

    // GraphML read back as XML: keys declared, nodes and edges as in JSON.
    let xml = ok(&["graph", "--store", &s, "--format", "graphml"]);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut keys, mut node_ids, mut edge_ends, mut data_keys) = (vec![], vec![], vec![], vec![]);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attr =
                    |name: &str| e.try_get_attribute(name).unwrap().map(|a| a.unescape_value().unwrap().into_owned());
                match e.name().as_ref() {
                    b"key" => keys.push(attr("id").unwrap()),
                    b"node" => node_ids.push(attr("id").unwrap()),
                    b"edge" => edge_ends.push((attr("source").unwrap(), attr("target").unwrap())),
                    b"data" => data_keys.push(attr("key").unwrap()),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(node_ids.len(), nodes.len());
    assert_eq!(edge_ends.len(), edges.len());
    assert!(edge_ends.iter().all(|(a, b)| node_ids.contains(a) && node_ids.contains(b)));
    assert!(data_keys.iter().all(|k| keys.contains(k)), "undeclared keys in {data_keys:?}");
    assert!(xml.contains("<data key=\"name_ar\">المغرب</data>"), "{xml}");

    // Filters: only countries, and a date range without the seed.
    let countries: serde_json::Value =
        serde_json::from_str(&ok(&["graph", "--store", &s, "--kind", "country"])).unwrap();
    assert!(countries["nodes"].as_array().unwrap().iter().all(|n| n["kind"] == "country"));
    let none: serde_json::Value = serde_json::from_str(&ok(&["graph", "--store", &s, "--from", "2023"])).unwrap();
    assert_eq!(none["edges"].as_array().map(Vec::len), Some(0));
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

/// One WARC record, gzipped on its own as in real `.warc.gz` files.
fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{}>\r\nWARC-Date: 2023-05-02T08:00:00Z\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    gzip(&r)
}

fn http_page(title: &str, body: &str, date_meta: &str) -> Vec<u8> {
    let page = format!(
        "<html><head><title>{title}</title>{date_meta}</head><body><article><p>{body}</p></article></body></html>"
    );
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{page}", page.len())
        .into_bytes()
}

fn stored(store: &str) -> Store {
    Store::open_existing(store).expect("a store")
}

#[test]
fn ingests_a_warc_archive() {
    let dir = tempfile::tempdir().unwrap();
    const HTTP: &str = "application/http; msgtype=response";
    let published = r#"<meta property="article:published_time" content="2023-04-30T22:00:00+03:00">"#;
    let warc = [
        warc_record(
            "response",
            "https://news.test/1",
            HTTP,
            &http_page("زيارة", "زار وزير الخارجية المغربي باريس يوم الاثنين والتقى نظيره الفرنسي.", published),
        ),
        // Not a page: passed over.
        warc_record(
            "response",
            "https://news.test/logo.png",
            HTTP,
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ),
        warc_record(
            "response",
            "https://news.test/2",
            HTTP,
            &http_page("إدانة", "أدان المغرب الهجوم الذي استهدف السفارة الفرنسية في بغداد.", ""),
        ),
    ]
    .concat();
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, warc).unwrap();
    let s = dir.path().join("store").display().to_string();
    let summary = ok(&["ingest", &path.display().to_string(), "--store", &s]);
    assert!(summary.contains("ingested 2,") && summary.contains("failed 0"), "{summary}");

    let store = stored(&s);
    assert_eq!(store.stats().unwrap().articles, 2);
    let first = store.analysis("https://news.test/1").unwrap().expect("stored under its URI");
    assert_eq!(first.article.url.as_deref(), Some("https://news.test/1"));
    assert_eq!(first.article.title.as_deref(), Some("زيارة"));
    assert_eq!(first.article.published.as_deref(), Some("2023-04-30"), "the page's date wins");
    let second = store.analysis("https://news.test/2").unwrap().expect("second page");
    assert_eq!(second.article.published.as_deref(), Some("2023-05-02"), "else WARC-Date");
    assert!(store.text("https://news.test/2").unwrap().unwrap().starts_with("أدان المغرب"));

    // A failing record is named by its position; the others are stored.
    let bad = [
        warc_record("response", "https://news.test/3", HTTP, &http_page("ثالث", "وصل الرئيس إلى القاهرة.", "")),
        warc_record("response", "https://news.test/empty", HTTP, &http_page("فارغ", "", "")),
    ]
    .concat();
    let path = dir.path().join("bad.warc");
    // Plain, not gzipped, this time.
    std::fs::write(&path, gunzip(&bad)).unwrap();
    let out = marsad(&["ingest", &path.display().to_string(), "--store", &s]);
    let errors = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{errors}");
    assert!(errors.contains("bad.warc record 2 at byte ") && errors.contains("https://news.test/empty"), "{errors}");
    assert_eq!(stored(&s).stats().unwrap().articles, 3);
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(data).read_to_end(&mut out).unwrap();
    out
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>وكالة الاختبار</title>
  <link>https://agency.test/</link>
  <item>
    <title>زيارة رسمية</title>
    <link>https://agency.test/news/1</link>
    <guid>agency-1</guid>
    <pubDate>Sun, 18 Feb 2018 23:35:43 -0400</pubDate>
    <description><![CDATA[<p>زار وزير الخارجية المغربي <b>باريس</b> يوم الأحد.</p><p>والتقى نظيره الفرنسي.</p>]]></description>
  </item>
  <item>
    <title>إدانة</title>
    <link>https://agency.test/news/2</link>
    <description>أدان المغرب الهجوم الذي استهدف السفارة الفرنسية في بغداد.</description>
  </item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>قناة أطلس</title>
  <id>urn:atlas</id><updated>2024-03-06T00:00:00Z</updated>
  <entry>
    <id>urn:atlas:7</id>
    <title>الحكومة تعلن خطة</title>
    <link rel="alternate" href="https://atlas.test/7"/>
    <published>2024-03-05T09:00:00+03:00</published>
    <content type="html">&lt;p&gt;أعلنت الحكومة المغربية اليوم عن خطة جديدة للنقل العام.&lt;/p&gt;</content>
  </entry>
</feed>"#;

#[test]
fn ingests_rss_and_atom_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("feeds");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("agency.rss"), RSS).unwrap();
    std::fs::write(data.join("atlas.atom"), ATOM).unwrap();
    let s = dir.path().join("store").display().to_string();
    let summary = ok(&["ingest", &data.display().to_string(), "--store", &s]);
    assert!(summary.contains("ingested 3,"), "{summary}");

    let store = stored(&s);
    let a = store.analysis("agency-1").unwrap().expect("stored under its guid").article;
    assert_eq!(a.url.as_deref(), Some("https://agency.test/news/1"));
    assert_eq!(a.outlet.as_deref(), Some("وكالة الاختبار"));
    assert_eq!(a.title.as_deref(), Some("زيارة رسمية"));
    assert_eq!(a.published.as_deref(), Some("2018-02-18"), "the date as written, not UTC's");
    assert_eq!(
        store.text("agency-1").unwrap().as_deref(),
        Some("زار وزير الخارجية المغربي باريس يوم الأحد.\nوالتقى نظيره الفرنسي.")
    );
    let b = store.analysis("https://agency.test/news/2").unwrap().expect("no guid: stored under its link").article;
    assert_eq!(b.published, None);
    let c = store.analysis("urn:atlas:7").unwrap().expect("the Atom entry").article;
    assert_eq!((c.outlet.as_deref(), c.published.as_deref()), (Some("قناة أطلس"), Some("2024-03-05")));

    // Again: nothing new.
    let again = ok(&["ingest", &data.display().to_string(), "--store", &s]);
    assert!(again.contains("ingested 0, updated 0, skipped 3"), "{again}");
}

/// A feed fetched from a server on 127.0.0.1 that answers `answers` once
/// each, then stops.
#[test]
fn ingests_a_feed_url() {
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let answers = [("200 OK", RSS), ("404 Not Found", "")];
    let server = std::thread::spawn(move || {
        for (status, body) in answers {
            let (mut conn, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = conn.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buf[..n]);
            }
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            conn.write_all(head.as_bytes()).unwrap();
            conn.write_all(body.as_bytes()).unwrap();
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("store").display().to_string();
    let url = format!("http://127.0.0.1:{port}/feed.rss");
    let summary = ok(&["ingest", &url, "--store", &s]);
    assert!(summary.contains("ingested 2,"), "{summary}");
    assert!(stored(&s).analysis("agency-1").unwrap().is_some());

    let out = marsad(&["ingest", &url, "--store", &s]);
    let errors = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{errors}");
    assert!(errors.contains(&format!("cannot fetch {url}")) && errors.contains("404"), "{errors}");
    server.join().unwrap();
}
