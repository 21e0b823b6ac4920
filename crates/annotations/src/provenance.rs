//! Provenance: where the story came from.
//!
//! - **agency**: a wire credit in parentheses at the start or end of the
//!   article ((د ب أ)، (أ ف ب)، (رويترز)), or a line holding only an agency;
//! - **original**: an outlet credited in parentheses in the dateline (سول
//!   (CNN)), the outlet that published what is translated (نشرت صحيفة X …
//!   ترجمته Y), or an outlet next to a form of نشر;
//! - **translator**: the outlet after ترجمة/ترجمته (or the article's own
//!   outlet when the credit names none);
//! - **source**: an outlet or agency that a quote is attributed to (نقلا عن،
//!   بحسب ما أفادت وكالة، ذكرت صحيفة X أن).

use std::sync::{Arc, RwLock};

use marsad_kb::Kb;
use marsad_text::Document;
use rustc_hash::FxHashMap;

use crate::contract::{Provenance, ProvenanceRole};
use crate::quotes::{self, Found, Reader};

fn is_media(kind: &str) -> bool {
    matches!(kind, "news_agency" | "news_outlet")
}

/// [`outlet_id`] remembered per name: a corpus names a few outlets, and a
/// name that is not an id costs a scan of every actor and a document.
/// Shared by an analyzer's clones, which share its knowledge base.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outlets(Arc<RwLock<FxHashMap<Box<str>, Option<String>>>>);

/// Most names remembered: arbitrary input must not grow the memo unbounded.
const MAX_OUTLETS: usize = 1024;

impl Outlets {
    /// [`outlet_id`], from the memo when the name was seen before.
    pub(crate) fn id(&self, kb: &Kb, outlet: &str) -> Option<String> {
        // A poisoned lock only loses the memo, never the answer.
        if let Some(known) = self.0.read().ok().and_then(|m| m.get(outlet).cloned()) {
            return known;
        }
        let id = outlet_id(kb, outlet);
        if let Ok(mut m) = self.0.write() {
            if m.len() < MAX_OUTLETS {
                m.insert(outlet.into(), id.clone());
            }
        }
        id
    }
}

/// The knowledge-base id of an outlet given by name (`Arabi21`, `عربي21`,
/// `ORG:Arabi21`).
pub(crate) fn outlet_id(kb: &Kb, outlet: &str) -> Option<String> {
    let name = outlet.trim();
    if name.is_empty() {
        return None;
    }
    for id in [name.to_string(), format!("ORG:{name}")] {
        if let Some(i) = kb.index(&id) {
            return Some(kb.actor(i).id.clone());
        }
    }
    // Case-insensitive without allocating per actor: this runs per article.
    let same = |en: &str| en.chars().flat_map(char::to_lowercase).eq(name.chars().flat_map(char::to_lowercase));
    let by_name = (0..kb.len() as u32)
        .map(|i| kb.actor(i))
        .find(|a| is_media(&a.kind) && (same(&a.name_en) || a.name_ar == name));
    if let Some(a) = by_name {
        return Some(a.id.clone());
    }
    // A surface of the knowledge base covering the whole name.
    let doc = Document::new(name);
    let n = doc.tokens().len();
    kb.find(&doc)
        .into_iter()
        .find(|m| m.token_start == 0 && m.token_end == n)
        .and_then(|m| m.actor)
        .map(|i| kb.actor(i).id.clone())
}

