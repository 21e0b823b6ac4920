//! Scoring of the hand-annotated time set (`tests/data/times/times.jsonl`),
//! shared by the `eval_times` example and the `times` test.
//!
//! The sentences of each article are analysed together, in order, with the
//! article's publication date, and every gold expression is looked for among
//! the system's times whose span overlaps it.

use marsad_annotations::Analyzer;
use marsad_article::Article;
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    article: String,
    published: String,
    sentence: String,
    times: Vec<Gold>,
}

#[derive(Deserialize)]
struct Gold {
    surface: String,
    value: Option<String>,
    #[serde(rename = "mod")]
    modifier: Option<String>,
}

/// Counts over the set, and a line per miss and per extra time.
#[derive(Default)]
pub struct Score {
    /// Gold expressions.
    pub gold: usize,
    /// Gold expressions some system time overlaps.
    pub detected: usize,
    /// Gold expressions with the right value (and modifier, when gold has one).
    pub correct: usize,
    /// System times.
    pub system: usize,
    /// System times overlapping some gold expression.
    pub system_ok: usize,
    pub errors: Vec<String>,
}

impl Score {
    /// Value accuracy in percent.
    pub fn accuracy(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            100.0 * self.correct as f64 / self.gold as f64
        }
    }
}

/// Scores `analyzer` on the set given as JSON lines.
pub fn score(text: &str, analyzer: &Analyzer) -> Result<Score, String> {
    let mut lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        match serde_json::from_str::<Line>(line) {
            Ok(l) => lines.push(l),
            Err(e) => return Err(format!("line {}: {e}", n + 1)),
        }
    }
    let mut s = Score::default();
    // The sentences of one article are read together, in order, so that
    // anaphors (العام ذاته) see the times before them.
    for group in lines.chunk_by(|a, b| a.article == b.article) {
        let mut text = String::new();
        let mut spans = Vec::new();
        for line in group {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let base = text.len();
            text.push_str(&line.sentence);
            // Gold spans: every occurrence of the surface, in order.
            let mut from = 0;
            for g in &line.times {
                let at =
                    line.sentence[from..].find(&g.surface).map(|k| k + from).or_else(|| line.sentence.find(&g.surface));
                let start = at.unwrap_or(0);
                spans.push((base + start, base + start + g.surface.len(), g, line.published.as_str()));
                from = start + g.surface.len();
            }
        }
        let mut article = Article::new(text.as_str());
        article.published = group[0].published.get(..10).and_then(|d| d.parse().ok());
        let Ok(a) = analyzer.analyze(&article) else { continue };
        for &(gs, ge, g, published) in &spans {
            s.gold += 1;
            let hits: Vec<_> = a.times.iter().filter(|t| t.span.start < ge && gs < t.span.end).collect();
            if !hits.is_empty() {
                s.detected += 1;
            }
            let ok = hits.iter().any(|t| {
                let m = t.modifier.map(|m| format!("{m:?}").to_uppercase());
                t.value == g.value && (g.modifier.is_none() || m == g.modifier)
            });
            if ok {
                s.correct += 1;
            } else {
                let got: Vec<String> =
                    hits.iter().map(|t| format!("{} → {:?} {:?}", t.span.text, t.value, t.modifier)).collect();
                s.errors
                    .push(format!("MISS [{published}] {} → {:?} {:?}; got {:?}", g.surface, g.value, g.modifier, got));
            }
        }
        for t in &a.times {
            s.system += 1;
            if spans.iter().any(|&(gs, ge, ..)| t.span.start < ge && gs < t.span.end) {
                s.system_ok += 1;
            } else {
                s.errors.push(format!("EXTRA [{}] {} → {:?}", group[0].published, t.span.text, t.value));
            }
        }
    }
    Ok(s)
}
