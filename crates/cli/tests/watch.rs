//! `marsad watch` against fixture feeds and pages on a loopback server:
//! what lands in the store, that a second pass adds nothing, which alerts
//! fire, that broken feeds leave the others alone, and that SIGTERM stops
//! cleanly.

mod common;
#[path = "watch/server.rs"]
mod server;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::marsad;
use server::{Request, Response, Server};

const SAMPLE: &str = include_str!("../../../examples/sample/articles.jsonl");

/// The sample's `n`th article: (title, text).
fn sample(n: usize) -> (String, String) {
    let line = SAMPLE.lines().nth(n).expect("a sample line");
    let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
    (v["title"].as_str().unwrap_or("").to_string(), v["text"].as_str().expect("text").to_string())
}

fn html(title: &str, text: &str, published: &str, charset: &str) -> String {
    let paragraphs: String = text.split('\n').map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<html dir=\"rtl\"><head><meta charset=\"{charset}\"><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"{published}\">\
         <meta property=\"og:site_name\" content=\"Fixture News\"></head>\
         <body><nav>الرئيسية | سياسة | اقتصاد</nav><article><h1>{title}</h1>{paragraphs}</article>\
         <footer>جميع الحقوق محفوظة</footer></body></html>"
    )
}

fn rss(base: &str, items: &[&str]) -> String {
    let items: String = items
        .iter()
        .map(|p| format!("<item><title>خبر</title><link>{base}{p}</link><guid>{p}</guid></item>"))
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>قناة</title>{items}</channel></rss>")
}

/// The fixture site: feeds of every kind and state, and their pages.
fn site() -> Server {
    let (seed_title, seed) = sample(0);
    let near_copy = format!("{seed}\nوكانت الأجواء معتدلة في ذلك اليوم.");
    let page = |n: usize, date: &str| {
        let (t, x) = sample(n);
        html(&t, &x, date, "utf-8")
    };
    let pages: Vec<(&str, String)> = vec![
        ("/a/1", html(&seed_title, &seed, "2022-07-18", "utf-8")),
        ("/a/2", page(2, "2018-02-21")),
        ("/private/3", page(3, "2018-03-05")),
        ("/b/1", page(5, "2018-03-24")),
        ("/d/1", page(6, "2018-04-06")),
        ("/c/1", html(&seed_title, &near_copy, "2022-07-18", "utf-8")),
    ];
    let (legacy_title, legacy_text) = sample(9);
    let legacy = encoding_rs::WINDOWS_1256
        .encode(&html(&legacy_title, &legacy_text, "2018-05-09", "windows-1256"))
        .0
        .into_owned();
    let atom_items = ["/b/1", "/b/2"];
    Server::start(Arc::new(move |r: &Request| {
        let base = r.header("host").map(|h| format!("http://{h}")).unwrap_or_default();
        match r.path.as_str() {
            "/robots.txt" => Response::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/rss.xml" if r.header("if-none-match") == Some("\"rss-v1\"") => Response::status(304),
            "/rss.xml" => Response::ok("application/rss+xml", rss(&base, &["/a/1", "/a/2", "/private/3"]))
                .with("ETag", "\"rss-v1\""),
            "/atom.xml" => {
                let entries: String = atom_items
                    .iter()
                    .map(|p| format!("<entry><id>{p}</id><title>عنوان</title><link href=\"{p}\"/></entry>"))
                    .collect();
                Response::ok(
                    "application/atom+xml",
                    format!("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>أطلس</title><id>urn:x</id>{entries}</feed>"),
                )
            }
            "/list.txt" => Response::ok("text/plain", "# today\n/d/1\n/big\n/a/1\n"),
            "/redirect.xml" => Response::redirect(301, "/redirect2.xml"),
            "/redirect2.xml" => Response::redirect(302, "/rss2.xml"),
            "/rss2.xml" => Response::ok("application/rss+xml", rss(&base, &["/c/1"])),
            "/repeat.xml" => Response::ok("application/rss+xml", rss(&base, &["/a/1", "/a/2", "/b/1"])),
            "/broken.xml" => Response::ok("application/rss+xml", "<rss><channel><item><title>خبر"),
            "/missing.xml" => Response::status(404),
            "/error.xml" => Response::status(500),
            "/slow.xml" => Response::ok("application/rss+xml", rss(&base, &["/a/1"])).slow(Duration::from_secs(3)),
            "/b/2" => Response::ok("text/html", legacy.clone()),
            "/big" => Response::ok("text/html", format!("<p>{}</p>", "خبر طويل جدا ".repeat(30_000))),
            "/hook" => Response::status(204),
            p => match pages.iter().find(|(path, _)| *path == p) {
                Some((_, page)) => Response::ok("text/html; charset=utf-8", page.clone()),
                None => Response::status(404),
            },
        }
    }))
}

