//! The analysis contract, `marsad/analysis@1`: one JSON object per article.
//! `docs/analysis.md` and `docs/analysis.schema.json` describe it; a test
//! checks this module's output against the schema.

use serde::{Deserialize, Serialize};

/// The schema tag every analysis carries.
pub const SCHEMA: &str = "marsad/analysis@1";

/// A span of the original text: byte and character offsets and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte start in the original UTF-8 text.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// Character (Unicode scalar) start.
    pub cstart: usize,
    /// Character end (exclusive).
    pub cend: usize,
    /// The original text of the span.
    pub text: String,
}

/// The analysis of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The article's metadata.
    pub article: ArticleMeta,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens, only when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<Token>>,
    /// Named-entity mentions.
    pub entities: Vec<Entity>,
    /// Actors: states, organs, organisations, people.
    pub actors: Vec<Actor>,
    /// Temporal expressions.
    pub times: Vec<Time>,
    /// Quantities.
    pub quantities: Vec<Quantity>,
    /// Quotations.
    pub quotes: Vec<Quote>,
    /// Where the story came from.
    pub provenance: Vec<Provenance>,
    /// How the outlet names actors.
    pub framing: Vec<Framing>,
    /// Events.
    pub events: Vec<Event>,
    /// Signed relations between actors.
    pub relations: Vec<Relation>,
}

/// Article metadata as given (or extracted from HTML).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// Record id.
    pub id: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Outlet name.
    pub outlet: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
}

/// A sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Its span.
    #[serde(flatten)]
    pub span: Span,
    /// Index of its first token (into `tokens` when present).
    pub token_start: usize,
    /// Index past its last token.
    pub token_end: usize,
}

/// A token with its layers and clitics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Its original span.
    #[serde(flatten)]
    pub span: Span,
    /// Token kind: arabic, latin, number, punct, quote, hashtag, mention, url, email, symbol.
    pub kind: String,
    /// Analysis layer: no diacritics, tatweel or controls; digits as ASCII.
    pub norm: String,
    /// Matching key: hamza carriers, alef maqsura and taa marbuta folded.
    pub key: String,
    /// Clitic segmentation.
    pub clitics: Clitics,
    /// Light stem of the key, for lemma-level matching.
    pub lemma: String,
}

/// Proclitics, stem and enclitics of a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clitics {
    /// Proclitics, outermost first (و ف ب ك ل س ال).
    pub pre: Vec<String>,
    /// The stem (analysis layer).
    pub stem: String,
    /// Enclitic pronouns.
    pub post: Vec<String>,
}

/// Entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum EntityType {
    PER,
    ORG,
    LOC,
    GPE,
    MISC,
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its span.
    #[serde(flatten)]
    pub span: Span,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The actor it refers to.
    pub actor: Option<String>,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

/// A role the text gives an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The role as a normalised title.
    pub title: String,
    /// The role's text in the article.
    pub text: String,
    /// The actor the title names (قائد جيش الاحتلال → ISRMIL), if any.
    pub affiliation: Option<String>,
}

/// A mention of an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Original text.
    pub text: String,
}

/// An actor of the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable id: ISO alpha-3, CAMEO-style code, or a knowledge-base id.
    pub id: String,
    /// English name.
    pub name_en: Option<String>,
    /// Arabic name.
    pub name_ar: Option<String>,
    /// Kind: country, military, person, news_outlet …
    pub kind: String,
    /// Country (ISO alpha-3).
    pub country: Option<String>,
    /// CAMEO actor code.
    pub code: Option<String>,
    /// Roles from the text.
    pub roles: Vec<Role>,
    /// Mentions.
    pub mentions: Vec<Mention>,
}

/// Modifiers of a time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum TimeMod {
    Start,
    Mid,
    End,
    Approx,
}

/// Kinds of temporal expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum TimeKind {
    Date,
    Duration,
    Set,
    Ref,
}

