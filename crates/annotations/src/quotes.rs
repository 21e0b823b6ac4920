//! Quotes and their speakers.
//!
//! Direct quotes are the spans between paired quotation marks; indirect
//! speech is what follows a speech verb and أن/إن (قال إن، أكدت أن، مشيرا
//! إلى أن), an attribution (بحسب، وفقا لـ، نقلا عن) or a document cue (جاء
//! فيه أن). The speaker is the subject of the cue, found in this order:
//!
//! 1. after the verb (قال الرئيس الفرنسي إيمانويل ماكرون إن): an actor
//!    mention, or a title that a person's name follows in apposition (مدير
//!    المركز، رامي عبد الرحمن), or an unnamed member of an organisation
//!    (مسؤول في حلف الأطلسي → the organisation); an unnamed subject that is
//!    no actor (مصدر مطلع) gives no speaker;
//! 2. before the verb (ماكرون قال إن), the nearest actor in subject position
//!    that agrees with the verb in gender;
//! 3. the most recent speaker who agrees with the verb (وأضافت after a
//!    feminine speaker, وتابع after a masculine one).
//!
//! Every quote span is cut from token offsets, so it slices the original text
//! exactly.

use std::sync::LazyLock;

use marsad_text::chars::key_of;
use marsad_text::{Document, Proclitic, Token, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::contract::{Actor, Quote, Span};

/// Grammatical gender and number of a verb or an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Masc,
    Fem,
    Plural,
    Unknown,
}

impl Gender {
    fn agrees(self, other: Gender) -> bool {
        self == other || self == Gender::Unknown || other == Gender::Unknown
    }
}

/// What kind of cue a word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    /// A finite speech verb: قال، أكدت، يقول.
    Verb,
    /// A circumstantial participle: قائلا، مضيفا، مشيرا.
    Participle,
    /// A verbal noun with a pronoun: قوله، قولها.
    Masdar,
    /// نقل/نقلت … عن X.
    Relay,
    /// An attribution: بحسب، حسب، وفقا لـ، نقلا عن.
    Source,
    /// A document cue: جاء (فيه/في البيان) أن.
    Document,
}

#[derive(Debug, Clone, Copy)]
struct CueForm {
    kind: CueKind,
    gender: Gender,
}

/// Speech verbs: past 3rd person masculine, its stem before suffixes, the
/// imperfect stem after the person prefix, and the active participle.
const VERBS: [(&str, &str, &str, &str); 27] = [
    ("قال", "قال", "قول", "قائل"),
    ("أكد", "أكد", "ؤكد", "مؤكد"),
    ("أضاف", "أضاف", "ضيف", "مضيف"),
    ("أوضح", "أوضح", "وضح", "موضح"),
    ("صرح", "صرح", "صرح", "مصرح"),
    ("أعلن", "أعلن", "علن", "معلن"),
    ("ذكر", "ذكر", "ذكر", "ذاكر"),
    ("أشار", "أشار", "شير", "مشير"),
    ("شدد", "شدد", "شدد", "مشدد"),
    ("حذر", "حذر", "حذر", "محذر"),
    ("نفى", "نف", "نفي", "ناف"),
    ("تابع", "تابع", "تابع", "متابع"),
    ("اعتبر", "اعتبر", "عتبر", "معتبر"),
    ("رأى", "رأ", "رى", ""),
    ("كشف", "كشف", "كشف", "كاشف"),
    ("لفت", "لفت", "لفت", "لافت"),
    ("كتب", "كتب", "كتب", ""),
    ("غرد", "غرد", "غرد", "مغرد"),
    ("أفاد", "أفاد", "فيد", "مفيد"),
    ("أردف", "أردف", "ردف", "مردف"),
    ("استطرد", "استطرد", "ستطرد", "مستطرد"),
    ("بين", "بين", "بين", "مبين"),
    ("زعم", "زعم", "زعم", "زاعم"),
    ("أقر", "أقر", "قر", "مقر"),
    ("اعترف", "اعترف", "عترف", "معترف"),
    ("تساءل", "تساءل", "تساءل", "متسائل"),
    ("أعرب", "أعرب", "عرب", "معرب"),
];

/// Verbs whose participle is no cue on its own (لافت "remarkable", مقر
/// "headquarters", مبين, مفيد …): only their finite forms are cues.
const NO_BARE_PARTICIPLE: [&str; 6] = ["لافت", "مقر", "مبين", "مفيد", "معرب", "ذاكر"];

static CUES: LazyLock<FxHashMap<String, CueForm>> = LazyLock::new(|| {
    let mut m = FxHashMap::default();
    let mut add = |w: String, kind: CueKind, gender: Gender| {
        m.entry(key_of(&w)).or_insert(CueForm { kind, gender });
    };
    for (past, stem, imperf, part) in VERBS {
        add(past.to_string(), CueKind::Verb, Gender::Masc);
        add(format!("{stem}ت"), CueKind::Verb, Gender::Fem);
        add(format!("{stem}وا"), CueKind::Verb, Gender::Plural);
        add(format!("ي{imperf}"), CueKind::Verb, Gender::Masc);
        add(format!("ت{imperf}"), CueKind::Verb, Gender::Fem);
        add(format!("ي{imperf}ون"), CueKind::Verb, Gender::Plural);
        if !part.is_empty() {
            add(format!("{part}ا"), CueKind::Participle, Gender::Masc);
            add(format!("{part}ة"), CueKind::Participle, Gender::Fem);
            add(format!("{part}ين"), CueKind::Participle, Gender::Plural);
            if !NO_BARE_PARTICIPLE.contains(&part) {
                add(part.to_string(), CueKind::Participle, Gender::Masc);
            }
        }
    }
    // نفى: نافيا، رأى: يرى/ترى already above.
    add("نافيا".into(), CueKind::Participle, Gender::Masc);
    for (w, g) in [("قوله", Gender::Masc), ("قولها", Gender::Fem), ("قولهم", Gender::Plural)] {
        add(w.into(), CueKind::Masdar, g);
    }
    for (w, g) in [("نقل", Gender::Masc), ("نقلت", Gender::Fem), ("نقلوا", Gender::Plural)] {
        add(w.into(), CueKind::Relay, g);
    }
    for w in ["بحسب", "حسب", "حسبما", "وفق", "وفقا", "طبقا", "نقلا"] {
        add(w.into(), CueKind::Source, Gender::Unknown);
    }
    for (w, g) in [("جاء", Gender::Masc), ("ورد", Gender::Masc)] {
        add(w.into(), CueKind::Document, g);
    }
    m
});

