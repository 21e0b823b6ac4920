//! `marsad eval gsr`: scores event coding on UniversalPETRARCH's gold
//! sentences (`gsr_ar_dev.xml`): every sentence holds PROTEST or ASSAULT
//! events with source and target codes (`ISR MIL`, `None CVL`).
//!
//! - Detection, per sentence and type (PROTEST, ASSAULT): a gold type is
//!   found when marsad codes an event of that type in the sentence; any
//!   other PROTEST or ASSAULT event it codes there is a false positive.
//! - Actors, over all gold events: marsad's code for the source (target) of
//!   its first event of the same type in the sentence, none when it has no
//!   such event, against gold, by country (`None` when gold names none) and
//!   as the full code (country and agent).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use marsad_annotations::contract::Analysis;
use marsad_annotations::{Analyzer, Options};
use marsad_article::{parse_published, Article};
use quick_xml::events::Event as Xml;
use quick_xml::Reader;

#[derive(clap::Args)]
pub struct Args {
    /// The gold file (`<Sentence date=…><EventCoding plover=… sourcecode=… targetcode=…/><Text>…`).
    file: PathBuf,
    /// Print every gold event that marsad misses or codes with a wrong source or target country.
    #[arg(long)]
    verbose: bool,
}

#[derive(Default)]
struct Sentence {
    date: Option<String>,
    text: String,
    /// (type, source code, target code).
    events: Vec<(String, String, String)>,
}

fn read(path: &PathBuf) -> Result<Vec<Sentence>> {
    let xml = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut r = Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut cur: Option<Sentence> = None;
    let mut in_text = false;
    loop {
        let ev = r.read_event().with_context(|| format!("{}: at byte {}", path.display(), r.buffer_position()))?;
        match ev {
            Xml::Start(e) | Xml::Empty(e) => {
                let attr = |name: &[u8]| -> Option<String> {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                match e.name().as_ref() {
                    b"Sentence" => cur = Some(Sentence { date: attr(b"date"), ..Sentence::default() }),
                    b"EventCoding" => {
                        if let Some(s) = cur.as_mut() {
                            let code = |n: &[u8]| attr(n).unwrap_or_else(|| "None None".into());
                            s.events.push((
                                attr(b"plover").unwrap_or_default(),
                                code(b"sourcecode"),
                                code(b"targetcode"),
                            ));
                        }
                    }
                    b"Text" => in_text = true,
                    _ => {}
                }
            }
            Xml::Text(t) if in_text => {
                if let Some(s) = cur.as_mut() {
                    s.text.push_str(&t.unescape().context("text")?);
                }
            }
            Xml::End(e) => match e.name().as_ref() {
                b"Text" => in_text = false,
                b"Sentence" => out.extend(cur.take()),
                _ => {}
            },
            Xml::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// An actor id as a CAMEO `COUNTRY AGENT` pair (`ISRMIL` → ISR, MIL).
fn code_of(a: &Analysis, id: Option<&str>) -> (String, String) {
    let none = || ("None".to_string(), "None".to_string());
    let Some(id) = id else { return none() };
    let actor = a.actors.iter().find(|x| x.id == id);
    let code = actor.and_then(|x| x.code.clone()).unwrap_or_else(|| id.to_string());
    if let Some(state) = marsad_annotations::contract::cameo_state(&code) {
        let agent = code.get(3..6).unwrap_or("None");
        return (state.to_string(), agent.to_string());
    }
    match actor.and_then(|x| x.country.clone()) {
        Some(c) => (c, "None".into()),
        None => none(),
    }
}

fn split(code: &str) -> (String, String) {
    let mut it = code.split_whitespace();
    (it.next().unwrap_or("None").to_string(), it.next().unwrap_or("None").to_string())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let sentences = read(&args.file)?;
    if sentences.is_empty() {
        bail!("{}: no <Sentence> elements", args.file.display());
    }
    let analyzer = Analyzer::new(Options::default());
    let types = ["PROTEST", "ASSAULT"];
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut n, mut src_c, mut tgt_c, mut src_f, mut tgt_f) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for (k, s) in sentences.iter().enumerate() {
        let mut article = Article::new(s.text.trim());
        if let Some(d) = s.date.as_deref().filter(|d| d.len() == 8) {
            article.published = parse_published(&format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])).ok();
        }
        let Ok(a) = analyzer.analyze(&article) else { continue };
        for t in types {
            let gold = s.events.iter().any(|e| e.0 == t);
            let sys = a.events.iter().any(|e| e.kind == t);
            match (gold, sys) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
        for (t, gs, gt) in &s.events {
            n += 1;
            let e = a.events.iter().find(|e| e.kind == *t);
            let ss = code_of(&a, e.and_then(|e| e.source.as_deref()));
            let st = code_of(&a, e.and_then(|e| e.target.as_deref()));
            let (gs, gt) = (split(gs), split(gt));
            src_c += usize::from(ss.0 == gs.0);
            tgt_c += usize::from(st.0 == gt.0);
            src_f += usize::from(ss == gs);
            tgt_f += usize::from(st == gt);
            if args.verbose && (e.is_none() || ss.0 != gs.0 || st.0 != gt.0) {
                let wrong = match (e.is_none(), ss.0 != gs.0, st.0 != gt.0) {
                    (true, ..) => "missed",
                    (_, true, true) => "source+target",
                    (_, true, false) => "source",
                    _ => "target",
                };
                println!(
                    "#{k} [{wrong}] {t} gold {} {} → {} {}; marsad {:?} {} {} → {} {}\n  {}",
                    gs.0,
                    gs.1,
                    gt.0,
                    gt.1,
                    e.map(|e| e.trigger.text.as_str()),
                    ss.0,
                    ss.1,
                    st.0,
                    st.1,
                    s.text.trim()
                );
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    println!("sentences={} gold events={n}", sentences.len());
    println!("detection precision={p:.3} recall={r:.3} f1={f1:.3} (tp={tp} fp={fp} fn={fn_})");
    println!("source country={:.3} code={:.3}", ratio(src_c, n), ratio(src_f, n));
    println!("target country={:.3} code={:.3}", ratio(tgt_c, n), ratio(tgt_f, n));
    Ok(ExitCode::SUCCESS)
}
