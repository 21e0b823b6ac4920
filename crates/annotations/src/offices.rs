//! Office titles: who "الرئيس الأمريكي" is, and the roles and affiliations
//! that titles in apposition give the people they precede.

use marsad_kb::{Match, OfficeMatch, Via};
use marsad_text::chars::key_of;
use marsad_text::{Document, TokenKind};
use rustc_hash::FxHashMap;

use crate::actors::{skip_of, Actors, Found, TITLE_KEYS};
use crate::contract::{Actor, Role, Span};

/// Words right after a title that make it someone other than the holder on
/// the publication date (الرئيس الأمريكي السابق).
const NOT_CURRENT_AFTER: [&str; 6] = ["السابق", "السابقة", "الأسبق", "المنتخب", "المنتخبة", "الراحل"];
/// Words right before a title that make it another office (نائب الرئيس).
const NOT_HOLDER_BEFORE: [&str; 5] = ["نائب", "نائبة", "مساعد", "مساعدة", "الراحل"];

fn keyed(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| key_of(w)).collect()
}

/// Office titles that stand alone (not in apposition before a name) become
/// mentions of their holder: the holder the article names, else the one in
/// office on the publication date.
pub(crate) fn holders(
    doc: &Document,
    actors: &Actors<'_>,
    offices: &[OfficeMatch],
    published: Option<&str>,
    found: &mut Vec<Found>,
) {
    if offices.is_empty() {
        return;
    }
    let toks = doc.tokens();
    let after = keyed(&NOT_CURRENT_AFTER);
    let before = keyed(&NOT_HOLDER_BEFORE);
    let kb = actors.kb;
    let mut person_at: FxHashMap<usize, u32> = FxHashMap::default();
    for f in found.iter().filter(|f| actors.get(f.actor).kind == "person") {
        person_at.insert(f.start, f.actor);
    }
    let mentioned = |p: u32| person_at.values().any(|&q| q == p);
    let mut added = Vec::new();
    for om in offices {
        let next_word = toks[om.token_end..].iter().find(|t| t.kind != TokenKind::Punct);
        if next_word.is_some_and(|t| after.iter().any(|a| *a == doc.match_key(t))) {
            continue;
        }
        if om.token_start > 0 && before.iter().any(|b| *b == doc.match_key(&toks[om.token_start - 1])) {
            continue;
        }
        // In apposition before a name: a role, handled by `roles`.
        if (om.token_end..om.token_end + 2).any(|i| person_at.contains_key(&i)) {
            continue;
        }
        let on_date = |from: &str, to: &str| published.is_some_and(|d| from <= d && (to.is_empty() || d <= to));
        let named: Vec<_> = kb.holders_of(om.state, om.office).filter(|h| mentioned(h.person)).collect();
        let person = named
            .iter()
            .find(|h| on_date(&h.from, &h.to))
            .or_else(|| named.first().filter(|_| named.iter().all(|h| h.person == named[0].person)))
            .map(|h| h.person)
            .or_else(|| published.and_then(|d| kb.holder_on(om.state, om.office, d)));
        if let Some(actor) = person {
            added.push(Found {
                start: om.token_start,
                end: om.token_end,
                skip: om.skip,
                actor,
                via: Via::Office,
                confidence: 0.7,
            });
        }
    }
    found.extend(added);
}

/// Titles in apposition before a person's name become the person's role,
/// with the actor the title names as its affiliation.
#[allow(clippy::too_many_arguments)]
pub(crate) fn roles(
    doc: &Document,
    actors: &Actors<'_>,
    matches: &[Match<'_>],
    offices: &[OfficeMatch],
    found: &[Found],
    out: &mut [Actor],
    slot: &FxHashMap<u32, usize>,
    span: &dyn Fn(usize, usize) -> Span,
) {
    let toks = doc.tokens();
    let mut in_name = vec![false; toks.len()];
    for f in found {
        in_name[f.start..f.end].iter_mut().for_each(|x| *x = true);
    }
    let mut person_of = vec![u32::MAX; toks.len()];
    for f in found.iter().filter(|f| actors.get(f.actor).kind == "person") {
        person_of[f.start..f.end].iter_mut().for_each(|x| *x = f.actor);
    }
    for f in found.iter().filter(|f| actors.get(f.actor).kind == "person" && f.via != Via::Office) {
        let mut title_at: Option<usize> = None;
        let mut j = f.start;
        // Up to seven words back, within the clause, not across another
        // person's name.
        while j > 0 && f.start - j < 7 {
            let t = &toks[j - 1];
            if !matches!(t.kind, TokenKind::Arabic) || (person_of[j - 1] != u32::MAX && person_of[j - 1] != f.actor) {
                break;
            }
            if TITLE_KEYS.contains(doc.match_key(t).as_str()) {
                // A title word governs the title after it only when that one
                // is in construct (نائب رئيس الوزراء), not when it is
                // definite (مستشار الرئيس الإيراني: the name is the president's).
                if title_at.is_some_and(|k| toks[k].clitics.proclitics().next().is_some()) {
                    break;
                }
                title_at = Some(j - 1);
            } else if title_at.is_some() && !in_name[j - 1] {
                // A word before the title that is not part of a name: the
                // apposition has begun.
                break;
            }
            j -= 1;
        }
        let Some(s) = title_at else { continue };
        let first = &toks[s];
        let skip = skip_of(doc, s);
        let start = doc.to_original(first.nstart as usize + skip..first.nend as usize).start;
        let end = toks[f.start - 1].end as usize;
        let text = span(start, end).text;
        let Some(&idx) = slot.get(&f.actor) else { continue };
        if !out[idx].roles.iter().any(|r| r.text == text) {
            let title = doc.layers().norm()[first.nstart as usize + skip..toks[f.start - 1].nend as usize].to_string();
            let affiliation = affiliation(actors, matches, offices, s, f.start).or_else(|| {
                // A bare title (الرئيس): the organ the person acts for.
                let code = &actors.get(f.actor).code;
                (!code.is_empty()).then(|| code.clone())
            });
            out[idx].roles.push(Role { title, text, affiliation });
        }
    }
}

/// The actor a title over tokens `start..end` names: its office's organ
/// (وزير الخارجية الأمريكي → USAGOV), else the organ, state or loaded name
/// inside it (قائد جيش الاحتلال → ISRMIL).
fn affiliation(
    actors: &Actors<'_>,
    matches: &[Match<'_>],
    offices: &[OfficeMatch],
    start: usize,
    end: usize,
) -> Option<String> {
    let kb = actors.kb;
    if let Some(om) = offices.iter().find(|o| o.token_start >= start && o.token_end <= end) {
        let state = &kb.actor(om.state).id;
        let organ = format!("{state}{}", kb.office(om.office).suffix);
        return Some(if kb.index(&organ).is_some() { organ } else { state.clone() });
    }
    let inside = matches.iter().filter(|m| m.token_start >= start && m.token_end <= end);
    let mut best: Option<(u8, u32)> = None;
    for m in inside {
        let Some(a) = m.actor else { continue };
        let rank = match m.via {
            Via::Organ => 0,
            Via::Name | Via::Metonym | Via::LoadedName => 1,
            _ => 2,
        };
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, a));
        }
    }
    best.map(|(_, a)| kb.actor(a).id.clone())
}