fn keys(words: &[&str]) -> FxHashSet<String> {
    words.iter().map(|w| key_of(w)).collect()
}

/// Free prepositions: a noun after one is no subject.
static PREPOSITIONS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    keys(&[
        "في", "من", "إلى", "على", "عن", "مع", "أمام", "بين", "ضد", "حول", "لدى", "عبر", "خلال", "تجاه", "بعد", "قبل",
        "منذ", "نحو", "عند", "إثر", "عقب", "دون", "لـ",
    ])
});

/// Words between a verb and its subject or content that are neither: time
/// words, adverbs, prepositions with a pronoun.
static SKIP: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    keys(&[
        "اليوم",
        "أمس",
        "غدا",
        "الليلة",
        "الاثنين",
        "الإثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
        "يوم",
        "صباح",
        "مساء",
        "أيضا",
        "كذلك",
        "بدوره",
        "بدورها",
        "بدورهم",
        "فيه",
        "فيها",
        "فيهم",
        "له",
        "لها",
        "لهم",
        "لنا",
        "حينها",
        "حينذاك",
        "آنذاك",
        "سابقا",
        "مجددا",
        "لاحقا",
        "الأسبوع",
        "الماضي",
        "الجاري",
        "الحالي",
        "قد",
        "كان",
        "كانت",
        "عنه",
        "عنها",
        "عنهم",
        "إذ",
        "أول",
    ])
});

/// Nouns for speakers who are not named: an official, a source, a spokesman,
/// titles. Matched on the key without a feminine ending.
static SPEAKER_NOUNS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    let mut set = keys(&[
        "مسؤول",
        "مسؤولون",
        "مسؤولين",
        "مسؤولو",
        "مسؤولي",
        "مصدر",
        "مصادر",
        "متحدثة",
        "ناطق",
        "الناطق",
        "المسؤول",
        "مراسل",
        "المراسل",
        "شهود",
        "خبير",
        "خبراء",
        "محلل",
        "محللون",
        "ناشط",
        "ناشطون",
        "نشطاء",
        "دبلوماسي",
        "دبلوماسيون",
        "مكتب",
        "المكتب",
        "عضو",
        "أحد",
        "بيان",
        "البيان",
        "مندوب",
        "المندوب",
        "ممثل",
        "الممثل",
        "محافظ",
        "المحافظ",
        "مديرة",
        "كبير",
        "كبيرة",
        "ضابط",
        "الضابط",
        "مسؤولة",
        "المسؤولة",
        "مصادر",
        "المصادر",
        "مصدر",
        "المصدر",
    ]);
    // Titles (وزير، الرئيس …) are the actor linker's list.
    set.extend(crate::actors::TITLE_KEYS.iter().cloned());
    set
});

/// Documents whose author speaks through them (وأكد البيان أن).
static DOCUMENTS: LazyLock<FxHashSet<String>> =
    LazyLock::new(|| keys(&["البيان", "التقرير", "الرسالة", "البلاغ", "الموقع", "التغريدة", "المقال"]));

/// Words that govern أن outside reported speech (بعد أن، مع أن، إلا أن).
static NOT_SPEECH_BEFORE_OPENER: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    keys(&[
        "بعد",
        "قبل",
        "مع",
        "إلا",
        "رغم",
        "برغم",
        "منذ",
        "حتى",
        "دون",
        "بدل",
        "غير",
        "لو",
        "كما",
        "بما",
        "العلم",
        "يجب",
        "ينبغي",
        "يمكن",
        "لابد",
        "بد",
        "شأن",
        "شأنه",
        "شأنها",
        "ريثما",
        "لمجرد",
        "مجرد",
        "إما",
    ])
});

/// Nouns a quoted name follows (سياسة "الاحتجاز والإفراج"، موقع "تويتر"):
/// the quotation marks set off a name, not speech.
static NAMING_NOUNS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    keys(&[
        "سياسة",
        "عملية",
        "مناورة",
        "مناورات",
        "اسم",
        "باسم",
        "عنوان",
        "بعنوان",
        "شعار",
        "تسمية",
        "مصطلح",
        "حملة",
        "خطة",
        "مبادرة",
        "برنامج",
        "موقع",
        "حساب",
        "منصة",
        "صحيفة",
        "قناة",
        "وكالة",
        "كتاب",
        "فيلم",
        "مشروع",
        "تطبيق",
        "شبكة",
        "مجموعة",
        "تنظيم",
        "حركة",
        "جماعة",
        "حزب",
        "عبارة",
        "كلمة",
        "لقب",
        "وسم",
        "هاشتاغ",
        "مسمى",
        "بمسمى",
        "ملف",
        "قضية",
        "صفقة",
        "مؤتمر",
        "منتدى",
        "قمة",
        "جائزة",
        "مسلسل",
        "برنامجه",
    ])
});

/// A word that starts reported content: أن/إن and their pronoun forms, بأن.
fn is_opener(key: &str) -> bool {
    let k = key.strip_prefix('ب').unwrap_or(key);
    matches!(k, "ان" | "انه" | "انها" | "انهم" | "انهما" | "اننا" | "انني" | "انهن")
}

