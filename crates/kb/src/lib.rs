//! # marsad-kb
//!
//! The knowledge base of marsad: who can be in a story.
//!
//! Brief overview: [`Kb`] holds actors ([`ActorRec`]: states, state organs,
//! organisations, outlets, people, places) and the Arabic surfaces that name
//! them, compiled by `build.rs` from the reviewed files under `data/kb/`.
//! [`Kb::find`] matches them in a [`marsad_text::Document`] on matching keys,
//! through clitics (والرباط، بالمغرب، للولايات المتحدة), longest match first.
//! [`Kb::with_dir`] extends and overrides the built-in data with a user's
//! directory of files in the same format (see `data/kb/README.md`).
//!
//! ```
//! use marsad_kb::Kb;
//! use marsad_text::Document;
//!
//! let doc = Document::new("زار وزير الخارجية الأمريكي الرباط والجزائر");
//! let kb = Kb::builtin();
//! let ids: Vec<&str> = kb.find(&doc).iter().filter_map(|m| m.actor).map(|a| kb.actor(a).id.as_str()).collect();
//! assert_eq!(ids, ["USA", "MAR", "DZA"]); // الأمريكي is a demonym of USA
//! ```
#![deny(missing_docs)]

pub mod compile;
pub mod source;

use std::path::Path;
use std::sync::LazyLock;

use marsad_text::{Document, TokenKind};
use rustc_hash::FxHashMap;

pub use compile::{ActorRec, Holder, OfficeRec, Via};
pub use source::SourceError;

mod data {
    include!(concat!(env!("OUT_DIR"), "/kb_data.rs"));
}

/// A knowledge-base error.
#[derive(Debug, thiserror::Error)]
#[error("knowledge base: {kind}")]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be read or has a malformed line.
    #[error("{0}")]
    Source(SourceError),
    /// A framing term names an actor that is not defined.
    #[error("framing names undefined actors: {0:?}")]
    UndefinedActors(Vec<String>),
    /// A person's roles name offices that are not defined.
    #[error("roles name undefined offices: {0:?}")]
    UnknownOffices(Vec<String>),
}

#[derive(Debug, Clone)]
struct Hit {
    actor: u32,
    via: Via,
    term: Box<str>,
}

/// A knowledge-base match in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'k> {
    /// First token.
    pub token_start: usize,
    /// Past the last token.
    pub token_end: usize,
    /// The actor named, if any (loaded titles and terms name none).
    pub actor: Option<u32>,
    /// How the surface names it.
    pub via: Via,
    /// The framing term the surface carries, or empty.
    pub term: &'k str,
    /// Where the surface begins inside the first token's analysis layer,
    /// in bytes: after the proclitics it does not include (و in والرباط).
    pub skip: usize,
}

/// An office title in a document (الرئيس الأمريكي).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeMatch {
    /// First token.
    pub token_start: usize,
    /// Past the last token.
    pub token_end: usize,
    /// Where the title begins inside the first token's analysis layer.
    pub skip: usize,
    /// The state's actor index.
    pub state: u32,
    /// The office's index ([`Kb::office`]).
    pub office: u32,
}

/// Surfaces keyed by their tokens' keys, with the lengths (in tokens) of
/// the patterns starting with each first key.
#[derive(Debug, Clone)]
struct Table<T> {
    map: FxHashMap<Box<str>, T>,
    first: FxHashMap<Box<str>, Lengths>,
}

/// The pattern lengths for one first key: bit `n - 1` for a pattern of `n`
/// tokens, and the longest (capped at 255), so that lookups skip lengths
/// no pattern has. Lengths beyond the mask are always tried.
#[derive(Debug, Clone, Copy, Default)]
struct Lengths {
    mask: u64,
    max: u8,
}

impl Lengths {
    fn has(self, n: usize) -> bool {
        n > 64 || self.mask & (1 << (n - 1)) != 0
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table { map: FxHashMap::default(), first: FxHashMap::default() }
    }
}

impl<T> Table<T> {
    fn insert(&mut self, key: &str, value: T) {
        let mut parts = key.split(' ');
        let first = parts.next().unwrap_or_default();
        let n = 1 + parts.count();
        let e = self.first.entry(first.into()).or_default();
        e.max = e.max.max(n.min(u8::MAX as usize) as u8);
        if n <= 64 {
            e.mask |= 1 << (n - 1);
        }
        self.map.insert(key.into(), value);
    }

