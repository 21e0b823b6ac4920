//! Events: who did what to whom, when and where, from a trigger lexicon
//! (`data/events/triggers.tsv`, compiled by the build script) and the
//! actors, times and quotes already found.
//!
//! For each trigger word (a verb in any third-person form, or a verbal
//! noun) the clause around it gives the arguments:
//! - **source**: for a verb, the first actor after it that no preposition
//!   introduces (verb–subject order), else the nearest such actor before it
//!   (subject–verb); for a noun, the actor right after it (زيارة كوخافي),
//!   else the nearest one before it;
//! - **target**: the first other actor after the trigger introduced by one
//!   of the row's prepositions (`obj`: none); `بين X و Y` gives X → Y, and a
//!   source joined to another actor by و (التقى X و Y) makes a dyad;
//! - force suffered: the victims of a killing noun or a passive (مقتل X،
//!   قتل جنديان، اغتيل X، تعرض X لهجوم) are the target; a plural verb
//!   (خطفوا) has its object after it; protesters named (المتظاهرون) are a
//!   protest aimed at the next actor named;
//! - a person acts for the organ or state they serve (`source_person` keeps
//!   the person);
//! - **date**: the nearest date in the sentence, else the publication date
//!   (`date_text` is then null: inferred);
//! - **location**: في + a place or state after the trigger;
//! - **factuality** from the words before the trigger (لم، سوف، يعتزم، إذا،
//!   أنباء عن), and `in_quote` from the quote it sits in.
//!
//! The same event told again (same type, source and target, no other date)
//! is one event; the later triggers are its `mentions`.

mod lexicon;
// The build script's reader of the trigger file, compiled here for its tests.
#[cfg(test)]
mod source;

use marsad_text::{Document, Proclitic, TokenKind};
use rustc_hash::FxHashMap;

use crate::contract::{Actor, Event, Factuality, Quote, Span, Time, TimeKind};
use lexicon::Form;

/// What the extractor reads.
pub(crate) struct Inputs<'x, 'a> {
    pub(crate) doc: &'x Document<'a>,
    pub(crate) actors: &'x [Actor],
    pub(crate) times: &'x [Time],
    pub(crate) quotes: &'x [Quote],
    pub(crate) published: Option<&'x str>,
    pub(crate) span: &'x dyn Fn(usize, usize) -> Span,
}

/// What every trigger of a document looks at, indexed once so that each
/// trigger costs time in its window only (a long article stays linear).
struct Cx<'x, 'a> {
    x: &'x Inputs<'x, 'a>,
    /// Outermost actor mentions, in text order, not overlapping.
    args: Vec<Arg>,
    /// Dated times: (first token, end token, index in `times`), in text order.
    times: Vec<(usize, usize, usize)>,
    by_id: FxHashMap<&'x str, &'x Actor>,
    /// Quotes by start.
    quotes: Vec<&'x Quote>,
}

impl Cx<'_, '_> {
    /// Mentions starting in `from..to`.
    fn starting_in(&self, from: usize, to: usize) -> &[Arg] {
        let a = self.args.partition_point(|m| m.first < from);
        let b = self.args.partition_point(|m| m.first < to);
        &self.args[a..b.max(a)]
    }

    fn actor(&self, a: &Arg) -> &Actor {
        &self.x.actors[a.actor]
    }

    /// The state an actor id belongs to (itself when unknown).
    fn state<'s>(&'s self, id: &'s str) -> &'s str {
        self.by_id.get(id).map_or(id, |a| country_of(a))
    }
}

/// An actor mention as tokens.
#[derive(Debug, Clone, Copy)]
struct Arg {
    first: usize,
    end: usize,
    actor: usize,
}

/// How far from the trigger arguments are looked for, in tokens.
const AHEAD: usize = 12;
const BEHIND: usize = 10;
/// Counts before the people a verb acted on (قتل خمسة، قتل عشرات).
const COUNTS: &[&str] =
    &["اثنان", "اثنين", "ثلاثه", "اربعه", "خمسه", "سته", "سبعه", "ثمانيه", "تسعه", "عشره", "عشرات", "مئات"];
/// Nouns of people that a verb right before suffered (قتل جنديان، قتل مدنيون):
/// the verb reads as a passive.
const PEOPLE: &[&str] = &[
    "شخص",
    "شخصا",
    "اشخاص",
    "شخصان",
    "شخصين",
    "جندي",
    "جنديا",
    "جنديان",
    "جنديين",
    "جنود",
    "مدني",
    "مدنيا",
    "مدنيان",
    "مدنيين",
    "مدنيون",
    "مواطن",
    "مواطنا",
    "مواطنان",
    "مواطنين",
    "مواطنون",
    "طفل",
    "طفلا",
    "اطفال",
    "شرطي",
    "شرطيا",
    "شرطيان",
    "شرطيين",
    "عنصر",
    "عناصر",
    "مسلح",
    "مسلحا",
    "مسلحين",
    "مسلحون",
];
/// How far back a condition (إذا، لو، في حال) governs a trigger, in tokens.
const CONDITION_REACH: usize = 24;
/// Forms of تعرض ل "be exposed to, suffer".
const EXPOSED: &[&str] = &["تعرض", "تعرضت", "تعرضوا", "تعرضا", "يتعرض", "تتعرض", "يتعرضون", "تعرضه", "تعرضها"];
/// How far after a joint act its other parties may be named (بينها X), in tokens.
const AMONG_AHEAD: usize = 16;
/// How far after a protest its target may be named, in tokens.
const PROTEST_AHEAD: usize = 30;