/// The words of one document that quote finding reads.
pub(crate) struct Reader<'d, 'a> {
    doc: &'d Document<'a>,
    actors: &'d [Actor],
    /// Mentions in token ranges: (first token, end token, actor index).
    mentions: Vec<(usize, usize, usize)>,
    /// For each token, the mention covering it.
    at: Vec<Option<usize>>,
    /// For each token, its sentence.
    sentence_of: Vec<usize>,
    /// For each token, the bytes [`Reader::bare`] drops: read once, as
    /// provenance asks it of every token several times.
    bare_skip: Vec<u8>,
}

impl<'d, 'a> Reader<'d, 'a> {
    pub(crate) fn new(doc: &'d Document<'a>, actors: &'d [Actor]) -> Self {
        let toks = doc.tokens();
        let mut mentions = Vec::new();
        for (ai, a) in actors.iter().enumerate() {
            for m in &a.mentions {
                let first = toks.partition_point(|t| (t.end as usize) <= m.start);
                let end = toks.partition_point(|t| (t.start as usize) < m.end);
                if first < end {
                    mentions.push((first, end, ai));
                }
            }
        }
        mentions.sort_unstable();
        let mut at = vec![None; toks.len()];
        for (mi, &(s, e, _)) in mentions.iter().enumerate() {
            for slot in at.iter_mut().take(e).skip(s) {
                if slot.is_none() {
                    *slot = Some(mi);
                }
            }
        }
        let mut sentence_of = vec![0; toks.len()];
        for (si, s) in doc.sentences().iter().enumerate() {
            for slot in sentence_of.iter_mut().take(s.tokens.end as usize).skip(s.tokens.start as usize) {
                *slot = si;
            }
        }
        let bare_skip = toks
            .iter()
            .map(|t| {
                let k = doc.key(t);
                match k.strip_prefix(['و', 'ف']) {
                    // At least two letters left.
                    Some(rest) if rest.chars().nth(1).is_some() => (k.len() - rest.len()) as u8,
                    _ => 0,
                }
            })
            .collect();
        Reader { doc, actors, mentions, at, sentence_of, bare_skip }
    }

    fn tok(&self, i: usize) -> &Token {
        &self.doc.tokens()[i]
    }

    fn key(&self, i: usize) -> &str {
        self.doc.key(self.tok(i))
    }

    fn text(&self, i: usize) -> &str {
        self.doc.text(self.tok(i))
    }

    /// The token's key without a conjunction (و، ف).
    fn bare(&self, i: usize) -> &str {
        let k = self.key(i);
        let skip = self.bare_skip.get(i).map_or(0, |&n| usize::from(n));
        k.get(skip..).unwrap_or(k)
    }

    fn cue(&self, i: usize) -> Option<CueForm> {
        if self.tok(i).kind != TokenKind::Arabic {
            return None;
        }
        let k = self.key(i);
        CUES.get(k).or_else(|| CUES.get(self.bare(i)).filter(|_| k != self.bare(i))).copied()
    }

    fn punct(&self, i: usize) -> Option<&str> {
        (self.tok(i).kind == TokenKind::Punct).then(|| self.text(i))
    }

    fn is_comma(&self, i: usize) -> bool {
        matches!(self.punct(i), Some("،" | "," | "؛" | "-" | "–" | "—"))
    }

    fn is_colon(&self, i: usize) -> bool {
        matches!(self.punct(i), Some(p) if p.starts_with(':'))
    }

    fn is_terminal(&self, i: usize) -> bool {
        matches!(self.punct(i), Some(p) if p.starts_with(['.', '!', '?', '؟', '…']))
    }

    fn prep_prefixed(&self, i: usize) -> bool {
        self.tok(i).clitics.proclitics().any(|p| matches!(p, Proclitic::Bi | Proclitic::Li | Proclitic::Ka))
    }

    fn is_preposition(&self, i: usize) -> bool {
        PREPOSITIONS.contains(self.bare(i))
    }

    /// The mention covering token `i`: (its first token, end, actor index).
    fn mention(&self, i: usize) -> Option<(usize, usize, usize)> {
        self.at.get(i).copied().flatten().and_then(|mi| self.mentions.get(mi).copied())
    }

    fn actor_kind(&self, a: usize) -> &str {
        self.actors.get(a).map_or("", |x| x.kind.as_str())
    }

    fn is_person(&self, a: usize) -> bool {
        self.actor_kind(a) == "person"
    }

    /// An actor that has members or staff: not a person, not a place.
    fn is_organisation(&self, a: usize) -> bool {
        !matches!(self.actor_kind(a), "person" | "country" | "city" | "region" | "place" | "misc" | "")
    }

    /// An actor that can speak: not a place.
    fn can_speak(&self, a: usize) -> bool {
        !matches!(self.actor_kind(a), "city" | "region" | "place")
    }

    /// The grammatical gender an actor's mention at `first` agrees with.
    fn gender_of(&self, first: usize, actor: usize) -> Gender {
        match self.actor_kind(actor) {
            "person" | "country" | "city" | "region" | "place" => return Gender::Unknown,
            _ => {}
        }
        let k = self.key(first);
        let stem = k.strip_prefix("ال").unwrap_or(k);
        if stem.ends_with('ه') || stem.ends_with("ات") {
            Gender::Fem
        } else if k.starts_with("ال") && (stem.ends_with("يين") || stem.ends_with("يون")) {
            Gender::Plural
        } else {
            Gender::Masc
        }
    }

