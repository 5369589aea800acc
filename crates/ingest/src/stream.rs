//! Reading one input as a stream of documents, never holding more than one document
//! (or one JSON array file) in memory.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use crosscheck_model::{InputRecord, RawDoc, SourceKind};
use serde_json::Value;

use crate::warc::{WarcItem, WarcPage, WarcReader};
use crate::{
    decode_html, decode_text, record_from_json, resolve_outlet, IngestConfig, IngestError,
    InputFile, InputFormat, Rejection,
};

enum State {
    Start,
    Lines {
        reader: Box<dyn BufRead + Send>,
        line: u64,
        buf: Vec<u8>,
        /// Whether any non-blank line was read (a file of none is rejected as empty).
        seen: bool,
    },
    Array {
        items: std::vec::IntoIter<Value>,
        index: u64,
    },
    /// A `.json` file of objects that may span lines (pretty-printed, or concatenated).
    Objects {
        data: Vec<u8>,
        pos: usize,
    },
    /// The HTML records of a WARC archive, read one at a time.
    Warc {
        reader: WarcReader<Box<dyn BufRead + Send>>,
    },
    /// The items of a feed (a feed is read whole; feeds are small).
    Feed {
        items: std::vec::IntoIter<Result<InputRecord, IngestError>>,
        index: u64,
    },
    Done,
}

/// The documents of one input, in order: `Ok(RawDoc)` or a `Rejection` naming the
/// input (and line) and the reason. A rejection never ends the stream early unless
/// the whole input is unusable.
pub struct DocStream {
    input: InputFile,
    cfg: IngestConfig,
    folder: Option<String>,
    file_key: Option<String>,
    state: State,
    consumed: u64,
    /// Bytes taken from the file itself (compressed, for a `.warc.gz`): the progress of a
    /// stream read record by record.
    raw_read: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// A reader that counts the bytes that pass through it.
struct Counted<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

enum LineRead {
    Eof,
    Line,
    TooLong(u64),
}

impl DocStream {
    pub(crate) fn new(input: InputFile, cfg: IngestConfig) -> Self {
        let canonical = input
            .path
            .as_ref()
            .and_then(|p| std::fs::canonicalize(p).ok());
        // The outlet of last resort: the one the user named, else the folder's name
        // when it can name one.
        let folder = cfg.outlet.clone().or_else(|| {
            canonical
                .as_ref()
                .and_then(|p| p.parent())
                .and_then(|p| p.file_name())
                .and_then(|n| crate::folder_outlet(&n.to_string_lossy()).map(str::to_string))
        });
        let file_key = canonical.map(|p| p.display().to_string());
        Self {
            input,
            cfg,
            folder,
            file_key,
            state: State::Start,
            consumed: 0,
            raw_read: Default::default(),
        }
    }

    /// Bytes of the input consumed so far (for progress): whole lines for JSON lines, the
    /// whole file once a text file or JSON array has been read, the bytes read from the
    /// file so far for a WARC archive.
    pub fn bytes_read(&self) -> u64 {
        match self.state {
            State::Warc { .. } => self
                .raw_read
                .load(std::sync::atomic::Ordering::Relaxed)
                .min(self.input.size),
            _ => self.consumed,
        }
    }

    fn reject(&self, source: String, error: IngestError) -> Rejection {
        Rejection { source, error }
    }

    fn open(&self) -> Result<Box<dyn BufRead + Send>, IngestError> {
        match &self.input.path {
            None => Ok(Box::new(BufReader::with_capacity(
                1 << 16,
                std::io::stdin(),
            ))),
            Some(p) => File::open(p)
                .map(|f| {
                    let counted = Counted {
                        inner: f,
                        count: self.raw_read.clone(),
                    };
                    Box::new(BufReader::with_capacity(1 << 16, counted)) as Box<dyn BufRead + Send>
                })
                .map_err(|source| IngestError::Unreadable {
                    path: p.clone(),
                    source,
                }),
        }
    }

