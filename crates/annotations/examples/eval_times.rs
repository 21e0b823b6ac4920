//! Scores the time recognizer on the hand-annotated set
//! `crates/annotations/tests/data/times/times.jsonl` (or a file given as the
//! first argument); see `tests/common/time_set.rs` for how.
//!
//! ```sh
//! cargo run --release -p marsad-annotations --example eval_times [FILE] [--errors]
//! ```
//!
//! Prints detection recall (a system time overlaps the gold span), value
//! accuracy (over all gold expressions: same value, and same modifier when
//! gold has one), precision (system times overlapping some gold expression),
//! and with `--errors` every miss and every extra time.
use std::process::ExitCode;

use marsad_annotations::{Analyzer, Options};

#[path = "../tests/common/time_set.rs"]
mod time_set;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let errors = args.iter().any(|a| a == "--errors");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/times/times.jsonl").to_string());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let analyzer = Analyzer::new(Options { kb_only: false, ..Options::default() });
    let s = match time_set::score(&text, &analyzer) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    if errors {
        for e in &s.errors {
            println!("{e}");
        }
    }
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    println!(
        "gold {}, detected {} ({:.1}%), value correct {} ({:.1}%); system {}, precision {:.1}%",
        s.gold,
        s.detected,
        pct(s.detected, s.gold),
        s.correct,
        s.accuracy(),
        s.system,
        pct(s.system_ok, s.system)
    );
    println!("accuracy={:.2}", s.accuracy());
    ExitCode::SUCCESS
}