fn feeds_file(dir: &Path, s: &Server, paths: &[&str]) -> String {
    let toml: String = paths.iter().map(|p| format!("[[feed]]\nurl = \"{}\"\n\n", s.url(p))).collect();
    let path = dir.join("feeds.toml");
    std::fs::write(&path, toml).unwrap();
    path.display().to_string()
}

const RULES: &str = r#"
[[rule]]
name = "israel-morocco"
dyad = ["ISR", "MAR"]

[[rule]]
name = "normalisation"
query = "التطبيع"

[[rule]]
name = "japan-brazil"
dyad = ["JPN", "BRA"]

[[rule]]
name = "other-outlet"
outlet = "No Such Outlet"
query = "التطبيع"
"#;

fn stored(store: &str) -> u64 {
    let out = marsad(&["stats", "--store", store, "--format", "json"], b"");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stats JSON");
    v["articles"].as_u64().expect("a count")
}

fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes).lines().map(|l| serde_json::from_str(l).expect("an alert line")).collect()
}

#[test]
fn a_pass_stores_new_articles_once_and_raises_each_alert_once() {
    let s = site();
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store").display().to_string();
    let feeds = feeds_file(
        dir.path(),
        &s,
        &[
            "/rss.xml",
            "/atom.xml",
            "/list.txt",
            "/redirect.xml",
            "/repeat.xml",
            "/broken.xml",
            "/missing.xml",
            "/error.xml",
            "/slow.xml",
        ],
    );
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, RULES).unwrap();
    let rules = rules.display().to_string();
    let hook = s.url("/hook");
    let args = [
        "watch",
        "--feeds",
        &feeds,
        "--rules",
        &rules,
        "--store",
        &store,
        "--once",
        "--webhook",
        &hook,
        "--host-delay",
        "0s",
        "--timeout",
        "1s",
        "--retries",
        "1",
        "--backoff",
        "10ms",
        "--max-bytes",
        "200000",
    ];
    let first = marsad(&args, b"");
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(1), "some feeds failed: {stderr}");

    // Six pages stored: not the one robots.txt forbids, not the oversized
    // one, and the page listed by three feeds once.
    assert_eq!(stored(&store), 6, "{stderr}");
    for p in ["/a/1", "/a/2", "/b/1", "/b/2", "/d/1", "/c/1"] {
        assert_eq!(s.hits(p), 1, "{p} fetched once");
    }
    assert_eq!(s.hits("/private/3"), 0, "robots.txt is obeyed");
    assert_eq!(s.hits("/robots.txt"), 1, "read once per host");
    assert_eq!(s.hits("/error.xml"), 2, "a 500 is retried");
    assert_eq!(s.hits("/missing.xml"), 1, "a 404 is not");
    assert!(stderr.contains("HTTP 404") && stderr.contains("HTTP 500") && stderr.contains("timed out"), "{stderr}");
    assert!(stderr.contains("larger than 200000 bytes"), "{stderr}");

    // The windows-1256 page is stored as Arabic and is searchable.
    let (_, legacy) = sample(9);
    let word = legacy
        .split_whitespace()
        .find(|w| w.chars().count() > 5 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)))
        .unwrap();
    let found = marsad(&["search", word, "--store", &store, "--format", "json"], b"");
    assert!(
        String::from_utf8_lossy(&found.stdout).contains(&s.url("/b/2")),
        "{word}: {}",
        String::from_utf8_lossy(&found.stdout)
    );

    // Alerts: the Israel–Morocco events of the seed, once each even though a
    // near copy (another outlet's) tells them again; the query once for the
    // story; the rules about other actors and outlets never.
    let alerts = lines(&first.stdout);
    let rule = |a: &serde_json::Value| a["rule"].as_str().unwrap_or("").to_string();
    let israel: Vec<_> = alerts.iter().filter(|a| rule(a) == "israel-morocco").collect();
    assert!(!israel.is_empty(), "{alerts:?}");
    let subjects: std::collections::HashSet<_> = israel.iter().map(|a| a["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects.len(), israel.len(), "one alert per corpus event");
    for a in &israel {
        assert!(a["subject"].as_str().unwrap().starts_with("event:"));
        assert!(a["evidence"].as_str().is_some_and(|e| e.contains(a["event"]["trigger"]["text"].as_str().unwrap())));
        assert_eq!(a["article"]["outlet"], "Fixture News");
    }
    assert_eq!(alerts.iter().filter(|a| rule(a) == "normalisation").count(), 1, "{alerts:?}");
    assert!(alerts.iter().all(|a| rule(a) != "japan-brazil" && rule(a) != "other-outlet"));
    assert_eq!(s.posted("/hook").len(), alerts.len(), "each alert POSTed to the webhook");

    // The second pass: nothing new, the unchanged RSS feed answered 304.
    let second = marsad(&args, b"");
    assert_eq!(stored(&store), 6);
    assert!(second.stdout.is_empty(), "no alert twice: {}", String::from_utf8_lossy(&second.stdout));
    for p in ["/a/1", "/a/2", "/b/1", "/b/2", "/d/1", "/c/1", "/big"] {
        assert!(s.hits(p) <= 1, "{p} not fetched again");
    }
    assert_eq!(s.validators("/rss.xml"), [None, Some("\"rss-v1\"".to_string())]);

    // Each feed's health.
    let status = marsad(&["watch", "--status", "--store", &store, "--feeds", &feeds], b"");
    let table = String::from_utf8_lossy(&status.stdout);
    let row =
        |p: &str| table.lines().find(|l| l.ends_with(&s.url(p))).unwrap_or_else(|| panic!("{p}: {table}")).to_string();
    assert!(row("/rss.xml").starts_with("ok"), "{table}");
    assert!(row("/missing.xml").starts_with("failing"), "{table}");
    assert!(table.contains("HTTP 404") && table.contains("timed out"), "{table}");
    let json = marsad(&["watch", "--status", "--format", "json", "--store", &store], b"");
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).expect("status JSON");
    let slow = rows.as_array().unwrap().iter().find(|r| r["url"] == s.url("/slow.xml")).expect("the slow feed");
    assert_eq!((slow["health"].as_str(), slow["failures"].as_u64()), (Some("failing"), Some(2)));
    assert_eq!(slow["last_error"], "timed out");
}

