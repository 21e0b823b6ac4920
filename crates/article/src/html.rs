//! Main-text and metadata extraction from news web pages.

use std::collections::HashMap;

use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};

use crate::article::Article;
use crate::date::parse_published;
use crate::error::{Error, ErrorKind};

/// Extracts an [`Article`] from an HTML page.
///
/// The main text is found by a Readability-style scorer (`dom_smoothie`), so
/// menus, footers and "read also" boxes are left out; paragraphs are joined
/// with `\n` and runs of whitespace collapsed. Metadata comes from the page:
///
/// - `title`: `og:title`, else `<title>`, else the first `<h1>`;
/// - `published`: `article:published_time`, `og:published_time`,
///   `itemprop="datePublished"`, JSON-LD `datePublished`, `<time datetime>`,
///   then `<meta name="date">` / `pubdate` (the first that parses);
/// - `outlet`: `og:site_name`;
/// - `url`: the `url` argument, else `og:url`, else `<link rel="canonical">`.
///
/// Fails with [`ErrorKind::Html`] (`"no main text found"`) when the page has
/// no extractable text.
///
/// ```
/// let html = r#"<html dir="rtl"><head><meta property="og:title" content="عنوان"></head>
///   <body><article><p>فقرة أولى من الخبر.</p><p>فقرة ثانية.</p></article></body></html>"#;
/// let article = marsad_article::from_html(html, None).unwrap();
/// assert_eq!(article.title.as_deref(), Some("عنوان"));
/// assert_eq!(article.text, "فقرة أولى من الخبر.\nفقرة ثانية.");
/// ```
pub fn from_html(html: &str, url: Option<&str>) -> Result<Article, Error> {
    if html.trim().is_empty() {
        return Err(no_text());
    }
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    // No document URL: it only serves to absolutise links, which plain text
    // never shows, and a relative one would be rejected.
    let mut reader = Readability::new(html, None, Some(config)).map_err(html_error)?;

    // Metadata first: parsing rewrites the DOM and drops <script> (JSON-LD).
    let meta = Meta::collect(&reader);
    let title = meta
        .get(&["og:title"])
        .or_else(|| first_text(&reader, "title"))
        .or_else(|| first_text(&reader, "h1"))
        .map(|t| tidy(&t))
        .filter(|t| !t.is_empty());
    let mut published = published_candidates(&reader, &meta).into_iter().find_map(|s| parse_published(&s).ok());
    let outlet = meta.get(&["og:site_name"]).map(|s| tidy(&s));
    let url = url
        .map(str::to_owned)
        .or_else(|| meta.get(&["og:url"]))
        .or_else(|| first_attr(&reader, "link[rel=canonical]", "href"));

    let extracted = reader.parse().map_err(html_error)?;
    let text = tidy(&extracted.text_content);
    if text.is_empty() {
        return Err(no_text());
    }
    if published.is_none() {
        published = extracted.published_time.and_then(|s| parse_published(&s).ok());
    }
    Ok(Article { id: None, text, published, outlet, title, url })
}

fn no_text() -> Error {
    ErrorKind::Html { message: "no main text found".to_owned() }.into()
}

fn html_error(e: ReadabilityError) -> Error {
    let message = match e {
        ReadabilityError::GrabFailed => "no main text found".to_owned(),
        other => other.to_string(),
    };
    ErrorKind::Html { message }.into()
}

/// `<meta>` contents keyed by lowercased `property`, `name` or `itemprop`;
/// the first occurrence of a key wins.
struct Meta(HashMap<String, String>);

impl Meta {
    fn collect(reader: &Readability) -> Self {
        let mut map = HashMap::new();
        if let Some(metas) = reader.doc.try_select("meta[content]") {
            for node in metas.nodes() {
                let Some(content) = node.attr("content") else {
                    continue;
                };
                let content = content.trim();
                if content.is_empty() {
                    continue;
                }
                for attr in ["property", "name", "itemprop"] {
                    if let Some(key) = node.attr(attr) {
                        map.entry(key.trim().to_ascii_lowercase()).or_insert_with(|| content.to_owned());
                    }
                }
            }
        }
        Meta(map)
    }

    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.0.get(*k).cloned())
    }
}

