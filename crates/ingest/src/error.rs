use std::fmt;
use std::path::PathBuf;

/// Why one input (a file, or one record of a file) could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// `path` is the file itself; the rejection names it already.
    #[error("cannot read it: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("empty input")]
    Empty,
    #[error("no text: the input holds only whitespace")]
    Blank,
    #[error("holds no {what}: the file is empty or only whitespace")]
    NoRecords { what: &'static str },
    #[error("not a WARC archive: {why}")]
    NotWarc { why: String },
    #[error(
        "{size} bytes is over the {cap}-byte cap for one document (raise it with --max-doc-bytes)"
    )]
    TooLarge { size: u64, cap: u64 },
    #[error("binary data, not text ({what})")]
    Binary { what: &'static str },
    #[error("unsupported file type `{ext}` (expected .txt, .text, .jsonl, .ndjson, .json, .html, .htm, .warc, .rss, .atom or .xml, each also gzipped as .gz)")]
    Unsupported { ext: String },
    #[error("URLs are not fetched: save the page first (`curl -L -o page.html URL`, or a crawler's WARC archive) and ingest the file")]
    Url,
    #[error("invalid JSON: {message}")]
    Json { message: String },
    #[error("expected a JSON object, found {found}")]
    NotAnObject { found: &'static str },
    #[error("field `{field}` must be {expected}, found {found}")]
    FieldType {
        field: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    #[error("bad WARC record: {message}")]
    Warc { message: String },
    #[error("not a readable RSS or Atom feed: {message}")]
    Feed { message: String },
    #[error("the feed item has only a headline, no text or content")]
    HeadlineOnly,
    #[error("no `text` or `html` field (each object needs the article text or its page)")]
    MissingText,
}

/// A rejected input: where it came from and why. Displays as `source: reason`.
#[derive(Debug)]
pub struct Rejection {
    /// A path, `path:line` for one JSON line, or `-` for stdin.
    pub source: String,
    pub error: IngestError,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.error)
    }
}

impl std::error::Error for Rejection {}
