//! A bounded load test of a running `marsad serve`: a few keep-alive
//! connections requesting a list of paths round-robin for some seconds,
//! reporting requests/s, latency percentiles and errors.
//!
//!   cargo run --release -p marsad-server --example load -- ADDR SECONDS CONNECTIONS PATH...
//!
//! Written with std only (HTTP/1.1, Content-Length bodies, which is what
//! the server sends): no load tool is on the machine, and a client this
//! small costs less than building one. `scripts/bench-serve.sh` runs it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, secs, conns, paths @ ..] = args.as_slice() else {
        return Err("usage: load ADDR SECONDS CONNECTIONS PATH...".into());
    };
    if paths.is_empty() {
        return Err("give at least one path".into());
    }
    let secs: f64 = secs.parse()?;
    let conns: usize = conns.parse()?;
    let until = Instant::now() + Duration::from_secs_f64(secs);
    let started = Instant::now();
    let results: Vec<(Vec<Duration>, u64)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..conns).map(|k| s.spawn(move || client(addr, paths, k, until))).collect();
        workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut times: Vec<Duration> = results.iter().flat_map(|(t, _)| t.iter().copied()).collect();
    let errors: u64 = results.iter().map(|(_, e)| e).sum();
    times.sort();
    let pct = |p: f64| {
        times
            .get(((times.len() as f64 * p) as usize).min(times.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    println!(
        "{} requests in {elapsed:.1} s over {conns} connections: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, errors {errors}",
        times.len(),
        times.len() as f64 / elapsed,
        pct(0.5),
        pct(0.99),
        pct(1.0),
    );
    Ok(())
}

/// One connection's requests: the latencies of the answered ones (status
/// 200) and the count of errors (other statuses, broken connections).
fn client(addr: &str, paths: &[String], k: usize, until: Instant) -> (Vec<Duration>, u64) {
    let mut times = Vec::new();
    let mut errors = 0;
    let mut i = k;
    let mut conn: Option<(TcpStream, BufReader<TcpStream>)> = None;
    while Instant::now() < until {
        let path = &paths[i % paths.len()];
        i += 1;
        if conn.is_none() {
            conn = TcpStream::connect(addr)
                .and_then(|s| {
                    s.set_nodelay(true)?;
                    let r = BufReader::new(s.try_clone()?);
                    Ok((s, r))
                })
                .ok();
        }
        let Some((stream, reader)) = conn.as_mut() else {
            errors += 1;
            continue;
        };
        let t = Instant::now();
        match request(stream, reader, addr, path) {
            Ok(200) => times.push(t.elapsed()),
            Ok(_) => errors += 1,
            Err(_) => {
                errors += 1;
                conn = None;
            }
        }
    }
    (times, errors)
}

/// Sends one GET and reads the answer; its status.
fn request(stream: &mut TcpStream, reader: &mut BufReader<TcpStream>, host: &str, path: &str) -> std::io::Result<u16> {
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n")?;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}