/// Words that end the search for arguments.
fn is_boundary(doc: &Document, i: usize) -> bool {
    let t = &doc.tokens()[i];
    t.kind == TokenKind::Punct && matches!(doc.text(t), "." | "؛" | ":" | "\"" | "«" | "»" | "“" | "”" | "؟" | "!")
}

/// The preposition before a mention starting at token `i`, as a key.
fn preposition(doc: &Document, i: usize) -> Option<&'static str> {
    let t = &doc.tokens()[i];
    for p in t.clitics.proclitics() {
        match p {
            Proclitic::Bi => return Some("ب"),
            Proclitic::Li => return Some("ل"),
            _ => {}
        }
    }
    // على 5 إيرانيين، ضد عشرات المدنيين: look past a count.
    let mut j = i.checked_sub(1)?;
    for _ in 0..2 {
        let t = doc.tokens().get(j)?;
        let quantity =
            t.kind == TokenKind::Number || key_is(doc, j, &["عدد", "بعض", "عشرات", "مئات", "الاف", "كل", "جميع"]);
        if !quantity || j == 0 {
            break;
        }
        j -= 1;
    }
    // مع #روسيا: the hashtag sign is no word.
    if doc.tokens().get(j).is_some_and(|t| doc.text(t) == "#") {
        j = j.checked_sub(1)?;
    }
    let prev = doc.tokens().get(j)?;
    let key = doc.stem_key(prev);
    // خمسة من الجنود، عددا من زعماء طالبان: a part of them, not a preposition.
    if key == "من" && j > 0 && is_count(doc, j - 1) {
        return None;
    }
    const PREPS: [(&str, &str); 14] = [
        ("اتجاه", "باتجاه"),
        ("الي", "إلى"),
        ("مع", "مع"),
        ("علي", "على"),
        ("ضد", "ضد"),
        ("عن", "عن"),
        ("من", "من"),
        ("في", "في"),
        ("بين", "بين"),
        ("لدي", "لدى"),
        ("تجاه", "تجاه"),
        ("نحو", "نحو"),
        ("امام", "أمام"),
        ("بحق", "ضد"),
    ];
    PREPS.iter().find(|(k, _)| *k == key).map(|(_, p)| *p)
}

/// A number or a counting word at token `i` (خمسة، 28، عشرات، عددا، أحد).
fn is_count(doc: &Document, i: usize) -> bool {
    doc.tokens().get(i).is_some_and(|t| t.kind == TokenKind::Number)
        || key_is(doc, i, COUNTS)
        || key_is(doc, i, &["عدد", "عددا", "احد", "بعض", "عشرين", "ثلاثين", "اربعين", "خمسين", "مئه", "الف"])
}

/// Whether و joins token `i` to what comes before: as its proclitic (وروسيا)
/// or standing alone before it.
fn wa_before(doc: &Document, i: usize) -> bool {
    let toks = doc.tokens();
    toks.get(i).is_some_and(|t| t.clitics.proclitics().any(|p| p == Proclitic::Wa))
        || i.checked_sub(1).and_then(|j| toks.get(j)).is_some_and(|t| doc.text(t) == "و")
}

fn key_is(doc: &Document, i: usize, words: &[&str]) -> bool {
    doc.tokens().get(i).is_some_and(|t| {
        let k = doc.stem_key(t);
        let k = k.strip_prefix("ال").unwrap_or(k);
        words.contains(&k)
    })
}

/// The state or organ an actor acts for, and the person when it is one.
fn acting(a: &Actor) -> (String, Option<String>) {
    if a.kind == "person" {
        let org = a
            .roles
            .iter()
            .find_map(|r| r.affiliation.clone())
            .or_else(|| a.code.clone().filter(|c| !c.is_empty()))
            .or_else(|| a.country.clone());
        if let Some(org) = org {
            return (org, Some(a.id.clone()));
        }
    }
    (a.id.clone(), None)
}

fn country_of(a: &Actor) -> &str {
    a.country.as_deref().unwrap_or(a.id.as_str())
}

/// A city or an unknown place: where things happen, seldom who acts.
fn is_city(a: &Actor) -> bool {
    a.kind == "city" || a.id.starts_with("LOC:")
}

fn is_place(a: &Actor) -> bool {
    matches!(a.kind.as_str(), "country" | "city" | "region" | "territory" | "place")
}

/// A trigger found in the text: its row, how it reads, its tokens.
struct Trigger {
    entry: u16,
    form: Form,
    first: usize,
    end: usize,
}