    fn start(&mut self) -> Option<Result<RawDoc, Rejection>> {
        // Every path out of here that does not set a reading state ends the input: an
        // error returned from `start` must never leave the stream in `Start`, or the
        // next call would open the input again, without end.
        self.state = State::Done;
        let reader = match self.open() {
            Ok(r) => r,
            Err(e) => return Some(Err(self.reject(self.input.display.clone(), e))),
        };
        // Any input may be gzipped (`.jsonl.gz` dumps, `.warc.gz` archives); the caps
        // apply to the decompressed bytes.
        let mut reader = match gunzip_if_gzip(reader) {
            Ok(r) => r,
            Err(source) => {
                let e = IngestError::Unreadable {
                    path: self.input.display.clone().into(),
                    source,
                };
                return Some(Err(self.reject(self.input.display.clone(), e)));
            }
        };
        let sniffed = match self.input.format {
            InputFormat::Sniff => sniff_web(&mut reader),
            f => Some(f),
        };
        match sniffed {
            Some(InputFormat::Html) => {
                self.state = State::Done;
                self.consumed = self.input.size;
                return Some(self.read_html(reader));
            }
            Some(InputFormat::Warc) => {
                self.state = State::Warc {
                    reader: WarcReader::new(reader, self.cfg.max_doc_bytes),
                };
                return self.next();
            }
            Some(InputFormat::Feed) => return self.start_feed(reader),
            _ => {}
        }
        let first = match first_non_space(&mut reader) {
            Ok(b) => b,
            Err(source) => {
                let e = IngestError::Unreadable {
                    path: self.input.display.clone().into(),
                    source,
                };
                return Some(Err(self.reject(self.input.display.clone(), e)));
            }
        };
        let format = match self.input.format {
            InputFormat::Sniff if matches!(first, Some(b'{') | Some(b'[')) => InputFormat::Json,
            InputFormat::Sniff => InputFormat::Text,
            f => f,
        };
        match format {
            InputFormat::Json if first == Some(b'[') => self.start_array(reader),
            InputFormat::Json if first == Some(b'{') && self.is_dot_json() => {
                self.start_objects(reader)
            }
            InputFormat::Json => {
                self.state = State::Lines {
                    reader,
                    line: 0,
                    buf: Vec::new(),
                    seen: false,
                };
                self.next()
            }
            _ => Some(self.read_text(reader)),
        }
    }

    fn read_all(&self, reader: Box<dyn BufRead + Send>, cap: u64) -> Result<Vec<u8>, IngestError> {
        let mut bytes = Vec::new();
        reader
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| IngestError::Unreadable {
                path: self.input.display.clone().into(),
                source,
            })?;
        if bytes.len() as u64 > cap {
            let size = self.input.size.max(bytes.len() as u64);
            return Err(IngestError::TooLarge { size, cap });
        }
        Ok(bytes)
    }

    fn read_html(&mut self, reader: Box<dyn BufRead + Send>) -> Result<RawDoc, Rejection> {
        let source = self.input.display.clone();
        let bytes = self
            .read_all(reader, self.cfg.max_doc_bytes)
            .map_err(|e| self.reject(source.clone(), e))?;
        let (html, enc) = decode_html(&bytes, None).map_err(|e| self.reject(source.clone(), e))?;
        if html.trim().is_empty() {
            return Err(self.reject(source, IngestError::Blank));
        }
        let record = InputRecord {
            html: Some(html),
            ..Default::default()
        };
        let mut doc = RawDoc::new(source, SourceKind::Html, self.file_key.clone(), record);
        doc.decoded_from = enc.map(str::to_string);
        doc.folder.clone_from(&self.folder);
        Ok(doc)
    }

    fn start_feed(&mut self, reader: Box<dyn BufRead + Send>) -> Option<Result<RawDoc, Rejection>> {
        self.state = State::Done;
        self.consumed = self.input.size;
        let source = self.input.display.clone();
        let parsed = self
            .read_all(reader, self.cfg.max_json_array_bytes)
            .and_then(|bytes| crate::feed::items(&bytes, self.folder.as_deref()));
        match parsed {
            Ok(items) => {
                self.state = State::Feed {
                    items: items.into_iter(),
                    index: 0,
                };
                self.next()
            }
            Err(e) => Some(Err(self.reject(source, e))),
        }
    }