    /// Whether the mention starting at `first` can be a subject: not after a
    /// preposition, not a translator's credit, not a demonym modifying a noun
    /// (نظيره الأمريكي).
    fn subject_position(&self, first: usize, end: usize, floor: usize) -> bool {
        if self.prep_prefixed(first) {
            return false;
        }
        let Some(prev) = first.checked_sub(1).filter(|&p| p >= floor) else { return true };
        if self.is_preposition(prev) || self.bare(prev).starts_with("ترجم") {
            return false;
        }
        // The genitive of a prepositional phrase (لشبكة CNN), but not باسم.
        if self.prep_prefixed(prev) && self.at.get(prev).copied().flatten().is_none() && self.bare(prev) != "باسم" {
            return false;
        }
        let k = self.key(first);
        let demonym = end == first + 1
            && k.starts_with("ال")
            && (k.ends_with('ي') || k.ends_with("يه") || k.ends_with("يين") || k.ends_with("يون"));
        let after_noun = self.tok(prev).kind == TokenKind::Arabic && self.at.get(prev).copied().flatten().is_none();
        !(demonym && after_noun && self.cue(prev).is_none())
    }

    fn sentence_bounds(&self, i: usize) -> (usize, usize) {
        let si = self.sentence_of.get(i).copied().unwrap_or(0);
        self.doc
            .sentences()
            .get(si)
            .map_or((0, self.doc.tokens().len()), |s| (s.tokens.start as usize, s.tokens.end as usize))
    }
}

/// At most this many tokens of reported speech per cue (news quotes are far
/// shorter; a text without punctuation would otherwise make every cue's
/// quote run to its end).
const MAX_CONTENT: usize = 400;
/// How many earlier speakers a pronoun cue (وأضاف) may go back to.
const CHAIN_REACH: usize = 64;

/// A pair of quotation marks: opening and closing token, nesting depth.
#[derive(Debug, Clone, Copy)]
struct Marks {
    open: usize,
    close: usize,
    depth: usize,
}

/// Pairs the quotation marks of the document. A quote that never closes ends
/// at its line.
fn pair_marks(r: &Reader<'_, '_>) -> Vec<Marks> {
    let toks = r.doc.tokens();
    let mut out = Vec::new();
    let mut stack: Vec<(usize, char)> = Vec::new();
    let word = |k: TokenKind| !matches!(k, TokenKind::Punct | TokenKind::Quote);
    let flush = |stack: &mut Vec<(usize, char)>, out: &mut Vec<Marks>, line_end: usize| {
        // Unclosed marks: the outermost one runs to the end of its line.
        if let Some(&(open, _)) = stack.first() {
            if line_end > open + 2 {
                out.push(Marks { open, close: line_end, depth: 0 });
            }
        }
        stack.clear();
    };
    for i in 0..toks.len() {
        if i > 0 && toks[i].gap == marsad_text::Gap::Newline {
            flush(&mut stack, &mut out, i);
        }
        if toks[i].kind != TokenKind::Quote {
            continue;
        }
        let c = r.text(i).chars().next().unwrap_or('"');
        let glued_before = i > 0 && toks[i].gap == marsad_text::Gap::None && word(toks[i - 1].kind);
        let glued_after = toks.get(i + 1).is_some_and(|n| n.gap == marsad_text::Gap::None && word(n.kind));
        let single = matches!(c, '\'' | '‘' | '’');
        if single && glued_before && glued_after {
            continue; // an apostrophe inside a word
        }
        let close = match c {
            '«' | '‹' => false,
            '»' | '›' => true,
            _ => match (glued_before, glued_after) {
                (false, true) => false,
                (true, false) => true,
                _ if single => continue,
                _ => !stack.is_empty(),
            },
        };
        if close {
            // Close the innermost compatible opening mark.
            let pos = stack.iter().rposition(|&(_, o)| compatible(o, c));
            if let Some(p) = pos {
                let (open, _) = stack[p];
                stack.truncate(p);
                out.push(Marks { open, close: i, depth: p });
            }
        } else {
            stack.push((i, c));
        }
    }
    flush(&mut stack, &mut out, toks.len());
    out.sort_by_key(|m| m.open);
    out
}

fn compatible(open: char, close: char) -> bool {
    let single = |c: char| matches!(c, '\'' | '‘' | '’');
    match (open, close) {
        ('«', c) => c == '»',
        ('‹', c) => c == '›',
        (o, c) => single(o) == single(c),
    }
}

/// Who a cue gives the floor to.
#[derive(Debug, Clone, Copy)]
struct Speaker {
    actor: Option<usize>,
    gender: Gender,
    /// The token span that names the speaker, for provenance evidence.
    evidence: Option<(usize, usize)>,
}

/// A quote before it becomes a contract [`Quote`]: token range of the
/// content, cue token, speaker actor, direct.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub cue: Option<usize>,
    pub speaker: Option<usize>,
    pub speaker_tokens: Option<(usize, usize)>,
    pub direct: bool,
}

