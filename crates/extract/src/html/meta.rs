//! Page metadata: title, authors, publication date, outlet, canonical URL, language.
//!
//! Sources in order of trust: JSON-LD (`NewsArticle` and kin), Open Graph and article
//! meta tags, microdata (`itemprop`), `<time>` elements, the URL's path, and last a date
//! written in the page near its top. The publication date is the original one
//! (`datePublished`, `article:published_time`) rather than the last update.

use serde_json::Value;

use super::dom::{collapse, Dom, Kind, Tag};
use crate::dates;

/// What the page says about itself. Every field is as written on the page, trimmed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The publication date as written (`2025-06-03T14:05:00+01:00`, `June 3, 2025`).
    pub published: Option<String>,
    /// Where the date came from: `json-ld`, `meta`, `microdata`, `time`, `url`, `text`.
    pub published_from: Option<&'static str>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    /// `<meta charset>` or the `http-equiv` content type, as declared.
    pub charset: Option<String>,
}

const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "published_time",
    "published-date",
    "publish-date",
    "publishdate",
    "pubdate",
    "publication_date",
    "datepublished",
    "date_published",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "date",
    "og:pubdate",
    "release_date",
    "created",
    "displaydate",
    "dc.date.available",
];

const AUTHOR_META: &[&str] = &[
    "author",
    "article:author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "twitter:creator",
];