    fn warc_doc(&self, page: WarcPage) -> Result<RawDoc, Rejection> {
        let source = format!("{}#{}", self.input.display, page.record);
        let (html, enc) = decode_html(&page.body, page.charset.as_deref())
            .map_err(|e| self.reject(source.clone(), e))?;
        if html.trim().is_empty() {
            return Err(self.reject(source, IngestError::Blank));
        }
        let mut meta = serde_json::Map::new();
        if let Some(d) = page.date {
            meta.insert("warc_date".into(), Value::String(d));
        }
        let record = InputRecord {
            url: page.target_uri,
            html: Some(html),
            meta,
            ..Default::default()
        };
        let mut doc = RawDoc::new(source, SourceKind::Warc, None, record);
        doc.decoded_from = enc.map(str::to_string);
        doc.folder.clone_from(&self.folder);
        Ok(doc)
    }

    fn read_text(&mut self, reader: Box<dyn BufRead + Send>) -> Result<RawDoc, Rejection> {
        self.state = State::Done;
        let source = self.input.display.clone();
        self.consumed = self.input.size;
        let bytes = self
            .read_all(reader, self.cfg.max_doc_bytes)
            .map_err(|e| self.reject(source.clone(), e))?;
        let (text, enc) = decode_text(&bytes).map_err(|e| self.reject(source.clone(), e))?;
        if text.trim().is_empty() {
            return Err(self.reject(source, IngestError::Blank));
        }
        let record = InputRecord {
            outlet: resolve_outlet(None, None, self.folder.as_deref()),
            text,
            ..Default::default()
        };
        let mut doc = RawDoc::new(source, SourceKind::Text, self.file_key.clone(), record);
        doc.decoded_from = enc.map(str::to_string);
        Ok(doc)
    }

    fn start_array(
        &mut self,
        reader: Box<dyn BufRead + Send>,
    ) -> Option<Result<RawDoc, Rejection>> {
        self.state = State::Done;
        self.consumed = self.input.size;
        let source = self.input.display.clone();
        let parsed = self
            .read_all(reader, self.cfg.max_json_array_bytes)
            .and_then(|bytes| {
                serde_json::from_slice::<Vec<Value>>(&bytes).map_err(|e| IngestError::Json {
                    message: e.to_string(),
                })
            });
        match parsed {
            Ok(items) => {
                self.state = State::Array {
                    items: items.into_iter(),
                    index: 0,
                };
                self.next()
            }
            Err(e) => Some(Err(self.reject(source, e))),
        }
    }

    fn is_dot_json(&self) -> bool {
        self.input
            .path
            .as_ref()
            .and_then(|p| p.extension())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    }

    fn start_objects(
        &mut self,
        reader: Box<dyn BufRead + Send>,
    ) -> Option<Result<RawDoc, Rejection>> {
        self.state = State::Done;
        self.consumed = self.input.size;
        match self.read_all(reader, self.cfg.max_json_array_bytes) {
            Ok(data) => {
                self.state = State::Objects { data, pos: 0 };
                self.next()
            }
            Err(e) => Some(Err(self.reject(self.input.display.clone(), e))),
        }
    }

    /// The next object of a `.json` file, named by the line it starts on. After a syntax
    /// error, reading resumes at the next line that opens an object.
    fn next_object(&mut self) -> Option<Result<RawDoc, Rejection>> {
        let State::Objects { data, pos } = &mut self.state else {
            return None;
        };
        while *pos < data.len() && data[*pos].is_ascii_whitespace() {
            *pos += 1;
        }
        if *pos >= data.len() {
            self.state = State::Done;
            return None;
        }
        let start = *pos;
        let line = 1 + data[..start].iter().filter(|&&b| b == b'\n').count();
        let mut stream = serde_json::Deserializer::from_slice(&data[start..]).into_iter::<Value>();
        let parsed = stream.next();
        let used = stream.byte_offset();
        let source = format!("{}:{}", self.input.display, line);
        match parsed {
            Some(Ok(value)) => {
                *pos = start + used.max(1);
                Some(self.json_doc(value, source))
            }
            Some(Err(e)) => {
                let resume = data[start + 1..]
                    .windows(2)
                    .position(|w| w == b"\n{")
                    .map_or(data.len(), |i| start + 1 + i + 1);
                *pos = resume;
                Some(Err(self.reject(
                    source,
                    IngestError::Json {
                        message: e.to_string(),
                    },
                )))
            }
            None => {
                self.state = State::Done;
                None
            }
        }
    }

