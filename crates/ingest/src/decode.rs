//! Bytes to text: BOMs, UTF-8, UTF-16 without BOM, detected legacy encodings, and a
//! refusal for binary data.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::IngestError;

/// How many leading bytes the binary sniffing looks at.
const SNIFF: usize = 64 * 1024;

/// Decodes a document's bytes. Returns the text and, when it was not UTF-8, the name
/// of the encoding it was decoded from.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<&'static str>), IngestError> {
    decode(bytes, || None)
}

/// Decodes an HTML page's bytes. The order of trust: a BOM; valid UTF-8 (a page that
/// declares a legacy charset but is valid UTF-8 is nearly always mislabelled); the charset
/// the transport declared (`header`, e.g. a WARC record's `Content-Type`); the page's own
/// `<meta charset>` in its first 4 KiB; detection.
pub fn decode_html(
    bytes: &[u8],
    header: Option<&str>,
) -> Result<(String, Option<&'static str>), IngestError> {
    decode(bytes, || {
        header
            .and_then(|h| Encoding::for_label(h.trim().as_bytes()))
            .or_else(|| meta_charset(&bytes[..bytes.len().min(4096)]))
            // A page that claims UTF-8 (or UTF-16) but is not valid: detect instead.
            .filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE)
    })
}

/// The one decoding path: empty and binary inputs refused, a BOM, UTF-16 without one,
/// valid UTF-8, then the `declared` encoding when there is one, else detection.
fn decode(
    bytes: &[u8],
    declared: impl FnOnce() -> Option<&'static Encoding>,
) -> Result<(String, Option<&'static str>), IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok((text.into_owned(), (enc != UTF_8).then(|| enc.name())));
    }
    if let Some(what) = magic(bytes) {
        return Err(IngestError::Binary { what });
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if head.contains(&0) {
        if let Some(enc) = utf16_without_bom(head) {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            return Ok((text.into_owned(), Some(enc.name())));
        }
        return Err(IngestError::Binary { what: "NUL bytes" });
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if controls * 50 > head.len() {
        return Err(IngestError::Binary {
            what: "control characters",
        });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), None));
    }
    let enc = declared().unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(None, chardetng::Utf8Detection::Allow)
    });
    let (text, _, _) = enc.decode(bytes);
    Ok((text.into_owned(), Some(enc.name())))
}

/// The charset a page declares in its head: `<meta charset=...>` or a content type.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &head[at + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&c| matches!(c, b'"' | b'\'' | b';' | b'>' | b' ' | b'/'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

/// Well-known binary formats, named so the user learns what they fed in.
fn magic(b: &[u8]) -> Option<&'static str> {
    const TABLE: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"\x7fELF", "executable"),
        (b"SQLite format 3\0", "SQLite database"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
    ];
    TABLE
        .iter()
        .find(|(m, _)| b.starts_with(m))
        .map(|(_, what)| *what)
}

/// UTF-16 text without a BOM shows NULs in every other byte of its ASCII characters.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 10 > pairs * 7 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 > pairs * 7 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        assert_eq!(
            decode_text("Grüße".as_bytes()).ok(),
            Some(("Grüße".into(), None))
        );
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Café “quoted” – naïve" in windows-1252.
        let bytes = b"The caf\xe9 owner said \x93we will reopen\x94 \x96 a na\xefve hope, in the city of Montr\xe9al.";
        let (text, enc) = decode_text(bytes).expect("decodes");
        assert!(text.contains("café"), "{text}");
        assert!(text.contains("“we will reopen”"), "{text}");
        assert_eq!(enc, Some("windows-1252"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = "Hello world, this is text.";
        let mut le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode_text(&le).ok().map(|t| t.0), Some(s.to_string()));
        le.splice(0..0, [0xff, 0xfe]);
        assert_eq!(decode_text(&le).ok().map(|t| t.0), Some(s.to_string()));
    }

    #[test]
    fn binary_is_refused_with_what_it_is() {
        let err = decode_text(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert_eq!(err.to_string(), "binary data, not text (PNG image)");
        let err = decode_text(b"abc\0\x01\x02\0\0\0\x03\x04").unwrap_err();
        assert!(err.to_string().contains("NUL"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = decode_text(&bytes);
        }
    }

    #[test]
    fn html_trusts_valid_utf8_then_the_declared_charset() {
        // Declared latin-1, but valid UTF-8: UTF-8 wins.
        let page = "<meta charset=iso-8859-1><p>Zürich</p>".as_bytes();
        assert_eq!(
            decode_html(page, None).unwrap(),
            ("<meta charset=iso-8859-1><p>Zürich</p>".into(), None)
        );
        // Declared windows-1251 and not UTF-8: the declaration is used.
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcc\xee\xf1\xea\xe2\xe0</p>";
        let (text, enc) = decode_html(page, None).unwrap();
        assert!(text.contains("Москва"), "{text}");
        assert_eq!(enc, Some("windows-1251"));
        // The transport's charset beats the page's.
        let (text, _) =
            decode_html(b"<meta charset=utf-8><p>caf\xe9</p>", Some("iso-8859-1")).unwrap();
        assert!(text.contains("café"));
        // Claims UTF-8 but is not: detected.
        let (text, _) = decode_html(
            b"<meta charset=utf-8><p>The caf\xe9 in Montr\xe9al is open again.</p>",
            None,
        )
        .unwrap();
        assert!(text.contains("café"), "{text}");
    }

    #[test]
    fn empty_is_its_own_error() {
        assert!(matches!(decode_text(b""), Err(IngestError::Empty)));
    }
}
