//! Text normalisation before any rule looks at it: NFC, one kind of newline and space,
//! no invisible or control characters, trimmed lines.

use unicode_normalization::UnicodeNormalization;

/// Normalises a whole document and returns its lines (blank lines kept as "").
pub fn lines(text: &str) -> Vec<String> {
    let mut clean = String::with_capacity(text.len());
    let mut prev_cr = false;
    for c in text.nfc() {
        match c {
            '\r' => {
                clean.push('\n');
                prev_cr = true;
                continue;
            }
            '\n' if prev_cr => {}
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0b}' | '\u{0c}' => clean.push('\n'),
            '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                clean.push(' ')
            }
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            c if c.is_control() => {}
            c => clean.push(c),
        }
        prev_cr = false;
    }
    clean.split('\n').map(collapse_spaces).collect()
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
        if c.is_alphanumeric() || c == '&' || c == '\'' {
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
