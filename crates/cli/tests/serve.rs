//! `marsad serve` through the built binary, over a real loopback socket.
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the server however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    common::http_get(addr, path)
}

#[test]
fn serves_a_store_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let row = serde_json::json!({"id": "s1", "date": "2018-03-01", "src": "Youm7", "text": "أعلنت أمريكا فرض عقوبات جديدة على إيران."});
    std::fs::write(&input, row.to_string()).unwrap();
    let store = dir.path().join("store").display().to_string();
    let out = common::marsad(&["ingest", &input.display().to_string(), "--store", &store], b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Port 0: the system picks a free port, and the server says which.
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["serve", "--store", &store, "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _server = Server(child);
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|s| s.split('/').next()).expect(&line).to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");

    let (status, body) = get(&addr, "/api/search?q=%D8%A7%D9%85%D8%B1%D9%8A%D9%83%D8%A7");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"total\":1"), "{body}");
    let (status, body) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(body.contains("/assets/app.js"), "{body}");
    assert_eq!(get(&addr, "/api/articles/none").0, 404);
}

#[test]
fn a_missing_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["serve", "--store", &dir.path().join("none").display().to_string(), "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("none"), "{err}");
}