#[test]
fn sigterm_finishes_the_article_in_hand_and_a_restart_resumes() {
    let pages: Vec<String> = (1..=6)
        .map(|n| {
            let (t, x) = sample(n + 10);
            html(&t, &x, "2018-06-01", "utf-8")
        })
        .collect();
    let s = Server::start(Arc::new(move |r: &Request| {
        let base = r.header("host").map(|h| format!("http://{h}")).unwrap_or_default();
        match r.path.as_str() {
            "/rss.xml" => {
                Response::ok("application/rss+xml", rss(&base, &["/p/1", "/p/2", "/p/3", "/p/4", "/p/5", "/p/6"]))
            }
            p => match p.strip_prefix("/p/").and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => Response::ok("text/html", pages[n - 1].clone()).slow(Duration::from_millis(400)),
                None => Response::status(404),
            },
        }
    }));
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store").display().to_string();
    let feeds = feeds_file(dir.path(), &s, &["/rss.xml"]);
    let args = [
        "watch",
        "--feeds",
        feeds.as_str(),
        "--store",
        &store,
        "--host-delay",
        "0s",
        "--fetchers",
        "1",
        "--every",
        "1h",
    ];
    let child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("marsad runs");
    let began = Instant::now();
    while (1..=6).map(|n| s.hits(&format!("/p/{n}"))).sum::<usize>() == 0 {
        assert!(began.elapsed() < Duration::from_secs(60), "no page fetched");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The shell's kill: a minimal system may have no kill binary.
    let term = Command::new("sh").args(["-c", &format!("kill -TERM {}", child.id())]).status().expect("sh runs");
    assert!(term.success());
    let out = child.wait_with_output().expect("marsad exits");
    assert!(out.status.success(), "a clean exit: {}", String::from_utf8_lossy(&out.stderr));
    let kept = stored(&store);
    assert!((1..6).contains(&kept), "the pages fetched are stored, and no more: {kept}");

    let rest = marsad(&["watch", "--feeds", &feeds, "--store", &store, "--host-delay", "0s", "--once"], b"");
    assert!(rest.status.success(), "{}", String::from_utf8_lossy(&rest.stderr));
    assert_eq!(stored(&store), 6);
    for n in 1..=6 {
        assert_eq!(s.hits(&format!("/p/{n}")), 1, "page {n} fetched once over both runs");
    }
}

