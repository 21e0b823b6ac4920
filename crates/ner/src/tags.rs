//! Entity labels, BIO tags and spans.

use std::fmt;
use std::str::FromStr;

/// An entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A person.
    Pers,
    /// A location: country, city, region, natural place.
    Loc,
    /// An organisation: company, party, agency, team.
    Org,
    /// Anything else named: nationalities, events, products, works.
    Misc,
}

impl Label {
    /// Every label, in tag order.
    pub const ALL: [Label; 4] = [Label::Pers, Label::Loc, Label::Org, Label::Misc];

    /// The ANERcorp name: `PERS`, `LOC`, `ORG`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Pers => "PERS",
            Label::Loc => "LOC",
            Label::Org => "ORG",
            Label::Misc => "MISC",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Label {
    type Err = String;
    fn from_str(s: &str) -> Result<Label, String> {
        match s.trim().to_ascii_uppercase().as_str() {
            "PERS" | "PER" => Ok(Label::Pers),
            "LOC" => Ok(Label::Loc),
            "ORG" => Ok(Label::Org),
            "MISC" => Ok(Label::Misc),
            other => Err(format!("unknown entity type {other:?} (expected PERS, LOC, ORG or MISC)")),
        }
    }
}

/// Number of BIO tags: O and B-/I- of each label.
pub const NTAGS: usize = 9;

/// A BIO tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Outside any entity.
    O,
    /// First token of an entity.
    B(Label),
    /// A following token of an entity.
    I(Label),
}

impl Tag {
    /// The tag's index: O = 0, B-X = 1 + 2x, I-X = 2 + 2x.
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(l) => 1 + 2 * l.index(),
            Tag::I(l) => 2 + 2 * l.index(),
        }
    }

    /// The tag of an index below [`NTAGS`] (O for anything else).
    pub fn from_index(i: usize) -> Tag {
        match i {
            1..NTAGS => {
                let l = Label::ALL[(i - 1) / 2];
                if i % 2 == 1 {
                    Tag::B(l)
                } else {
                    Tag::I(l)
                }
            }
            _ => Tag::O,
        }
    }

    /// The entity label, if inside one.
    pub fn label(self) -> Option<Label> {
        match self {
            Tag::O => None,
            Tag::B(l) | Tag::I(l) => Some(l),
        }
    }

    /// Whether `self` may follow `prev` in well-formed BIO (`None`: sentence start).
    pub fn may_follow(self, prev: Option<Tag>) -> bool {
        match self {
            Tag::I(l) => matches!(prev, Some(Tag::B(p) | Tag::I(p)) if p == l),
            _ => true,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(l) => write!(f, "B-{l}"),
            Tag::I(l) => write!(f, "I-{l}"),
        }
    }
}

impl FromStr for Tag {
    type Err = String;
    fn from_str(s: &str) -> Result<Tag, String> {
        if s == "O" {
            return Ok(Tag::O);
        }
        let bad = || format!("bad tag {s:?} (expected O, B-X or I-X with X one of PERS, LOC, ORG, MISC)");
        let (bi, label) = s.split_once('-').ok_or_else(bad)?;
        let label: Label = match label {
            "PERS" | "LOC" | "ORG" | "MISC" => label.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        match bi {
            "B" => Ok(Tag::B(label)),
            "I" => Ok(Tag::I(label)),
            _ => Err(bad()),
        }
    }
}

/// An entity: a token range (`token_start..token_end`, into the tagged
/// sequence or the document's tokens), its label and a confidence in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// First token.
    pub token_start: usize,
    /// One past the last token.
    pub token_end: usize,
    /// The entity type.
    pub label: Label,
    /// Confidence: the model's probability for the span's least certain tag.
    pub score: f32,
}

/// The spans of a BIO tag sequence, conlleval style: an entity starts at a
/// B-X, or at an I-X that does not continue an entity of type X (an
/// ill-formed I- without B- still counts), and runs over the I-X after it.
/// Scores are 1.
pub fn spans_of(tags: &[Tag]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut open: Option<(usize, Label)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let continues = matches!((t, open), (Tag::I(l), Some((_, o))) if l == o);
        if continues {
            continue;
        }
        if let Some((s, l)) = open.take() {
            out.push(Span { token_start: s, token_end: i, label: l, score: 1.0 });
        }
        if let Some(l) = t.label() {
            open = Some((i, l));
        }
    }
    if let Some((s, l)) = open {
        out.push(Span { token_start: s, token_end: tags.len(), label: l, score: 1.0 });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<Tag> {
        s.split_whitespace().map(|t| t.parse().unwrap()).collect()
    }

    fn spans(s: &str) -> Vec<(usize, usize, Label)> {
        spans_of(&tags(s)).into_iter().map(|s| (s.token_start, s.token_end, s.label)).collect()
    }

    #[test]
    fn tag_indices_round_trip() {
        for i in 0..NTAGS {
            assert_eq!(Tag::from_index(i).index(), i);
            let t = Tag::from_index(i);
            assert_eq!(t.to_string().parse::<Tag>(), Ok(t));
        }
        assert_eq!(Tag::from_index(99), Tag::O);
    }

    #[test]
    fn parse_rejects_bad_tags() {
        for bad in ["B-PER", "X-LOC", "B", "b-loc", "I-", "o", ""] {
            assert!(bad.parse::<Tag>().is_err(), "{bad}");
        }
    }

    #[test]
    fn well_formed_spans() {
        assert_eq!(
            spans("B-PERS I-PERS O B-LOC B-LOC I-LOC O B-ORG"),
            vec![(0, 2, Label::Pers), (3, 4, Label::Loc), (4, 6, Label::Loc), (7, 8, Label::Org)]
        );
        assert_eq!(spans("O O"), vec![]);
        assert_eq!(spans(""), vec![]);
    }

    #[test]
    fn ill_formed_i_starts_a_span() {
        // I- without B-, and I- of another type, each start a new entity.
        assert_eq!(spans("I-PERS I-PERS O I-LOC"), vec![(0, 2, Label::Pers), (3, 4, Label::Loc)]);
        assert_eq!(spans("B-PERS I-LOC I-LOC"), vec![(0, 1, Label::Pers), (1, 3, Label::Loc)]);
    }

    #[test]
    fn transitions() {
        assert!(Tag::I(Label::Loc).may_follow(Some(Tag::B(Label::Loc))));
        assert!(Tag::I(Label::Loc).may_follow(Some(Tag::I(Label::Loc))));
        assert!(!Tag::I(Label::Loc).may_follow(Some(Tag::B(Label::Org))));
        assert!(!Tag::I(Label::Loc).may_follow(Some(Tag::O)));
        assert!(!Tag::I(Label::Loc).may_follow(None));
        assert!(Tag::B(Label::Loc).may_follow(None));
    }
}
