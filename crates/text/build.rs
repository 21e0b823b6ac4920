//! Compiles the reviewed lexicon files under `data/lexicon/` into FST maps
//! that the text core embeds. Runtime code never parses TSV.
//!
//! - `norm.fst`: analysis-layer word → corpus count.
//! - `key.fst`: matching key → (summed count << 2) | NAME | KEEP.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[allow(dead_code)]
#[path = "src/chars.rs"]
mod chars;

const NAME: u64 = 1;
const KEEP: u64 = 2;

/// Rows of a TSV file: (line number, first column, rest). A malformed line
/// fails the build with file:line and the reason.
fn rows(path: &Path) -> Vec<(usize, String, String)> {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (word, rest) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{}:{}: expected `word<TAB>value`, found {line:?}", path.display(), i + 1));
        let word: String = word.trim().chars().filter(|&c| !chars::is_dropped(c)).collect();
        if word.is_empty() || word.chars().any(char::is_whitespace) {
            panic!("{}:{}: the word must be one non-empty token, found {word:?}", path.display(), i + 1);
        }
        out.push((i + 1, word, rest.trim().to_string()));
    }
    out
}

fn write_map(path: &Path, map: &BTreeMap<String, u64>) {
    let mut b = fst::MapBuilder::memory();
    for (k, v) in map {
        b.insert(k, *v).expect("BTreeMap keys are sorted and unique");
    }
    let bytes = b.into_inner().expect("in-memory FST");
    fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../../data/lexicon");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut norm: BTreeMap<String, u64> = BTreeMap::new();
    let mut key: BTreeMap<String, u64> = BTreeMap::new();
    let words = dir.join("words.tsv");
    for (line, word, count) in rows(&words) {
        let n: u64 = count
            .parse()
            .unwrap_or_else(|_| panic!("{}:{line}: count must be a whole number, found {count:?}", words.display()));
        *norm.entry(word.clone()).or_default() += n;
        *key.entry(chars::key_of(&word)).or_default() += n << 2;
    }
    for (file, flag) in [("names.tsv", NAME), ("keep_whole.tsv", KEEP)] {
        for (_, word, _) in rows(&dir.join(file)) {
            *key.entry(chars::key_of(&word)).or_default() |= flag;
        }
    }
    write_map(&out.join("norm.fst"), &norm);
    write_map(&out.join("key.fst"), &key);
}