    /// Leftmost-longest, non-overlapping matches: (start, end, skip, value).
    fn find<'t>(&'t self, doc: &Document) -> Vec<(usize, usize, usize, &'t T)> {
        let toks = doc.tokens();
        let keys: Vec<&str> = toks.iter().map(|t| doc.key(t)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        let mut buf = String::new();
        let mut firsts = FirstKeys::default();
        while i < toks.len() {
            let t = &toks[i];
            if !matches!(t.kind, TokenKind::Arabic | TokenKind::Latin) {
                i += 1;
                continue;
            }
            first_keys(doc, i, &self.first, &mut buf, &mut firsts);
            let mut best: Option<(usize, &T, usize)> = None;
            for &(ref range, skip, lengths) in &firsts.found {
                let first = &firsts.text[range.clone()];
                for len in (1..=lengths.max as usize).rev() {
                    if i + len > toks.len() || best.is_some_and(|(l, _, _)| l >= len) || !lengths.has(len) {
                        continue;
                    }
                    buf.clear();
                    buf.push_str(first);
                    for k in &keys[i + 1..i + len] {
                        buf.push(' ');
                        buf.push_str(k);
                    }
                    if let Some(hit) = self.map.get(buf.as_str()) {
                        best = Some((len, hit, skip));
                        break;
                    }
                }
            }
            match best {
                Some((len, hit, skip)) => {
                    out.push((i, i + len, skip, hit));
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The first keys a token may start a surface with (see [`first_keys`]),
/// kept in one reused buffer.
#[derive(Default)]
struct FirstKeys {
    text: String,
    /// Each key's range in `text`, its skip and its pattern lengths.
    found: Vec<(std::ops::Range<usize>, usize, Lengths)>,
}

/// Actors and the surfaces that name them.
#[derive(Debug, Clone)]
pub struct Kb {
    actors: Vec<ActorRec>,
    by_id: FxHashMap<String, u32>,
    table: Table<Hit>,
    organ_heads: FxHashMap<Box<str>, Box<str>>,
    offices: Vec<OfficeRec>,
    office_table: Table<(u32, u32)>,
    holders: Vec<Holder>,
}

static BUILTIN: LazyLock<Kb> = LazyLock::new(|| {
    let actors = data::ACTORS
        .iter()
        .map(|&(id, kind, country, code, name_en, name_ar)| ActorRec {
            id: id.into(),
            kind: kind.into(),
            country: country.into(),
            code: code.into(),
            name_en: name_en.into(),
            name_ar: name_ar.into(),
        })
        .collect();
    let mut kb = Kb::empty(actors);
    for &(key, actor, via, term) in data::PATTERNS {
        kb.insert(key, Hit { actor, via: Via::from_u8(via), term: term.into() });
    }
    for &(key, suffix) in data::ORGAN_HEADS {
        kb.organ_heads.insert(key.into(), suffix.into());
    }
    kb.offices = data::OFFICES
        .iter()
        .map(|&(id, suffix, name_en)| OfficeRec { id: id.into(), suffix: suffix.into(), name_en: name_en.into() })
        .collect();
    for &(key, state, office) in data::OFFICE_PATTERNS {
        kb.office_table.insert(key, (state, office));
    }
    kb.holders = data::HOLDERS
        .iter()
        .map(|&(state, office, person, from, to)| Holder { state, office, person, from: from.into(), to: to.into() })
        .collect();
    kb
});

impl Kb {
    fn empty(actors: Vec<ActorRec>) -> Kb {
        let by_id = actors.iter().enumerate().map(|(i, a)| (a.id.clone(), i as u32)).collect();
        Kb {
            actors,
            by_id,
            table: Table::default(),
            organ_heads: FxHashMap::default(),
            offices: Vec::new(),
            office_table: Table::default(),
            holders: Vec::new(),
        }
    }

    fn insert(&mut self, key: &str, hit: Hit) {
        self.table.insert(key, hit);
    }

    /// The built-in knowledge base.
    pub fn builtin() -> &'static Kb {
        &BUILTIN
    }

    /// This knowledge base extended and overridden by the files in `dir`
    /// (same formats as `data/kb/`): an actor with a known id replaces the
    /// record, and a surface names what the user's files say.
    pub fn with_dir(&self, dir: &Path) -> Result<Kb, Error> {
        let src = source::read_dir(dir).map_err(|e| Error { kind: ErrorKind::Source(e) })?;
        let user = compile::compile(&src);
        let mut kb = self.clone();
        let mut remap = Vec::with_capacity(user.actors.len());
        for a in user.actors.iter().cloned() {
            let i = match kb.by_id.get(&a.id) {
                Some(&i) => {
                    kb.actors[i as usize] = a;
                    i
                }
                None => {
                    kb.actors.push(a.clone());
                    let i = (kb.actors.len() - 1) as u32;
                    kb.by_id.insert(a.id, i);
                    i
                }
            };
            remap.push(i);
        }
        let dangling: Vec<String> = src
            .framing
            .iter()
            .filter(|f| !f.actor.is_empty() && !kb.by_id.contains_key(&f.actor))
            .map(|f| f.actor.clone())
            .collect();
        if !dangling.is_empty() {
            return Err(Error { kind: ErrorKind::UndefinedActors(dangling) });
        }
        for p in &user.patterns {
            let actor = match (p.actor, p.via) {
                (u32::MAX, Via::LoadedName | Via::LoadedTitle) => {
                    // Framing of an actor defined only in the built-in KB.
                    src.framing
                        .iter()
                        .find(|f| f.term == p.term)
                        .and_then(|f| kb.by_id.get(&f.actor).copied())
                        .unwrap_or(u32::MAX)
                }
                (u32::MAX, _) => u32::MAX,
                (i, _) => remap.get(i as usize).copied().unwrap_or(u32::MAX),
            };
            kb.insert(&p.key, Hit { actor, via: p.via, term: p.term.as_str().into() });
        }
        for o in &src.organs {
            if let Some(key) = compile::pattern_key(&o.definite) {
                kb.organ_heads.insert(key.into(), o.suffix.as_str().into());
            }
        }
        kb.extend_offices(&src, &user, &remap)?;
        Ok(kb)
    }

    /// A user's offices (composed with the user's states) and tenures (of
    /// any office and state, built-in or the user's).
    fn extend_offices(&mut self, src: &source::Source, user: &compile::Compiled, remap: &[u32]) -> Result<(), Error> {
        let mut office_map = Vec::with_capacity(user.offices.len());
        for o in &user.offices {
            let i = match self.offices.iter().position(|x| x.id == o.id) {
                Some(i) => {
                    self.offices[i] = o.clone();
                    i
                }
                None => {
                    self.offices.push(o.clone());
                    self.offices.len() - 1
                }
            } as u32;
            office_map.push(i);
        }
        for p in &user.office_patterns {
            let (Some(&state), Some(&office)) = (remap.get(p.state as usize), office_map.get(p.office as usize)) else {
                continue;
            };
            self.office_table.insert(&p.key, (state, office));
        }
        let mut unknown = Vec::new();
        for e in &src.entities {
            let (Some(&person), Some(&state)) = (self.by_id.get(&e.id), self.by_id.get(&e.country)) else { continue };
            // The user's tenures replace the built-in ones of the same person.
            if !e.roles.is_empty() {
                self.holders.retain(|h| h.person != person);
            }
            for t in &e.roles {
                match self.offices.iter().position(|o| o.id == t.office) {
                    // In front: on a date both hold, the user's record wins.
                    Some(office) => self.holders.insert(
                        0,
                        Holder { state, office: office as u32, person, from: t.from.clone(), to: t.to.clone() },
                    ),
                    None => unknown.push(t.office.clone()),
                }
            }
        }
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(Error { kind: ErrorKind::UnknownOffices(unknown) })
        }
    }

    /// An office.
    pub fn office(&self, i: u32) -> &OfficeRec {
        &self.offices[i as usize]
    }

    /// Who held `office` of `state` on `date` (`YYYY-MM-DD`).
    pub fn holder_on(&self, state: u32, office: u32, date: &str) -> Option<u32> {
        self.holders_of(state, office)
            .find(|h| h.from.as_str() <= date && (h.to.is_empty() || date <= h.to.as_str()))
            .map(|h| h.person)
    }

    /// Everyone known to have held `office` of `state`.
    pub fn holders_of(&self, state: u32, office: u32) -> impl Iterator<Item = &Holder> {
        self.holders.iter().filter(move |h| h.state == state && h.office == office)
    }

    /// Office titles in `doc` (الرئيس الأمريكي، رئيس وزراء إسرائيل),
    /// leftmost-longest. They overlap [`Kb::find`]'s matches: the state or
    /// organ inside a title is still its own mention.
    pub fn find_offices(&self, doc: &Document) -> Vec<OfficeMatch> {
        self.office_table
            .find(doc)
            .into_iter()
            .map(|(token_start, token_end, skip, &(state, office))| OfficeMatch {
                token_start,
                token_end,
                skip,
                state,
                office,
            })
            .collect()
    }

    /// Number of actors.
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    /// Whether there are no actors.
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    /// Number of distinct surfaces (patterns).
    pub fn surfaces(&self) -> usize {
        self.table.map.len()
    }

    /// An actor by index.
    pub fn actor(&self, i: u32) -> &ActorRec {
        &self.actors[i as usize]
    }

    /// An actor's index by id.
    pub fn index(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The organ code suffix (MIL, GOV …) of a bare definite organ head such
    /// as الجيش, given its match key.
    pub fn organ_head(&self, key: &str) -> Option<&str> {
        self.organ_heads.get(key).map(|s| &**s)
    }

    /// Knowledge-base surfaces in `doc`, leftmost-longest, not overlapping.
    pub fn find(&self, doc: &Document) -> Vec<Match<'_>> {
        self.table
            .find(doc)
            .into_iter()
            .map(|(token_start, token_end, skip, hit)| Match {
                skip,
                token_start,
                token_end,
                actor: (hit.actor != u32::MAX).then_some(hit.actor),
                via: hit.via,
                term: &hit.term,
            })
            .collect()
    }
}

/// The keys a token may start a surface with, each with where the surface
/// begins inside the token: its match key, its whole key, and its key less
/// one proclitic letter when the segmenter kept an unknown word whole
/// (وكوخافي). Only keys that start some surface are kept, so most tokens
/// cost a lookup or two and no allocation.
fn first_keys(
    doc: &Document,
    i: usize,
    first: &FxHashMap<Box<str>, Lengths>,
    scratch: &mut String,
    out: &mut FirstKeys,
) {
    out.text.clear();
    out.found.clear();
    let t = &doc.tokens()[i];
    let key = doc.key(t);
    let mut push = |s: &str, skip: usize| {
        let Some(&lengths) = first.get(s) else { return };
        if !out.found.iter().any(|(r, _, _)| &out.text[r.clone()] == s) {
            let start = out.text.len();
            out.text.push_str(s);
            out.found.push((start..out.text.len(), skip, lengths));
        }
    };
    if t.kind == TokenKind::Arabic && t.clitics.is_split() {
        let stem = doc.stem_key(t);
        scratch.clear();
        if t.clitics.has_article() {
            scratch.push_str("ال");
        }
        scratch.push_str(stem);
        let skip =
            if key.ends_with(scratch.as_str()) { key.len() - scratch.len() } else { t.clitics.stem_start as usize };
        push(scratch, skip);
    }
    push(key, 0);
    if t.kind == TokenKind::Arabic && !t.clitics.is_split() {
        for p in ["و", "ف", "ب", "ل", "ك"] {
            let Some(rest) = key.strip_prefix(p) else { continue };
            if rest.chars().nth(2).is_some() {
                push(rest, p.len());
                if let Some(r2) = rest.strip_prefix("ل").filter(|_| p == "ل") {
                    // لل + stem: ل + ال + stem
                    scratch.clear();
                    scratch.push_str("ال");
                    scratch.push_str(r2);
                    push(scratch, p.len());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let kb = Kb::builtin();
        kb.find(&Document::new(text))
            .iter()
            .map(|m| m.actor.map_or(format!("-{}", m.term), |a| kb.actor(a).id.clone()))
            .collect()
    }

    #[test]
    fn sizes() {
        let kb = Kb::builtin();
        assert!(kb.len() >= 2000, "{} actors", kb.len());
        assert!(kb.surfaces() > 6000, "{} surfaces", kb.surfaces());
    }

    #[test]
    fn states_metonyms_and_clitics() {
        assert_eq!(ids("بين تل أبيب والرباط"), ["ISR", "MAR"]);
        assert_eq!(ids("للولايات المتحدة وبالمغرب"), ["USA", "MAR"]);
        assert_eq!(ids("أمريكا وأميركا والولايات المتحدة الأمريكية"), ["USA", "USA", "USA"]);
    }

    #[test]
    fn demonyms_link_to_their_state() {
        assert_eq!(ids("العلاقات المغربية الإسرائيلية"), ["MAR", "ISR"]);
        assert_eq!(ids("النفوذ الإسرائيلي والمغاربة"), ["ISR", "MAR"]);
    }

    #[test]
    fn organs_compose() {
        assert_eq!(ids("الجيش الإسرائيلي"), ["ISRMIL"]);
        assert_eq!(ids("وزارة الخارجية الأمريكية"), ["USAGOV"]);
        assert_eq!(ids("الخارجية الأمريكية"), ["USAGOV"]);
        assert_eq!(ids("المخابرات المصرية"), ["EGYSPY"]);
        assert_eq!(ids("قائد جيش الاحتلال"), ["ISRMIL"]);
        assert_eq!(ids("البيت الأبيض والكرملين"), ["USAGOV", "RUSGOV"]);
        assert_eq!(ids("جهاز الموساد"), ["ISRSPY"]);
    }

    #[test]
    fn office_titles_and_holders() {
        let kb = Kb::builtin();
        let doc = Document::new("قال الرئيس الأمريكي إن رئيس وزراء إسرائيل ووزيرة الخارجية الألمانية");
        let found: Vec<(String, String)> = kb
            .find_offices(&doc)
            .iter()
            .map(|m| (kb.actor(m.state).id.clone(), kb.office(m.office).id.clone()))
            .collect();
        let pairs = [("USA", "president"), ("ISR", "prime_minister"), ("DEU", "foreign_minister")];
        assert_eq!(found, pairs.map(|(a, b)| (a.to_string(), b.to_string())));
        // The state inside a title is still its own match.
        assert!(kb.find(&doc).iter().any(|m| m.actor.is_some_and(|a| kb.actor(a).id == "USA")));
        let usa = kb.index("USA").unwrap();
        let president = kb.find_offices(&doc)[0].office;
        let trump = kb.index("PER:Donald Trump").unwrap();
        assert_eq!(kb.holder_on(usa, president, "2018-05-28"), Some(trump));
        assert_eq!(kb.holder_on(usa, president, "2021-01-20"), Some(trump), "the last day counts");
        assert_ne!(kb.holder_on(usa, president, "2022-01-01"), Some(trump));
    }

    #[test]
    fn maghreb_is_not_morocco() {
        assert_eq!(ids("في المغرب العربي وشمال أفريقيا"), ["LOC:Maghreb", "LOC:North Africa"]);
        assert_eq!(ids("جنوب السودان والسودان"), ["SSD", "SDN"]);
    }

    #[test]
    fn framing() {
        assert_eq!(ids("دولة الاحتلال"), ["ISR"]);
        assert_eq!(ids("وزير حرب الاحتلال"), ["-وزير حرب", "ISR"]);
        assert_eq!(ids("اتفاقيات التطبيع"), ["-التطبيع"]);
    }

    #[test]
    fn user_directory_extends_and_reports_bad_lines() {
        let dir = std::env::temp_dir().join(format!("marsad-kb-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("people.tsv"), "id\tkind\tcountry\tcode\tname_en\tnames_ar\nPER:Test Person\tperson\tMAR\tMARGOV\tTest Person\tفلان الفلاني\n").unwrap();
        let kb = Kb::builtin().with_dir(&dir).unwrap();
        let found: Vec<String> = kb
            .find(&Document::new("قال فلان الفلاني"))
            .iter()
            .filter_map(|m| m.actor)
            .map(|a| kb.actor(a).id.clone())
            .collect();
        assert_eq!(found, ["PER:Test Person"]);
        std::fs::write(
            dir.join("organs.tsv"),
            "definite\tconstruct\tsuffix\tgender\tkind\tname_en\nالجيش\tجيش\tMIL\tx\tmilitary\tarmy\n",
        )
        .unwrap();
        let err = Kb::builtin().with_dir(&dir).unwrap_err().to_string();
        assert!(err.contains("organs.tsv:2") && err.contains("gender"), "{err}");
        std::fs::remove_file(dir.join("organs.tsv")).unwrap();
        // Tenures: checked syntax, and offices must exist.
        let person = "PER:Test Person\tperson\tMAR\tMARGOV\tTest Person\tفلان الفلاني";
        let header = "id\tkind\tcountry\tcode\tname_en\tnames_ar\troles\n";
        std::fs::write(dir.join("people.tsv"), format!("{header}{person}\tpresident:2020-13..\n")).unwrap();
        let err = Kb::builtin().with_dir(&dir).unwrap_err().to_string();
        assert!(err.contains("people.tsv:2") && err.contains("YYYY-MM-DD"), "{err}");
        std::fs::write(dir.join("people.tsv"), format!("{header}{person}\tshogun:2020-01-01..\n")).unwrap();
        let err = Kb::builtin().with_dir(&dir).unwrap_err().to_string();
        assert!(err.contains("shogun"), "{err}");
        std::fs::write(dir.join("people.tsv"), format!("{header}{person}\tking:2020-01-01..\n")).unwrap();
        let kb = Kb::builtin().with_dir(&dir).unwrap();
        let mar = kb.index("MAR").unwrap();
        let king = kb.find_offices(&Document::new("ملك المغرب"))[0].office;
        assert_eq!(kb.holder_on(mar, king, "2024-01-01"), kb.index("PER:Test Person"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
