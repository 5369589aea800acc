//! Paths to the list of inputs to read, in a deterministic order.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::{IngestConfig, IngestError, Rejection};

/// How an input's bytes are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One plain-text article.
    Text,
    /// JSON objects: one per line, or a top-level array.
    Json,
    /// An HTML page (`.html`, `.htm`, also gzipped).
    Html,
    /// A WARC archive (`.warc`, `.warc.gz`): its HTML responses.
    Warc,
    /// An RSS or Atom feed (`.rss`, `.atom`, `.xml`, also gzipped): its items.
    Feed,
    /// Stdin: decided from its first bytes (`{` or `[` is JSON, `WARC/` an archive, `<`
    /// a feed when it opens with `<rss`, `<feed` or `<rdf`, else HTML; anything else text).
    Sniff,
}

/// One file (or stdin) to read.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// `None` for stdin.
    pub path: Option<PathBuf>,
    /// How the input is named in messages and in each article's `source`.
    pub display: String,
    pub format: InputFormat,
    /// Size in bytes when known (for progress), 0 for stdin.
    pub size: u64,
}

impl InputFile {
    pub fn stdin() -> Self {
        Self {
            path: None,
            display: "-".into(),
            format: InputFormat::Sniff,
            size: 0,
        }
    }

    /// Opens the input as a stream of documents. Errors opening it come out of the stream.
    pub fn open(&self, cfg: &IngestConfig) -> crate::DocStream {
        crate::DocStream::new(self.clone(), cfg.clone())
    }
}

/// A file a folder walk passed over, because it is not a kind of input crosscheck reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub why: String,
}

/// The result of resolving the paths given on the command line.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<InputFile>,
    pub rejected: Vec<Rejection>,
    pub skipped: Vec<Skipped>,
}

impl Discovery {
    pub fn total_bytes(&self) -> u64 {
        self.inputs.iter().map(|i| i.size).sum()
    }
}

fn format_of(path: &Path) -> Option<InputFormat> {
    let mut ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let gz = ext == "gz";
    if gz {
        ext = Path::new(path.file_stem()?)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
    }
    match ext.as_str() {
        "txt" | "text" => Some(InputFormat::Text),
        "jsonl" | "ndjson" | "json" => Some(InputFormat::Json),
        "html" | "htm" | "xhtml" => Some(InputFormat::Html),
        "warc" => Some(InputFormat::Warc),
        "rss" | "atom" | "xml" => Some(InputFormat::Feed),
        _ => None,
    }
}

/// Whether a path that is not a file was meant as a web address.
fn is_url(path: &Path) -> bool {
    let p = path.to_string_lossy().to_ascii_lowercase();
    p.starts_with("http://") || p.starts_with("https://") || p.starts_with("www.")
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// Resolves paths: files as given, folders walked recursively (sorted by name, hidden
/// entries skipped, symlink loops reported), `-` as stdin. Nothing is read yet.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut out = Discovery::default();
    for path in paths {
        if path.as_os_str() == "-" {
            out.inputs.push(InputFile::stdin());
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(_) if is_url(path) => {
                out.rejected.push(Rejection {
                    source: path.display().to_string(),
                    error: IngestError::Url,
                });
                continue;
            }
            Err(source) => {
                out.rejected.push(Rejection {
                    source: path.display().to_string(),
                    error: IngestError::Unreadable {
                        path: path.clone(),
                        source,
                    },
                });
                continue;
            }
        };
        if meta.is_dir() {
            walk(path, &mut out);
        } else {
            match format_of(path) {
                Some(format) => out.inputs.push(InputFile {
                    path: Some(path.clone()),
                    display: path.display().to_string(),
                    format,
                    size: meta.len(),
                }),
                None => out.rejected.push(Rejection {
                    source: path.display().to_string(),
                    error: IngestError::Unsupported {
                        ext: extension_label(path),
                    },
                }),
            }
        }
    }
    out
}

fn extension_label(path: &Path) -> String {
    path.extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_else(|| "(no extension)".into())
}

fn walk(root: &Path, out: &mut Discovery) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let where_ = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let source = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                out.rejected.push(Rejection {
                    source: where_.clone(),
                    error: IngestError::Unreadable {
                        path: where_.into(),
                        source,
                    },
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        match format_of(path) {
            Some(format) => out.inputs.push(InputFile {
                path: Some(path.to_path_buf()),
                display: path.display().to_string(),
                format,
                size: entry.metadata().map(|m| m.len()).unwrap_or(0),
            }),
            None => out.skipped.push(Skipped {
                path: path.display().to_string(),
                why: format!("not an input type ({})", extension_label(path)),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skips_hidden_and_unknown_reports_missing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("b")).expect("mkdir");
        std::fs::create_dir_all(root.join(".git")).expect("mkdir");
        for f in [
            "b/2.txt",
            "a.jsonl",
            "c.png",
            ".hidden.txt",
            ".git/x.txt",
            "b/1.TXT",
        ] {
            std::fs::write(root.join(f), "x").expect("write");
        }
        let found = discover(&[root.to_path_buf(), root.join("missing.txt")]);
        let names: Vec<_> = found
            .inputs
            .iter()
            .map(|i| {
                i.path
                    .as_ref()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(|p| p.display().to_string())
            })
            .collect();
        assert_eq!(
            names,
            vec![
                Some("a.jsonl".into()),
                Some("b/1.TXT".into()),
                Some("b/2.txt".into())
            ]
        );
        assert_eq!(found.skipped.len(), 1);
        assert_eq!(found.rejected.len(), 1);
        assert!(found.rejected[0].to_string().contains("missing.txt"));
    }

    #[test]
    fn a_url_given_as_an_input_says_urls_are_not_fetched() {
        let found = discover(&[PathBuf::from("https://example.org/news/1.html")]);
        let msg = found.rejected[0].to_string();
        assert!(msg.contains("not fetched"), "{msg}");
        assert!(msg.contains("curl"), "{msg}");
    }

    #[test]
    fn gzipped_json_lines_and_text_are_inputs() {
        for (name, want) in [
            ("dump.jsonl.gz", InputFormat::Json),
            ("dump.json.gz", InputFormat::Json),
            ("a.txt.gz", InputFormat::Text),
            ("a.warc.gz", InputFormat::Warc),
        ] {
            assert_eq!(format_of(Path::new(name)), Some(want), "{name}");
        }
    }

    #[test]
    fn explicit_unknown_file_is_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("photo.png");
        std::fs::write(&p, "x").expect("write");
        let found = discover(&[p]);
        assert!(found.rejected[0]
            .to_string()
            .contains("unsupported file type `.png`"));
    }
}