/// Finds the quotes of `doc` and their speakers among `actors`.
pub(crate) fn find(r: &Reader<'_, '_>) -> Vec<Found> {
    let toks = r.doc.tokens();
    let marks = pair_marks(r);
    // Whether a token is inside a quotation (and which mark pair).
    let mut inside: Vec<Option<usize>> = vec![None; toks.len()];
    for (mi, m) in marks.iter().enumerate() {
        for slot in inside.iter_mut().take(m.close).skip(m.open + 1) {
            let replace = slot.is_none_or(|prev| marks.get(prev).is_some_and(|p| p.depth < m.depth));
            if replace {
                *slot = Some(mi);
            }
        }
    }
    // Valid cues: a cue followed by content (أن/إن، a colon or a quotation
    // mark) within its clause, or an attribution.
    let mut cues: Vec<(usize, CueForm, Option<usize>)> = Vec::new(); // (token, form, content start)
    for i in 0..toks.len() {
        let Some(form) = r.cue(i) else { continue };
        let (_, send) = r.sentence_bounds(i);
        let content = content_start(r, i, send, form.kind);
        if content.is_some() || matches!(form.kind, CueKind::Source) {
            cues.push((i, form, content));
        }
    }
    let mut chain: Vec<Speaker> = Vec::new();
    let mut resolved: FxHashMap<usize, Speaker> = FxHashMap::default();
    let mut out = Vec::new();
    // Events in text order: cues and opening marks.
    let mut events: Vec<(usize, bool, usize)> = cues.iter().enumerate().map(|(ci, c)| (c.0, true, ci)).collect();
    events.extend(marks.iter().enumerate().map(|(mi, m)| (m.open, false, mi)));
    events.sort_unstable();
    for (pos, is_cue, idx) in events {
        if is_cue {
            let Some(&(ci, form, content)) = cues.get(idx) else { continue };
            let sp = resolve(r, ci, form, &chain);
            resolved.insert(ci, sp);
            chain.push(sp);
            if let Some((start, end)) = indirect_content(r, &cues, &marks, ci, form.kind, content) {
                out.push(Found {
                    start,
                    end,
                    cue: Some(ci),
                    speaker: sp.actor,
                    speaker_tokens: sp.evidence,
                    direct: false,
                });
            }
            continue;
        }
        let Some(m) = marks.get(idx).copied() else { continue };
        let (start, end) = (m.open + 1, m.close);
        if start >= end || !(start..end).any(|i| matches!(toks[i].kind, TokenKind::Arabic | TokenKind::Latin)) {
            continue;
        }
        // A quoted name ("عربي21") is no quote.
        if (start..end)
            .all(|i| r.at[i].is_some() || toks[i].kind != TokenKind::Arabic && toks[i].kind != TokenKind::Latin)
        {
            continue;
        }
        let words = (start..end).filter(|&i| matches!(toks[i].kind, TokenKind::Arabic | TokenKind::Latin)).count();
        let named = m.open.checked_sub(1).is_some_and(|p| {
            let k = r.bare(p);
            NAMING_NOUNS.contains(k) || k.strip_prefix(['ب', 'ل']).is_some_and(|k| NAMING_NOUNS.contains(k))
        });
        if named && words <= 4 {
            continue;
        }
        let (sstart, _) = r.sentence_bounds(pos);
        // The floor of the search: the sentence, or the enclosing quote.
        let floor = match inside.get(pos).copied().flatten().and_then(|o| marks.get(o)) {
            Some(outer) if m.depth > 0 => outer.open + 1,
            _ => sstart,
        };
        // The nearest cue before the mark, from the cues in text order (a
        // scan from the last cue made long texts quadratic).
        let cue = cues[..cues.partition_point(|c| c.0 < m.open)]
            .iter()
            .rev()
            .take_while(|c| c.0 >= floor)
            .find(|c| inside[c.0] == inside[m.open])
            .map(|c| c.0)
            .or_else(|| postposed_cue(r, &cues, m.close));
        let sp = match cue {
            Some(ci) => match resolved.get(&ci) {
                Some(sp) => *sp,
                None => {
                    let form = r.cue(ci);
                    let sp = form.map(|f| resolve(r, ci, f, &chain));
                    if let Some(sp) = sp {
                        resolved.insert(ci, sp);
                        chain.push(sp);
                    }
                    sp.unwrap_or(Speaker { actor: None, gender: Gender::Unknown, evidence: None })
                }
            },
            None if m.depth > 0 => {
                if words <= 3 {
                    continue; // a name or a scare quote inside a quote
                }
                Speaker { actor: None, gender: Gender::Unknown, evidence: None }
            }
            None => {
                let found = subject_before(r, m.open, floor, Gender::Unknown);
                if let Some(sp) = found {
                    chain.push(sp);
                }
                found.unwrap_or(Speaker { actor: None, gender: Gender::Unknown, evidence: None })
            }
        };
        out.push(Found { start, end, cue, speaker: sp.actor, speaker_tokens: sp.evidence, direct: true });
    }
    out
}

/// Where the content of a cue starts: after أن/إن, a colon or at a quotation
/// mark, before the clause ends.
fn content_start(r: &Reader<'_, '_>, cue: usize, send: usize, kind: CueKind) -> Option<usize> {
    let toks = r.doc.tokens();
    let window = if kind == CueKind::Relay { 14 } else { 12 };
    let mut i = cue + 1;
    while i < send.min(cue + 1 + window) {
        if toks[i].kind == TokenKind::Quote {
            return Some(i);
        }
        if is_opener(r.key(i)) || r.is_colon(i) {
            let governed = i > cue + 1 && NOT_SPEECH_BEFORE_OPENER.contains(r.bare(i - 1));
            return (!governed).then_some(i + 1);
        }
        if r.is_terminal(i) || (i > cue + 1 && r.cue(i).is_some()) {
            return None;
        }
        i += 1;
    }
    None
}

/// A cue just after a closing mark: "…"، قال الوزير.
fn postposed_cue(r: &Reader<'_, '_>, cues: &[(usize, CueForm, Option<usize>)], close: usize) -> Option<usize> {
    let (_, send) = r.sentence_bounds(close);
    let mut i = close + 1;
    while i < send.min(close + 3) && r.is_comma(i) {
        i += 1;
    }
    if i >= send {
        return None;
    }
    let form = r.cue(i)?;
    matches!(form.kind, CueKind::Verb | CueKind::Source).then_some(i).filter(|_| {
        // Known as a cue, or an attribution with no content of its own.
        cues.binary_search_by_key(&i, |c| c.0).is_err() || form.kind == CueKind::Source
    })
}

