//! Tokens the way the CoNLL-2003 English data splits them (Penn Treebank style), so the
//! tagger sees at run time what it was trained on: "U.S." and "Corp." stay whole,
//! punctuation, "'s" and "n't" come off, hyphenated words stay one token.

/// A token's byte span in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '<', '«'];
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', ')', ']', '}', '>', '»', ',', ';', ':', '!', '?',
];

/// Abbreviations whose final period belongs to the word.
fn is_abbreviation(w: &str) -> bool {
    matches!(
        w,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Sgt"
            | "Capt"
            | "Cmdr"
            | "Adm"
            | "Maj"
            | "Rev"
            | "St"
            | "Jr"
            | "Sr"
            | "Inc"
            | "Corp"
            | "Co"
            | "Ltd"
            | "Bros"
            | "Plc"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "No"
            | "vs"
            | "etc"
            | "Mt"
            | "Ft"
            | "Ave"
            | "Blvd"
    )
}

/// Splits a sentence into tokens; spans are byte offsets into `s`.
pub fn tokens(s: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut chunk_start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = chunk_start.take() {
                split_chunk(s, st, i, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(st) = chunk_start {
        split_chunk(s, st, s.len(), &mut out);
    }
    out
}

fn split_chunk(s: &str, mut start: usize, mut end: usize, out: &mut Vec<Span>) {
    // Leading openers, each its own token.
    while start < end {
        let c = s[start..end].chars().next().unwrap_or(' ');
        if OPENERS.contains(&c) && end - start > c.len_utf8() {
            out.push(Span {
                start,
                end: start + c.len_utf8(),
            });
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing closers, kept aside to push after the word.
    let mut tail = Vec::new();
    loop {
        if start >= end {
            break;
        }
        let word = &s[start..end];
        let c = word.chars().next_back().unwrap_or(' ');
        if word.ends_with("...") && word.len() > 3 {
            tail.push(Span {
                start: end - 3,
                end,
            });
            end -= 3;
        } else if CLOSERS.contains(&c) && word.len() > c.len_utf8() {
            // "'s" / "’s" at the end are a clitic, not a closing quote.
            tail.push(Span {
                start: end - c.len_utf8(),
                end,
            });
            end -= c.len_utf8();
        } else if c == '.' && word.len() > 1 {
            let stem = &word[..word.len() - 1];
            let keep = stem.contains('.')
                || (stem.chars().count() == 1 && stem.chars().all(char::is_alphabetic))
                || is_abbreviation(stem);
            if keep {
                break;
            }
            tail.push(Span {
                start: end - 1,
                end,
            });
            end -= 1;
        } else {
            break;
        }
    }
    if start < end {
        let word = &s[start..end];
        let clitic = ["'s", "’s", "'S", "n't", "n’t"]
            .iter()
            .find(|c| word.len() > c.len() + 1 && word.ends_with(*c))
            .map(|c| c.len());
        match clitic {
            Some(n) => {
                out.push(Span {
                    start,
                    end: end - n,
                });
                out.push(Span {
                    start: end - n,
                    end,
                });
            }
            None => out.push(Span { start, end }),
        }
    }
    out.extend(tail.into_iter().rev());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokens(s).iter().map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn splits_like_the_treebank() {
        assert_eq!(
            words("The U.S. envoy (Mr. Smith) said: \"Maduro's men didn't go.\""),
            [
                "The", "U.S.", "envoy", "(", "Mr.", "Smith", ")", "said", ":", "\"", "Maduro",
                "'s", "men", "did", "n't", "go", ".", "\""
            ]
        );
        assert_eq!(
            words("Hong Kong-based firm, 1,000 jobs..."),
            ["Hong", "Kong-based", "firm", ",", "1,000", "jobs", "..."]
        );
        assert_eq!(
            words("“Yes,” she said."),
            ["“", "Yes", ",", "”", "she", "said", "."]
        );
        assert!(tokens("   ").is_empty());
    }
}
