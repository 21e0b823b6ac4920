//! The analyzer: an article in, its `marsad/analysis@1` out.

use marsad_article::Article;
use marsad_kb::Kb;
use marsad_text::{CharIndex, Document, TokenKind};

use crate::contract::{self, Analysis, ArticleMeta};
use crate::error::{Error, ErrorKind};

/// What the analyzer adds to its output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Include every token with its layers and clitics.
    pub tokens: bool,
    /// Knowledge-base actors only: no named-entity recognizer, so no
    /// actors from outside the knowledge base (faster).
    pub kb_only: bool,
}

/// Analyses articles. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Analyzer {
    options: Options,
    kb: KbHandle,
    outlets: crate::provenance::Outlets,
}

/// The built-in knowledge base by reference, or one of the caller's.
#[derive(Debug, Clone)]
enum KbHandle {
    Builtin(&'static Kb),
    Own(std::sync::Arc<Kb>),
}

impl std::ops::Deref for KbHandle {
    type Target = Kb;
    fn deref(&self) -> &Kb {
        match self {
            KbHandle::Builtin(kb) => kb,
            KbHandle::Own(kb) => kb,
        }
    }
}

impl Default for Analyzer {
    fn default() -> Analyzer {
        Analyzer::new(Options::default())
    }
}

impl Analyzer {
    /// An analyzer with these options and the built-in knowledge base.
    pub fn new(options: Options) -> Analyzer {
        Analyzer { options, kb: KbHandle::Builtin(Kb::builtin()), outlets: Default::default() }
    }

    /// An analyzer with these options and a knowledge base of its own (the
    /// built-in one extended with a user's `--kb DIR`, say).
    pub fn with_kb(options: Options, kb: Kb) -> Analyzer {
        Analyzer { options, kb: KbHandle::Own(std::sync::Arc::new(kb)), outlets: Default::default() }
    }

    /// Analyses one article.
    pub fn analyze(&self, article: &Article) -> Result<Analysis, Error> {
        let text = article.text.as_str();
        if text.len() > u32::MAX as usize {
            return Err(ErrorKind::TooLong { len: text.len() }.into());
        }
        let doc = Document::new(text);
        if doc.tokens().is_empty() {
            return Err(ErrorKind::EmptyText.into());
        }
        let chars = CharIndex::new(text);
        let span = crate::stages::spanner(text, &chars);
        let sentences = doc
            .sentences()
            .iter()
            .map(|s| contract::Sentence {
                span: span(s.start as usize, s.end as usize),
                token_start: s.tokens.start as usize,
                token_end: s.tokens.end as usize,
            })
            .collect();
        let tokens = self.options.tokens.then(|| {
            doc.tokens()
                .iter()
                .map(|t| contract::Token {
                    span: span(t.start as usize, t.end as usize),
                    kind: t.kind.as_str().to_string(),
                    norm: doc.norm(t).to_string(),
                    key: doc.key(t).to_string(),
                    clitics: contract::Clitics {
                        pre: t.clitics.proclitics().map(|p| p.as_str().to_string()).collect(),
                        stem: doc.stem(t).to_string(),
                        post: t.clitics.enclitic().map(str::to_string).into_iter().collect(),
                    },
                    lemma: if t.kind == TokenKind::Arabic || t.kind == TokenKind::Latin {
                        doc.light_stem(t)
                    } else {
                        doc.norm(t).to_string()
                    },
                })
                .collect()
        });
        let published = article.published.map(|d| d.to_string());
        let cx = crate::actors::Context {
            kb: &self.kb,
            ner: (!self.options.kb_only).then(marsad_ner::Model::embedded),
            published: published.as_deref(),
        };
        let linked = crate::actors::link(&doc, &cx, &span);
        // Knowledge-base names are not times (اليوم السابع, إسرائيل اليوم).
        let mut blocked = vec![false; doc.tokens().len()];
        let toks = doc.tokens();
        for e in linked.entities.iter().filter(|e| e.actor.as_deref().is_some_and(|a| self.kb.index(a).is_some())) {
            let first = toks.partition_point(|t| (t.start as usize) < e.span.start);
            for (i, t) in toks.iter().enumerate().skip(first) {
                if t.end as usize > e.span.end {
                    break;
                }
                blocked[i] = true;
            }
        }
        let nums = crate::numbers::read_all(&doc);
        let times = crate::times::times(&doc, article.published, &blocked, &nums, &span);
        // Numbers inside names or times are not counts.
        for t in &times {
            let first = toks.partition_point(|x| (x.end as usize) <= t.span.start);
            for (i, x) in toks.iter().enumerate().skip(first) {
                if x.start as usize >= t.span.end {
                    break;
                }
                blocked[i] = true;
            }
        }
        let quantities = crate::quantities::quantities(&doc, &blocked, &nums, &span);
        let (quotes, provenance) = {
            let reader = crate::quotes::Reader::new(&doc, &linked.actors);
            let found = crate::quotes::find(&reader);
            let outlet = article.outlet.as_deref().and_then(|o| self.outlets.id(&self.kb, o));
            (
                crate::quotes::to_contract(&reader, &found, &span),
                crate::provenance::find(&reader, &found, outlet.as_deref()),
            )
        };
        let events = crate::events::events(&crate::events::Inputs {
            doc: &doc,
            actors: &linked.actors,
            times: &times,
            quotes: &quotes,
            published: published.as_deref(),
            span: &span,
        });
        let relations = crate::relations::relations(&events, &linked.actors);
        Ok(Analysis {
            schema: contract::SCHEMA.to_string(),
            article: ArticleMeta {
                id: article.id.clone(),
                published,
                outlet: article.outlet.clone(),
                title: article.title.clone(),
                url: article.url.clone(),
            },
            sentences,
            tokens,
            entities: linked.entities,
            actors: linked.actors,
            times,
            quantities,
            quotes,
            provenance,
            framing: linked.framing,
            events,
            relations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(text: &str) -> Result<Analysis, Error> {
        Analyzer::new(Options { tokens: true, ..Options::default() }).analyze(&Article::new(text))
    }

    #[test]
    fn spans_carry_bytes_chars_and_text() {
        let a = analyze("قال الوزير. abc").unwrap();
        let s = &a.sentences[0].span;
        assert_eq!((s.start, s.end, s.cstart, s.cend), (0, 20, 0, 11));
        assert_eq!(s.text, "قال الوزير.");
        let t = &a.tokens.as_ref().unwrap()[3];
        assert_eq!((t.span.cstart, t.span.cend, t.span.text.as_str()), (12, 15, "abc"));
    }

    #[test]
    fn clitics_in_tokens() {
        let a = analyze("والرباط").unwrap();
        let t = &a.tokens.unwrap()[0];
        assert_eq!(t.clitics.pre, ["و", "ال"]);
        assert_eq!(t.clitics.stem, "رباط");
        assert!(t.clitics.post.is_empty());
    }

    #[test]
    fn empty_text_is_an_error() {
        for text in ["", "  \n\t", "\u{200F}\u{0001}"] {
            assert_eq!(analyze(text).unwrap_err().kind(), &ErrorKind::EmptyText, "{text:?}");
        }
    }

    #[test]
    fn tokens_only_when_asked() {
        let a = Analyzer::default().analyze(&Article::new("نص")).unwrap();
        assert!(a.tokens.is_none());
        let json = serde_json::to_value(&a).unwrap();
        assert!(json.get("tokens").is_none());
        for key in
            ["entities", "actors", "times", "quantities", "quotes", "provenance", "framing", "events", "relations"]
        {
            assert_eq!(json[key], serde_json::json!([]), "{key}");
        }
    }
}