/// The reported content of an indirect cue: from its content start to the
/// end of the sentence or the next reporting clause. None when the content
/// is a direct quote (that quote takes the cue).
fn indirect_content(
    r: &Reader<'_, '_>,
    cues: &[(usize, CueForm, Option<usize>)],
    marks: &[Marks],
    ci: usize,
    form: CueKind,
    content: Option<usize>,
) -> Option<(usize, usize)> {
    let toks = r.doc.tokens();
    let (sstart, send) = r.sentence_bounds(ci);
    let (mut start, mut end) = match (form, content) {
        (CueKind::Source, c) => {
            // بحسب X، content — or — content، بحسب X.
            if ci <= sstart + 1 {
                let mut j = ci + 1;
                while j < send && !r.is_comma(j) && j < ci + 10 {
                    j += 1;
                }
                (c.unwrap_or(j + 1), send)
            } else if cues.get(cues.partition_point(|c| c.0 < sstart)).is_some_and(|c| c.0 < ci)
                || marks.get(marks.partition_point(|m| m.open < sstart)).is_some_and(|m| m.open < ci)
            {
                // The channel of speech already reported: no new quote.
                return None;
            } else {
                (sstart, ci)
            }
        }
        (_, Some(c)) => (c, send),
        _ => return None,
    };
    if start < toks.len()
        && toks[start].kind == TokenKind::Quote
        && marks.binary_search_by_key(&start, |m| m.open).is_ok()
    {
        // Direct speech right after the cue: the quote takes the cue.
        return None;
    }
    // A parenthesised credit opening the sentence ((CNN)--) is no content.
    if start < toks.len() && r.is_punct(start, "(") {
        if let Some(close) = (start + 1..end.min(start + 8)).find(|&j| r.is_punct(j, ")")) {
            start = close + 1;
        }
    }
    // A sentence without punctuation ends a quote somewhere: its size is capped.
    end = end.min(start + MAX_CONTENT);
    // Stop at the next reporting clause.
    let after = cues.partition_point(|c| c.0 <= start);
    if let Some(next) = cues[after..].iter().map(|c| c.0).find(|&c| c != ci).filter(|&c| c < end) {
        let clause = r.cue(next).is_some_and(|f| {
            matches!(f.kind, CueKind::Participle | CueKind::Document | CueKind::Source)
                || r.key(next) != r.bare(next)
                || next.checked_sub(1).is_some_and(|p| r.is_comma(p))
        });
        if clause {
            end = next;
        }
    }
    while end > start && matches!(toks[end - 1].kind, TokenKind::Punct) {
        end -= 1;
    }
    while start < end && matches!(toks[start].kind, TokenKind::Punct) {
        start += 1;
    }
    let words = (start..end).filter(|&i| matches!(toks[i].kind, TokenKind::Arabic | TokenKind::Latin)).count();
    (words >= 2).then_some((start, end))
}

/// The speaker of the cue at token `ci`.
fn resolve(r: &Reader<'_, '_>, ci: usize, form: CueForm, chain: &[Speaker]) -> Speaker {
    let (sstart, send) = r.sentence_bounds(ci);
    let none = Speaker { actor: None, gender: form.gender, evidence: None };
    let from_chain = |g: Gender| {
        // The speakers of the last few cues: older ones are out of reach.
        chain
            .iter()
            .rev()
            .take(CHAIN_REACH)
            .find(|s| if g == Gender::Plural { s.gender == g } else { s.gender.agrees(g) })
            .map(|s| Speaker { gender: g, ..*s })
            .unwrap_or(none)
    };
    match form.kind {
        CueKind::Source => source_after(r, ci + 1, send).unwrap_or(none),
        CueKind::Relay => {
            let about = (ci + 1..send.min(ci + 8)).find(|&j| r.bare(j) == "عن");
            match about {
                Some(j) => source_after(r, j + 1, send).unwrap_or(none),
                None => subject_after(r, ci, send, form.gender).unwrap_or_else(|| from_chain(form.gender)),
            }
        }
        CueKind::Document => {
            // An author named in the cue (جاء في بيان لوزارة الخارجية أن).
            let end = (ci + 1..send.min(ci + 10)).find(|&j| is_opener(r.key(j)) || r.is_colon(j)).unwrap_or(ci + 1);
            if let Some(j) = (ci + 1..end).find(|&j| r.at[j].is_some()) {
                if let Some((s, e, a)) = r.mention(j) {
                    return Speaker { actor: Some(a), gender: r.gender_of(s, a), evidence: Some((s, e)) };
                }
            }
            // Otherwise the sentence's subject, the author of what it published.
            let mut j = sstart;
            while j < ci {
                if let Some((s, e, a)) = r.mention(j) {
                    if s >= sstart && r.subject_position(s, e, sstart) {
                        return Speaker { actor: Some(a), gender: r.gender_of(s, a), evidence: Some((s, e)) };
                    }
                    j = e.max(j + 1);
                } else {
                    j += 1;
                }
            }
            chain.last().copied().unwrap_or(none)
        }
        CueKind::Masdar => subject_before(r, ci, sstart, form.gender)
            .map(|s| Speaker { gender: form.gender, ..s })
            .unwrap_or_else(|| from_chain(form.gender)),
        CueKind::Participle => subject_before(r, ci, sstart, form.gender)
            .map(|s| Speaker { gender: form.gender, ..s })
            .unwrap_or_else(|| from_chain(form.gender)),
        // يذكر أن "it is worth mentioning": the outlet's own voice.
        CueKind::Verb if r.bare(ci) == "يذكر" => none,
        CueKind::Verb => {
            if let Some(sp) = subject_after(r, ci, send, form.gender) {
                return sp;
            }
            let conjoined = r.key(ci) != r.bare(ci);
            let before = if conjoined {
                // A conjoined verb mid-sentence shares the sentence's subject.
                (ci > sstart + 1).then(|| subject_before(r, ci, sstart, form.gender)).flatten()
            } else {
                subject_before(r, ci, sstart.max(ci.saturating_sub(8)), form.gender)
            };
            before.map(|s| Speaker { gender: form.gender, ..s }).unwrap_or_else(|| from_chain(form.gender))
        }
    }
}

