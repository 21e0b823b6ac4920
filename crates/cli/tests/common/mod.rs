//! Shared by the end-to-end tests: the built binary, run with arguments and
//! a stdin.
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

/// Runs `marsad ARGS` with `stdin` written to it (from another thread, so a
/// large input cannot deadlock against a full stdout pipe).
pub fn marsad(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("marsad runs");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("marsad finishes");
    writer.join().expect("stdin writer");
    out
}

/// GET `path` from a server at `addr` (`127.0.0.1:PORT`): the status and
/// the body.
#[allow(dead_code)] // not every test crate talks to a server
pub fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).expect("connects");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("a request");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("an answer");
    let status = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}
