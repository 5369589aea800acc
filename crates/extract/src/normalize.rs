//! Text normalisation before any rule looks at it: NFC, one kind of newline and space,
//! no invisible or control characters, trimmed lines.

use unicode_normalization::UnicodeNormalization;

/// Normalises a whole document and returns its lines (blank lines kept as "").
pub fn lines(text: &str) -> Vec<String> {
    // Most text is already NFC; composing it again is the costliest step here.
    let composed;
    let mut source: &str = if unicode_normalization::is_nfc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        text
    } else {
        composed = text.nfc().collect::<String>();
        &composed
    };
    let unified;
    if source.contains('\r') {
        unified = source.replace("\r\n", "\n").replace('\r', "\n");
        source = &unified;
    }
    let mut out = Vec::new();
    for line in source.split('\n') {
        // Fast path: printable ASCII with single spaces needs only trimming.
        if line.bytes().all(|b| (0x20..0x7f).contains(&b)) && !line.contains("  ") {
            out.push(line.trim().to_string());
            continue;
        }
        let mut clean = String::with_capacity(line.len());
        for c in line.chars() {
            match c {
                '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0b}' | '\u{0c}' => {
                    out.push(collapse_spaces(&clean));
                    clean.clear();
                }
                '\t'
                | '\u{a0}'
                | '\u{2000}'..='\u{200a}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}' => clean.push(' '),
                '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
                c if c.is_control() => {}
                c => clean.push(c),
            }
        }
        out.push(collapse_spaces(&clean));
    }
    out
}

/// Trims and collapses runs of spaces to one.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A comparison key: lower case, curly quotes straightened, letters, digits and single
/// spaces only, with `&` kept. "Share this!" and "SHARE THIS" give the same key.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '’' | '‘' | '`' => '\'',
            c => c,
        };
        if c.is_ascii() {
            // ASCII fast path: most text, and no allocation per character.
            if c.is_ascii_alphanumeric() || c == '&' || c == '\'' {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c.to_ascii_lowercase());
            } else {
                space = true;
            }
        } else if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_spaces_and_invisibles() {
        let l = lines("  A\u{a0}\u{a0}b\r\nc\u{200b}d\re\t\tf\u{1}");
        assert_eq!(l, vec!["A b", "cd", "e f"]);
    }

    #[test]
    fn key_ignores_case_and_punctuation() {
        assert_eq!(key("  SHARE — this! "), "share this");
        assert_eq!(key("Don’t miss:"), "don't miss");
    }
}