/// A temporal expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Time {
    /// Its span.
    #[serde(flatten)]
    pub span: Span,
    /// ISO 8601 value, a reference (PAST_REF …) or a duration (P3D); null when unresolvable.
    pub value: Option<String>,
    /// Modifier.
    #[serde(rename = "mod")]
    pub modifier: Option<TimeMod>,
    /// Kind.
    pub kind: TimeKind,
    /// Why `value` is null, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Its span.
    #[serde(flatten)]
    pub span: Span,
    /// Numeric value.
    pub value: Option<f64>,
    /// Counted unit.
    pub unit: Option<String>,
    /// Approximate (نحو، حوالي).
    pub approximate: bool,
    /// A bound rather than an exact count (أكثر من → at least).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// What happened to the people counted (قتلى → killed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub casualty: Option<Casualty>,
}

/// A bound on a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Bound {
    AtLeast,
    AtMost,
}

/// Casualties a quantity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Casualty {
    Killed,
    Wounded,
}

/// A quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Its span.
    #[serde(flatten)]
    pub span: Span,
    /// Speaker actor id.
    pub speaker: Option<String>,
    /// The cue word (قال، أكد …).
    pub cue: Option<String>,
    /// Direct (quotation marks) or indirect speech.
    pub direct: bool,
}

/// Provenance roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum ProvenanceRole {
    Original,
    Translator,
    Agency,
    Source,
}

/// A provenance credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Role.
    pub role: ProvenanceRole,
    /// The outlet or agency actor.
    pub actor: Option<String>,
    /// Byte start of the evidence.
    pub start: usize,
    /// Byte end of the evidence.
    pub end: usize,
}

/// Framing kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum FramingKind {
    LoadedName,
    LoadedTitle,
    LoadedTerm,
}

/// A loaded name, title or term the outlet uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framing {
    /// The actor named.
    pub actor: Option<String>,
    /// The term.
    pub term: String,
    /// Kind.
    pub kind: FramingKind,
    /// Occurrences.
    pub count: usize,
}

/// Factuality of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Factuality {
    Asserted,
    Future,
    Intended,
    Negated,
    Reported,
    Hypothetical,
}

/// An event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: String,
    /// CAMEO code.
    pub cameo: String,
    /// Goldstein score.
    pub goldstein: f32,
    /// CAMEO quad class (1–4).
    pub quad_class: u8,
    /// Source actor id.
    pub source: Option<String>,
    /// Target actor id.
    pub target: Option<String>,
    /// Person acting for the source.
    pub source_person: Option<String>,
    /// Person acted on.
    pub target_person: Option<String>,
    /// Date (ISO 8601).
    pub date: Option<String>,
    /// The time expression the date came from.
    pub date_text: Option<String>,
    /// Place actor id.
    pub location: Option<String>,
    /// Trigger span (its first telling).
    pub trigger: Span,
    /// The triggers of later tellings of the same event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Span>,
    /// Sentence index.
    pub sentence: usize,
    /// Factuality.
    pub factuality: Factuality,
    /// Speaker when stated inside a quote.
    pub in_quote: Option<String>,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

/// Signs of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Sign {
    Cooperative,
    Hostile,
    Mixed,
}

/// A signed relation between two actors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// First actor id.
    pub a: String,
    /// Second actor id.
    pub b: String,
    /// Sign.
    pub sign: Sign,
    /// Goldstein-weighted strength.
    pub weight: f32,
    /// Indices into `events`.
    pub events: Vec<usize>,
}

/// The state of a CAMEO-style actor code: its first three letters when the
/// code is upper-case letters in groups of three (`ISRMIL` → `ISR`, `USA` →
/// `USA`); `None` for other ids (`PER:…`, `ORG:…`).
pub fn cameo_state(id: &str) -> Option<&str> {
    let b = id.as_bytes();
    (b.len() >= 3 && b.len().is_multiple_of(3) && b.iter().all(u8::is_ascii_uppercase)).then(|| &id[..3])
}

#[cfg(test)]
mod tests {
    use super::cameo_state;

    #[test]
    fn cameo_states() {
        assert_eq!(cameo_state("ISRMIL"), Some("ISR"));
        assert_eq!(cameo_state("USA"), Some("USA"));
        assert_eq!(cameo_state("PER:Aviv Kochavi"), None);
        assert_eq!(cameo_state("ISRM"), None);
        assert_eq!(cameo_state(""), None);
    }
}
