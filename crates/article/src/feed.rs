//! News feeds (RSS, Atom, and JSON Feed, which the same parser reads): each
//! item becomes an article.

use chrono::{DateTime, TimeZone, Utc};
use feed_rs::model::{Entry, Text};

use crate::article::Article;
use crate::date::parse_published;
use crate::error::{Error, ErrorKind};
use crate::html::tidy;

/// The articles of a feed, in the feed's order.
///
/// Each item gives its title, its link (the first `alternate` one) as the
/// URL, its publication date (else its update date) as written, and as text
/// its content, else its description, with the HTML stripped. The outlet is
/// the feed's title. The id is the item's guid (Atom `id`), else its link;
/// an item with neither gets the id of its text when stored. Items without
/// text are left out. `source` (the feed's URL) resolves relative links.
///
/// ```
/// let rss = r#"<rss version="2.0"><channel><title>وكالة الأنباء</title>
///   <item><title>عنوان الخبر</title><link>https://example.com/1</link>
///   <pubDate>Sun, 18 Feb 2018 23:35:43 -0400</pubDate>
///   <description>&lt;p&gt;فقرة &lt;b&gt;أولى&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;فقرة ثانية.&lt;/p&gt;</description></item>
/// </channel></rss>"#;
/// let items = marsad_article::from_feed(rss.as_bytes(), None).unwrap();
/// assert_eq!(items[0].text, "فقرة أولى.\nفقرة ثانية.");
/// assert_eq!(items[0].outlet.as_deref(), Some("وكالة الأنباء"));
/// // The date the outlet printed, not the next day in UTC.
/// assert_eq!(items[0].published.unwrap().to_string(), "2018-02-18");
/// ```
pub fn from_feed(bytes: &[u8], source: Option<&str>) -> Result<Vec<Article>, Error> {
    Ok(feed_entries(bytes, source)?.into_iter().filter(|a| !a.text.is_empty()).collect())
}

/// Like [`from_feed`], but an item without text is kept when it has a link
/// (its `text` is then empty): for following the link to the article page.
pub fn feed_entries(bytes: &[u8], source: Option<&str>) -> Result<Vec<Article>, Error> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(source)
        // An item without a guid gets an empty id rather than a random one,
        // so that ingesting the feed again finds the same articles.
        .id_generator(|_, _, _| String::new())
        // The calendar date as written, as everywhere else in marsad
        // (feed-rs would shift it to UTC): kept as midnight UTC.
        .timestamp_parser(|s| {
            let d = parse_published(s).ok()?;
            Utc.with_ymd_and_hms(i32::from(d.year()), d.month() as u32, d.day() as u32, 0, 0, 0).single()
        })
        .build();
    let feed = parser.parse(bytes).map_err(|e| ErrorKind::Feed { message: e.to_string() })?;
    let outlet = feed.title.as_ref().map(plain).filter(|t| !t.is_empty());
    Ok(feed.entries.iter().filter_map(|e| article(e, outlet.as_ref())).collect())
}

/// Feeds larger than this are refused (a feed is a few hundred KB).
#[cfg(feature = "fetch")]
const MAX_FEED: u64 = 64 << 20;

/// Fetches a feed over HTTP(S) and reads its articles with [`from_feed`]
/// (with the `fetch` feature). An error status, a timeout, or no answer
/// is an [`ErrorKind::Fetch`].
#[cfg(feature = "fetch")]
pub fn fetch_feed(url: &str, timeout: std::time::Duration) -> Result<Vec<Article>, Error> {
    let fail = |message: String| Error::from(ErrorKind::Fetch { url: url.to_string(), message });
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(timeout)).build().into();
    let mut response = agent.get(url).call().map_err(|e| fail(e.to_string()))?;
    let bytes = response.body_mut().with_config().limit(MAX_FEED).read_to_vec().map_err(|e| fail(e.to_string()))?;
    from_feed(&bytes, Some(url))
}

