//! Names outside the knowledge base: the recognizer's spans that no
//! knowledge-base surface covers become actors of their own, with an id made
//! of the type and a transliterated name (`PER:Lin M'luf`). Mentions with
//! the same letters (clitics off) are one actor.

use marsad_kb::{ActorRec, Match, Via};
use marsad_ner::{Label, Model};
use marsad_text::{Document, Proclitic, TokenKind};

use crate::actors::{skip_of, Actors, Found};
use crate::translit::transliterate;

/// Spans the recognizer is less sure of are left out: an actor is a claim.
const MIN_SCORE: f32 = 0.5;

/// A recognised name: tokens, type, score.
struct Name {
    start: usize,
    end: usize,
    label: Label,
    score: f32,
}

/// Does token `i` begin with the conjunction و?
fn has_wa(doc: &Document, i: usize) -> bool {
    doc.tokens()[i].clitics.proclitics().next() == Some(Proclitic::Wa)
}

/// The recognizer's spans, cleaned: split where a word begins with the
/// conjunction (كيم ومون is two people), and adjacent spans of one type
/// joined (أراب | نيوز is one outlet).
fn names(doc: &Document, ner: &Model, builtin_matches: Option<&[Match<'_>]>) -> Vec<Name> {
    let toks = doc.tokens();
    let mut out: Vec<Name> = Vec::new();
    let spans = match builtin_matches {
        Some(m) => ner.tag_document_with_matches(doc, m),
        None => ner.tag_document(doc),
    };
    for sp in spans {
        let (start, end) = (sp.token_start, sp.token_end.min(toks.len()));
        if end <= start || sp.score < MIN_SCORE {
            continue;
        }
        let mut from = start;
        for k in start + 1..=end {
            if k == end || has_wa(doc, k) {
                let joins = out.last().is_some_and(|p| p.end == from && p.label == sp.label && !has_wa(doc, from));
                match out.last_mut() {
                    Some(p) if joins => {
                        p.end = k;
                        p.score = p.score.min(sp.score);
                    }
                    _ => out.push(Name { start: from, end: k, label: sp.label, score: sp.score }),
                }
                from = k;
            }
        }
    }
    // A name has letters: no spans of digits or punctuation alone.
    out.retain(|n| toks[n.start..n.end].iter().any(|t| matches!(t.kind, TokenKind::Arabic | TokenKind::Latin)));
    out
}

/// Adds the recognizer's names that no earlier mention covers. A person
/// named by the end of a longer name of the article (سكريبال after سيرغي
/// سكريبال, أبو طالبي after حميد أبو طالبي) is that person.
pub(crate) fn recognise(
    doc: &Document,
    ner: &Model,
    builtin_matches: Option<&[Match<'_>]>,
    actors: &mut Actors<'_>,
    found: &mut Vec<Found>,
    covered: &mut [bool],
) {
    let toks = doc.tokens();
    let keys =
        |start: usize, end: usize| -> Vec<String> { toks[start..end].iter().map(|t| doc.match_key(t)).collect() };
    let names: Vec<Name> =
        names(doc, ner, builtin_matches).into_iter().filter(|n| !covered[n.start..n.end].iter().any(|&c| c)).collect();
    // Full names of people: the knowledge base's, then the recognizer's.
    let mut people: Vec<(Vec<String>, u32)> = found
        .iter()
        .filter(|f| f.end - f.start >= 2 && actors.get(f.actor).kind == "person")
        .map(|f| (keys(f.start, f.end), f.actor))
        .collect();
    let mut actor_of: Vec<Option<u32>> = vec![None; names.len()];
    for (n, slot) in names.iter().zip(actor_of.iter_mut()) {
        if n.label == Label::Pers && n.end - n.start >= 2 {
            let k = keys(n.start, n.end);
            let a = match people.iter().find(|(p, _)| *p == k) {
                Some(&(_, a)) => a,
                None => actors.add(record(doc, n)),
            };
            people.push((k, a));
            *slot = Some(a);
        }
    }
    for (n, slot) in names.iter().zip(actor_of) {
        let actor = match slot {
            Some(a) => a,
            None => {
                let k = keys(n.start, n.end);
                let longer = (n.label == Label::Pers)
                    .then(|| people.iter().find(|(p, _)| p.len() > k.len() && p.ends_with(&k)))
                    .flatten();
                match longer {
                    Some(&(_, a)) => a,
                    None => actors.add(record(doc, n)),
                }
            }
        };
        covered[n.start..n.end].iter_mut().for_each(|c| *c = true);
        let skip = skip_of(doc, n.start);
        found.push(Found {
            start: n.start,
            end: n.end,
            skip,
            actor,
            via: Via::Name,
            confidence: n.score.clamp(0.0, 1.0),
        });
    }
}

/// An actor for a name outside the knowledge base: the name as written,
/// proclitics off (وبروكسل → بروكسل), from the normalised layer (no tatweel
/// or marks), and its transliteration.
fn record(doc: &Document, n: &Name) -> ActorRec {
    let toks = doc.tokens();
    let first = &toks[n.start];
    let norm = doc.layers().norm();
    let name_ar = norm[first.nstart as usize + skip_of(doc, n.start)..toks[n.end - 1].nend as usize].to_string();
    let name_en = transliterate(&name_ar);
    let (prefix, kind) = match n.label {
        Label::Pers => ("PER", "person"),
        Label::Loc => ("LOC", "place"),
        Label::Org => ("ORG", "organisation"),
        Label::Misc => ("MISC", "misc"),
    };
    ActorRec {
        id: format!("{prefix}:{}", if name_en.is_empty() { &name_ar } else { &name_en }),
        kind: kind.to_string(),
        country: String::new(),
        code: String::new(),
        name_en,
        name_ar,
    }
}