/// The trigger starting at token `i`, if any.
fn trigger_at(doc: &Document, i: usize) -> Option<Trigger> {
    let toks = doc.tokens();
    let t = &toks[i];
    if t.kind != TokenKind::Arabic {
        return None;
    }
    let stem = doc.stem_key(t);
    let bare = stem.strip_prefix("ال").unwrap_or(stem);
    // The segmenter may cut a leading letter of the word itself (وصل → و +
    // صل): the whole word is looked up too.
    let whole = doc.key(t);
    // (key, read without an article the segmenter took off).
    let candidates =
        [(bare, true), (stem, true), (whole, false), (whole.strip_prefix(['و', 'ف']).unwrap_or(whole), false)];
    // Between a verb and a noun of the same spelling (رفضها), the noun after
    // a preposition or with the article.
    // Read only when two rows tie (rare), not at every word.
    let nominal = || {
        t.clitics.has_article()
            || t.clitics.proclitics().any(|p| matches!(p, Proclitic::Bi | Proclitic::Li))
            || i.checked_sub(1).is_some_and(|p| key_is(doc, p, &["عن", "علي", "في", "من", "الي", "بعد", "قبل", "خلال"]))
    };
    // The keys of the words after the trigger, read once for all rows that
    // need a word there: (key, stem key).
    let mut after: Option<Vec<(&str, &str)>> = None;
    let mut best: Option<(u16, Form, usize)> = None;
    for (c, &(k, stripped)) in candidates.iter().enumerate() {
        // The same lookup as an earlier candidate found nothing then either.
        if candidates[..c].contains(&(k, stripped)) {
            continue;
        }
        for &(e, form) in lexicon::lookup(k) {
            let entry = lexicon::entry(e);
            // A nominal trigger reads the noun with or without the article;
            // a verb never carries it, though it may begin with ال (التقى).
            if form != Form::Noun && stripped && t.clitics.has_article() {
                continue;
            }
            // A noun's required word follows it closely; a verb's may come
            // after its subject (وقّع وزير الدفاع بيني غانتس اتفاقية).
            let reach = if form == Form::Noun { 5 } else { 8 };
            let end = if entry.then.is_empty() {
                i + 1
            } else {
                let after = after.get_or_insert_with(|| {
                    toks.get(i + 1..(i + 8).min(toks.len()))
                        .unwrap_or_default()
                        .iter()
                        .map(|tk| (doc.key(tk), doc.stem_key(tk)))
                        .collect()
                });
                let window = &after[..after.len().min(reach - 1)];
                match window.iter().position(|&(key, s)| {
                    entry.then.iter().any(|w| *w == key || *w == s || s.strip_prefix("ال") == Some(w))
                }) {
                    Some(k) => i + 1 + k + 1,
                    None => continue,
                }
            };
            // The most specific row wins: one whose required word is there.
            let better = match best {
                None => true,
                Some((be, bf, _)) => {
                    let (bt, et) = (!lexicon::entry(be).then.is_empty(), !entry.then.is_empty());
                    (et && !bt) || (et == bt && form == Form::Noun && bf != Form::Noun && nominal())
                }
            };
            if better {
                best = Some((e, form, end));
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(entry, form, end)| Trigger { entry, form, first: i, end })
}

/// A verb in the dual (التقيا، وقعا، يجتمعان): its form less the dual
/// ending is a form of the same row.
fn is_dual(doc: &Document, tr: &Trigger) -> bool {
    if tr.form == Form::Noun {
        return false;
    }
    let t = &doc.tokens()[tr.first];
    // The segmenter may take a verb's ال for the article (التقيا): the whole word too.
    [doc.stem_key(t), doc.key(t)].into_iter().any(|key| dual_of(key, tr))
}

fn dual_of(key: &str, tr: &Trigger) -> bool {
    let found = |b: &str| lexicon::lookup(b).iter().any(|&(e, f)| e == tr.entry && f == tr.form);
    match tr.form {
        // التقيا → التقى (keyed with ى or ي).
        Form::Past => match key.strip_suffix("يا") {
            Some(b) => found(&format!("{b}ى")) || found(&format!("{b}ي")),
            None => key.strip_suffix('ا').is_some_and(found),
        },
        _ => key.strip_suffix("ان").is_some_and(found),
    }
}

/// The factuality of a trigger from the words before it.
fn factuality(doc: &Document, tr: &Trigger, sent_start: usize) -> Factuality {
    let toks = doc.tokens();
    let before = |n: usize| tr.first.saturating_sub(n).max(sent_start)..tr.first;
    if before(2).any(|j| key_is(doc, j, &["لم", "لن", "لا", "ما", "عدم", "دون", "غير", "نفي", "نفت"]))
    {
        return Factuality::Negated;
    }
    let sa = toks[tr.first].clitics.proclitics().any(|p| p == Proclitic::Sa);
    let future_words = ["سوف", "مقرر", "متوقع", "سيتم", "يرتقب", "مرتقب", "يتوقع"];
    if sa
        || before(3).any(|j| key_is(doc, j, &future_words))
        || key_is(doc, tr.end, &["مرتقب", "مرتقبه", "مقبل", "مقبله", "مقرر", "مقرره"])
    {
        return Factuality::Future;
    }
    let intent =
        ["يعتزم", "تعتزم", "ينوي", "تنوي", "يسعي", "تسعي", "يريد", "تريد", "رغبه", "استعداد", "مستعد", "مستعده"];
    if before(4).any(|j| key_is(doc, j, &intent)) {
        return Factuality::Intended;
    }
    // A condition governs its clause: looked for a few words back, so a
    // sentence with no punctuation stays linear.
    if before(CONDITION_REACH).any(|j| key_is(doc, j, &["اذا", "لو", "حال"])) {
        return Factuality::Hypothetical;
    }
    let hearsay = ["انباء", "تقارير", "للاشتباه", "اشتباه", "يشتبه", "متهم", "اتهام", "بتهمه", "تهمه", "مزاعم", "يزعم"];
    if before(6).any(|j| key_is(doc, j, &hearsay)) {
        return Factuality::Reported;
    }
    Factuality::Asserted
}

/// The events of a document (see the module documentation).
pub(crate) fn events(x: &Inputs) -> Vec<Event> {
    let doc = x.doc;
    let toks = doc.tokens();
    if toks.is_empty() {
        return Vec::new();
    }
    // Mentions as token ranges, in text order.
    let mut args: Vec<Arg> = Vec::new();
    for (k, a) in x.actors.iter().enumerate() {
        for m in &a.mentions {
            let first = toks.partition_point(|t| (t.end as usize) <= m.start);
            let end = toks.partition_point(|t| (t.start as usize) < m.end);
            if first < end {
                args.push(Arg { first, end, actor: k });
            }
        }
    }
    args.sort_by_key(|a| (a.first, std::cmp::Reverse(a.end)));
    // Keep the outermost of nested mentions (رئيس أركان جيش الاحتلال أفيف كوخافي).
    let mut outer: Vec<Arg> = Vec::with_capacity(args.len());
    for a in args {
        if outer.last().is_none_or(|o| a.first >= o.end) {
            outer.push(a);
        }
    }
    let args = outer;
    let mut in_arg = vec![false; toks.len()];
    for a in &args {
        in_arg[a.first..a.end].iter_mut().for_each(|b| *b = true);
    }
    let times: Vec<(usize, usize, usize)> = x
        .times
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TimeKind::Date | TimeKind::Ref) && t.value.is_some())
        .map(|(k, t)| {
            (
                toks.partition_point(|x| (x.end as usize) <= t.span.start),
                toks.partition_point(|x| (x.start as usize) < t.span.end),
                k,
            )
        })
        .collect();

    let mut quotes: Vec<&Quote> = x.quotes.iter().collect();
    quotes.sort_by_key(|q| q.span.start);
    let by_id = x.actors.iter().map(|a| (a.id.as_str(), a)).collect();
    let cx = Cx { x, args, times, by_id, quotes };
    let mut out: Vec<Event> = Vec::new();
    let mut seen = Seen::default();
    let mut local: Vec<Event> = Vec::new();
    let mut pair: Option<Pair> = None;
    for (s_idx, sent) in doc.sentences().iter().enumerate() {
        let (s0, s1) = (sent.tokens.start as usize, sent.tokens.end as usize);
        let mut i = s0;
        while i < s1 {
            if in_arg[i] {
                i += 1;
                continue;
            }
            let Some(tr) = trigger_at(doc, i) else {
                i += 1;
                continue;
            };
            i = tr.end;
            let ev = event(&cx, &tr, pair.as_ref(), s_idx, s0, s1);
            if let Some(e) = ev.as_ref().filter(|e| matches!(e.kind.as_str(), "CONSULT" | "AGREE" | "COOPERATE")) {
                if let (Some(s), Some(t)) = (&e.source, &e.target) {
                    pair = Some((s.clone(), t.clone(), e.source_person.clone(), e.target_person.clone()));
                }
            }
            local.extend(ev);
        }
        for ev in fold_bare(&mut local) {
            merge(&mut out, &mut seen, ev);
        }
    }
    out
}