/// The actor an attribution names: the first actor mention after it, unless
/// an unnamed source comes first (بحسب مصدر مطلع).
fn source_after(r: &Reader<'_, '_>, from: usize, send: usize) -> Option<Speaker> {
    let mut j = from;
    while j < send.min(from + 8) {
        if let Some((s, e, a)) = r.mention(j) {
            if !r.can_speak(a) || (s > from && !r.subject_position(s, e, from)) {
                return None; // a place, or a name after a preposition (مصدر في البصرة)
            }
            return Some(Speaker { actor: Some(a), gender: r.gender_of(s, a), evidence: Some((s, e)) });
        }
        if r.is_comma(j) || r.is_terminal(j) || is_opener(r.key(j)) || r.tok(j).kind == TokenKind::Quote {
            return None;
        }
        let k = r.bare(j);
        let k = k.strip_prefix('ل').unwrap_or(k);
        if SPEAKER_NOUNS.contains(k) && !DOCUMENTS.contains(k) && !matches!(k, "بيان") {
            return np_speaker(r, j, send.min(from + 10), Gender::Unknown);
        }
        j += 1;
    }
    None
}

/// The subject after a verb (verb–subject order), if the verb has one.
/// `Some` with no actor when the subject is named but is no actor.
fn subject_after(r: &Reader<'_, '_>, ci: usize, send: usize, gender: Gender) -> Option<Speaker> {
    let toks = r.doc.tokens();
    let limit = send.min(ci + 11);
    let mut j = ci + 1;
    while j < limit {
        let t = &toks[j];
        if t.kind == TokenKind::Quote || is_opener(r.key(j)) || r.is_colon(j) || r.is_terminal(j) {
            return None;
        }
        if t.kind == TokenKind::Punct || t.kind == TokenKind::Number || SKIP.contains(r.bare(j)) {
            j += 1;
            continue;
        }
        if let Some((s, _, _)) = r.mention(j) {
            if r.prep_prefixed(s) {
                return None;
            }
            return np_speaker(r, j, limit, gender);
        }
        if r.is_preposition(j) || r.prep_prefixed(j) || t.kind != TokenKind::Arabic {
            return None;
        }
        let k = r.key(j);
        if SPEAKER_NOUNS.contains(k) || SPEAKER_NOUNS.contains(k.strip_suffix('ه').unwrap_or(k)) {
            if DOCUMENTS.contains(k) {
                return None; // وأكد البيان: its author, from the chain
            }
            return np_speaker(r, j, limit, gender);
        }
        if DOCUMENTS.contains(k) {
            return None;
        }
        if let Some(stem) = k.strip_prefix("ال") {
            // An anaphoric noun (الصحيفة، المنظمة، الوزارة): the latest actor
            // whose name opens with it.
            let found = r.mentions.iter().rev().find(|&&(s, _, _)| {
                s < ci && {
                    let mk = r.bare(s);
                    mk == stem || mk == k
                }
            });
            return Some(match found {
                Some(&(s, e, a)) => Speaker { actor: Some(a), gender, evidence: Some((s, e)) },
                None => Speaker { actor: None, gender, evidence: None },
            });
        }
        // Some other word: the verb has no subject we can read.
        return None;
    }
    None
}

/// The speaker a subject phrase starting at `head` names.
fn np_speaker(r: &Reader<'_, '_>, head: usize, limit: usize, gender: Gender) -> Option<Speaker> {
    let toks = r.doc.tokens();
    // The phrase ends at the content or the clause.
    let end = (head..limit)
        .find(|&j| toks[j].kind == TokenKind::Quote || is_opener(r.key(j)) || r.is_colon(j) || r.is_terminal(j))
        .unwrap_or(limit);
    if let Some((s, e, a)) = r.mention(head) {
        if r.is_person(a) {
            return Some(Speaker { actor: Some(a), gender, evidence: Some((s, e)) });
        }
        // An organ whose spokesperson is named next (الخارجية الأميركية، مايك بومبيو)
        // is left to the organ: the organ speaks.
        let _ = e;
        return Some(Speaker { actor: Some(a), gender, evidence: Some((s, e)) });
    }
    let k = r.key(head);
    let definite = k.starts_with("ال")
        || r.tok(head).clitics.enclitic().is_some()
        || toks.get(head + 1).is_some_and(|n| {
            n.kind == TokenKind::Arabic && head + 1 < end && !r.prep_prefixed(head + 1) && {
                let nk = r.key(head + 1);
                nk.starts_with("ال") || r.at[head + 1].is_some() || nk == "باسم"
            }
        });
    if definite {
        // A title: the person named in the phrase, else the organ it heads.
        let candidates = || {
            (head..end)
                .filter_map(|j| r.mention(j))
                .filter(|&(s, e, a)| s >= head && r.subject_position(s, e, head) && r.can_speak(a))
        };
        let people = candidates().find(|&(_, _, a)| r.is_person(a));
        let any = candidates().next();
        return Some(match people.or(any) {
            Some((s, e, a)) => Speaker { actor: Some(a), gender, evidence: Some((s, e)) },
            None => Speaker { actor: None, gender, evidence: None },
        });
    }
    // An unnamed member of an organisation (مسؤول في حلف الأطلسي) speaks for it.
    let mut j = head + 1;
    while j < end && j < head + 4 {
        if matches!(r.bare(j), "في" | "من" | "داخل" | "بـ") || r.tok(j).clitics.proclitics().any(|p| p == Proclitic::Bi)
        {
            let org = if r.at[j].is_some() { r.mention(j) } else { r.mention(j + 1) };
            if let Some((s, e, a)) = org.filter(|&(_, _, a)| r.is_organisation(a)) {
                return Some(Speaker { actor: Some(a), gender, evidence: Some((s, e)) });
            }
            break;
        }
        j += 1;
    }
    Some(Speaker { actor: None, gender, evidence: None })
}

