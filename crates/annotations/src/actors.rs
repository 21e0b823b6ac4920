//! Actors: knowledge-base mentions, coreference, roles and framing.
//!
//! Linking runs on the knowledge base's matches ([`marsad_kb::Kb::find`]),
//! then adds what the article itself tells: a bare organ head (الجيش) joins
//! the organ of that kind mentioned last; a surname alone (كوخافي) joins the
//! person whose full name the article gave; an apposition before a person's
//! name (قائد جيش الاحتلال أفيف كوخافي) becomes their role.

use marsad_kb::{ActorRec, Kb, Match, Via};
use marsad_text::chars::key_of;
use marsad_text::{Document, TokenKind};
use rustc_hash::FxHashMap;

use crate::contract::{Actor, Entity, EntityType, Framing, FramingKind, Mention, Span};

/// Words that open a title before a person's name.
const TITLE_WORDS: [&str; 18] = [
    "وزير",
    "وزيرة",
    "رئيس",
    "رئيسة",
    "قائد",
    "مدير",
    "متحدث",
    "ملك",
    "عاهل",
    "أمير",
    "ولي",
    "سفير",
    "زعيم",
    "أمين",
    "مستشار",
    "نائب",
    "مبعوث",
    "مرشد",
];

/// [`TITLE_WORDS`] as matching keys, with and without the article.
pub(crate) static TITLE_KEYS: std::sync::LazyLock<rustc_hash::FxHashSet<String>> =
    std::sync::LazyLock::new(|| TITLE_WORDS.iter().flat_map(|w| [key_of(w), key_of(&format!("ال{w}"))]).collect());

/// The linked actors of one document.
pub struct Linked {
    /// Named-entity mentions.
    pub entities: Vec<Entity>,
    /// Actors in order of first mention.
    pub actors: Vec<Actor>,
    /// Loaded names, titles and terms with counts.
    pub framing: Vec<Framing>,
}

/// One mention before grouping: token range, skip into the first token,
/// actor ([`Actors`] index), how it names the actor, confidence.
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub skip: usize,
    pub actor: u32,
    pub via: Via,
    pub confidence: f32,
}

/// The knowledge base's actors followed by the ones this article adds (names
/// the recognizer found outside the knowledge base).
pub(crate) struct Actors<'k> {
    pub kb: &'k Kb,
    pub local: Vec<ActorRec>,
    local_ids: FxHashMap<String, u32>,
}

impl<'k> Actors<'k> {
    fn new(kb: &'k Kb) -> Self {
        Actors { kb, local: Vec::new(), local_ids: FxHashMap::default() }
    }

    pub fn get(&self, i: u32) -> &ActorRec {
        match (i as usize).checked_sub(self.kb.len()) {
            Some(j) => &self.local[j],
            None => self.kb.actor(i),
        }
    }

    /// The index of `rec`, added if its id is new.
    pub fn add(&mut self, rec: ActorRec) -> u32 {
        if let Some(i) = self.kb.index(&rec.id) {
            return i;
        }
        let next = (self.kb.len() + self.local.len()) as u32;
        let i = *self.local_ids.entry(rec.id.clone()).or_insert(next);
        if i == next {
            self.local.push(rec);
        }
        i
    }
}

/// What linking reads besides the text: the knowledge base, the recognizer
/// (none: knowledge-base actors only) and the publication date (`YYYY-MM-DD`,
/// for office holders).
pub struct Context<'a> {
    /// The knowledge base.
    pub kb: &'a Kb,
    /// The named-entity recognizer.
    pub ner: Option<&'a marsad_ner::Model>,
    /// The publication date.
    pub published: Option<&'a str>,
}

