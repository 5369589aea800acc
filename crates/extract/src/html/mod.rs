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