/// Publication date strings in order of trust.
fn published_candidates(reader: &Readability, meta: &Meta) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(meta.get(&["article:published_time"]));
    out.extend(meta.get(&["og:published_time"]));
    out.extend(meta.get(&["datepublished"]));
    if let Some(sel) = reader.doc.try_select("[itemprop=datePublished]") {
        for node in sel.nodes() {
            let value = node
                .attr("content")
                .or_else(|| node.attr("datetime"))
                .map(|v| v.to_string())
                .unwrap_or_else(|| node.text().to_string());
            out.push(value);
        }
    }
    if let Some(scripts) = reader.doc.try_select(r#"script[type="application/ld+json"]"#) {
        for node in scripts.nodes() {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(node.text().trim()) {
                out.extend(json_ld_date(&value));
            }
        }
    }
    for selector in ["article time[datetime]", "time[datetime]"] {
        out.extend(first_attr(reader, selector, "datetime"));
    }
    out.extend(meta.get(&["date", "pubdate", "publishdate", "publish-date", "dc.date.issued"]));
    out
}

/// Finds `datePublished` anywhere in a JSON-LD value (`@graph`, arrays...).
fn json_ld_date(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Object(map) => match map.get("datePublished") {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            _ => map.values().find_map(json_ld_date),
        },
        serde_json::Value::Array(items) => items.iter().find_map(json_ld_date),
        _ => None,
    }
}

fn first_text(reader: &Readability, selector: &str) -> Option<String> {
    let sel = reader.doc.try_select(selector)?;
    sel.nodes().iter().map(|n| n.text().to_string()).find(|t| !t.trim().is_empty())
}

fn first_attr(reader: &Readability, selector: &str, attr: &str) -> Option<String> {
    let sel = reader.doc.try_select(selector)?;
    sel.nodes().iter().filter_map(|n| n.attr(attr)).map(|v| v.trim().to_owned()).find(|v| !v.is_empty())
}

/// Collapses whitespace within lines and drops empty lines, so paragraphs
/// end up separated by exactly one `\n`.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else { continue };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const NEWS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>الحكومة تعلن خطة جديدة للنقل العام | صحيفة المرصد</title>
<meta property="og:title" content="الحكومة تعلن خطة جديدة للنقل العام">
<meta property="og:site_name" content="صحيفة المرصد">
<meta property="og:url" content="https://example.com/news/123">
<meta property="article:published_time" content="2024-03-05T23:15:00+03:00">
<style>.nav{color:red}</style>
<script>var tracking = "نص من سكربت";</script>
</head>
<body>
<header class="site-header">
  <nav class="main-nav">
    <ul>
      <li><a href="/">الرئيسية</a></li>
      <li><a href="/politics">سياسة</a></li>
      <li><a href="/economy">اقتصاد</a></li>
      <li><a href="/sports">رياضة</a></li>
    </ul>
  </nav>
</header>
<main>
<article class="article-body">
  <h1>الحكومة تعلن خطة جديدة للنقل العام</h1>
  <p>أعلنت الحكومة   اليوم عن خطة شاملة لتطوير شبكة النقل العام في العاصمة،
     تشمل إنشاء خطوط جديدة للحافلات والقطارات الخفيفة خلال السنوات الخمس المقبلة.</p>
  <p>وقال وزير النقل في مؤتمر صحفي إن الخطة تهدف إلى تخفيف الازدحام المروري وتقليل انبعاثات الكربون، مشيرا إلى أن تكلفتها الإجمالية تتجاوز ملياري دولار.</p>
  <p>وأضاف الوزير أن المرحلة الأولى ستبدأ في الربع الثالث من العام الجاري، وستركز على الأحياء الأكثر كثافة سكانية في شرق المدينة وجنوبها.</p>
  <p>من جهتهم، رحب خبراء النقل بالخطة، لكنهم دعوا إلى ضمان الشفافية في طرح المناقصات ومتابعة التنفيذ بشكل دوري لتجنب التأخير.</p>
</article>
<aside class="related">
  <h3>اقرأ أيضا</h3>
  <ul><li><a href="/a1">ارتفاع أسعار الوقود</a></li><li><a href="/a2">افتتاح جسر جديد</a></li></ul>
</aside>
</main>
<footer class="site-footer">
  <p>جميع الحقوق محفوظة © صحيفة المرصد 2024</p>
  <a href="/privacy">سياسة الخصوصية</a>