/// Links the actors of `doc`. `span` builds an original span from byte offsets.
pub fn link(doc: &Document, cx: &Context<'_>, span: &dyn Fn(usize, usize) -> Span) -> Linked {
    let kb = cx.kb;
    let toks = doc.tokens();
    let matches = kb.find(doc);
    let mut found: Vec<Found> = Vec::new();
    let mut covered = vec![false; toks.len()];
    for m in &matches {
        covered[m.token_start..m.token_end].iter_mut().for_each(|c| *c = true);
        if let Some(a) = m.actor {
            found.push(Found {
                start: m.token_start,
                end: m.token_end,
                skip: m.skip,
                actor: disambiguate(doc, kb, m, a),
                via: m.via,
                confidence: match m.via {
                    Via::Name | Via::Organ => 0.9,
                    Via::LoadedName => 0.8,
                    _ => 0.7,
                },
            });
        }
    }
    let mut actors = Actors::new(kb);
    coreference(doc, &actors, &mut found, &mut covered);
    if let Some(ner) = cx.ner {
        // The recognizer reads the built-in knowledge base's matches: reuse
        // them when that is the knowledge base linked against.
        let builtin = std::ptr::eq(kb, Kb::builtin()).then_some(matches.as_slice());
        crate::unlinked::recognise(doc, ner, builtin, &mut actors, &mut found, &mut covered);
        coreference(doc, &actors, &mut found, &mut covered);
    }
    let offices = kb.find_offices(doc);
    crate::offices::holders(doc, &actors, &offices, cx.published, &mut found);
    found.sort_by_key(|f| (f.start, f.end));

    // Group mentions into actors, in order of first mention.
    let mut slot: FxHashMap<u32, usize> = FxHashMap::default();
    let mut out: Vec<Actor> = Vec::new();
    let mut entities = Vec::new();
    for f in &found {
        let idx = *slot.entry(f.actor).or_insert_with(|| {
            let r = actors.get(f.actor);
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            out.push(Actor {
                id: r.id.clone(),
                name_en: opt(&r.name_en),
                name_ar: opt(&r.name_ar),
                kind: r.kind.clone(),
                country: opt(&r.country),
                code: opt(&r.code),
                roles: Vec::new(),
                mentions: Vec::new(),
            });
            out.len() - 1
        });
        let first = &toks[f.start];
        let start = doc.to_original(first.nstart as usize + f.skip..first.nend as usize).start;
        let end = toks[f.end - 1].end as usize;
        let s = span(start, end);
        out[idx].mentions.push(Mention { start, end, text: s.text.clone() });
        if !matches!(f.via, Via::Demonym | Via::Office) {
            let kind = entity_type(&out[idx].kind);
            entities.push(Entity { span: s, kind, actor: Some(out[idx].id.clone()), confidence: f.confidence });
        }
    }
    crate::offices::roles(doc, &actors, &matches, &offices, &found, &mut out, &slot, span);
    let framing = framing(kb, &matches);
    Linked { entities, actors: out, framing }
}

/// Place names the knowledge base cannot tell apart by letters alone.
fn disambiguate(doc: &Document, kb: &Kb, m: &Match<'_>, actor: u32) -> u32 {
    let id = kb.actor(actor).id.as_str();
    // عمّان (Amman) and عُمان (Oman) differ only in marks the key drops.
    if id == "OMN" && m.token_end - m.token_start == 1 {
        let t = &doc.tokens()[m.token_start];
        if doc.text(t).contains('\u{0651}') {
            return kb.index("LOC:Amman").unwrap_or(actor);
        }
    }
    actor
}

/// Bare organ heads and surnames that refer back to an actor named earlier.
/// One pass in token order, so it stays linear in the article's length.
fn coreference(doc: &Document, actors: &Actors<'_>, found: &mut Vec<Found>, covered: &mut [bool]) {
    let toks = doc.tokens();
    found.sort_by_key(|f| f.start);
    // Surnames of the people named in full.
    let mut surnames: FxHashMap<String, u32> = FxHashMap::default();
    for f in found.iter() {
        if actors.get(f.actor).kind == "person" && f.end - f.start >= 2 {
            let last = &toks[f.end - 1];
            surnames.insert(doc.match_key(last), f.actor);
        }
    }
    // The last organ mentioned so far, by code suffix (MIL, GOV …).
    let mut last_organ: FxHashMap<&str, u32> = FxHashMap::default();
    // The last organisation named with a head noun (حلف شمال الأطلسي), by
    // that noun: الحلف later refers back to it.
    let mut last_head: FxHashMap<String, u32> = FxHashMap::default();
    let main = main_state(actors, found);
    let mut next = 0;
    let mut added = Vec::new();
    let mut mk = String::new();
    for (i, t) in toks.iter().enumerate() {
        while next < found.len() && found[next].end <= i {
            let a = actors.get(found[next].actor);
            if a.kind != "person" && a.code.len() == 6 {
                last_organ.insert(&a.code[3..], found[next].actor);
            }
            let f = &found[next];
            if f.end - f.start >= 2 && ORG_KINDS.contains(&a.kind.as_str()) {
                let head = doc.match_key(&toks[f.start]);
                let head = head.strip_prefix("ال").unwrap_or(&head);
                if ORG_HEADS.contains(&head) {
                    last_head.insert(format!("ال{head}"), f.actor);
                }
            }
            next += 1;
        }
        if covered[i] || t.kind != TokenKind::Arabic {
            continue;
        }
        mk.clear();
        doc.match_key_into(t, &mut mk);
        // الحلف alone, not الحلف الجديد (another one described).
        let described = || toks.get(i + 1).is_some_and(|n| doc.key(n).starts_with("ال"));
        if let Some(&org) = last_head.get(mk.as_str()).filter(|_| t.clitics.has_article() && !described()) {
            added.push(Found {
                start: i,
                end: i + 1,
                skip: skip_of(doc, i),
                actor: org,
                via: Via::Name,
                confidence: 0.6,
            });
        } else if let Some(&person) = surnames.get(mk.as_str()) {
            added.push(Found {
                start: i,
                end: i + 1,
                skip: t.clitics.stem_start as usize,
                actor: person,
                via: Via::Name,
                confidence: 0.8,
            });
        } else if let Some(suffix) = actors.kb.organ_head(&mk).filter(|_| {
            // رئيس الحكومة، وزير الجيش: the title's holder, not the organ.
            let after_title = i > 0 && TITLE_KEYS.contains(doc.match_key(&toks[i - 1]).as_str());
            !AMBIGUOUS_HEADS.contains(&mk) && !after_title
        }) {
            // The organ of that kind named last, else, for the heads that
            // stand for the article's own state (الجيش، الحكومة، البرلمان),
            // that state's.
            let actor = last_organ.get(suffix).copied().or_else(|| {
                let state = main.filter(|_| MAIN_STATE_HEADS.contains(&mk))?;
                actors.kb.index(&format!("{}{suffix}", actors.get(state).id))
            });
            if let Some(actor) = actor {
                added.push(Found {
                    start: i,
                    end: i + 1,
                    skip: skip_of(doc, i),
                    actor,
                    via: Via::Organ,
                    confidence: 0.6,
                });
            }
        }
    }
    for f in &added {
        covered[f.start..f.end].iter_mut().for_each(|c| *c = true);
    }
    found.extend(added);
}

