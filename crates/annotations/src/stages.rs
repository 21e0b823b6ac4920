//! Single stages of the analysis, run on their own: for the stage
//! benchmarks (`benches/stages.rs`) and the date fuzz target. The
//! [`Analyzer`](crate::Analyzer) runs them all, in order, with what each
//! needs from the others.

use jiff::civil::Date;
use marsad_text::{CharIndex, Document};

use crate::contract::{Analysis, Event, Span, Time};

/// The temporal expressions of `doc`, normalised against `published`.
/// Unlike the analyzer's pass, no knowledge-base name is kept out (so
/// اليوم السابع reads as a day here).
pub fn times(doc: &Document<'_>, published: Option<Date>) -> Vec<Time> {
    let chars = CharIndex::new(doc.original());
    let span = spanner(doc.original(), &chars);
    let nums = crate::numbers::read_all(doc);
    crate::times::times(doc, published, &vec![false; doc.tokens().len()], &nums, &span)
}

/// The events of `doc` read again from `analysis`'s actors, times and
/// quotes (`analysis` must be the analysis of `doc`'s text).
pub fn events(doc: &Document<'_>, analysis: &Analysis) -> Vec<Event> {
    let chars = CharIndex::new(doc.original());
    let span = spanner(doc.original(), &chars);
    crate::events::events(&crate::events::Inputs {
        doc,
        actors: &analysis.actors,
        times: &analysis.times,
        quotes: &analysis.quotes,
        published: analysis.article.published.as_deref(),
        span: &span,
    })
}

/// A span of `text` from byte offsets, with char offsets and its text.
pub(crate) fn spanner<'t>(text: &'t str, chars: &'t CharIndex<'_>) -> impl Fn(usize, usize) -> Span + 't {
    move |start, end| Span {
        start,
        end,
        cstart: chars.char_at(start),
        cend: chars.char_at(end),
        text: text[start..end].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use marsad_article::Article;

    use super::*;
    use crate::Analyzer;

    #[test]
    fn stages_give_what_the_analyzer_gives() {
        let text = "وصل وزير الخارجية المغربي إلى الجزائر يوم الاثنين 12 مارس 2020، والتقى الرئيس الجزائري.";
        let mut article = Article::new(text);
        article.published = Some(Date::constant(2020, 3, 14));
        let analysis = Analyzer::default().analyze(&article).unwrap();
        let doc = Document::new(text);
        assert_eq!(times(&doc, article.published), analysis.times);
        assert!(!analysis.events.is_empty());
        assert_eq!(events(&doc, &analysis), analysis.events);
    }

    /// Found by the `dates` fuzz target: a shift to before year 1 gave `-027`.
    #[test]
    fn no_year_before_1() {
        let text = "وقال إن ذلك حدث قبل 2020 أعوام، وقبل 300 عقد.";
        let times = times(&Document::new(text), Some(Date::constant(2000, 5, 1)));
        assert!(!times.is_empty());
        for t in &times {
            assert!(t.value.as_deref().is_none_or(|v| !v.starts_with('-')), "{t:?}");
            assert!(t.value.is_some() || t.reason.is_some(), "{t:?}");
        }
        assert!(times.iter().any(|t| t.span.text == "قبل 2020 أعوام" && t.value.is_none()), "{times:?}");
    }
}
