//! Expands knowledge-base records into actors and token-key patterns: state
//! names, demonyms in every form, organ patterns per state, metonyms,
//! organisations, people, places and framing terms. Shared by `build.rs` and
//! `Kb::with_dir`, so both key text exactly as the matcher does.

use marsad_text::Document;

use crate::source::Source;

/// How a pattern names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Via {
    /// A proper name.
    Name = 0,
    /// A demonym adjective (المغربية).
    Demonym = 1,
    /// A seat-of-government metonym (تل أبيب).
    Metonym = 2,
    /// A state organ (الجيش الإسرائيلي).
    Organ = 3,
    /// A loaded name (الاحتلال).
    LoadedName = 4,
    /// A loaded title (وزير حرب); names no actor itself.
    LoadedTitle = 5,
    /// A loaded term (التطبيع); names no actor.
    LoadedTerm = 6,
    /// An office title standing for its holder (الرئيس الأمريكي); made by
    /// linking, never by a pattern.
    Office = 7,
}

impl Via {
    /// From its `u8` value.
    pub fn from_u8(v: u8) -> Via {
        match v {
            1 => Via::Demonym,
            2 => Via::Metonym,
            3 => Via::Organ,
            4 => Via::LoadedName,
            5 => Via::LoadedTitle,
            6 => Via::LoadedTerm,
            7 => Via::Office,
            _ => Via::Name,
        }
    }
}

/// An actor record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRec {
    /// Stable id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// State (alpha-3) or empty.
    pub country: String,
    /// CAMEO code or empty.
    pub code: String,
    /// English name.
    pub name_en: String,
    /// Arabic name.
    pub name_ar: String,
}

/// A pattern: the matching keys of its tokens joined by spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Token keys joined by one space.
    pub key: String,
    /// Actor index, or `u32::MAX` for none.
    pub actor: u32,
    /// How it names the actor.
    pub via: Via,
    /// The framing term it carries, or empty.
    pub term: String,
}

/// An office of a state named by a title (الرئيس الأمريكي).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficePattern {
    /// Token keys joined by one space.
    pub key: String,
    /// The state's actor index.
    pub state: u32,
    /// Index into [`Compiled::offices`].
    pub office: u32,
}

/// An office: id, the organ suffix its holder acts for, English name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeRec {
    /// Stable id.
    pub id: String,
    /// Organ suffix (GOV, MIL …).
    pub suffix: String,
    /// English name.
    pub name_en: String,
}

/// Who held an office of a state, and when (dates `YYYY-MM-DD`, `to` empty
/// while in office).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The state's actor index.
    pub state: u32,
    /// Index into [`Compiled::offices`].
    pub office: u32,
    /// The person's actor index.
    pub person: u32,
    /// First day.
    pub from: String,
    /// Last day, or empty.
    pub to: String,
}

/// Actors and patterns.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    /// Actors.
    pub actors: Vec<ActorRec>,
    /// Patterns; for one key the first one wins.
    pub patterns: Vec<Pattern>,
    /// Offices.
    pub offices: Vec<OfficeRec>,
    /// Office titles; for one key the first one wins.
    pub office_patterns: Vec<OfficePattern>,
    /// Office holders.
    pub holders: Vec<Holder>,
}

/// The key of a surface as the matcher sees running text: every token by
/// its whole key. A surface is written without clitics, so a leading letter
/// that looks like one belongs to the name (وام، بلينكن); running text
/// reaches the pattern through the first token's keys with and without its
/// clitics.
pub fn pattern_key(surface: &str) -> Option<String> {
    let doc = Document::new(surface);
    let mut out = String::new();
    for (i, t) in doc.tokens().iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(doc.key(t));
    }
    (!out.is_empty()).then_some(out)
}

/// Every inflection of a masculine singular nisba: feminine, plurals, with
/// and without the article (every word of a multi-word demonym agrees).
pub fn demonym_forms(base: &str) -> Vec<String> {
    let words: Vec<&str> = base.split_whitespace().collect();
    let mut out = Vec::new();
    // ان: the nominative dual (جنديان أمريكيان); ين is also the oblique dual.
    for suffix in ["", "ة", "ون", "ين", "ات", "ان"] {
        for article in [false, true] {
            let form: Vec<String> =
                words.iter().map(|w| format!("{}{w}{suffix}", if article { "ال" } else { "" })).collect();
            out.push(form.join(" "));
        }
    }
    // The indefinite accusative (مصورا فرنسيا، جنديا باكستانيا).
    out.push(words.iter().map(|w| format!("{w}ا")).collect::<Vec<_>>().join(" "));
    out
}

/// The state adjective agreeing with a head: الإسرائيلي / الإسرائيلية.
fn adjective(base: &str, feminine: bool) -> String {
    base.split_whitespace().map(|w| format!("ال{w}{}", if feminine { "ة" } else { "" })).collect::<Vec<_>>().join(" ")
}

impl Compiled {
    fn actor(&mut self, rec: ActorRec) -> u32 {
        if let Some(i) = self.actors.iter().position(|a| a.id == rec.id) {
            return i as u32;
        }
        self.actors.push(rec);
        (self.actors.len() - 1) as u32
    }

    fn index_of(&self, id: &str) -> Option<u32> {
        self.actors.iter().position(|a| a.id == id).map(|i| i as u32)
    }

    fn pattern(&mut self, surface: &str, actor: u32, via: Via, term: &str) {
        if let Some(key) = pattern_key(surface) {
            self.patterns.push(Pattern { key, actor, via, term: term.to_string() });
        }
    }
}

