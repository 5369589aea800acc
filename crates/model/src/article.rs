//! Raw input documents and cleaned articles.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ArticleId;

/// One input record exactly as given: the part of a document that defines its identity
/// and that `export` writes back out. `outlet` is already resolved from the input alone
/// (the field, else the URL's host, else the file's parent folder name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InputRecord {
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    /// The publication date as given (RFC 3339, a date, or free text).
    pub published: Option<String>,
    pub text: String,
    /// The page's HTML, for web pages (an `.html` file, a WARC response, a feed item's
    /// content, or a JSON object's `html`). `text` is then empty: the extract stage
    /// reads the article out of the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// Fields of the input this version does not interpret, kept verbatim.
    pub meta: Map<String, Value>,
}

/// What kind of input a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A plain-text scrape, one article per file.
    Text,
    /// One JSON object of a `.jsonl`/`.json` file or stream.
    Json,
    /// An HTML page (`.html`, `.htm`, gzipped or not).
    Html,
    /// A response record of a WARC archive.
    Warc,
    /// An item of an RSS or Atom feed.
    Feed,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Json => "json",
            Self::Html => "html",
            Self::Warc => "warc",
            Self::Feed => "feed",
        }
    }

    /// The kind a stored name stands for; unknown names read as `text`.
    pub fn parse(s: &str) -> Self {
        match s {
            "json" => Self::Json,
            "html" => Self::Html,
            "warc" => Self::Warc,
            "feed" => Self::Feed,
            _ => Self::Text,
        }
    }
}

/// A document as read from its input, before any cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    pub id: ArticleId,
    /// The input path, `path:line` for JSON lines (from 1), or `-` for stdin.
    pub source: String,
    pub kind: SourceKind,
    /// Absolute path of a one-article file: the version key when there is no URL.
    pub file_key: Option<String>,
    /// The character encoding the bytes were decoded from, when it was not UTF-8.
    pub decoded_from: Option<String>,
    /// The name of the folder holding the input file: the outlet of last resort for
    /// web pages, whose outlet is read from the page itself first.
    pub folder: Option<String>,
    pub record: InputRecord,
}

impl RawDoc {
    pub fn new(
        source: String,
        kind: SourceKind,
        file_key: Option<String>,
        record: InputRecord,
    ) -> Self {
        Self {
            id: ArticleId::derive(&record),
            source,
            kind,
            file_key,
            decoded_from: None,
            folder: None,
            record,
        }
    }
}

/// A byte range `[start, end)` into an article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// Why a line was taken out of the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedReason {
    /// Section label or page-type word above the headline ("World News", "article").
    SectionLabel,
    /// Run-together or listed topic tags ("PoliticsEconomyElections", "Tags: ...").
    TagList,
    /// "Listen to this article", audio player labels, reading-time labels.
    ListenPrompt,
    /// "Read more: <headline>", "Related:", lists of other headlines.
    ReadMore,
    /// "Advertisement", "Story continues below advertisement", sponsored labels.
    Advertisement,
    /// "Share this", social buttons, "Copy link", comment counters.
    SharePrompt,
    /// Ad-blocker nags and their button words ("Ad Blocker Detected!", "Refresh").
    AdBlocker,
    /// Newsletter and subscription prompts, sign-in walls.
    Newsletter,
    /// Copyright and rights footers.
    Copyright,
    /// "Follow us on ...".
    SocialFollow,
    /// Cookie and consent notices.
    CookieNotice,
    /// Site navigation words, breadcrumbs, footer links.
    Navigation,
    /// Image captions and photo credits.
    Caption,
    /// Production credits at the end ("Reporting by ...; Editing by ...").
    Credits,
    /// A byline line; its value becomes the article's byline.
    Byline,
    /// A date or timestamp line; its value may become the publication date.
    Dateline,
    /// A line holding only a URL; it may become the article's URL.
    UrlLine,
    /// The headline repeated in the text when the title was given as a field.
    TitleRepeated,
    /// A line its outlet or publishing system repeats across many articles over weeks
    /// (a sign-in wall, a notification widget, a tip-line sentence), learned from the
    /// store.
    Furniture,
}

impl RemovedReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SectionLabel => "section_label",
            Self::TagList => "tag_list",
            Self::ListenPrompt => "listen_prompt",
            Self::ReadMore => "read_more",
            Self::Advertisement => "advertisement",
            Self::SharePrompt => "share_prompt",
            Self::AdBlocker => "ad_blocker",
            Self::Newsletter => "newsletter",
            Self::Copyright => "copyright",
            Self::SocialFollow => "social_follow",
            Self::CookieNotice => "cookie_notice",
            Self::Navigation => "navigation",
            Self::Caption => "caption",
            Self::Credits => "credits",
            Self::Byline => "byline",
            Self::Dateline => "dateline",
            Self::UrlLine => "url_line",
            Self::TitleRepeated => "title_repeated",
            Self::Furniture => "furniture",
        }
    }

    /// Metadata lines carry information about the article (kept in fields);
    /// the rest is residue of the page the text was scraped from.
    pub fn is_metadata(self) -> bool {
        matches!(
            self,
            Self::Byline | Self::Dateline | Self::UrlLine | Self::TitleRepeated
        )
    }
}

impl fmt::Display for RemovedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line taken out of the body, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub text: String,
    pub reason: RemovedReason,
}

/// A cleaned article, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: ArticleId,
    pub source: String,
    pub kind: SourceKind,
    /// The input exactly as given (lossless export writes this back).
    pub record: InputRecord,
    /// Who published it: the input's field, else (web pages) the site name the page
    /// gives, else the URL's host, else the folder name.
    pub outlet: Option<String>,
    /// Groups the versions of one article: the normalised URL, else the file path.
    pub version_key: String,
    /// The URL: the field, else a URL line found in the text.
    pub url: Option<String>,
    pub title: Option<String>,
    pub standfirst: Option<String>,
    pub byline: Option<String>,
    /// Normalised publication time: RFC 3339 in UTC when a time is known, else `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Paragraphs joined by a blank line.
    pub body: String,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
    pub removed: Vec<Removed>,
    pub decoded_from: Option<String>,
    /// The language the page declares (`en`, `pt-BR`), as written; else the one detected in
    /// its text (ISO 639-1), `None` when unclear.
    pub lang: Option<String>,
}

impl Article {
    pub fn paragraph_texts(&self) -> Vec<&str> {
        self.paragraphs.iter().map(|s| s.of(&self.body)).collect()
    }

    pub fn sentence_texts(&self) -> Vec<&str> {
        self.sentences.iter().map(|s| s.of(&self.body)).collect()
    }
}

/// An article as kept by the store, with its place in the version chain.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub article: Article,
    /// 1 for the first version of a URL, then 2, 3, ...
    pub version: u32,
    pub previous_version: Option<ArticleId>,
    pub next_version: Option<ArticleId>,
    /// Ingestion order, from 1.
    pub seq: i64,
    /// When it entered this store (RFC 3339, UTC).
    pub ingested_at: String,
}