fn article(e: &Entry, outlet: Option<&String>) -> Option<Article> {
    let body = e.content.as_ref().and_then(|c| c.body.as_deref()).map(html_text);
    let text = body.filter(|t| !t.is_empty()).or_else(|| e.summary.as_ref().map(plain)).unwrap_or_default();
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(e.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|l| !l.is_empty());
    if text.is_empty() && link.is_none() {
        return None;
    }
    let id = Some(e.id.trim().to_string()).filter(|i| !i.is_empty()).or_else(|| link.clone());
    Some(Article {
        id,
        text,
        published: e.published.or(e.updated).as_ref().and_then(date),
        outlet: outlet.cloned(),
        title: e.title.as_ref().map(plain).filter(|t| !t.is_empty()),
        url: link,
    })
}

fn date(t: &DateTime<Utc>) -> Option<jiff::civil::Date> {
    use chrono::Datelike;
    jiff::civil::Date::new(i16::try_from(t.year()).ok()?, t.month() as i8, t.day() as i8).ok()
}

/// A feed text as plain text: its HTML stripped when it is HTML.
fn plain(t: &Text) -> String {
    if t.content_type.subty() == "html" || t.content_type.subty() == "xhtml+xml" || t.content.contains('<') {
        html_text(&t.content)
    } else {
        tidy(&t.content)
    }
}

/// The text of an HTML fragment, a line per paragraph.
fn html_text(html: &str) -> String {
    let doc = dom_query::Document::from(html);
    // Their text is code, not prose.
    doc.select("script, style, noscript, template").remove();
    tidy(&doc.formatted_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">&lt;b&gt;قناة&lt;/b&gt; الأخبار</title>
  <id>urn:feed</id><updated>2024-03-06T00:00:00Z</updated>
  <entry>
    <id>urn:item:1</id>
    <title>الخبر الأول</title>
    <link rel="alternate" href="/news/1"/>
    <updated>2024-03-05T23:15:00+03:00</updated>
    <content type="html">&lt;p&gt;أعلنت الحكومة خطة.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</content>
    <summary>ملخص</summary>
  </entry>
  <entry>
    <title>بلا نص</title>
    <link href="https://example.com/2"/>
  </entry>
  <entry>
    <title>ملخص فقط</title>
    <link rel="enclosure" href="https://example.com/3.mp3"/>
    <summary>نص الملخص</summary>
  </entry>
</feed>"#;

    #[test]
    fn atom_entries() {
        let items = from_feed(ATOM.as_bytes(), Some("https://example.com/feed")).unwrap();
        assert_eq!(items.len(), 2, "an entry without text is left out: {items:?}");
        let a = &items[0];
        assert_eq!(a.id.as_deref(), Some("urn:item:1"));
        assert_eq!(a.url.as_deref(), Some("https://example.com/news/1"), "relative link resolved");
        assert_eq!(a.text, "أعلنت الحكومة خطة.");
        assert_eq!(a.title.as_deref(), Some("الخبر الأول"));
        assert_eq!(a.outlet.as_deref(), Some("قناة الأخبار"));
        // Updated only: its date as written (UTC would say 5 March too;
        // +03:00 just before midnight would not shift it either way).
        assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2024-03-05"));
        let b = &items[1];
        assert_eq!((b.id.as_deref(), b.text.as_str()), (Some("https://example.com/3.mp3"), "نص الملخص"));
        assert_eq!(b.published, None);
        let all = feed_entries(ATOM.as_bytes(), None).unwrap();
        assert_eq!(all.len(), 3, "an entry with a link but no text is kept");
        assert_eq!((all[1].url.as_deref(), all[1].text.as_str()), (Some("https://example.com/2"), ""));
    }

    #[test]
    fn not_a_feed() {
        for bad in ["", "<html><body>صفحة</body></html>", "{\"x\": 1}", "<rss><channel>"] {
            let err = from_feed(bad.as_bytes(), None).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::Feed { .. }), "{bad:?}: {err:?}");
        }
    }
}