/// Compiles a source. Precedence for a key named twice: explicit entities,
/// then organs, metonyms, state names, demonyms, loaded names.
pub fn compile(src: &Source) -> Compiled {
    let mut c = Compiled::default();
    for e in &src.entities {
        let rec = ActorRec {
            id: e.id.clone(),
            kind: e.kind.clone(),
            country: e.country.clone(),
            code: e.code.clone(),
            name_en: e.name_en.clone(),
            name_ar: e.names.first().cloned().unwrap_or_default(),
        };
        let i = c.actor(rec);
        for n in &e.names {
            c.pattern(n, i, Via::Name, "");
        }
    }
    for s in &src.states {
        c.actor(ActorRec {
            id: s.id.clone(),
            kind: "country".into(),
            country: s.id.clone(),
            code: s.id.clone(),
            name_en: s.name_en.clone(),
            name_ar: s.names[0].clone(),
        });
    }
    let loaded_names: Vec<(&str, &str)> =
        src.framing.iter().filter(|f| f.kind == "loaded_name").map(|f| (f.term.as_str(), f.actor.as_str())).collect();
    for s in &src.states {
        for o in &src.organs {
            let id = format!("{}{}", s.id, o.suffix);
            let name_ar = match s.demonyms.first() {
                Some(d) => format!("{} {}", o.definite, adjective(d, o.feminine)),
                None => format!("{} {}", o.construct, s.names[0]),
            };
            let i = c.actor(ActorRec {
                id,
                kind: o.kind.clone(),
                country: s.id.clone(),
                code: format!("{}{}", s.id, o.suffix),
                name_en: format!("{} {}", s.name_en, o.name_en),
                name_ar,
            });
            for d in &s.demonyms {
                c.pattern(&format!("{} {}", o.definite, adjective(d, o.feminine)), i, Via::Organ, "");
            }
            if !o.construct.is_empty() {
                let names = s
                    .names
                    .iter()
                    .map(String::as_str)
                    .chain(src.metonyms.iter().filter(|m| m.id == s.id).map(|m| m.surface.as_str()));
                for n in names.collect::<Vec<_>>() {
                    c.pattern(&format!("{} {n}", o.construct), i, Via::Organ, "");
                }
                for (term, _) in loaded_names.iter().filter(|(_, a)| *a == s.id) {
                    c.pattern(&format!("{} {term}", o.construct), i, Via::Organ, term);
                }
            }
        }
    }
    for m in &src.metonyms {
        if let Some(i) = c.index_of(&m.id) {
            c.pattern(&m.surface, i, Via::Metonym, "");
        }
    }
    for s in &src.states {
        let Some(i) = c.index_of(&s.id) else { continue };
        for n in &s.names {
            c.pattern(n, i, Via::Name, "");
        }
    }
    for s in &src.states {
        let Some(i) = c.index_of(&s.id) else { continue };
        for d in &s.demonyms {
            for f in demonym_forms(d) {
                c.pattern(&f, i, Via::Demonym, "");
            }
        }
        for p in &s.plurals {
            c.pattern(p, i, Via::Demonym, "");
        }
    }
    for f in &src.framing {
        let actor = if f.actor.is_empty() { u32::MAX } else { c.index_of(&f.actor).unwrap_or(u32::MAX) };
        let via = match f.kind.as_str() {
            "loaded_name" => Via::LoadedName,
            "loaded_title" => Via::LoadedTitle,
            _ => Via::LoadedTerm,
        };
        c.pattern(&f.term, actor, via, &f.term);
    }
    offices(src, &mut c);
    // First pattern for a key wins; drop the rest so the table is small.
    let mut seen = std::collections::HashSet::new();
    c.patterns.retain(|p| seen.insert(p.key.clone()));
    seen.clear();
    c.office_patterns.retain(|p| seen.insert(p.key.clone()));
    c
}

/// Office titles per state and who held them.
fn offices(src: &Source, c: &mut Compiled) {
    for (oi, o) in src.offices.iter().enumerate() {
        let oi = oi as u32;
        c.offices.push(OfficeRec { id: o.id.clone(), suffix: o.suffix.clone(), name_en: o.name_en.clone() });
        for s in &src.states {
            let Some(state) = c.index_of(&s.id) else { continue };
            let mut push = |surface: String| {
                if let Some(key) = pattern_key(&surface) {
                    c.office_patterns.push(OfficePattern { key, state, office: oi });
                }
            };
            for head in &o.definite {
                for d in &s.demonyms {
                    push(format!("{head} {}", adjective(d, false)));
                    push(format!("{head} {}", adjective(d, true)));
                }
            }
            for head in &o.construct {
                for n in &s.names {
                    push(format!("{head} {n}"));
                }
            }
        }
    }
    for e in &src.entities {
        let (Some(person), Some(state)) = (c.index_of(&e.id), c.index_of(&e.country)) else { continue };
        for t in &e.roles {
            let Some(office) = c.offices.iter().position(|o| o.id == t.office) else { continue };
            c.holders.push(Holder { state, office: office as u32, person, from: t.from.clone(), to: t.to.clone() });
        }
    }
}

/// Roles naming offices that are not defined.
pub fn unknown_offices(src: &Source) -> Vec<String> {
    let mut out: Vec<String> = src
        .entities
        .iter()
        .flat_map(|e| &e.roles)
        .filter(|t| !src.offices.iter().any(|o| o.id == t.office))
        .map(|t| t.office.clone())
        .collect();
    out.dedup();
    out
}

/// Framing actors that are not in the knowledge base.
pub fn dangling_framing(src: &Source, c: &Compiled) -> Vec<String> {
    src.framing
        .iter()
        .filter(|f| !f.actor.is_empty() && c.index_of(&f.actor).is_none())
        .map(|f| f.actor.clone())
        .collect()
}
