//! Exact-span scoring: a predicted entity counts only when its first token,
//! last token and type all match a gold entity (CoNLL's measure).

use std::fmt::Write as _;

use crate::{spans_of, Label, Tag};

/// Counts for one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Predicted entities that match a gold one exactly.
    pub correct: usize,
}

impl Counts {
    /// Precision in percent (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        pct(self.correct, self.predicted)
    }
    /// Recall in percent (0 when there is no gold entity).
    pub fn recall(&self) -> f64 {
        pct(self.correct, self.gold)
    }
    /// Harmonic mean of precision and recall, in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.correct += o.correct;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Scores of a tagging against gold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scores {
    /// The types scored, in [`Label::ALL`] order.
    pub types: Vec<Label>,
    /// Counts per type, indexed like [`Label::ALL`].
    pub per_type: [Counts; 4],
}

impl Scores {
    /// A scorer of these entity types (all four when empty).
    pub fn new(types: &[Label]) -> Scores {
        let types = if types.is_empty() {
            Label::ALL.to_vec()
        } else {
            Label::ALL.iter().copied().filter(|l| types.contains(l)).collect()
        };
        Scores { types, per_type: Default::default() }
    }

    /// Adds one sentence. Spans of types not scored are ignored on both
    /// sides. Panics if the sequences differ in length.
    pub fn add(&mut self, gold: &[Tag], predicted: &[Tag]) {
        assert_eq!(gold.len(), predicted.len(), "gold and predicted tag sequences differ in length");
        let keep = |s: &crate::Span| self.types.contains(&s.label);
        let g: Vec<_> = spans_of(gold).into_iter().filter(keep).collect();
        let p: Vec<_> = spans_of(predicted).into_iter().filter(keep).collect();
        for s in &g {
            self.per_type[s.label as usize].gold += 1;
        }
        for s in &p {
            let c = &mut self.per_type[s.label as usize];
            c.predicted += 1;
            if g.iter().any(|x| x.token_start == s.token_start && x.token_end == s.token_end && x.label == s.label) {
                c.correct += 1;
            }
        }
    }

    /// Micro-averaged counts over the scored types.
    pub fn micro(&self) -> Counts {
        let mut m = Counts::default();
        for l in &self.types {
            m.add(self.per_type[*l as usize]);
        }
        m
    }

    /// Macro-averaged F1 over the scored types, in percent.
    pub fn macro_f1(&self) -> f64 {
        if self.types.is_empty() {
            return 0.0;
        }
        self.types.iter().map(|l| self.per_type[*l as usize].f1()).sum::<f64>() / self.types.len() as f64
    }

    /// A table: one line per type, a micro line, and last `f1=NN.NN`.
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{:<6} {:>6} {:>6} {:>6} {:>8} {:>8} {:>8}", "type", "gold", "pred", "ok", "P", "R", "F1");
        let line = |s: &mut String, name: &str, c: Counts| {
            let _ = writeln!(
                s,
                "{:<6} {:>6} {:>6} {:>6} {:>8.2} {:>8.2} {:>8.2}",
                name,
                c.gold,
                c.predicted,
                c.correct,
                c.precision(),
                c.recall(),
                c.f1()
            );
        };
        for l in &self.types {
            line(&mut s, l.as_str(), self.per_type[*l as usize]);
        }
        line(&mut s, "micro", self.micro());
        let _ = writeln!(s, "f1={:.2}", self.micro().f1());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<Tag> {
        s.split_whitespace().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn exact_span_counts() {
        let mut sc = Scores::new(&[]);
        // gold: PERS 0..2, LOC 3..4, ORG 5..7 ; pred: PERS 0..1 (boundary miss), LOC 3..4 (ok), ORG 5..7 (ok)
        sc.add(&tags("B-PERS I-PERS O B-LOC O B-ORG I-ORG"), &tags("B-PERS O O B-LOC O B-ORG I-ORG"));
        let m = sc.micro();
        assert_eq!((m.gold, m.predicted, m.correct), (3, 3, 2));
        assert!((m.f1() - 66.666).abs() < 0.01);
        assert_eq!(sc.per_type[Label::Pers as usize].correct, 0);
        assert!(sc.report().trim_end().ends_with("f1=66.67"));
    }

    #[test]
    fn wrong_type_is_an_error_and_ill_formed_i_counts() {
        let mut sc = Scores::new(&[]);
        sc.add(&tags("B-LOC O I-PERS I-PERS"), &tags("B-ORG O I-PERS I-PERS"));
        let m = sc.micro();
        assert_eq!((m.gold, m.predicted, m.correct), (2, 2, 1));
    }

    #[test]
    fn types_filter_ignores_other_spans_on_both_sides() {
        let mut sc = Scores::new(&[Label::Pers, Label::Loc, Label::Org]);
        sc.add(&tags("B-MISC O B-LOC B-PERS"), &tags("O B-MISC B-LOC B-MISC"));
        let m = sc.micro();
        assert_eq!((m.gold, m.predicted, m.correct), (2, 1, 1));
        assert_eq!(sc.types, vec![Label::Pers, Label::Loc, Label::Org]);
        assert!(!sc.report().contains("MISC"));
        assert_eq!(Scores::new(&[]).micro().f1(), 0.0);
    }
}