fn lower(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

fn nonempty(s: impl AsRef<str>) -> Option<String> {
    let c = collapse(s.as_ref());
    (!c.is_empty()).then_some(c)
}

pub fn read(dom: &Dom, page_url: Option<&str>) -> Meta {
    let mut m = Meta::default();
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut canonical = None;
    let mut title_tag = None;
    let mut h1 = None;
    let mut time_published = None;
    let mut micro_published = None;
    let mut ld: Vec<Value> = Vec::new();
    // Dates in date-named elements, with where they are: the first after the headline
    // wins (a date in the site header is today's, not the article's).
    let mut dated_elements: Vec<(u32, String)> = Vec::new();
    let mut first_h1: Option<u32> = None;
    let mut ld_date_fallback: Option<String> = None;
    let mut body: Option<u32> = None;
    for i in 0..dom.nodes.len() as u32 {
        let Kind::Element(tag) = dom.nodes[i as usize].kind else {
            continue;
        };
        match tag {
            Tag::Meta => {
                if m.charset.is_none() {
                    if let Some(c) = dom.attr(i, "charset") {
                        m.charset = nonempty(c);
                    } else if dom
                        .attr_raw(i, "http-equiv")
                        .is_some_and(|h| h.eq_ignore_ascii_case("content-type"))
                    {
                        m.charset = dom
                            .attr(i, "content")
                            .and_then(|c| charset_of(&c).map(str::to_string));
                    }
                }
                let key = dom
                    .attr_raw(i, "property")
                    .or_else(|| dom.attr_raw(i, "name"))
                    .or_else(|| dom.attr_raw(i, "itemprop"))
                    .or_else(|| dom.attr_raw(i, "http-equiv"));
                if let (Some(k), Some(v)) = (key, dom.attr(i, "content")) {
                    metas.push((lower(k), v.trim().to_string()));
                }
            }
            Tag::Link => {
                if canonical.is_none()
                    && dom.attr_raw(i, "rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|w| w.eq_ignore_ascii_case("canonical"))
                    })
                {
                    canonical = dom.attr(i, "href").and_then(nonempty);
                }
            }
            Tag::Title if title_tag.is_none() => {
                title_tag = nonempty(dom.inner_text(i));
            }
            Tag::H1 if h1.is_none() => {
                h1 = nonempty(dom.inner_text(i));
                first_h1 = Some(i);
            }
            Tag::Body if body.is_none() => body = Some(i),
            Tag::Html if m.lang.is_none() => {
                m.lang = dom.attr(i, "lang").and_then(nonempty);
            }
            Tag::Script => {
                if dom
                    .attr_raw(i, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                {
                    let raw: String = dom.children(i).map(|c| dom.raw_text(c)).collect();
                    match serde_json::from_str::<Value>(raw.trim()) {
                        Ok(v) => ld.push(v),
                        // Broken JSON-LD (trailing commas, raw newlines in strings) still
                        // names its dates.
                        Err(_) => {
                            if ld_date_fallback.is_none() {
                                ld_date_fallback = quoted_after(&raw, "\"datePublished\"");
                            }
                        }
                    }
                }
            }
            Tag::Time if time_published.is_none() => {
                let pubdate = dom.attr_raw(i, "pubdate").is_some()
                    || dom
                        .attr_raw(i, "itemprop")
                        .is_some_and(|v| v.contains("datePublished"))
                    || dom.attr_raw(i, "class").is_some_and(|c| {
                        let c = c.to_ascii_lowercase();
                        c.contains("publish") || c.contains("created") || c.contains("posted")
                    });
                let first_any = true;
                if pubdate || first_any {
                    let value = dom
                        .attr(i, "datetime")
                        .and_then(nonempty)
                        .or_else(|| nonempty(dom.inner_text(i)));
                    if let Some(v) = value.filter(|v| dates::parse(v).is_some()) {
                        if pubdate {
                            time_published = Some(v);
                        } else if micro_published.is_none() {
                            micro_published = Some((v, "time"));
                        }
                    }
                }
            }
            _ => {
                if dated_elements.len() < 16 && date_named(dom, i) {
                    // A machine date in an attribute ("2020-09-20T14:20:02Z" behind
                    // "15 minutes ago"), else one written in the element.
                    let from_attr = [
                        "datetime",
                        "title",
                        "content",
                        "data-date",
                        "data-published",
                    ]
                    .iter()
                    .filter_map(|a| dom.attr(i, a))
                    .find_map(|v| dates::find_in_text(&v));
                    let found =
                        from_attr.or_else(|| dates::find_in_text(&visible_text(dom, i, 300)));
                    if let Some(d) = found {
                        dated_elements.push((i, d.format("%Y-%m-%d").to_string()));
                    }
                }
                if micro_published
                    .as_ref()
                    .is_none_or(|(_, from)| *from == "time")
                    && dom
                        .attr_raw(i, "itemprop")
                        .is_some_and(|v| v.split_whitespace().any(|w| w == "datePublished"))
                {
                    let v = dom
                        .attr(i, "datetime")
                        .or_else(|| dom.attr(i, "content"))
                        .and_then(nonempty)
                        .or_else(|| nonempty(dom.inner_text(i)));
                    if let Some(v) = v.filter(|v| dates::parse(v).is_some()) {
                        micro_published = Some((v, "microdata"));
                    }
                }
            }
        }
    }
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(mk, v)| mk == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    };

    let article = ld_article(&ld);
    let ld_str = |key: &str| article.and_then(|a| a.get(key)).and_then(value_text);

    // Title.
    m.title = get(&["og:title", "twitter:title"])
        .or_else(|| ld_str("headline"))
        .or_else(|| h1.clone())
        .or_else(|| title_tag.as_deref().map(strip_site_suffix))
        .and_then(nonempty);

    // Authors.
    m.byline = article
        .and_then(|a| a.get("author"))
        .and_then(names)
        .or_else(|| get(AUTHOR_META).filter(|a| !a.starts_with("http") && !a.starts_with('@')))
        .and_then(nonempty);

    // Publication date.
    let candidates: [(Option<String>, &'static str); 5] = [
        (get(PUBLISHED_META), "meta"),
        (
            ld_str("datePublished")
                .or_else(|| ld_str("dateCreated"))
                .or(ld_date_fallback),
            "json-ld",
        ),
        (
            micro_published
                .as_ref()
                .filter(|(_, f)| *f == "microdata")
                .map(|(v, _)| v.clone()),
            "microdata",
        ),
        (time_published.clone(), "time"),
        (
            micro_published
                .as_ref()
                .filter(|(_, f)| *f == "time")
                .map(|(v, _)| v.clone()),
            "time",
        ),
    ];
    for (value, from) in candidates {
        if let Some(v) = value.filter(|v| dates::parse(v).is_some()) {
            m.published = Some(v);
            m.published_from = Some(from);
            break;
        }
    }

    // Outlet and URL.
    m.outlet = get(&["og:site_name", "application-name", "twitter:site"])
        .map(|s| s.trim_start_matches('@').to_string())
        .or_else(|| {
            article
                .and_then(|a| a.get("publisher"))
                .and_then(|p| p.get("name"))
                .and_then(value_text)
        })
        .or_else(|| title_tag.as_deref().and_then(site_suffix))
        .and_then(nonempty);
    // The page's own address, in order of trust; but one that names the site or a
    // section (templates that declare the home page canonical) gives way to one that
    // names this article.
    let urls: Vec<String> = [
        canonical.filter(|c| c.starts_with("http")),
        get(&["og:url"]).filter(|u| u.starts_with("http")),
        page_url.map(str::to_string),
    ]
    .into_iter()
    .flatten()
    .collect();
    // "Headline | The Ledger": the site's name is not part of the headline.
    if let (Some(t), Some(site)) = (m.title.as_deref(), m.outlet.as_deref()) {
        let (head, tail) = split_site(t);
        if tail.is_some_and(|tail| same_site(tail, site)) {
            m.title = Some(head.to_string());
        }
    }
    m.url = urls
        .iter()
        .find(|u| crosscheck_model::is_article_url(u))
        .or(urls.first())
        .cloned();
    if m.published.is_none() {
        if let Some(d) = m
            .url
            .as_deref()
            .and_then(dates::from_url)
            .or_else(|| page_url.and_then(dates::from_url))
        {
            m.published = Some(d.format("%Y-%m-%d").to_string());
            m.published_from = Some("url");
        }
    }
    if m.published.is_none() {
        let after_h1 = first_h1.and_then(|h| dated_elements.iter().find(|(i, _)| *i > h));
        let dated_element = after_h1.or(dated_elements.first()).map(|(_, d)| d.clone());
        let written = dated_element.map(|d| (d, "element")).or_else(|| {
            let text = visible_text(dom, body.unwrap_or(0), 20_000);
            dates::find_in_text(&text).map(|d| (d.format("%Y-%m-%d").to_string(), "text"))
        });
        if let Some((d, from)) = written {
            m.published = Some(d);
            m.published_from = Some(from);
        }
    }
    if m.lang.is_none() {
        m.lang = get(&["content-language", "og:locale", "language", "dc.language"]);
    }
    m.lang = m.lang.map(|l| l.replace('_', "-"));
    m
}

/// The quoted string after `key` and a colon in raw text: `"datePublished": "2020-06-07"`.
fn quoted_after(raw: &str, key: &str) -> Option<String> {
    let rest = &raw[raw.find(key)? + key.len()..];
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let value = &rest[..rest.find('"')?];
    (!value.is_empty() && value.len() < 64).then(|| value.to_string())
}

/// Whether an element's class or id names a date ("post-date", "published", "meta").
fn date_named(dom: &Dom, n: u32) -> bool {
    ["class", "id"].iter().any(|k| {
        dom.attr_raw(n, k).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            [
                "date", "time", "publish", "posted", "byline", "dateline", "meta", "info",
            ]
            .iter()
            .any(|w| v.contains(w))
        })
    })
}

