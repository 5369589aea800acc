//! Ingest: turns paths and byte streams into [`RawDoc`]s, one per article, and says
//! exactly which input was rejected and why. It does not interpret the text.
//!
//! Data flow:
//! ```text
//! paths ──discover──> [InputFile] ──open──> DocStream ──> Result<RawDoc, Rejection> per document
//! ```
//! * `.txt`/`.text` files hold one article each; their bytes are decoded from UTF-8, a BOM's
//!   encoding, or a detected legacy encoding (windows-1252, latin-1, ...).
//! * `.jsonl`/`.ndjson`/`.json` hold one article per JSON object (a line each, or a
//!   top-level array); a bad line is rejected with its line number and the rest goes on.
//! * `.html`/`.htm`/`.xhtml` (also gzipped) hold one web page each, decoded with
//!   [`decode_html`] (BOM, valid UTF-8, the declared charset, detection); the page goes
//!   into the record's `html` for the extract stage to read.
//! * `.warc`/`.warc.gz` archives give one page per HTML response or resource record
//!   ([`warc`]), with its target URI; other records are passed over.
//! * `.rss`/`.atom`/`.xml` feeds give one record per item (link, title, date, authors, and
//!   the item's content or summary).
//! * `-` reads stdin and sniffs which of these it is.
//!
//! ```no_run
//! use crosscheck_ingest::{discover, IngestConfig};
//! let cfg = IngestConfig::default();
//! let found = discover(&["examples".into()]);
//! for input in &found.inputs {
//!     for doc in input.open(&cfg) {
//!         match doc {
//!             Ok(raw) => println!("{} {}", raw.id, raw.source),
//!             Err(rejected) => eprintln!("{rejected}"),
//!         }
//!     }
//! }
//! ```

mod decode;
mod discover;
mod error;
mod feed;
pub mod gz;
mod json;
mod stream;
pub mod warc;

pub use crosscheck_model::url_host;
pub use decode::{decode_html, decode_text};
pub use discover::{discover, Discovery, InputFile, InputFormat, Skipped};
pub use error::{IngestError, Rejection};
pub use json::record_from_json;
pub use stream::DocStream;

/// Limits for reading input. Defaults are documented on each field.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// Largest single document (a text file, or one JSON line) in bytes. Default 16 MiB.
    pub max_doc_bytes: u64,
    /// Largest `.json` file holding a top-level array, which must be read whole. Default 512 MiB.
    pub max_json_array_bytes: u64,
    /// The outlet of every input that does not name its own (`ingest --outlet`): text
    /// files, stdin, pages without a site name. It replaces the folder-name fallback.
    pub outlet: Option<String>,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            max_doc_bytes: 16 * 1024 * 1024,
            max_json_array_bytes: 512 * 1024 * 1024,
            outlet: None,
        }
    }
}

/// The outlet of a document from its input alone: the field, else the URL's host
/// (without `www.`), else the name of the folder the file sits in.
pub fn resolve_outlet(
    field: Option<&str>,
    url: Option<&str>,
    folder: Option<&str>,
) -> Option<String> {
    if let Some(f) = field.map(str::trim).filter(|f| !f.is_empty()) {
        return Some(f.to_string());
    }
    if let Some(host) = url.and_then(url_host) {
        return Some(host);
    }
    folder
        .map(str::trim)
        .filter(|f| !f.is_empty() && *f != "." && *f != "/")
        .map(str::to_string)
}

/// Folder names that say how files were gathered, not who published them: never an
/// outlet.
const GENERIC_FOLDERS: &[&str] = &[
    "archive",
    "archives",
    "articles",
    "crawl",
    "crawls",
    "data",
    "dataset",
    "download",
    "downloads",
    "dump",
    "dumps",
    "export",
    "exports",
    "feeds",
    "files",
    "htm",
    "html",
    "in",
    "input",
    "inputs",
    "json",
    "jsonl",
    "news",
    "out",
    "output",
    "pages",
    "raw",
    "scrape",
    "scraped",
    "scrapes",
    "seeds",
    "temp",
    "text",
    "texts",
    "tmp",
    "txt",
    "warc",
    "warcs",
    "web",
];

/// Whether a folder's name can name an outlet: not a generic name (`html`, `data`,
/// `downloads`), not hidden or a temporary folder's (`.tmpXYZ`).
pub fn folder_outlet(name: &str) -> Option<&str> {
    let n = name.trim();
    let lower = n.to_ascii_lowercase();
    let generic = GENERIC_FOLDERS.contains(&lower.as_str()) || lower.starts_with('.');
    (!n.is_empty() && !generic).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_prefers_field_then_host_then_folder() {
        assert_eq!(
            resolve_outlet(Some("The Ledger"), Some("https://x.org/a"), Some("f")).as_deref(),
            Some("The Ledger")
        );
        assert_eq!(
            resolve_outlet(Some("  "), Some("https://www.X.org/a"), Some("f")).as_deref(),
            Some("x.org")
        );
        assert_eq!(
            resolve_outlet(None, Some("not a url"), Some("ledger")).as_deref(),
            Some("ledger")
        );
        assert_eq!(resolve_outlet(None, None, None), None);
    }

    /// Regression: a folder called `html` became the outlet of every page in it.
    #[test]
    fn generic_folder_names_are_not_outlets() {
        for generic in ["html", "seeds", "Downloads", "data", "tmp", ".tmpA1b2"] {
            assert_eq!(folder_outlet(generic), None, "{generic}");
        }
        assert_eq!(folder_outlet("harbour-times"), Some("harbour-times"));
    }
}