/// The provenance credits of a document.
pub(crate) fn find(r: &Reader<'_, '_>, found: &[Found], outlet: Option<&str>) -> Vec<Provenance> {
    let mut out: Vec<Provenance> = Vec::new();
    let push =
        |out: &mut Vec<Provenance>, role: ProvenanceRole, actor: Option<String>, range: Option<(usize, usize)>| {
            let Some((start, end)) = range else { return };
            if !out.iter().any(|p| p.role == role && p.actor == actor) {
                out.push(Provenance { role, actor, start, end });
            }
        };
    let n = r.len();
    if n == 0 {
        return Vec::new();
    }
    let last_sentence = r.sentence_index(n - 1);

    // Wire credits and datelines in parentheses, at the start or the end.
    let mut i = 0;
    while i < n {
        if !r.is_punct(i, "(") {
            i += 1;
            continue;
        }
        let close = (i + 1..n.min(i + 10)).find(|&j| r.is_punct(j, ")"));
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let si = r.sentence_index(i);
        let at_edge = si <= 1 || si + 2 > last_sentence;
        if at_edge {
            let media = (i + 1..close).find_map(|j| r.actor_at(j)).filter(|(_, _, a)| is_media(&a.kind));
            if let Some((_, _, a)) = media {
                let role = if a.kind == "news_agency" { ProvenanceRole::Agency } else { ProvenanceRole::Original };
                push(&mut out, role, Some(a.id.clone()), quotes::bytes(r, i, close + 1));
            }
        }
        i = close + 1;
    }

    // A line holding only an agency (… \n رويترز) at the start or the end.
    for si in [0, last_sentence] {
        let (s, e) = r.sentence(if si == 0 { 0 } else { n - 1 });
        let words: Vec<usize> =
            (s..e).filter(|&j| r.actor_at(j).is_some() || r.token_text(j).chars().any(char::is_alphanumeric)).collect();
        if let (Some(&first), Some(&last)) = (words.first(), words.last()) {
            if let (Some((ms, me, a)), true) = (r.actor_at(first), words.iter().all(|&j| r.actor_at(j).is_some())) {
                if a.kind == "news_agency" && ms == first && me > last {
                    push(&mut out, ProvenanceRole::Agency, Some(a.id.clone()), quotes::bytes(r, first, me));
                }
            }
        }
    }

    // Translations: نشرت صحيفة X … ترجمته Y.
    for t in 0..n {
        let k = r.bare_key(t);
        let k = k.strip_prefix('ب').unwrap_or(k);
        if !k.starts_with("ترجم") {
            continue;
        }
        let named = (t + 1..n.min(t + 4))
            .take_while(|&j| r.actor_at(j).is_some() || !r.token_text(j).chars().any(char::is_alphanumeric))
            .find_map(|j| r.actor_at(j))
            .filter(|(_, _, a)| is_media(&a.kind));
        let translator = match named {
            Some((_, e, a)) => Some((a.id.clone(), (t, e))),
            None => outlet.map(|o| (o.to_string(), (t, t + 1))),
        };
        let Some((tid, (ts, te))) = translator else { continue };
        push(&mut out, ProvenanceRole::Translator, Some(tid.clone()), quotes::bytes(r, ts, te));
        // The original: the nearest outlet before the credit, within two sentences.
        let floor = r.sentence(t).0;
        let floor = if floor > 0 { r.sentence(floor - 1).0 } else { 0 };
        let original =
            (floor..t).rev().filter_map(|j| r.actor_at(j)).find(|(_, _, a)| is_media(&a.kind) && a.id != tid);
        if let Some((s, _, a)) = original {
            push(&mut out, ProvenanceRole::Original, Some(a.id.clone()), quotes::bytes(r, s, t + 1));
        }
    }

    // نشرت صحيفة X / صحيفة X نشرت.
    for t in 0..n {
        let k = r.bare_key(t);
        if !matches!(k, "نشر" | "نشرت" | "تنشر" | "ينشر") {
            continue;
        }
        let next = r.actor_at(t + 1).filter(|&(s, _, _)| s == t + 1);
        let prev = t.checked_sub(1).and_then(|p| r.actor_at(p)).filter(|&(_, e, _)| e == t);
        if let Some((s, e, a)) = next.or(prev).filter(|(_, _, a)| is_media(&a.kind)) {
            if Some(a.id.as_str()) != outlet {
                push(&mut out, ProvenanceRole::Original, Some(a.id.clone()), quotes::bytes(r, s.min(t), e.max(t + 1)));
            }
        }
    }

    // Attributions to an outlet or agency: نقلا عن، بحسب ما أفادت وكالة X.
    for t in 0..n {
        if !matches!(r.bare_key(t), "بحسب" | "حسب" | "حسبما" | "وفقا" | "وفق" | "نقلا" | "نقلت" | "نقل" | "طبقا")
        {
            continue;
        }
        let credited = (t + 1..n.min(t + 7))
            .take_while(|&j| !r.is_punct(j, "،") && !r.is_punct(j, ",") && !r.is_punct(j, "."))
            .find_map(|j| r.actor_at(j))
            .filter(|(_, _, a)| is_media(&a.kind) && Some(a.id.as_str()) != outlet);
        if let Some((_, e, a)) = credited {
            push(&mut out, ProvenanceRole::Source, Some(a.id.clone()), quotes::bytes(r, t, e));
        }
    }

    // Sources: outlets and agencies that quotes are attributed to.
    for f in found {
        let Some(a) = quotes::actor_of(r, f) else { continue };
        if !is_media(&a.kind) || Some(a.id.as_str()) == outlet {
            continue;
        }
        if out.iter().any(|p| p.actor.as_deref() == Some(a.id.as_str())) {
            continue;
        }
        let (Some(cue), Some((_, me))) = (f.cue, f.speaker_tokens) else { continue };
        let (s, e) = (cue.min(me.saturating_sub(1)), cue.max(me.saturating_sub(1)) + 1);
        push(&mut out, ProvenanceRole::Source, Some(a.id.clone()), quotes::bytes(r, s, e));
    }
    out.sort_by_key(|p| p.start);
    out
}
