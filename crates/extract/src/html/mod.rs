//! HTML pages: parse ([`dom`]), find the article's paragraphs ([`content`]) and read the
//! page's metadata ([`meta`]). The plain-text cleaner runs on the paragraphs afterwards.
//!
//! ```
//! use crosscheck_extract::html::read_page;
//! let page = read_page(
//!     "<html><head><title>Quake hits coast - The Ledger</title></head><body>\
//!      <nav><a href=/>Home</a></nav><article><p>A quake struck the coast at 9 a.m. on \
//!      Monday, officials said, and no one was hurt.</p></article></body></html>",
//!     None,
//! );
//! assert_eq!(page.meta.title.as_deref(), Some("Quake hits coast"));
//! assert_eq!(page.paragraphs.len(), 1);
//! ```

pub mod content;
pub mod dom;
pub mod entities;
pub mod meta;
mod names;
pub mod page_type;

pub use content::NoContent;
pub use meta::Meta;
pub use page_type::PageType;

/// What was read from one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub meta: Meta,
    /// The article's paragraphs; empty when `no_content` says why.
    pub paragraphs: Vec<String>,
    pub no_content: Option<NoContent>,
    /// What kind of page it is (an article, a listing, a collection, a product page).
    pub page_type: PageType,
}

impl Page {
    /// The paragraphs joined by blank lines.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Reads one page. `url` is where it came from, when known (a WARC record, a feed item).
/// A page the page-type model judges not to be an article gives no paragraphs, and
/// `no_content` says what it is and why.
pub fn read_page(html: &str, url: Option<&str>) -> Page {
    let (mut page, signals) = read_page_signals(html, url);
    if let Some(x) = signals {
        let (kind, why) = page_type::judge(&x);
        page.page_type = kind;
        if let (Some(why), None) = (why, &page.no_content) {
            page.paragraphs.clear();
            page.no_content = Some(NoContent::NotArticleKind {
                kind: kind.kind,
                why,
            });
        }
    }
    page
}

/// Reads one page without judging its kind, and gives the page-type model's signals
/// (none for a fragment: a feed item's content is an article by construction).
pub fn read_page_signals(html: &str, url: Option<&str>) -> (Page, Option<[f64; page_type::N]>) {
    let dom = dom::Dom::parse(html);
    let meta = meta::read(&dom, url);
    let fragment = content::is_fragment(&dom);
    let found = content::extract(&dom).or_else(|why| {
        if fragment {
            content::fragment(&dom)
        } else {
            Err(why)
        }
    });
    let (paragraphs, no_content) = match found {
        Ok(c) => (c.paragraphs, None),
        Err(why) => (Vec::new(), Some(why)),
    };
    let signals = (!fragment).then(|| {
        // A canonical address naming the site's front is a template's mistake as often
        // as not (every page of some sites declares it): no address is better then.
        let canonical = meta
            .url
            .as_deref()
            .filter(|c| url::Url::parse(c).is_ok_and(|u| !u.path().trim_matches('/').is_empty()));
        let known = page_type::Known {
            url: url.or(canonical),
            title: meta.title.as_deref(),
            published: meta.published.is_some(),
            author: meta.byline.is_some(),
        };
        page_type::features(&dom, known, &paragraphs)
    });
    let page = Page {
        meta,
        paragraphs,
        no_content,
        page_type: PageType::default(),
    };
    (page, signals)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str =
        "The harbour council met on Tuesday evening and voted, after a long debate \
        about the cost of dredging the channel, to move the ferry terminal to the north quay \
        before the winter storms arrive.";

    fn cards(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "<div class=\"card\"><a href=\"/news/story-{i}\"><img src=\"/i/{i}.jpg\" alt=\"\"></a>\
                     <h3><a href=\"/news/story-{i}\">Story number {i} about the harbour</a></h3>\
                     <p>A short teaser for story {i}, one line long.</p><time datetime=\"2026-03-0{}\">Mar {}, 2026</time></div>",
                    i % 9 + 1,
                    i % 9 + 1
                )
            })
            .collect()
    }

    #[test]
    fn a_section_front_is_refused_as_a_listing_with_its_evidence() {
        let html = format!(
            "<html><head><title>News - The Ledger</title><meta property=\"og:type\" content=\"website\"></head>\
             <body><nav><a href=/>Home</a> <a href=/news/>News</a></nav><main><h1>News</h1>{}\
             <nav class=\"pagination\"><a rel=\"next\" href=\"/news/page/2\">Next page</a></nav></main></body></html>",
            cards(14)
        );
        let page = read_page(&html, Some("https://ledger.example/news/"));
        assert_eq!(page.page_type.kind, "listing", "{page:?}");
        assert!(page.paragraphs.is_empty());
        let why = page.no_content.expect("refused").to_string();
        assert!(why.starts_with("a listing page (article score"), "{why}");
    }

    #[test]
    fn a_busy_article_is_kept() {
        let body: String = (0..6)
            .map(|i| format!("<p>In the {i}th hour of the meeting: {PROSE}</p>"))
            .collect();
        let html = format!(
            "<html><head><title>Council moves ferry terminal - The Ledger</title>\
             <meta property=\"og:type\" content=\"article\">\
             <meta property=\"article:published_time\" content=\"2026-03-03T09:00:00Z\"></head>\
             <body><nav><a href=/>Home</a></nav><main><article><h1>Council moves ferry terminal</h1>\
             <p class=\"byline\">By Ilse Marrow</p>{body}</article>\
             <aside><h2>More from the harbour</h2>{}</aside></main></body></html>",
            cards(8)
        );
        let page = read_page(
            &html,
            Some("https://ledger.example/news/2026/03/03/council-moves-ferry-terminal-north-quay"),
        );
        assert_eq!(page.page_type.kind, "article");
        assert!(page.no_content.is_none(), "{:?}", page.no_content);
        assert!(page.paragraphs.len() >= 6);
    }

    #[test]
    fn a_product_page_is_refused_as_a_product() {
        let html = "<html><head><title>Harbour Lantern, brass - Quay Supplies</title>\
             <meta property=\"og:type\" content=\"product\">\
             <script type=\"application/ld+json\">{\"@type\":\"Product\",\"name\":\"Harbour Lantern\",\
             \"offers\":{\"@type\":\"Offer\",\"price\":\"49.00\",\"priceCurrency\":\"EUR\"}}</script></head>\
             <body><main><h1>Harbour Lantern, brass</h1><p class=\"price\">€49.00</p>\
             <form><select name=\"size\"><option>Small</option><option>Large</option></select>\
             <input type=\"number\" name=\"quantity\" value=\"1\"><button>Add to cart</button></form>\
             <p>In stock. Free shipping on orders over €50.</p>\
             <p>A solid brass lantern for boats and porches, with a glass chimney and a ring for \
             hanging it, made by hand in a small workshop by the harbour and polished before it ships.</p>\
             </main></body></html>";
        let page = read_page(
            html,
            Some("https://quay.example/products/harbour-lantern-brass"),
        );
        assert_eq!(page.page_type.kind, "product", "{page:?}");
        assert!(page.no_content.is_some());
    }

    #[test]
    fn a_feed_fragment_is_never_judged() {
        let page = read_page(&format!("<p>{PROSE}</p>"), Some("https://ledger.example/"));
        assert_eq!(page.page_type, PageType::default());
        assert_eq!(page.paragraphs.len(), 1);
    }
}