/// A sentence's events with every event that names no actor folded into one
/// of the same type and factuality that does (سيارة مفخخة فجرت حافلة للحرس
/// الثوري: one bombing, two triggers).
fn fold_bare(local: &mut Vec<Event>) -> impl Iterator<Item = Event> + '_ {
    let bare = |e: &Event| e.source.is_none() && e.target.is_none();
    // The first event of each (type, factuality) that names an actor.
    let mut full: FxHashMap<(String, u8), usize> = FxHashMap::default();
    for (k, e) in local.iter().enumerate().filter(|(_, e)| !bare(e)) {
        full.entry((e.kind.clone(), e.factuality as u8)).or_insert(k);
    }
    let mut slots: Vec<Option<Event>> = local.drain(..).map(Some).collect();
    if !full.is_empty() {
        for k in 0..slots.len() {
            let into =
                slots[k].as_ref().filter(|e| bare(e)).and_then(|e| full.get(&(e.kind.clone(), e.factuality as u8)));
            if let Some(&f) = into {
                if let Some(e) = slots[k].take() {
                    if let Some(t) = slots[f].as_mut() {
                        t.mentions.push(e.trigger);
                    }
                }
            }
        }
    }
    local.extend(slots.into_iter().flatten().map(|mut e| {
        e.mentions.sort_by_key(|m| m.start);
        e
    }));
    local.drain(..)
}

