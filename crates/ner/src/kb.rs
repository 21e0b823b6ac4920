//! Knowledge-base marks: where a token sits inside a match of the built-in
//! knowledge base (`marsad_kb::Kb::builtin()`), and what the match names.
//! Only the built-in KB is read, never a user's `--kb`, so that a model's
//! features mean the same thing wherever it runs.

use marsad_kb::{Kb, Match};
use marsad_text::Document;

/// A token's mark: 0 outside any match; else its position (1 first, 2
/// inside, 3 last, 4 sole token) | the actor's class << 3 | the way the
/// surface names it ([`Via`]) << 6.
pub(crate) type KbMark = u16;

/// The class of what a match names: 1 state, 2 person, 3 news outlet,
/// 4 place, 5 other organisation, 6 no actor (a loaded title or term).
fn class(kb: &Kb, actor: Option<u32>) -> u16 {
    let Some(a) = actor else { return 6 };
    if a as usize >= kb.len() {
        return 6;
    }
    match kb.actor(a).kind.as_str() {
        "country" => 1,
        "person" => 2,
        "news_outlet" | "news_agency" => 3,
        "region" | "city" | "territory" => 4,
        _ => 5,
    }
}

/// The mark of every token of `doc`.
pub(crate) fn token_marks(doc: &Document<'_>) -> Vec<KbMark> {
    marks_of(doc, &Kb::builtin().find(doc))
}

/// The mark of every token of `doc`, given the built-in knowledge base's
/// matches in it.
pub(crate) fn marks_of(doc: &Document<'_>, matches: &[Match<'_>]) -> Vec<KbMark> {
    let kb = Kb::builtin();
    let mut out = vec![0; doc.tokens().len()];
    for m in matches {
        let tail = class(kb, m.actor) << 3 | (m.via as u16) << 6;
        let n = m.token_end.saturating_sub(m.token_start);
        for (k, slot) in out.iter_mut().enumerate().take(m.token_end).skip(m.token_start) {
            let pos = match (n, k - m.token_start) {
                (1, _) => 4,
                (_, 0) => 1,
                (_, i) if i + 1 == n => 3,
                _ => 2,
            };
            *slot = pos | tail;
        }
    }
    out
}

/// The marks of the tokens `units` of `doc`.
pub(crate) fn unit_marks(doc: &Document<'_>, units: &[usize]) -> Vec<KbMark> {
    let all = token_marks(doc);
    units.iter().map(|&u| all.get(u).copied().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_kb::Via;

    #[test]
    fn marks_a_state_and_a_demonym() {
        let doc = Document::new("زار الرئيس الفرنسي المملكة المغربية");
        let marks = token_marks(&doc);
        assert_eq!(marks.len(), 5);
        assert_eq!(marks[0], 0);
        assert!(marks[2] != 0, "{marks:?}");
        assert_eq!(marks[2] >> 6, Via::Demonym as u16, "{marks:?}");
    }
}