/// Kinds of actor that a bare head noun can refer back to.
const ORG_KINDS: [&str; 5] = ["igo", "armed_group", "party", "ngo", "organisation"];
/// Head nouns of organisations' names (keys, without the article).
const ORG_HEADS: [&str; 7] = ["حلف", "حركه", "منظمه", "تنظيم", "جماعه", "حزب", "جبهه"];

/// Organ heads that are too often plain words alone (القضاء على: to
/// eliminate; الأمن: security) to be read as an organ.
static AMBIGUOUS_HEADS: std::sync::LazyLock<[String; 5]> =
    std::sync::LazyLock::new(|| ["القضاء", "الأمن", "الإدارة", "الدبلوماسية", "القوات"].map(key_of));
/// Bare heads that, with no organ of their kind named before, stand for the
/// article's own state's organ.
static MAIN_STATE_HEADS: std::sync::LazyLock<[String; 6]> =
    std::sync::LazyLock::new(|| ["الجيش", "الحكومة", "البرلمان", "الشرطة", "الرئاسة", "المخابرات"].map(key_of));

/// The state an article is about: the one named most, if clearly so (at
/// least twice, and more often than any other).
fn main_state(actors: &Actors<'_>, found: &[Found]) -> Option<u32> {
    let mut counts: FxHashMap<u32, usize> = FxHashMap::default();
    for f in found.iter().filter(|f| actors.get(f.actor).kind == "country") {
        *counts.entry(f.actor).or_default() += 1;
    }
    let mut ranked: Vec<(u32, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|&(a, n)| (std::cmp::Reverse(n), a));
    match ranked.as_slice() {
        [(a, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|(_, m)| m < n) => Some(*a),
        _ => None,
    }
}

/// Where a token's surface starts once non-article proclitics are dropped.
pub(crate) fn skip_of(doc: &Document, i: usize) -> usize {
    let t = &doc.tokens()[i];
    let key = doc.key(t);
    let mk = doc.match_key(t);
    if key.ends_with(mk.as_str()) {
        key.len() - mk.len()
    } else {
        t.clitics.stem_start as usize
    }
}

/// Loaded names, titles and terms, counted. A loaded title's actor is the
/// one named right after it (وزير حرب الاحتلال → ISR).
fn framing(kb: &Kb, matches: &[Match<'_>]) -> Vec<Framing> {
    let mut out: Vec<Framing> = Vec::new();
    for (i, m) in matches.iter().enumerate() {
        if m.term.is_empty() {
            continue;
        }
        let (kind, actor) = match m.via {
            Via::LoadedTitle => {
                let next = matches.get(i + 1).filter(|n| n.token_start == m.token_end).and_then(|n| n.actor);
                (FramingKind::LoadedTitle, next.map(|a| country_level(kb, a)))
            }
            Via::LoadedTerm => (FramingKind::LoadedTerm, None),
            _ => (FramingKind::LoadedName, m.actor.map(|a| country_level(kb, a))),
        };
        match out.iter_mut().find(|f| f.term == m.term && f.kind == kind && f.actor == actor) {
            Some(f) => f.count += 1,
            None => out.push(Framing { actor, term: m.term.to_string(), kind, count: 1 }),
        }
    }
    out
}

/// A state organ's state; any other actor itself.
fn country_level(kb: &Kb, a: u32) -> String {
    let r = kb.actor(a);
    if r.code.len() == 6 && r.code.starts_with(&r.country) && !r.country.is_empty() && r.kind != "person" {
        r.country.clone()
    } else {
        r.id.clone()
    }
}

pub(crate) fn entity_type(kind: &str) -> EntityType {
    match kind {
        "country" => EntityType::GPE,
        "person" => EntityType::PER,
        "region" | "city" | "territory" => EntityType::LOC,
        _ => EntityType::ORG,
    }
}
