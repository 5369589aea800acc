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

pub use content::NoContent;
pub use meta::Meta;

/// What was read from one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub meta: Meta,
    /// The article's paragraphs; empty when `no_content` says why.
    pub paragraphs: Vec<String>,
    pub no_content: Option<NoContent>,
}

impl Page {
    /// The paragraphs joined by blank lines.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Reads one page. `url` is where it came from, when known (a WARC record, a feed item).
pub fn read_page(html: &str, url: Option<&str>) -> Page {
    let dom = dom::Dom::parse(html);
    let meta = meta::read(&dom, url);
    let found = content::extract(&dom).or_else(|why| {
        if content::is_fragment(&dom) {
            content::fragment(&dom)
        } else {
            Err(why)
        }
    });
    match found {
        Ok(c) => Page {
            meta,
            paragraphs: c.paragraphs,
            no_content: None,
        },
        Err(why) => Page {
            meta,
            paragraphs: Vec::new(),
            no_content: Some(why),
        },
    }
}
