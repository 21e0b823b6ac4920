//! A feed's items, and the article behind each.

use marsad_article::{feed_entries, from_html, Article};

use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::http::{Client, Fetched, Page, Validators};

/// What polling a feed gave.
#[derive(Debug, Clone)]
pub enum Listing {
    /// 304: nothing new since the validators sent.
    NotModified,
    /// The feed's items, in its order (each with a URL or text), and the
    /// validators of this answer.
    Items {
        /// An article per item: its link as `url` and `id`, and what the
        /// feed says of it (title, date, and text when the feed has it).
        items: Vec<Article>,
        /// `ETag` of the answer.
        etag: Option<String>,
        /// `Last-Modified` of the answer.
        last_modified: Option<String>,
    },
}

/// Fetches a feed (conditionally) and lists its items. An RSS 2.0, Atom
/// or JSON feed, or a plain list of article URLs (one per line, `#`
/// comments).
pub fn list(client: &Client, url: &str, validators: Validators<'_>) -> Result<Listing, Error> {
    match client.get(url, validators)? {
        Fetched::NotModified => Ok(Listing::NotModified),
        Fetched::Page(page) => {
            let items = items(&page).map_err(|kind| Error::new(url, kind))?;
            Ok(Listing::Items { items, etag: page.etag, last_modified: page.last_modified })
        }
    }
}

/// The items of a fetched feed.
pub fn items(page: &Page) -> Result<Vec<Article>, ErrorKind> {
    let text = decode::xml(&page.body, page.content_type.as_deref());
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if !trimmed.starts_with('<') && !trimmed.starts_with('{') {
        return url_list(trimmed, &page.url);
    }
    let mut items = feed_entries(text.as_bytes(), Some(&page.url)).map_err(|e| ErrorKind::Feed(e.to_string()))?;
    for a in &mut items {
        // The link is the article's identity; the guid is only the feed's.
        if let Some(link) = &a.url {
            a.id = Some(link.clone());
        }
    }
    Ok(items)
}

/// A plain list of article URLs.
fn url_list(text: &str, base: &str) -> Result<Vec<Article>, ErrorKind> {
    let base = url::Url::parse(base).ok();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // An absolute URL, or a path on the list's own site.
        let parsed = match &base {
            _ if line.contains(char::is_whitespace) => None,
            Some(b) if line.starts_with('/') => b.join(line).ok(),
            _ => url::Url::parse(line).ok(),
        };
        match parsed {
            Some(u) if matches!(u.scheme(), "http" | "https") => {
                let mut a = Article::new(String::new());
                a.id = Some(u.to_string());
                a.url = Some(u.to_string());
                out.push(a);
            }
            _ => {
                return Err(ErrorKind::Feed(format!(
                    "neither a feed nor a list of URLs (line {}: {:?})",
                    n + 1,
                    line.chars().take(80).collect::<String>()
                )))
            }
        }
    }
    Ok(out)
}

/// The article of a feed item: its page fetched and its main text
/// extracted, with the item's title and date where the page has none.
/// `outlet`, when given, names the outlet (else the page's `og:site_name`,
/// else the feed's title). An item without a link is its feed text.
///
/// When the page has no extractable text but the feed gave some, the
/// feed's text is used.
pub fn article(client: &Client, item: &Article, outlet: Option<&str>) -> Result<Article, Error> {
    let Some(url) = item.url.as_deref() else {
        let mut a = item.clone();
        if let Some(o) = outlet {
            a.outlet = Some(o.to_string());
        }
        return Ok(a);
    };
    let page = match client.get(url, Validators::default())? {
        Fetched::Page(p) => p,
        // Only sent for validators, and none were.
        Fetched::NotModified => return Err(Error::new(url, ErrorKind::Status(304))),
    };
    let (text, _) = decode::text(&page.body, page.content_type.as_deref());
    let plain = page.content_type.as_deref().is_some_and(|c| c.trim_start().starts_with("text/plain"));
    let extracted = if plain {
        let t = text.trim();
        if t.is_empty() {
            Err("an empty page".to_string())
        } else {
            Ok(Article::new(t.to_string()))
        }
    } else {
        from_html(&text, Some(url)).map_err(|e| e.to_string())
    };
    let mut a = match extracted {
        Ok(a) => a,
        Err(_) if !item.text.is_empty() => Article::new(item.text.clone()),
        Err(why) => return Err(Error::new(url, ErrorKind::Page(why))),
    };
    a.id = Some(url.to_string());
    a.url = Some(url.to_string());
    a.title = a.title.or_else(|| item.title.clone());
    a.published = a.published.or(item.published);
    a.outlet = outlet.map(str::to_string).or(a.outlet).or_else(|| item.outlet.clone());
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str, content_type: &str) -> Page {
        Page {
            url: "http://example.com/feeds/news.xml".into(),
            content_type: Some(content_type.into()),
            etag: None,
            last_modified: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn rss_items_keep_links_without_text() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>الوكالة</title>
            <item><title>خبر</title><link>/news/1</link><guid>tag:1</guid></item>
            <item><title>آخر</title><link>http://example.com/news/2</link><description>ملخص</description></item>
            </channel></rss>"#;
        let items = items(&page(rss, "application/rss+xml")).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].id.as_deref(), Some("http://example.com/news/1"), "the link, resolved, is the id");
        assert_eq!(items[0].text, "");
        assert_eq!(items[1].text, "ملخص");
    }

    #[test]
    fn url_lists() {
        let list = "# today\nhttp://example.com/a\n\n/b\n";
        let items = items(&page(list, "text/plain")).unwrap();
        let urls: Vec<_> = items.iter().map(|a| a.url.as_deref().unwrap()).collect();
        assert_eq!(urls, ["http://example.com/a", "http://example.com/b"]);
        let err = super::items(&page("just some words", "text/plain")).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        assert!(super::items(&page("<rss><channel>", "text/xml")).is_err());
    }
}
