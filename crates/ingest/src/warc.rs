//! WARC archives (`.warc`, `.warc.gz`): the HTML pages among their records, one at a time.
//!
//! A record is a `WARC/1.x` header block, `Content-Length` bytes of block, and a blank
//! line. `response` records hold an HTTP response (status line, headers, body);
//! `resource` records hold the page itself. Pages are the records whose content type is
//! HTML; the rest (requests, metadata, images, scripts) are passed over and counted.
//! The HTTP body is un-chunked and gunzipped when the headers say so. A record that is
//! cut short or malformed is reported by its number and offset, and reading stops there
//! only when the archive cannot be resynchronised (no later `WARC/` line).

use std::io::{BufRead, Read};

use crate::IngestError;

/// One HTML page out of an archive.
#[derive(Debug, Clone, PartialEq)]
pub struct WarcPage {
    /// 1-based position among all records of the archive.
    pub record: u64,
    pub target_uri: Option<String>,
    /// `WARC-Date`: when the page was captured (not when it was published).
    pub date: Option<String>,
    /// The charset the HTTP `Content-Type` names, when it does.
    pub charset: Option<String>,
    pub body: Vec<u8>,
}

/// What the next record was.
#[derive(Debug)]
pub enum WarcItem {
    Page(WarcPage),
    /// A record that is not an HTML page (kept count of, not read).
    Skipped,
    /// A bad record: its number and why. Reading goes on with the next record.
    Bad {
        record: u64,
        error: IngestError,
    },
}

/// How far into a stream the first record header must start for it to be read as an
/// archive (a WARC file opens with one; gzip members and blank lines aside).
const FIRST_RECORD_WITHIN: u64 = 64 * 1024;

/// Reads records from a (decompressed) WARC stream.
pub struct WarcReader<R> {
    inner: R,
    record: u64,
    cap: u64,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(inner: R, cap: u64) -> Self {
        Self {
            inner,
            record: 0,
            cap,
            done: false,
        }
    }

    fn bad(&self, message: impl Into<String>) -> WarcItem {
        WarcItem::Bad {
            record: self.record,
            error: IngestError::Warc {
                message: message.into(),
            },
        }
    }

    fn line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        buf.clear();
        // Header lines are short; a runaway line is cut at 64 KiB.
        let n = (&mut self.inner).take(64 * 1024).read_until(b'\n', buf)?;
        Ok(n)
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        // Find the version line, skipping blank lines (and garbage) between records. A
        // stream that opens with no record header is not an archive; garbage is skipped
        // for at most one document's cap, so a bomb of junk cannot keep us reading.
        let mut skipped: u64 = 0;
        loop {
            match self.line(&mut buf) {
                Ok(0) => {
                    self.done = true;
                    if self.record == 0 {
                        let error = if skipped == 0 {
                            IngestError::NoRecords {
                                what: "WARC records",
                            }
                        } else {
                            IngestError::NotWarc {
                                why: "no `WARC/1.x` record header in it".into(),
                            }
                        };
                        return Some(WarcItem::Bad { record: 0, error });
                    }
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(WarcItem::Bad {
                        record: self.record + 1,
                        error: IngestError::Warc {
                            message: format!("unreadable: {e}"),
                        },
                    });
                }
            }
            if buf.starts_with(b"WARC/") {
                break;
            }
            if !buf.iter().all(u8::is_ascii_whitespace) {
                skipped += buf.len() as u64;
            }
            if self.record == 0 && skipped > FIRST_RECORD_WITHIN {
                self.done = true;
                return Some(WarcItem::Bad {
                    record: 0,
                    error: IngestError::NotWarc {
                        why: format!(
                            "no `WARC/1.x` record header in its first {FIRST_RECORD_WITHIN} bytes"
                        ),
                    },
                });
            }
            if skipped > self.cap {
                self.done = true;
                return Some(WarcItem::Bad {
                    record: self.record + 1,
                    error: IngestError::Warc {
                        message: format!(
                            "no record header in the {skipped} bytes after record {}",
                            self.record
                        ),
                    },
                });
            }
        }
        self.record += 1;
        let mut length: Option<u64> = None;
        let mut kind = String::new();
        let mut uri = None;
        let mut date = None;
        let mut content_type = String::new();
        loop {
            match self.line(&mut buf) {
                Ok(0) => {
                    self.done = true;
                    return Some(self.bad("the archive ends inside a record header"));
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(self.bad(format!("unreadable: {e}")));
                }
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().ok(),
                "warc-type" => kind = value.to_ascii_lowercase(),
                "warc-target-uri" => uri = Some(value.trim_matches(['<', '>']).to_string()),
                "warc-date" => date = Some(value.to_string()),
                "content-type" => content_type = value.to_ascii_lowercase(),
                _ => {}
            }
        }
        let Some(length) = length else {
            return Some(self.bad("no Content-Length in the record header"));
        };
        let wanted = match kind.as_str() {
            "response" => content_type.starts_with("application/http"),
            "resource" => is_html_type(&content_type),
            _ => false,
        };
        if !wanted || length > self.cap {
            // Skip the block without keeping it.
            let skipped = std::io::copy(&mut (&mut self.inner).take(length), &mut std::io::sink());
            return Some(match skipped {
                Ok(n) if n < length => {
                    self.done = true;
                    self.bad("the archive ends inside a record")
                }
                Err(e) => {
                    self.done = true;
                    self.bad(format!("unreadable: {e}"))
                }
                Ok(_) if wanted => WarcItem::Bad {
                    record: self.record,
                    error: IngestError::TooLarge {
                        size: length,
                        cap: self.cap,
                    },
                },
                Ok(_) => WarcItem::Skipped,
            });
        }
        let mut block = Vec::with_capacity(length as usize);
        match (&mut self.inner).take(length).read_to_end(&mut block) {
            Ok(n) if (n as u64) < length => {
                self.done = true;
                return Some(self.bad("the archive ends inside a record"));
            }
            Err(e) => {
                self.done = true;
                return Some(self.bad(format!("unreadable: {e}")));
            }
            Ok(_) => {}
        }
        if kind == "resource" {
            let charset = charset_param(&content_type);
            return Some(WarcItem::Page(WarcPage {
                record: self.record,
                target_uri: uri,
                date,
                charset,
                body: block,
            }));
        }
        match http_response(&block, self.cap) {
            Ok(Some((charset, body))) => Some(WarcItem::Page(WarcPage {
                record: self.record,
                target_uri: uri,
                date,
                charset,
                body,
            })),
            Ok(None) => Some(WarcItem::Skipped),
            Err(message) => Some(self.bad(message)),
        }
    }
}

