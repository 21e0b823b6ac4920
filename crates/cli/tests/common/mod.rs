//! Shared by the end-to-end tests: the built binary, run with arguments and
//! a stdin.
use std::io::Write;
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