    fn json_doc(&self, value: Value, source: String) -> Result<RawDoc, Rejection> {
        // An exported line carries the outlet crosscheck settled on, for a record that
        // does not name one (a page read in a folder): the same outlet wherever it goes.
        let exported = crate::json::exported_outlet(&value);
        let folder = exported.or_else(|| self.folder.clone());
        match record_from_json(value, folder.as_deref()) {
            Ok(record) => {
                let mut doc = RawDoc::new(source, SourceKind::Json, None, record);
                doc.folder = folder;
                Ok(doc)
            }
            Err(e) => Err(self.reject(source, e)),
        }
    }
}

/// Peeks at the first non-whitespace byte without consuming anything but whitespace
/// inside the first buffer (which text inputs never lose: they are re-read whole).
/// Wraps a reader in a gzip decoder when its bytes start a gzip member.
fn gunzip_if_gzip(mut reader: Box<dyn BufRead + Send>) -> std::io::Result<Box<dyn BufRead + Send>> {
    if crate::gz::is_gzip(reader.fill_buf()?) {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        )))
    } else {
        Ok(reader)
    }
}

/// What a stream of unknown kind holds, when it is a web format: `WARC/` opens an
/// archive; `<` opens a feed (an `rss`, `feed` or `rdf` root early on) or a page.
fn sniff_web(reader: &mut Box<dyn BufRead + Send>) -> Option<InputFormat> {
    let buf = reader.fill_buf().ok()?;
    let start = buf.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &buf[start..];
    if head.starts_with(b"WARC/") {
        return Some(InputFormat::Warc);
    }
    if head.first() != Some(&b'<') {
        return None;
    }
    let lower: Vec<u8> = head[..head.len().min(1024)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    let has = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
    if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
        Some(InputFormat::Feed)
    } else {
        Some(InputFormat::Html)
    }
}

fn first_non_space(reader: &mut Box<dyn BufRead + Send>) -> std::io::Result<Option<u8>> {
    let buf = reader.fill_buf()?;
    Ok(buf.iter().copied().find(|b| !b.is_ascii_whitespace()))
}

