//! Extract: [`RawDoc`](crosscheck_model::RawDoc) -> [`Article`](crosscheck_model::Article).
//!
//! Plain-text scrapes carry page furniture: section labels, run-together tag lists,
//! "Read more:" lines, "Listen to this article", ad-blocker nags, share prompts,
//! newsletter boxes, footers. This stage removes it line by line, keeps every removed
//! line with its reason, finds the headline, standfirst, byline, date and URL, and splits
//! paragraphs and sentences.
//!
//! ```
//! use crosscheck_extract::CleanConfig;
//! use crosscheck_model::{InputRecord, RawDoc, SourceKind};
//! let rec = InputRecord { text: "Advertisement\nQuake hits coast\nA quake struck at 9 a.m. on Monday. No one was hurt.".into(), ..Default::default() };
//! let raw = RawDoc::new("a.txt".into(), SourceKind::Text, None, rec);
//! let article = CleanConfig::default().build().run(&raw).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Quake hits coast"));
//! assert_eq!(article.sentences.len(), 2);
//! assert_eq!(article.removed[0].reason.as_str(), "advertisement");
//! ```

mod clean;
pub mod dates;
pub mod eval;
pub mod furniture;
pub mod html;
pub mod lang;
pub mod normalize;
pub mod residue;
pub mod sentences;

pub use clean::{normalize_url, CleanConfig, Cleaner};

impl ExtractError {
    /// What kind of page was refused, when the page-type model judged it.
    pub fn page_type(&self) -> Option<&'static str> {
        match self {
            Self::NotAnArticle { page_type, .. } => *page_type,
            _ => None,
        }
    }

    /// Whether the page-type model refused the page.
    pub fn refused_by_model(&self) -> bool {
        matches!(self, Self::NotAnArticle { by_model: true, .. })
    }
}

/// Why a document gave no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("no article text left after removing {removed} residue lines")]
    NoText { removed: usize },
    #[error("nothing but page furniture: {furniture} lines that recur across the store's articles over weeks (sign-in walls, widgets, stock lines){}", if *removed > 0 { format!(" and {removed} residue lines") } else { String::new() })]
    OnlyFurniture { furniture: usize, removed: usize },
    /// `page_type`: what the page is instead (listing, collection, product), when the
    /// page-type model says so; `by_model`: the model refused it (else the page reader
    /// found no article first).
    #[error("not an article: {why}")]
    NotAnArticle {
        why: String,
        page_type: Option<&'static str>,
        by_model: bool,
    },
}
