//! Domain types shared by every crosscheck stage. No I/O happens here.
//!
//! Data flow: `ingest` turns bytes into [`RawDoc`]s (the input record exactly as given,
//! plus where it came from); `extract` turns a [`RawDoc`] into an [`Article`] (clean body,
//! paragraphs, sentences, detected metadata, and every removed line with its reason);
//! `dedup` finds [`Relation`]s (copies) between articles, with a [`Sketch`] of each for
//! candidate lookup; `store` persists articles and hands back [`StoredArticle`]s.
//!
//! Ids are derived from the *input* content only (never from what the cleaner guessed),
//! so improving the cleaner never changes an id, and an exported record re-ingested
//! elsewhere gets the same id:
//!
//! ```
//! use crosscheck_model::{ArticleId, InputRecord};
//! let rec = InputRecord { text: "Body".into(), outlet: Some("ledger".into()), ..Default::default() };
//! let a = ArticleId::derive(&rec);
//! assert_eq!(a, ArticleId::derive(&rec.clone()));
//! assert_eq!(a.as_str().len(), 32);
//! ```

mod article;
mod dateline;
mod entity;
pub mod hash;
mod id;
mod relation;
mod story;
mod version;

pub use article::{
    Article, InputRecord, RawDoc, Removed, RemovedReason, SourceKind, Span, StoredArticle,
};
pub use dateline::dateline_end;
pub use entity::{EntityCount, EntitySummary};
pub use id::ArticleId;
pub use version::{is_article_url, related_versions};

/// What the store knows of one short line of text (a hash of its words): in how many
/// articles it was seen, and the first and last day (days since 1970) of those that
/// were dated. The extract stage learns furniture from these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineStat {
    pub articles: u32,
    /// `i32::MAX` / `i32::MIN` while no dated article was seen.
    pub first_day: i32,
    pub last_day: i32,
}

/// The primary subtag of a language tag, lower-cased: `pt-BR`, `PT_br` -> `pt`; a name
/// written out ("Dutch") comes back lower-cased whole.
///
/// ```
/// assert_eq!(crosscheck_model::primary_language("pt-BR"), "pt");
/// assert_eq!(crosscheck_model::primary_language(" en_GB"), "en");
/// ```
pub fn primary_language(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The host of a URL, lower-cased, without a leading `www.`: how outlets are named when
/// only a URL says who published.
pub fn url_host(u: &str) -> Option<String> {
    let parsed = url::Url::parse(u.trim()).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}
pub use relation::{CopyKind, Relation, Sketch};
pub use story::{ClusterSnapshot, StoryId, StoryRow, StoryWrite};