</footer>
</body>
</html>
"#;

    #[test]
    fn arabic_news_page() {
        let a = from_html(NEWS_PAGE, None).unwrap();
        let paragraphs: Vec<&str> = a.text.split('\n').collect();
        assert_eq!(paragraphs.len(), 4, "{}", a.text);
        assert_eq!(
            paragraphs[0],
            "أعلنت الحكومة اليوم عن خطة شاملة لتطوير شبكة النقل العام في العاصمة، \
             تشمل إنشاء خطوط جديدة للحافلات والقطارات الخفيفة خلال السنوات الخمس المقبلة."
        );
        assert!(paragraphs[3].starts_with("من جهتهم، رحب خبراء النقل"));
        for noise in [
            "الرئيسية",
            "رياضة",
            "جميع الحقوق محفوظة",
            "سياسة الخصوصية",
            "اقرأ أيضا",
            "ارتفاع أسعار الوقود",
            "سكربت",
            "color",
        ] {
            assert!(!a.text.contains(noise), "{noise:?} leaked into {}", a.text);
        }
        assert_eq!(a.title.as_deref(), Some("الحكومة تعلن خطة جديدة للنقل العام"));
        // The date as written, not shifted to UTC.
        assert_eq!(a.published, Some(date(2024, 3, 5)));
        assert_eq!(a.outlet.as_deref(), Some("صحيفة المرصد"));
        assert_eq!(a.url.as_deref(), Some("https://example.com/news/123"));
        assert_eq!(a.id, None);

        let given = from_html(NEWS_PAGE, Some("relative/path")).unwrap();
        assert_eq!(given.url.as_deref(), Some("relative/path"));
    }

    #[test]
    fn metadata_fallbacks() {
        let body = "<article><p>هذه فقرة طويلة بما يكفي لتكون نص الخبر الرئيسي في الصفحة.</p></article>";
        let page = |head: &str, extra: &str| format!("<html><head>{head}</head><body>{extra}{body}</body></html>");

        let a = from_html(&page("<title> عنوان   الصفحة </title>", ""), None).unwrap();
        assert_eq!(a.title.as_deref(), Some("عنوان الصفحة"));
        assert_eq!(a.published, None);

        let a = from_html(&page("", "<h1>عنوان من h1</h1>"), None).unwrap();
        assert_eq!(a.title.as_deref(), Some("عنوان من h1"));

        let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2023-11-02T08:00:00Z"}]}</script>"#;
        assert_eq!(from_html(&page(ld, ""), None).unwrap().published, Some(date(2023, 11, 2)));

        let itemprop = r#"<span itemprop="datePublished" content="2022-01-09">9 يناير</span>"#;
        assert_eq!(from_html(&page("", itemprop), None).unwrap().published, Some(date(2022, 1, 9)));

        let time = r#"<time datetime="2021-07-30T10:00:00+03:00">30 يوليو</time>"#;
        assert_eq!(from_html(&page("", time), None).unwrap().published, Some(date(2021, 7, 30)));

        // An unparsable first candidate falls through to the next one.
        let metas = r#"<meta property="article:published_time" content="قريبا"><meta name="pubdate" content="Sun, 18 Feb 2018 21:35:43 +0400">"#;
        assert_eq!(from_html(&page(metas, ""), None).unwrap().published, Some(date(2018, 2, 18)));

        let canonical = r#"<link rel="canonical" href="https://example.com/c">"#;
        assert_eq!(from_html(&page(canonical, ""), None).unwrap().url.as_deref(), Some("https://example.com/c"));
    }

    #[test]
    fn no_text_is_an_error() {
        for page in [
            "",
            "   ",
            "<html><head><title>فارغ</title></head><body></body></html>",
            "<html><body><p>   </p><script>var x = 1;</script></body></html>",
        ] {
            let err = from_html(page, None).unwrap_err();
            match err.kind() {
                ErrorKind::Html { message } => assert_eq!(message, "no main text found"),
                other => panic!("{page:?}: unexpected {other:?}"),
            }
            assert_eq!(err.to_string(), "cannot extract article from HTML: no main text found");
        }
    }

    #[test]
    fn tidy_collapses_and_joins() {
        assert_eq!(tidy("  a \t b \n\n\n c\u{a0}\u{a0}d \r\n"), "a b\nc d");
        assert_eq!(tidy("\n \n"), "");
    }
}