fn is_html_type(ct: &str) -> bool {
    ct.starts_with("text/html") || ct.starts_with("application/xhtml")
}

fn charset_param(ct: &str) -> Option<String> {
    let i = ct.find("charset=")?;
    let v = ct[i + 8..]
        .trim_matches(['"', '\''])
        .split([';', ' ', '"', '\''])
        .next()?;
    (!v.is_empty()).then(|| v.to_string())
}

/// The body of an HTTP response when it is an HTML page with status 2xx: its charset and
/// bytes (un-chunked, gunzipped). `None` for other content.
/// An HTML body and the charset its headers name.
type HtmlBody = (Option<String>, Vec<u8>);

fn http_response(block: &[u8], cap: u64) -> Result<Option<HtmlBody>, String> {
    let split = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        });
    let Some((head_end, body_start)) = split else {
        return Err("the HTTP response has no end of headers".into());
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("not an HTTP status line: {:?}", clip(status)))?;
    if !(200..300).contains(&code) {
        return Ok(None);
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut gzip = false;
    for l in lines {
        let Some((name, value)) = l.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = value,
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => gzip = value.contains("gzip"),
            _ => {}
        }
    }
    if !is_html_type(&content_type) {
        return Ok(None);
    }
    let mut body = block[body_start..].to_vec();
    if chunked {
        // Archives often keep the chunked framing; undo it when it parses.
        if let Some(b) = dechunk(&body) {
            body = b;
        }
    }
    if gzip && crate::gz::is_gzip(&body) {
        let mut dec = flate2::read::MultiGzDecoder::new(&body[..]);
        match crate::gz::read_capped(&mut dec, cap) {
            Ok(b) => body = b,
            Err(crate::gz::Capped::Over(n)) => {
                return Err(format!("the page inflates past the cap ({n} bytes)"))
            }
            Err(crate::gz::Capped::Io(e)) => return Err(format!("bad gzip body: {e}")),
        }
    }
    Ok(Some((charset_param(&content_type), body)))
}

fn dechunk(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    loop {
        let eol = b[i..].windows(2).position(|w| w == b"\r\n")? + i;
        let size_text = std::str::from_utf8(&b[i..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        i = eol + 2;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(i..i + size)?);
        i += size + 2;
    }
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, ct: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-04T05:06:07Z\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn reads_html_responses_and_passes_over_the_rest() {
        let mut warc = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        warc.extend(record(
            "request",
            "https://a.example/x",
            "application/http; msgtype=request",
            b"GET /x HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "https://a.example/x",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>caf\xe9</p>",
        ));
        warc.extend(record(
            "response",
            "https://a.example/logo.png",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        warc.extend(record(
            "response",
            "https://a.example/chunked",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>ab\r\n5\r\nc</p>\r\n0\r\n\r\n",
        ));
        let items: Vec<WarcItem> = WarcReader::new(&warc[..], 1 << 20).collect();
        let pages: Vec<&WarcPage> = items
            .iter()
            .filter_map(|i| match i {
                WarcItem::Page(p) => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(items.len(), 5);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].target_uri.as_deref(), Some("https://a.example/x"));
        assert_eq!(pages[0].charset.as_deref(), Some("iso-8859-1"));
        assert_eq!(pages[0].body, b"<p>caf\xe9</p>");
        assert_eq!(pages[0].record, 3);
        assert_eq!(pages[1].body, b"<p>abc</p>");
    }

    #[test]
    fn a_truncated_archive_reports_the_record() {
        let mut warc = record(
            "response",
            "https://a.example/x",
            "application/http",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>whole</p>",
        );
        let second = record(
            "response",
            "https://a.example/y",
            "application/http",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>cut here</p>",
        );
        warc.extend_from_slice(&second[..second.len() - 12]);
        let items: Vec<WarcItem> = WarcReader::new(&warc[..], 1 << 20).collect();
        assert!(matches!(items[0], WarcItem::Page(_)));
        match &items[1] {
            WarcItem::Bad { record, error } => {
                assert_eq!(*record, 2);
                assert!(
                    error.to_string().contains("ends inside a record"),
                    "{error}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(items.len(), 2);
    }
}
