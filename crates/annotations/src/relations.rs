//! Signed relations: one per pair of actors, aggregated from the events
//! between them, and a roll-up to the states they belong to (ISRMIL → ISR).
//!
//! An event weighs its Goldstein score times how sure the text is of it
//! (asserted 1, reported, future or intended ½, hypothetical ¼, negated 0).
//! A pair is cooperative or hostile by the sign of the sum, and mixed when
//! the smaller side is more than a third of the larger.

use rustc_hash::FxHashMap;

use crate::contract::{Actor, Event, Factuality, Relation, Sign};

fn certainty(f: Factuality) -> f32 {
    match f {
        Factuality::Asserted => 1.0,
        Factuality::Reported | Factuality::Future | Factuality::Intended => 0.5,
        Factuality::Hypothetical => 0.25,
        Factuality::Negated => 0.0,
    }
}

/// The state an actor id belongs to: its `country`, or the first three
/// letters of a CAMEO-style code (ISRMIL → ISR).
fn state_of<'a>(id: &'a str, actors: &'a FxHashMap<&str, &Actor>) -> Option<&'a str> {
    if let Some(c) = actors.get(id).and_then(|a| a.country.as_deref()) {
        return Some(c);
    }
    crate::contract::cameo_state(id)
}

/// The relations of an article's events.
pub(crate) fn relations(events: &[Event], actors: &[Actor]) -> Vec<Relation> {
    let by_id: FxHashMap<&str, &Actor> = actors.iter().map(|a| (a.id.as_str(), a)).collect();
    // (a, b) with a < b → (positive, negative, events).
    let mut pairs: FxHashMap<(String, String), (f32, f32, Vec<usize>)> = FxHashMap::default();
    let mut add = |a: &str, b: &str, w: f32, k: usize| {
        if a == b {
            return;
        }
        let key = if a < b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) };
        let e = pairs.entry(key).or_default();
        if w >= 0.0 {
            e.0 += w;
        } else {
            e.1 -= w;
        }
        if !e.2.contains(&k) {
            e.2.push(k);
        }
    };
    for (k, ev) in events.iter().enumerate() {
        let (Some(s), Some(t)) = (ev.source.as_deref(), ev.target.as_deref()) else { continue };
        let w = ev.goldstein * certainty(ev.factuality);
        if w == 0.0 && ev.factuality == Factuality::Negated {
            continue;
        }
        add(s, t, w, k);
        // The roll-up: the states behind organs and people.
        if let (Some(cs), Some(ct)) = (state_of(s, &by_id), state_of(t, &by_id)) {
            if (cs, ct) != (s, t) {
                add(cs, ct, w, k);
            }
        }
    }
    let mut out: Vec<Relation> = pairs
        .into_iter()
        .filter(|(_, (pos, neg, _))| pos + neg > 0.0)
        .map(|((a, b), (pos, neg, events))| {
            let sign = if pos.min(neg) * 3.0 > pos.max(neg) {
                Sign::Mixed
            } else if pos >= neg {
                Sign::Cooperative
            } else {
                Sign::Hostile
            };
            Relation { a, b, sign, weight: pos - neg, events }
        })
        .collect();
    out.sort_by(|x, y| y.weight.abs().total_cmp(&x.weight.abs()).then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b))));
    out
}