/// Events told so far by (type, source, target, factuality).
type Seen = FxHashMap<(String, Option<String>, Option<String>, u8), Vec<usize>>;

/// Adds `ev`, or joins it to the same event told before (`seen` indexes
/// events by type, source, target and factuality).
fn merge(out: &mut Vec<Event>, seen: &mut Seen, ev: Event) {
    let key = (ev.kind.clone(), ev.source.clone(), ev.target.clone(), ev.factuality as u8);
    let same = seen.get(&key).and_then(|ks| {
        ks.iter().copied().find(|&k| {
            let e = &out[k];
            e.date == ev.date || e.date_text.is_none() || ev.date_text.is_none()
        })
    });
    match same {
        Some(k) => {
            let e = &mut out[k];
            if e.date_text.is_none() && ev.date_text.is_some() {
                e.date.clone_from(&ev.date);
                e.date_text.clone_from(&ev.date_text);
            }
            e.mentions.push(ev.trigger);
        }
        None => {
            seen.entry(key).or_default().push(out.len());
            out.push(ev);
        }
    }
}

/// The two sides of the last act done together (source, target and their
/// persons), for a later dual verb that names neither (التقيا، وقعا).
type Pair = (String, String, Option<String>, Option<String>);

fn event(cx: &Cx, tr: &Trigger, pair: Option<&Pair>, sentence: usize, s0: usize, s1: usize) -> Option<Event> {
    let x = cx.x;
    let doc = x.doc;
    let toks = doc.tokens();
    let entry = lexicon::entry(tr.entry);
    // The window: up to a boundary on either side, inside the sentence.
    let mut hi = tr.end;
    while hi < s1 && hi < tr.end + AHEAD && !is_boundary(doc, hi) {
        hi += 1;
    }
    let mut lo = tr.first;
    while lo > s0 && lo + BEHIND > tr.first && !is_boundary(doc, lo - 1) {
        lo -= 1;
    }
    // Arguments may come between a trigger and its required word (قطع
    // المغرب علاقاته).
    let from = tr.first + 1;
    let after: Vec<(Arg, Option<&str>)> =
        cx.starting_in(from, hi).iter().filter(|a| a.end <= hi).map(|a| (*a, preposition(doc, a.first))).collect();
    let before: Vec<(Arg, Option<&str>)> = cx
        .starting_in(lo, tr.first)
        .iter()
        .rev()
        .filter(|a| a.end <= tr.first)
        .map(|a| (*a, preposition(doc, a.first)))
        .collect();
    let bare = |(a, p): &&(Arg, Option<&str>)| p.is_none() && !is_city(&x.actors[a.actor]);
    // بين X و Y (not بينها X: "among them X").
    let between = after.iter().position(|(a, p)| {
        *p == Some("بين") && a.first > 0 && toks[a.first - 1].clitics.enclitic().is_none() && after.len() > 1
    });
    // The noun of a transitive act with one actor after it names who
    // suffered it (مقتل خمسة عراقيين، اعتقال الناشط); with a target after a
    // preposition (قصف إسرائيل لغزة) the first is the agent. A verb right
    // before a count reads as a passive (قتل جنديان أمريكيان).
    let governs = |pairs: &[(Arg, Option<&str>)]| !pairs.iter().any(|(_, p)| matches!(*p, Some("ل" | "على" | "ضد")));
    // A people word or a nationality in the plural or dual (قتل عراقيان).
    let people = |i: usize| {
        key_is(doc, i, PEOPLE)
            || cx.starting_in(i, i + 1).first().is_some_and(|a| {
                let k = doc.stem_key(&toks[i]);
                cx.actor(a).kind == "country" && ["يان", "يون", "يين"].iter().any(|e| k.ends_with(e))
            })
    };
    let counted =
        |i: usize| toks.get(i).is_some_and(|t| t.kind == TokenKind::Number) || key_is(doc, i, COUNTS) || people(i);
    // قوات الأمن قتلت ثلاثة متشددين: a subject right before the verb makes
    // it active.
    let subject_before = before.first().is_some_and(|(a, p)| p.is_none() && a.end + 1 >= tr.first);
    // ثلاثة عراقيين قتلوا وأصيب آخرون: a counted subject with no object
    // after the verb suffered it.
    let counted_subject = tr.form == Form::Past
        && before.first().is_some_and(|(a, p)| p.is_none() && a.end == tr.first && a.first > 0 && counted(a.first - 1))
        && !after.iter().any(|(a, p)| p.is_none() && a.first < from + 3)
        && !counted(from);
    let patient = entry.target.contains(&"obj")
        && matches!(entry.plover, "ASSAULT" | "COERCE")
        && ((tr.form == Form::Noun && governs(&after))
            || (tr.form == Form::Past && ((counted(from) && !subject_before) || counted_subject)));
    // تعرضت القافلة لهجوم، تعرض السيستاني لمحاولة اغتيال: what was exposed
    // to the attack suffered it.
    let exposed = (entry.plover == "ASSAULT" && tr.form == Form::Noun)
        .then(|| {
            let li = |j: usize| toks[j].clitics.proclitics().any(|p| p == Proclitic::Li);
            let lam = li(tr.first) || (tr.first > s0 && li(tr.first - 1) && key_is(doc, tr.first - 1, &["محاوله"]));
            if !lam {
                return None;
            }
            let v = (lo..tr.first).rev().find(|&j| key_is(doc, j, EXPOSED))?;
            cx.starting_in(v + 1, tr.first)
                .iter()
                .find(|a| a.end <= tr.first)
                .or_else(|| before.iter().map(|(a, _)| a).find(|a| a.end == v))
                .copied()
        })
        .flatten();
    let (source, target) = if let Some(victim) = exposed {
        (None, Some(victim))
    } else if entry.target.contains(&"subj") {
        // A passive (اغتيل كرامي، جنود أصيبوا): its subject suffered it; the
        // agent, when named, follows على يد or من قبل.
        let victim = after
            .iter()
            .filter(bare)
            .find(|(a, _)| a.first < from + 4)
            .or_else(|| before.iter().filter(bare).find(|(a, _)| a.end + 2 >= tr.first))
            .map(|(a, _)| *a);
        (agent_after(doc, &after), victim)
    } else if entry.target.contains(&"self") {
        // The trigger names the actors (متظاهرون): their nationality or
        // group stands right next to it (العراقيين المحتجين، متظاهرون فلسطينيون).
        let src = after
            .iter()
            .filter(bare)
            .find(|(a, _)| a.first <= from)
            .or_else(|| before.iter().filter(bare).find(|(a, _)| a.end == tr.first))
            .map(|(a, _)| *a);
        let tgt = after
            .iter()
            .filter(|(a, p)| src.is_none_or(|s| a.first >= s.end) && p.is_some_and(|p| entry.target.contains(&p)))
            .map(|(a, _)| *a)
            .next();
        (src, tgt)
    } else if patient {
        // مقتل اثنين من جنوده: the victims belong to the actor just named.
        let own_people = (from..(from + 4).min(s1)).any(|j| {
            toks[j].clitics.enclitic().is_some() && key_is(doc, j, &["جنود", "عناصر", "افراد", "مقاتلي", "حراس"])
        });
        let victim = after
            .iter()
            .filter(bare)
            .find(|(a, _)| a.first < from + 4)
            .or_else(|| before.first().filter(|_| counted_subject))
            .or_else(|| before.iter().filter(bare).find(|(a, _)| own_people && a.end + 4 >= tr.first))
            .map(|(a, _)| *a);
        // The agent follows: مقتل X برصاص الشرطة، على يد مسلحين، بنيران الجيش.
        (agent_after(doc, &after), victim)
    } else if let Some(k) = between {
        (Some(after[k].0), after.get(k + 1).map(|(a, _)| *a))
    } else {
        let near = match tr.form {
            Form::Noun => 2,
            _ => 5,
        };
        // Subject–verb: an actor right before a verb is its subject (إدارة
        // ترامب هددت طهران); otherwise verb–subject.
        let adjacent = before.iter().filter(bare).find(|(a, _)| a.end + 1 >= tr.first && tr.form != Form::Noun);
        // A verb agreeing in the plural (خطفوا، يطلقون) follows its subject
        // or carries it: the actor after it is its object.
        let stem = doc.stem_key(&toks[tr.first]);
        let plural = match tr.form {
            Form::Past => stem.ends_with("وا"),
            Form::Present => stem.ends_with("ون"),
            Form::Noun => false,
        };
        let src = adjacent
            .or_else(|| after.iter().filter(bare).find(|(a, _)| a.first < from + near && !plural))
            // A noun's actor stands next to it (أجرى X زيارة); a verb's may
            // be further back (X، الذي …، هاجم).
            // An attack or a protest named by a noun (سيارة مفخخة، انفجار)
            // takes only an actor right before it.
            .or_else(|| {
                let reach = if matches!(entry.plover, "ASSAULT" | "PROTEST") { 2 } else { 6 };
                before.iter().filter(bare).find(|(a, _)| tr.form != Form::Noun || a.end + reach >= tr.first)
            })
            .map(|(a, _)| *a)
            .map(|a| appositive(cx, a));
        // دعا الحلف والاتحاد الأوروبي موسكو: an actor joined to the subject
        // by و acts with it.
        let co_agent = |a: &Arg| src.is_some_and(|s| a.first <= s.end + 1 && wa_before(doc, a.first));
        let tgt = after
            .iter()
            .filter(|(a, _)| src.is_none_or(|s| a.first >= s.end) && !co_agent(a))
            .find(|(a, p)| {
                let prep = p.unwrap_or("obj");
                entry.target.contains(&prep) && src.is_none_or(|s| x.actors[s.actor].id != x.actors[a.actor].id)
            })
            .map(|(a, _)| *a);
        (src, tgt)
    };
    // التقى X و Y، X و Y يجتمعان: a dyad, X → Y.
    let reciprocal = entry.target.iter().any(|p| matches!(*p, "مع" | "بين"));
    let dual = reciprocal && is_dual(doc, tr);
    // X، رئيس …، وY، زعيم …، سيجتمعان: a dual verb's two subjects before it.
    let (source, mut target) = match (dual, target) {
        (true, None) => {
            // Two subjects with their titles reach further back than one.
            let from = s0.max(tr.first.saturating_sub(2 * BEHIND));
            let mut near = cx
                .starting_in(from, tr.first)
                .iter()
                .rev()
                .filter(|a| a.end <= tr.first && preposition(doc, a.first).is_none() && !is_city(cx.actor(a)))
                .copied();
            let pair = near.next().and_then(|b| {
                // Not the title beside the same person (زعيم كوريا الشمالية، كيم).
                let side = |a: &Arg| {
                    let org = acting(cx.actor(a)).0;
                    crate::contract::cameo_state(&org).unwrap_or_else(|| cx.state(&org)).to_string()
                };
                let a = near.find(|a| side(a) != side(&b))?;
                let wa = (a.end..=b.first).any(|j| wa_before(doc, j));
                (wa && b.first <= a.end + 8).then_some((a, b))
            });
            match pair {
                Some((a, b)) => (Some(a), Some(b)),
                None => (source, None),
            }
        }
        _ => (source, target),
    };
    let mut source = source;
    if let (Some(s), None) = (source, target) {
        let joined = |a: &Arg, b: &Arg| {
            let gap = b.first.saturating_sub(a.end);
            wa_before(doc, b.first) && gap <= 4 && x.actors[a.actor].id != x.actors[b.actor].id
        };
        // Only acts done with someone (مع، بين: meet, agree, clash) make a
        // dyad; زار X و Y is two visitors.
        if reciprocal {
            let next = cx.starting_in(s.end, s.end + 6).iter().find(|b| b.end <= hi.max(s.end) && joined(&s, b));
            if let Some(next) = next {
                target = Some(appositive(cx, *next));
            } else if let Some(prev) =
                cx.starting_in(lo, s.first).iter().rev().find(|a| a.end <= s.first && joined(a, &s))
            {
                source = Some(appositive(cx, *prev));
                target = Some(s);
            }
        }
    }
    let (source, source_person) = match source {
        Some(a) => {
            let (org, person) = acting(&x.actors[a.actor]);
            (Some(org), person)
        }
        None => (None, None),
    };
    let (target, target_person) = match target {
        Some(a) => {
            let (org, person) = acting(&x.actors[a.actor]);
            (Some(org), person)
        }
        None => (None, None),
    };
    // التقيا with no one named: the two who last acted together.
    let (source, target, source_person, target_person) = match pair {
        Some((s, t, sp, tp)) if dual && source.is_none() && target.is_none() => {
            (Some(s.clone()), Some(t.clone()), sp.clone(), tp.clone())
        }
        _ => (source, target, source_person, target_person),
    };
    // An organ acting on its own state (AREGOV → ARE) is a misreading.
    let state = |id: &str| cx.state(id).to_string();
    let target =
        target.filter(|t| source.as_deref().is_none_or(|s| s != t.as_str() && !(state(s) == *t || state(t) == *s)));
    // Force and protest are news without a named actor (قتل 5 أشخاص في
    // تفجير، تظاهر الآلاف); other events need one.
    if source.is_none() && target.is_none() && !matches!(entry.plover, "ASSAULT" | "PROTEST") {
        return None;
    }
    let location = after
        .iter()
        .find(|(a, p)| *p == Some("في") && is_place(&x.actors[a.actor]))
        .map(|(a, _)| country_of(&x.actors[a.actor]).to_string())
        .or_else(|| {
            // وصل إلى المغرب: the place visited.
            (entry.plover == "CONSULT" && entry.target.contains(&"إلى"))
                .then(|| after.iter().find(|(a, p)| *p == Some("إلى") && is_place(&x.actors[a.actor])))
                .flatten()
                .map(|(a, _)| x.actors[a.actor].id.clone())
        });
    // وقّع اتفاقية في المغرب، عقد محادثات في الرباط: agreeing or meeting in
    // another state is doing it with that state.
    let target = target.or_else(|| {
        let place = location.as_deref()?;
        let is_state = cx.by_id.get(place).is_some_and(|a| a.kind == "country");
        let other = source.as_deref().is_some_and(|s| s != place && state(s) != place);
        (matches!(entry.plover, "AGREE" | "CONSULT") && is_state && other).then(|| place.to_string())
    });
    // شارك المغرب في تدريب لقوات من ثماني دول، بينها إسرائيل: the others
    // taking part are named after بينها or منها.
    let target = target.or_else(|| {
        if !matches!(entry.plover, "COOPERATE" | "CONSULT" | "AGREE") {
            return None;
        }
        let far = (tr.end + AMONG_AHEAD).min(s1);
        (tr.end..far)
            .find(|&j| toks[j].clitics.enclitic().is_some() && key_is(doc, j, &["بين", "من"]))
            .and_then(|j| cx.starting_in(j + 1, j + 2).first())
            .filter(|a| a.end <= s1)
            .map(|a| acting(cx.actor(a)).0)
            .filter(|t| source.as_deref().is_some_and(|s| s != t.as_str() && state(s) != state(t)))
    });
    // Unnamed people killed where the text says (مقتل 18 شخصا في العراق):
    // the people of that state.
    let target = target.or_else(|| {
        if !(patient || counted_subject || entry.target.contains(&"subj")) {
            return None;
        }
        let p = (tr.end..(tr.end + 4).min(s1)).find(|&j| key_is(doc, j, PEOPLE))?;
        let place = after.iter().find(|(a, pr)| *pr == Some("في") && a.first <= p + 3 && a.first > p)?;
        let place = cx.actor(&place.0);
        (is_place(place)).then(|| place.country.clone()).flatten()
    });
    // A protest with no target introduced by a preposition is aimed at the
    // first actor named after it in the sentence (مطالبين برحيل باقييف،
    // «الموت لأمريكا»), not at a place it happens in.
    let target = target.or_else(|| {
        if entry.plover != "PROTEST" {
            return None;
        }
        let far = (tr.end + PROTEST_AHEAD).min(s1);
        cx.starting_in(tr.end, far)
            .iter()
            .filter(|a| a.end <= s1 && !is_place(cx.actor(a)))
            .map(|a| acting(cx.actor(a)).0)
            .find(|t| source.as_deref().is_none_or(|s| s != t.as_str() && state(s) != state(t)))
    });
    // The nearest date of the sentence.
    let (ta, tb) = (cx.times.partition_point(|t| t.0 < s0), cx.times.partition_point(|t| t.0 < s1));
    let date = cx.times[ta..tb.max(ta)]
        .iter()
        .filter(|(_, e, _)| *e <= s1)
        .min_by_key(|(f, e, _)| if *f >= tr.end { f - tr.end } else { tr.first.saturating_sub(*e) + 1 })
        .map(|&(_, _, k)| &x.times[k]);
    let (date, date_text) = match date {
        Some(t) => (t.value.clone(), Some(t.span.text.clone())),
        None => (x.published.map(str::to_string), None),
    };
    // The trigger word itself (its required word is a condition, not part of it).
    let first = &toks[tr.first];
    let skip = crate::actors::skip_of(doc, tr.first);
    let start = doc.to_original(first.nstart as usize + skip..first.nend as usize).start;
    let trigger = (x.span)(start, first.end as usize);
    // The innermost quote around the trigger: among the last few starting
    // before it (quotes nest only shallowly).
    let k = cx.quotes.partition_point(|q| q.span.start <= trigger.start);
    let in_quote =
        cx.quotes[..k].iter().rev().take(8).find(|q| trigger.end <= q.span.end).and_then(|q| q.speaker.clone());
    let factuality = factuality(doc, tr, s0);
    let confidence = 0.4
        + if source.is_some() { 0.2 } else { 0.0 }
        + if target.is_some() { 0.2 } else { 0.0 }
        + if date_text.is_some() { 0.1 } else { 0.0 };
    Some(Event {
        kind: entry.plover.to_string(),
        cameo: entry.cameo.to_string(),
        goldstein: entry.goldstein,
        quad_class: quad_class(entry.cameo),
        source,
        target,
        source_person,
        target_person,
        date,
        date_text,
        location,
        trigger,
        mentions: Vec::new(),
        sentence,
        factuality,
        in_quote,
        confidence,
    })
}

