//! FEEDS.toml: the feeds to follow.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, ErrorKind};

/// A feed to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// Its URL: an RSS 2.0 or Atom feed, or a plain list of article URLs
    /// (one per line).
    pub url: String,
    /// The outlet its articles are stored under (else the page's
    /// `og:site_name`, else the feed's title).
    pub outlet: Option<String>,
    /// How often to poll it (else the watch's `--every`).
    pub every: Option<Duration>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    feed: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    url: String,
    outlet: Option<String>,
    every: Option<String>,
}

/// Reads FEEDS.toml: `[[feed]]` tables with `url` and optional `outlet`
/// and `every` (`"15m"`, `"1h 30m"`, `"45s"`).
pub fn read_feeds(path: &Path) -> Result<Vec<Feed>, Error> {
    let place = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::new(&place, e.into()))?;
    parse_feeds(&text).map_err(|kind| Error::new(place, kind))
}

/// Parses the text of a FEEDS.toml.
pub fn parse_feeds(text: &str) -> Result<Vec<Feed>, ErrorKind> {
    let file: File = toml::from_str(text).map_err(|e| ErrorKind::Config(e.to_string().trim().to_string()))?;
    if file.feed.is_empty() {
        return Err(ErrorKind::Config("no [[feed]] tables".into()));
    }
    let mut out: Vec<Feed> = Vec::with_capacity(file.feed.len());
    for (i, e) in file.feed.into_iter().enumerate() {
        let which = |m: String| ErrorKind::Config(format!("feed {} ({}): {m}", i + 1, e.url));
        let parsed = url::Url::parse(e.url.trim()).map_err(|err| which(err.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(which("only http and https feeds can be followed".into()));
        }
        let every = e.every.as_deref().map(duration).transpose().map_err(which)?;
        if out.iter().any(|f| f.url == parsed.as_str()) {
            return Err(which("listed twice".into()));
        }
        out.push(Feed { url: parsed.to_string(), outlet: e.outlet.filter(|o| !o.trim().is_empty()), every });
    }
    Ok(out)
}

/// A duration such as `15m`, `1h 30m`, `45s` or `PT15M`.
pub fn duration(s: &str) -> Result<Duration, String> {
    let d: jiff::SignedDuration =
        s.trim().parse().map_err(|_| format!("{s:?} is not a duration (write 15m, 1h, 90s or 1h 30m)"))?;
    Duration::try_from(d).map_err(|_| format!("{s:?} is negative"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds() {
        let feeds = parse_feeds(
            r#"
            [[feed]]
            url = "https://example.com/rss"
            outlet = "الجزيرة"
            every = "5m"

            [[feed]]
            url = "http://example.org/list.txt"
            "#,
        )
        .unwrap();
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].every, Some(Duration::from_secs(300)));
        assert_eq!(feeds[0].outlet.as_deref(), Some("الجزيرة"));
        assert_eq!((feeds[1].every, feeds[1].outlet.as_deref()), (None, None));
    }

    #[test]
    fn bad_feeds_name_the_entry() {
        let cases = [
            ("", "no [[feed]]"),
            ("[[feed]]\nurl = \"ftp://x/y\"", "feed 1 (ftp://x/y): only http"),
            ("[[feed]]\nurl = \"https://a/\"\nevery = \"soon\"", "feed 1 (https://a/): \"soon\" is not a duration"),
            ("[[feed]]\nurl = \"https://a/\"\n[[feed]]\nurl = \"https://a/\"", "feed 2 (https://a/): listed twice"),
            ("[[feed]]\nurl = \"https://a/\"\nlink = 1", "unknown field `link`"),
            ("[[feed]]\nurl = \"not a url\"", "feed 1 (not a url)"),
        ];
        for (text, want) in cases {
            let got = parse_feeds(text).unwrap_err().to_string();
            assert!(got.contains(want), "{text:?}: {got}");
        }
    }

    #[test]
    fn the_example_parses() {
        let feeds = parse_feeds(include_str!("../../../examples/watch/feeds.toml")).unwrap();
        assert_eq!(feeds.len(), 3);
    }

    #[test]
    fn durations() {
        assert_eq!(duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(duration("0s"), Ok(Duration::ZERO));
        assert!(duration("-5m").is_err());
        assert!(duration("15").is_err());
    }
}