/// Visible text under `n` (no scripts or styles), at most about `limit` bytes.
fn visible_text(dom: &Dom, n: u32, limit: usize) -> String {
    let mut out = String::new();
    let mut nodes = dom.descendants(n);
    while let Some(d) = nodes.next() {
        match dom.tag(d) {
            Some(
                Tag::Script | Tag::Style | Tag::Noscript | Tag::Template | Tag::Head | Tag::Title,
            ) => nodes.skip_subtree(d),
            Some(_) => {}
            None => {
                out.push_str(&dom.text(d));
                out.push(' ');
                if out.len() >= limit {
                    break;
                }
            }
        }
    }
    out
}

/// `charset=...` inside a content type.
pub fn charset_of(content_type: &str) -> Option<&str> {
    let lower_pos = content_type.to_ascii_lowercase().find("charset=")?;
    let rest = &content_type[lower_pos + 8..];
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    let cs = &rest[..end];
    (!cs.is_empty()).then_some(cs)
}

/// The site name a `<title>` ends with ("Headline words here | Site Name").
fn site_suffix(t: &str) -> Option<String> {
    split_site(t).1.map(str::to_string)
}

/// Whether a title's tail names the site: the same letters and digits as its name, or
/// one containing the other ("The Ledger" and "ledger.example").
fn same_site(tail: &str, site: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (t, s) = (key(tail), key(site));
    !t.is_empty() && !s.is_empty() && (t == s || t.contains(&s) || s.contains(&t))
}

fn strip_site_suffix(t: &str) -> String {
    split_site(t).0.to_string()
}

/// A title split into its headline and the site name after a separator, when the tail
/// is short (at most four words) and the head is not (at least three).
fn split_site(t: &str) -> (&str, Option<&str>) {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " « "] {
        if let Some(i) = t.rfind(sep) {
            let (head, tail) = (t[..i].trim(), t[i + sep.len()..].trim());
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
                return (head, Some(tail).filter(|s| !s.is_empty()));
            }
        }
    }
    (t, None)
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNews",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
    "WebPage",
];

