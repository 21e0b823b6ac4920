//! The [`Article`] record shared by every reader.

use serde::{Deserialize, Serialize};

/// One news article: its text plus whatever metadata the source had.
///
/// Only `text` is always present; it may still be empty, since deciding what
/// to do with an empty article is the analyzer's business, not the reader's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Identifier from the source (`id`, or `docno` in the ANT corpus).
    pub id: Option<String>,
    /// The body text; paragraphs separated by `\n`.
    pub text: String,
    /// Publication date as written by the source; serialises as `YYYY-MM-DD`.
    pub published: Option<jiff::civil::Date>,
    /// The news outlet (`outlet`, `src`, or `og:site_name`).
    pub outlet: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Where the article came from.
    pub url: Option<String>,
}

impl Article {
    /// An article with just a body text.
    pub fn new(text: impl Into<String>) -> Self {
        Article { text: text.into(), ..Article::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_serialises_as_plain_date() {
        let a =
            Article { id: Some("x".into()), published: Some(jiff::civil::date(2018, 2, 18)), ..Article::new("نص") };
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains(r#""published":"2018-02-18""#), "{json}");
        let back: Article = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }
}