/// Reads one line into `buf`, but never more than `cap` bytes of it: a longer line is
/// skipped to its end and reported with its length.
fn read_capped_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: u64,
) -> std::io::Result<LineRead> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let avail = reader.fill_buf()?;
        if avail.is_empty() {
            return Ok(match (any, total > cap) {
                (false, _) => LineRead::Eof,
                (true, true) => LineRead::TooLong(total),
                (true, false) => LineRead::Line,
            });
        }
        any = true;
        let (chunk, used, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        total += chunk.len() as u64;
        if total <= cap {
            buf.extend_from_slice(chunk);
        } else {
            buf.clear();
        }
        reader.consume(used);
        if done {
            return Ok(if total > cap {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
    }
}

impl Iterator for DocStream {
    type Item = Result<RawDoc, Rejection>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match &mut self.state {
                State::Done => return None,
                State::Start => return self.start(),
                State::Objects { .. } => return self.next_object(),
                State::Warc { reader } => match reader.next() {
                    None => {
                        self.state = State::Done;
                        self.consumed = self.input.size;
                        return None;
                    }
                    Some(WarcItem::Skipped) => continue,
                    Some(WarcItem::Page(page)) => return Some(self.warc_doc(page)),
                    Some(WarcItem::Bad { record, error }) => {
                        // Record 0 is the archive as a whole (not an archive at all).
                        let source = match record {
                            0 => self.input.display.clone(),
                            n => format!("{}#{}", self.input.display, n),
                        };
                        return Some(Err(self.reject(source, error)));
                    }
                },
                State::Feed { items, index } => {
                    let item = items.next()?;
                    *index += 1;
                    let source = format!("{}#{}", self.input.display, index);
                    return Some(match item {
                        Ok(record) => {
                            let mut doc = RawDoc::new(source, SourceKind::Feed, None, record);
                            doc.folder.clone_from(&self.folder);
                            Ok(doc)
                        }
                        Err(e) => Err(self.reject(source, e)),
                    });
                }
                State::Array { items, index } => {
                    let value = items.next()?;
                    *index += 1;
                    let source = format!("{}#{}", self.input.display, index);
                    return Some(self.json_doc(value, source));
                }
                State::Lines {
                    reader,
                    line,
                    buf,
                    seen,
                } => {
                    let read = read_capped_line(reader.as_mut(), buf, self.cfg.max_doc_bytes);
                    *line += 1;
                    self.consumed += match &read {
                        Ok(LineRead::Line) => buf.len() as u64 + 1,
                        Ok(LineRead::TooLong(n)) => n + 1,
                        _ => 0,
                    };
                    let source = format!("{}:{}", self.input.display, line);
                    match read {
                        Err(source_err) => {
                            self.state = State::Done;
                            let e = IngestError::Unreadable {
                                path: self.input.display.clone().into(),
                                source: source_err,
                            };
                            return Some(Err(self.reject(source, e)));
                        }
                        Ok(LineRead::Eof) => {
                            let empty = !*seen;
                            self.state = State::Done;
                            if empty {
                                let source = self.input.display.clone();
                                return Some(Err(self.reject(
                                    source,
                                    IngestError::NoRecords { what: "JSON lines" },
                                )));
                            }
                            return None;
                        }
                        Ok(LineRead::TooLong(size)) => {
                            let cap = self.cfg.max_doc_bytes;
                            return Some(Err(
                                self.reject(source, IngestError::TooLarge { size, cap })
                            ));
                        }
                        Ok(LineRead::Line) => {
                            let text = String::from_utf8_lossy(buf);
                            let trimmed = text.trim();
                            if trimmed.is_empty() {
                                continue;
                            }
                            *seen = true;
                            let parsed = match std::str::from_utf8(buf) {
                                Ok(_) => serde_json::from_str::<Value>(trimmed),
                                // JSON must be UTF-8; a line in a legacy encoding is decoded first.
                                Err(_) => match decode_text(buf) {
                                    Ok((t, _)) => serde_json::from_str::<Value>(t.trim()),
                                    Err(e) => return Some(Err(self.reject(source, e))),
                                },
                            };
                            return Some(match parsed {
                                Ok(v) => self.json_doc(v, source),
                                Err(e) => Err(self.reject(
                                    source,
                                    IngestError::Json {
                                        message: e.to_string(),
                                    },
                                )),
                            });
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn input(path: &Path, format: InputFormat) -> InputFile {
        InputFile {
            path: Some(path.to_path_buf()),
            display: path.display().to_string(),
            format,
            size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        }
    }

    #[test]
    fn stdin_kinds_are_sniffed_from_their_first_bytes() {
        let sniff = |b: &'static [u8]| {
            let mut r: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(b));
            sniff_web(&mut r)
        };
        assert_eq!(sniff(b"  WARC/1.1\r\n"), Some(InputFormat::Warc));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"),
            Some(InputFormat::Feed)
        );
        assert_eq!(
            sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Some(InputFormat::Feed)
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Some(InputFormat::Html));
        assert_eq!(sniff(b"{\"text\": \"x\"}"), None);
        assert_eq!(sniff(b"Plain words"), None);
    }

    #[test]
    fn an_archive_reports_progress_as_it_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.warc");
        let mut warc = Vec::new();
        for i in 0..3 {
            let mut body =
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Page {i}</p>")
                    .into_bytes();
            body.extend(std::iter::repeat_n(b' ', 100_000));
            warc.extend(format!("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes());
            warc.extend(body);
            warc.extend(b"\r\n\r\n");
        }
        std::fs::write(&path, &warc).expect("write");
        let mut stream = input(&path, InputFormat::Warc).open(&IngestConfig::default());
        assert!(stream.next().is_some_and(|d| d.is_ok()));
        let after_one = stream.bytes_read();
        assert!(
            after_one > 0 && after_one < warc.len() as u64,
            "{after_one}"
        );
        while stream.next().is_some() {}
        assert_eq!(stream.bytes_read(), warc.len() as u64);
    }

    #[test]
    fn a_gzipped_page_and_archive_are_read() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("tempdir");
        let gz = |bytes: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(bytes).expect("gzip");
            e.finish().expect("gzip")
        };
        let page = dir.path().join("p.html.gz");
        std::fs::write(&page, gz(b"<html><body><p>caf\xe9</p></body></html>")).expect("write");
        let docs: Vec<_> = input(&page, InputFormat::Html)
            .open(&IngestConfig::default())
            .collect();
        let doc = docs[0].as_ref().expect("doc");
        assert_eq!(doc.kind, SourceKind::Html);
        assert!(doc
            .record
            .html
            .as_deref()
            .is_some_and(|h| h.contains("café")));
        assert_eq!(doc.decoded_from.as_deref(), Some("windows-1252"));
    }

    #[test]
    fn jsonl_bad_lines_are_reported_with_line_numbers_and_the_rest_read() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("ledger");
        std::fs::create_dir(&dir).expect("mkdir");
        let p = dir.join("feed.jsonl");
        std::fs::write(
            &p,
            "{\"text\":\"one\",\"outlet\":\"A\"}\n\n{broken\n[1,2]\n{\"text\":\"four\"}\n",
        )
        .expect("write");
        let docs: Vec<_> = input(&p, InputFormat::Json)
            .open(&IngestConfig::default())
            .collect();
        assert_eq!(docs.len(), 4);
        assert!(docs[0].is_ok());
        let bad = docs[1].as_ref().unwrap_err();
        assert!(bad.source.ends_with("feed.jsonl:3"), "{}", bad.source);
        assert!(bad.to_string().contains("invalid JSON"));
        assert!(docs[2].as_ref().unwrap_err().source.ends_with(":4"));
        let ok = docs[3].as_ref().expect("line 5 reads");
        assert!(ok.source.ends_with("feed.jsonl:5"));
        // The outlet falls back to the folder name.
        assert_eq!(ok.record.outlet.as_deref(), Some("ledger"));
    }

    #[test]
    fn over_long_line_is_skipped_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("big.jsonl");
        let long = format!(
            "{{\"text\":\"{}\"}}\n{{\"text\":\"ok\"}}\n",
            "x".repeat(500)
        );
        std::fs::write(&p, long).expect("write");
        let cfg = IngestConfig {
            max_doc_bytes: 100,
            ..Default::default()
        };
        let docs: Vec<_> = input(&p, InputFormat::Json).open(&cfg).collect();
        assert_eq!(docs.len(), 2);
        assert!(docs[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("over the 100-byte cap"));
        assert!(docs[1].is_ok());
    }

    #[test]
    fn text_file_over_cap_names_the_cap() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("huge.txt");
        std::fs::write(&p, "a".repeat(1000)).expect("write");
        let cfg = IngestConfig {
            max_doc_bytes: 10,
            ..Default::default()
        };
        let docs: Vec<_> = input(&p, InputFormat::Text).open(&cfg).collect();
        assert_eq!(
            docs[0].as_ref().unwrap_err().error.to_string(),
            "1000 bytes is over the 10-byte cap for one document (raise it with --max-doc-bytes)"
        );
    }

    #[test]
    fn json_array_files_are_read_per_element() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("all.json");
        std::fs::write(&p, "  [{\"text\":\"a\"}, 3, {\"text\":\"b\"}]").expect("write");
        let docs: Vec<_> = input(&p, InputFormat::Json)
            .open(&IngestConfig::default())
            .collect();
        assert_eq!(docs.len(), 3);
        assert!(docs[1].as_ref().unwrap_err().source.ends_with("all.json#2"));
    }

    #[test]
    fn pretty_printed_json_objects_are_read_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("two.json");
        std::fs::write(
            &p,
            "{\n  \"text\": \"First.\"\n}\n{\n  \"text\": broken\n}\n{\"text\": \"Third.\",\n \"outlet\": \"B\"}\n",
        )
        .expect("write");
        let docs: Vec<_> = input(&p, InputFormat::Json)
            .open(&IngestConfig::default())
            .collect();
        assert_eq!(docs.len(), 3, "{docs:?}");
        assert!(docs[0]
            .as_ref()
            .is_ok_and(|d| d.source.ends_with("two.json:1")));
        assert!(docs[1].as_ref().unwrap_err().source.ends_with("two.json:4"));
        assert!(docs[2]
            .as_ref()
            .is_ok_and(|d| d.source.ends_with("two.json:7") && d.record.text == "Third."));
    }

    #[test]
    fn blank_text_file_is_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("blank.txt");
        std::fs::write(&p, "  \n\t\n").expect("write");
        let docs: Vec<_> = input(&p, InputFormat::Text)
            .open(&IngestConfig::default())
            .collect();
        assert!(matches!(
            docs[0].as_ref().unwrap_err().error,
            IngestError::Blank
        ));
    }

    const EVERY_FORMAT: [InputFormat; 6] = [
        InputFormat::Text,
        InputFormat::Json,
        InputFormat::Html,
        InputFormat::Warc,
        InputFormat::Feed,
        InputFormat::Sniff,
    ];

    /// Regression: an input whose open failed was opened again on every `next`, without
    /// end, filling memory with rejections (`chmod 000` files, unopenable device nodes).
    #[test]
    fn an_input_that_cannot_be_opened_ends_after_one_rejection() {
        let dir = tempfile::tempdir().expect("tempdir");
        for format in EVERY_FORMAT {
            let missing = input(&dir.path().join("gone.txt"), format);
            let docs: Vec<_> = missing.open(&IngestConfig::default()).take(5).collect();
            assert_eq!(docs.len(), 1, "{format:?}");
            assert!(docs[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("gone.txt"));
        }
    }

    /// The same for an input that opens but cannot be read (a folder opened as a file
    /// fails on its first read).
    #[test]
    fn an_input_that_cannot_be_read_ends_after_one_rejection() {
        let dir = tempfile::tempdir().expect("tempdir");
        for format in EVERY_FORMAT {
            let folder = input(dir.path(), format);
            let docs: Vec<_> = folder.open(&IngestConfig::default()).take(5).collect();
            assert_eq!(docs.len(), 1, "{format:?}: {docs:?}");
            assert!(docs[0].is_err(), "{format:?}");
        }
    }

    /// Regression: an empty `.jsonl` gave `read 0` and exit 0, as if nothing was given.
    #[test]
    fn an_empty_json_lines_file_is_rejected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("empty.jsonl");
        std::fs::write(&p, "\n  \n").expect("write");
        let docs: Vec<_> = input(&p, InputFormat::Json)
            .open(&IngestConfig::default())
            .collect();
        assert_eq!(docs.len(), 1);
        let msg = docs[0].as_ref().unwrap_err().to_string();
        assert!(msg.contains("no JSON lines"), "{msg}");
    }

    /// Regression: a `.warc` that is not an archive, or a gzip bomb named `.warc.gz`,
    /// gave `read 0` and exit 0.
    #[test]
    fn a_warc_that_is_not_an_archive_is_rejected_with_its_reason() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("tempdir");
        let text = dir.path().join("notes.warc");
        std::fs::write(&text, "just some notes\nnot an archive\n").expect("write");
        let empty = dir.path().join("empty.warc");
        std::fs::write(&empty, "").expect("write");
        let bomb = dir.path().join("bomb.warc.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..64 {
            enc.write_all(&[0u8; 1 << 20]).expect("gz");
        }
        std::fs::write(&bomb, enc.finish().expect("gz")).expect("write");
        for (p, want) in [
            (&text, "not a WARC archive"),
            (&empty, "holds no WARC records"),
            (&bomb, "not a WARC archive"),
        ] {
            let docs: Vec<_> = input(p, InputFormat::Warc)
                .open(&IngestConfig::default())
                .collect();
            assert_eq!(docs.len(), 1, "{p:?}");
            let err = docs[0].as_ref().unwrap_err();
            assert_eq!(err.source, p.display().to_string());
            assert!(err.to_string().contains(want), "{err}");
        }
    }

    #[test]
    fn gzipped_json_lines_are_read() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("dump.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(b"{\"text\":\"one\"}\n{\"text\":\"two\"}\n")
            .expect("gz");
        std::fs::write(&p, enc.finish().expect("gz")).expect("write");
        let docs: Vec<_> = input(&p, InputFormat::Json)
            .open(&IngestConfig::default())
            .collect();
        assert_eq!(docs.len(), 2);
        assert!(docs.iter().all(Result::is_ok));
    }
}