/// The nearest actor before `at` (down to `floor`) in subject position that
/// agrees with `gender`.
fn subject_before(r: &Reader<'_, '_>, at: usize, floor: usize, gender: Gender) -> Option<Speaker> {
    let toks = r.doc.tokens();
    let mut cands = Vec::new();
    let mut j = at;
    while j > floor {
        j -= 1;
        if toks[j].kind == TokenKind::Quote {
            continue;
        }
        let Some((s, e, a)) = r.mention(j) else { continue };
        if s < floor {
            break;
        }
        // The predicate of a circumstantial clause (، ومقره بريطانيا،) is no subject.
        let circumstantial = s > floor && {
            let p = s - 1;
            r.at[p].is_none() && r.tok(p).clitics.enclitic().is_some() && r.key(p) != r.bare(p)
        };
        if !circumstantial && r.subject_position(s, e, floor) && r.can_speak(a) && r.gender_of(s, a).agrees(gender) {
            cands.push(Speaker { actor: Some(a), gender: r.gender_of(s, a), evidence: Some((s, e)) });
        }
        j = s;
    }
    cands.first().copied()
}

/// Contract quotes from the found ones.
pub(crate) fn to_contract(r: &Reader<'_, '_>, found: &[Found], span: &dyn Fn(usize, usize) -> Span) -> Vec<Quote> {
    let toks = r.doc.tokens();
    found
        .iter()
        .filter(|f| f.start < f.end && f.end <= toks.len())
        .map(|f| {
            let (s, e) = (toks[f.start].start as usize, toks[f.end - 1].end as usize);
            Quote {
                span: span(s, e),
                speaker: f.speaker.and_then(|a| r.actors.get(a)).map(|a| a.id.clone()),
                cue: f.cue.map(|c| r.text(c).to_string()),
                direct: f.direct,
            }
        })
        .collect()
}

/// The actor a found quote's speaker is.
pub(crate) fn actor_of<'x>(r: &'x Reader<'_, '_>, f: &Found) -> Option<&'x Actor> {
    f.speaker.and_then(|a| r.actors.get(a))
}

/// Byte range of tokens `s..e`.
pub(crate) fn bytes(r: &Reader<'_, '_>, s: usize, e: usize) -> Option<(usize, usize)> {
    let toks = r.doc.tokens();
    let first = toks.get(s)?;
    let last = toks.get(e.checked_sub(1)?)?;
    Some((first.start as usize, last.end as usize))
}

impl Reader<'_, '_> {
    /// Token count.
    pub(crate) fn len(&self) -> usize {
        self.doc.tokens().len()
    }

    /// The actor of the mention covering token `i`, with the mention's range.
    pub(crate) fn actor_at(&self, i: usize) -> Option<(usize, usize, &Actor)> {
        let (s, e, a) = self.mention(i)?;
        Some((s, e, self.actors.get(a)?))
    }

    /// A token's key without و/ف.
    pub(crate) fn bare_key(&self, i: usize) -> &str {
        self.bare(i)
    }

    /// A token's original text.
    pub(crate) fn token_text(&self, i: usize) -> &str {
        self.text(i)
    }

    /// Whether token `i` is punctuation `p`.
    pub(crate) fn is_punct(&self, i: usize, p: &str) -> bool {
        self.punct(i) == Some(p)
    }

    /// The sentence token range of token `i`.
    pub(crate) fn sentence(&self, i: usize) -> (usize, usize) {
        self.sentence_bounds(i)
    }

    /// Index of sentence of token `i`.
    pub(crate) fn sentence_index(&self, i: usize) -> usize {
        self.sentence_of.get(i).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(word: &str) -> Option<(CueKind, Gender)> {
        CUES.get(&key_of(word)).map(|f| (f.kind, f.gender))
    }

    #[test]
    fn cue_forms_carry_gender_and_number() {
        assert_eq!(cue("قال"), Some((CueKind::Verb, Gender::Masc)));
        assert_eq!(cue("أضافت"), Some((CueKind::Verb, Gender::Fem)));
        assert_eq!(cue("أكدوا"), Some((CueKind::Verb, Gender::Plural)));
        assert_eq!(cue("تقول"), Some((CueKind::Verb, Gender::Fem)));
        assert_eq!(cue("يؤكدون"), Some((CueKind::Verb, Gender::Plural)));
        assert_eq!(cue("نفت"), Some((CueKind::Verb, Gender::Fem)));
        assert_eq!(cue("مشيرا"), Some((CueKind::Participle, Gender::Masc)));
        assert_eq!(cue("بحسب").map(|c| c.0), Some(CueKind::Source));
        assert_eq!(cue("لافت"), None, "an adjective, not a cue");
    }

    #[test]
    fn conjunctions_are_read_off_cues() {
        let doc = Document::new("وأضافت فقال");
        let r = Reader::new(&doc, &[]);
        assert_eq!(r.cue(0).map(|f| f.gender), Some(Gender::Fem));
        assert_eq!(r.cue(1).map(|f| f.gender), Some(Gender::Masc));
    }

    #[test]
    fn marks_pair_by_spacing_and_nest() {
        let doc = Document::new("قال \"زيارة \"الأسد الأفريقي\" انتهت\". و«نعم»");
        let r = Reader::new(&doc, &[]);
        let m: Vec<(usize, usize, usize)> = pair_marks(&r).iter().map(|m| (m.open, m.close, m.depth)).collect();
        assert_eq!(m, vec![(1, 8, 0), (3, 6, 1), (11, 13, 0)]);
    }

    #[test]
    fn openers() {
        for w in ["أن", "إن", "أنه", "إنها", "بأن", "أنهم"] {
            assert!(is_opener(&key_of(w)), "{w}");
        }
        assert!(!is_opener(&key_of("الآن")));
    }
}