/// Kills a spawned process however the test ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_running_server_shows_what_watch_adds_and_its_alerts() {
    use std::io::{BufRead, BufReader};
    use std::sync::atomic::{AtomicUsize, Ordering};

    let (title, seed) = sample(0);
    let page = html(&title, &seed, "2022-07-18", "utf-8");
    let hook_calls = Arc::new(AtomicUsize::new(0));
    let calls = Arc::clone(&hook_calls);
    let s = Server::start(Arc::new(move |r: &Request| {
        let base = r.header("host").map(|h| format!("http://{h}")).unwrap_or_default();
        match r.path.as_str() {
            "/empty.xml" => Response::ok("application/rss+xml", rss(&base, &[])),
            "/rss.xml" => Response::ok("application/rss+xml", rss(&base, &["/a/1"])),
            "/a/1" => Response::ok("text/html", page.clone()),
            // The webhook fails once, then takes everything.
            "/hook" if calls.fetch_add(1, Ordering::SeqCst) == 0 => Response::status(503),
            "/hook" => Response::status(204),
            _ => Response::status(404),
        }
    }));
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store").display().to_string();
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, format!("[[feed]]\nurl = \"{}\"\n", s.url("/empty.xml"))).unwrap();
    let first = marsad(&["watch", "--feeds", &empty.display().to_string(), "--store", &store, "--once"], b"");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));

    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["serve", "--store", &store, "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("marsad serve runs");
    let stderr = child.stderr.take().expect("its stderr");
    let _server = Running(child);
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|a| a.split('/').next()).expect(&line).to_string();
    let word = "%D9%83%D9%88%D8%AE%D8%A7%D9%81%D9%8A"; // كوخافي
    assert!(common::http_get(&addr, &format!("/api/search?q={word}")).1.contains("\"total\":0"));

    let feeds = feeds_file(dir.path(), &s, &["/rss.xml"]);
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, RULES).unwrap();
    let alerts = dir.path().join("alerts.jsonl");
    let watch = marsad(
        &[
            "watch",
            "--feeds",
            &feeds,
            "--rules",
            &rules.display().to_string(),
            "--store",
            &store,
            "--once",
            "--alerts",
            &alerts.display().to_string(),
            "--webhook",
            &s.url("/hook"),
            "--host-delay",
            "0s",
            "--retries",
            "1",
            "--backoff",
            "10ms",
        ],
        b"",
    );
    assert!(watch.status.success(), "{}", String::from_utf8_lossy(&watch.stderr));
    assert!(watch.stdout.is_empty(), "alerts go to the file");
    let written = lines(&std::fs::read(&alerts).unwrap());
    assert!(written.iter().any(|a| a["rule"] == "israel-morocco"), "{written:?}");
    assert_eq!(hook_calls.load(Ordering::SeqCst), written.len() + 1, "the failed POST was retried");

    // The server sees the new article without a restart (it looks for
    // index commits every second).
    let began = Instant::now();
    loop {
        let (_, body) = common::http_get(&addr, &format!("/api/search?q={word}"));
        if body.contains("\"total\":1") {
            break;
        }
        assert!(began.elapsed() < Duration::from_secs(20), "not found by the running server: {body}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, atom) = common::http_get(&addr, "/alerts.atom");
    assert_eq!(status, 200);
    assert_eq!(atom.matches("<entry>").count(), written.len(), "{atom}");
    assert!(atom.contains("israel-morocco: ") && atom.contains(&s.url("/a/1")), "{atom}");
    let (_, json) = common::http_get(&addr, "/api/alerts?rule=normalisation");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["alerts"].as_array().map(Vec::len), Some(1), "{json}");
}

#[test]
fn a_feed_is_polled_on_its_own_schedule() {
    let s = Server::start(Arc::new(|r: &Request| {
        let base = r.header("host").map(|h| format!("http://{h}")).unwrap_or_default();
        Response::ok("application/rss+xml", rss(&base, &[]))
    }));
    let dir = tempfile::tempdir().unwrap();
    let feeds = dir.path().join("feeds.toml");
    let toml = format!(
        "[[feed]]\nurl = \"{}\"\nevery = \"1s\"\n\n[[feed]]\nurl = \"{}\"\n",
        s.url("/fast.xml"),
        s.url("/slow.xml")
    );
    std::fs::write(&feeds, toml).unwrap();
    let store = dir.path().join("store").display().to_string();
    let began = Instant::now();
    let out = marsad(
        &[
            "watch",
            "--feeds",
            &feeds.display().to_string(),
            "--store",
            &store,
            "--every",
            "1h",
            "--passes",
            "3",
            "--host-delay",
            "0s",
        ],
        b"",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(began.elapsed() < Duration::from_secs(30));
    assert_eq!((s.hits("/fast.xml"), s.hits("/slow.xml")), (3, 1));
}