/// The agent of a passive or of the victim's reading of a noun: the actor
/// after على يد، من قبل، برصاص، بنيران.
fn agent_after(doc: &Document, after: &[(Arg, Option<&str>)]) -> Option<Arg> {
    after
        .iter()
        .find(|(a, _)| {
            a.first >= 1
                && (key_is(doc, a.first - 1, &["يد", "ايدي", "قبل"])
                    || (doc.tokens()[a.first - 1].clitics.proclitics().any(|p| p == Proclitic::Bi)
                        && key_is(doc, a.first - 1, &["رصاص", "نيران", "قصف", "غاره"])))
        })
        .map(|(a, _)| *a)
}

/// A title naming an organ followed by a person (قائد جيش الاحتلال أفيف
/// كوخافي، وزير الخارجية الأمريكي مايك بومبيو): the person acts.
fn appositive(cx: &Cx, a: Arg) -> Arg {
    cx.starting_in(a.end, a.end + 1)
        .first()
        .filter(|b| cx.actor(b).kind == "person" && cx.actor(&a).kind != "person")
        .copied()
        .unwrap_or(a)
}

/// CAMEO's quad class of a code: verbal/material cooperation, verbal/material
/// conflict.
fn quad_class(cameo: &str) -> u8 {
    match cameo.get(..2).and_then(|r| r.parse::<u8>().ok()).unwrap_or(0) {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_classes() {
        assert_eq!([quad_class("042"), quad_class("062"), quad_class("112"), quad_class("190")], [1, 2, 3, 4]);
    }

    #[test]
    fn the_lexicon_compiles_to_forms() {
        assert!(!lexicon::lookup("زار").is_empty());
        assert!(!lexicon::lookup("يزور").is_empty());
        assert!(lexicon::lookup("xyz").is_empty());
    }
}