/// The most article-like JSON-LD object: the best-ranked `@type` anywhere in the
/// blocks (including `@graph` and arrays).
fn ld_article(blocks: &[Value]) -> Option<&Value> {
    let mut best: Option<(usize, &Value)> = None;
    let mut stack: Vec<&Value> = blocks.iter().collect();
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                let rank = o.get("@type").and_then(|t| {
                    let types: Vec<&str> = match t {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        _ => vec![],
                    };
                    types
                        .iter()
                        .filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t))
                        .min()
                });
                if let Some(r) = rank {
                    // A plain WebPage counts only without an article.
                    let r = if r == ARTICLE_TYPES.len() - 1 { 100 } else { 0 };
                    if best.is_none_or(|(b, _)| r < b) {
                        best = Some((r, v));
                    }
                }
                if let Some(Value::Object(_)) = o.get("mainEntity") {
                    stack.push(&o["mainEntity"]);
                }
            }
            _ => {}
        }
    }
    best.map(|(_, v)| v)
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => nonempty(super::entities::decode_entities(s)),
        Value::Array(a) => a.iter().find_map(value_text),
        Value::Object(o) => o.get("@value").and_then(value_text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Author names from a JSON-LD `author`: a string, an object with `name`, or a list.
fn names(v: &Value) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: Option<String>| {
        if let Some(s) = s.filter(|s| !s.starts_with("http")) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    };
    match v {
        Value::Array(a) => {
            for x in a {
                push(x.get("name").and_then(value_text).or_else(|| value_text(x)));
            }
        }
        Value::Object(o) => push(o.get("name").and_then(value_text)),
        other => push(value_text(other)),
    }
    (!out.is_empty()).then(|| out.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: titles kept their "| Site" suffix when a page's og:title carried it.
    #[test]
    fn regression_a_title_loses_the_site_name_it_ends_with() {
        let html = r#"<html><head><title>x</title>
            <meta property="og:title" content="Harbour pilots walk out over rotas | The Ledger">
            <meta property="og:site_name" content="The Ledger"></head><body></body></html>"#;
        let m = read(&Dom::parse(html), None);
        assert_eq!(
            m.title.as_deref(),
            Some("Harbour pilots walk out over rotas")
        );
        // A tail that is not the site's name stays.
        let html = r#"<html><head>
            <meta property="og:title" content="Harbour pilots walk out - Day Two">
            <meta property="og:site_name" content="The Ledger"></head><body></body></html>"#;
        let m = read(&Dom::parse(html), None);
        assert_eq!(
            m.title.as_deref(),
            Some("Harbour pilots walk out - Day Two")
        );
    }

    #[test]
    fn reads_json_ld_meta_and_microdata() {
        let html = r#"<html lang="en-GB"><head><title>Ferry aground off the cape | The Ledger</title>
            <meta charset="utf-8"><meta property="og:site_name" content="The Ledger">
            <link rel="canonical" href="https://ledger.example/2026/03/04/ferry">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"x"},
              {"@type":"NewsArticle","headline":"Ferry runs aground","datePublished":"2026-03-04T06:10:00+01:00",
               "dateModified":"2026-03-05T09:00:00Z","author":[{"@type":"Person","name":"Ana Ruiz"},{"name":"Tom Bell"}]}]}</script>
            </head><body><h1>Ferry runs aground</h1></body></html>"#;
        let m = read(&Dom::parse(html), None);
        assert_eq!(m.title.as_deref(), Some("Ferry runs aground"));
        assert_eq!(m.byline.as_deref(), Some("Ana Ruiz, Tom Bell"));
        assert_eq!(m.published.as_deref(), Some("2026-03-04T06:10:00+01:00"));
        assert_eq!(m.published_from, Some("json-ld"));
        assert_eq!(m.outlet.as_deref(), Some("The Ledger"));
        assert_eq!(
            m.url.as_deref(),
            Some("https://ledger.example/2026/03/04/ferry")
        );
        assert_eq!(m.lang.as_deref(), Some("en-GB"));
        assert_eq!(m.charset.as_deref(), Some("utf-8"));
    }

    #[test]
    fn falls_back_to_meta_time_and_url() {
        let html = r#"<head><meta name="pubdate" content="2024-11-02"><title>A headline of some words - Site</title></head>"#;
        let m = read(&Dom::parse(html), None);
        assert_eq!(m.published.as_deref(), Some("2024-11-02"));
        assert_eq!(m.title.as_deref(), Some("A headline of some words"));
        let html = r#"<body><p>Posted <time class="entry-date published" datetime="2023-05-06T07:08:09Z">May 6</time></p></body>"#;
        let m = read(&Dom::parse(html), None);
        assert_eq!(m.published_from, Some("time"));
        let m = read(
            &Dom::parse("<p>x</p>"),
            Some("https://n.example/2021/07/08/story"),
        );
        assert_eq!(
            (m.published.as_deref(), m.published_from),
            (Some("2021-07-08"), Some("url"))
        );
    }

    #[test]
    fn charset_from_http_equiv() {
        let m = read(
            &Dom::parse(
                r#"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">"#,
            ),
            None,
        );
        assert_eq!(m.charset.as_deref(), Some("ISO-8859-1"));
    }
}
