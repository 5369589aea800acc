//! Sentence splitting for news prose. Rule-based and deterministic: a sentence ends at
//! `.`, `!`, `?` or `…` (with any closing quotes and brackets after it) when the next
//! word starts a sentence, except after abbreviations ("Mr.", "Gen.", "U.S.", "a.m."),
//! initials ("J. Smith") and numbers ("No. 10").

/// Titles and other abbreviations that never end a sentence.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "gen", "lt", "col", "maj", "sgt", "capt",
    "cmdr", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "det", "cpl", "pvt",
    "fr", "st", "mt", "ft", "vs", "v", "approx", "dept", "est", "e.g", "i.e", "cf", "ca", "sr",
    "jr", "brig", "lieut", "gens", "reps", "sens", "amb", "atty", "gov't",
];

/// Abbreviations that take a number after them; followed by anything else they may end
/// a sentence ("He said no. Then ...").
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "art", "fig", "vol", "ch", "sec", "pp", "op", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Abbreviations that often end a sentence too ("... Acme Inc. The firm said").
const MAYBE_FINAL: &[&str] = &[
    "inc", "ltd", "co", "corp", "llc", "plc", "bros", "etc", "al", "jr", "sr", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Words that commonly open a sentence; after an ambiguous abbreviation, one of these
/// means a new sentence began.
const STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "but",
    "and",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "after",
    "before",
    "when",
    "while",
    "as",
    "for",
    "if",
    "however",
    "meanwhile",
    "some",
    "many",
    "most",
    "one",
    "two",
    "no",
    "yet",
    "still",
    "then",
    "earlier",
    "later",
    "last",
    "on",
    "according",
    "officials",
    "police",
    "both",
    "neither",
    "what",
    "who",
    "how",
    "why",
    "where",
    "since",
    "by",
    "under",
    "with",
];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '¿' | '¡'
    )
}

/// Splits a paragraph into sentences: byte spans `(start, end)`, trimmed of spaces.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let (_, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        let term_start = i;
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?' | '…') {
            j += 1;
        }
        while j < chars.len() && is_closer(chars[j].1) {
            j += 1;
        }
        // Must be followed by whitespace (or end).
        if j < chars.len() && !chars[j].1.is_whitespace() {
            i = j.max(i + 1);
            continue;
        }
        let end_byte = chars.get(j).map_or(text.len(), |(b, _)| *b);
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k >= chars.len() {
            break;
        }
        let next_word = word_at(&chars, k);
        if ends_here(&chars, term_start, j, &next_word) {
            push_trimmed(text, start, end_byte, &mut spans);
            start = chars[k].0;
        }
        i = k;
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        spans.push((start + lead, end - trail));
    }
}

/// The word beginning at char index `k`, with leading openers removed.
fn word_at(chars: &[(usize, char)], k: usize) -> String {
    chars[k..]
        .iter()
        .map(|(_, c)| *c)
        .skip_while(|c| is_opener(*c))
        .take_while(|c| !c.is_whitespace())
        .collect()
}

fn ends_here(chars: &[(usize, char)], term_start: usize, after: usize, next: &str) -> bool {
    let Some(first) = next.chars().next() else {
        return false;
    };
    let opener_before_next = chars
        .get(after..)
        .and_then(|rest| rest.iter().find(|(_, c)| !c.is_whitespace()))
        .is_some_and(|(_, c)| is_opener(*c));
    if !(first.is_uppercase()
        || first.is_ascii_digit()
        || opener_before_next && first.is_alphanumeric())
    {
        return false;
    }
    let term = chars[term_start].1;
    let run_len = chars[term_start..after]
        .iter()
        .filter(|(_, c)| matches!(c, '.' | '!' | '?' | '…'))
        .count();
    if term != '.' || run_len > 1 {
        return true;
    }
    // The token before the period.
    let mut b = term_start;
    while b > 0 && !chars[b - 1].1.is_whitespace() {
        b -= 1;
    }
    let token: String = chars[b..term_start]
        .iter()
        .map(|(_, c)| *c)
        .skip_while(|c| is_opener(*c))
        .collect();
    let lower = token.to_lowercase();
    let next_lower = next
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let starter = STARTERS.contains(&next_lower.as_str());
    let next_is_number = first.is_ascii_digit();
    if token.is_empty() {
        return true;
    }
    if BEFORE_NUMBER.contains(&lower.as_str()) && next_is_number {
        return false;
    }
    if MAYBE_FINAL.contains(&lower.as_str()) {
        return starter;
    }
    if NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    // An initial: "J." in "J. Smith".
    if letters.len() == 1 && token.chars().count() == 1 && letters[0].is_uppercase() {
        return false;
    }
    // Dotted abbreviations: "U.S.", "a.m.", "U.N." end a sentence only before a starter word.
    if token.contains('.') && token.chars().all(|c| c.is_alphabetic() || c == '.') {
        return starter;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        split(t).into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(
            sents("One two. Three four! Five? Six"),
            vec!["One two.", "Three four!", "Five?", "Six"]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        let t =
            "Mr. Smith met Gen. J. R. Allen in the U.S. capital at 9 a.m. local time. They spoke.";
        assert_eq!(
            sents(t),
            vec![
                "Mr. Smith met Gen. J. R. Allen in the U.S. capital at 9 a.m. local time.",
                "They spoke."
            ]
        );
    }

    #[test]
    fn dotted_abbreviation_can_end_a_sentence() {
        assert_eq!(
            sents("The envoy flew to the U.S. The talks begin Monday."),
            vec!["The envoy flew to the U.S.", "The talks begin Monday."]
        );
        assert_eq!(
            sents("It opened at 9 a.m. Monday."),
            vec!["It opened at 9 a.m. Monday."]
        );
    }

    #[test]
    fn numbers_and_decimals() {
        assert_eq!(
            sents("He lives at No. 10 and earns 3.5 million. He said no. Then he left."),
            vec![
                "He lives at No. 10 and earns 3.5 million.",
                "He said no.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        let t = "\"We will not back down.\" The minister left. \"Is it over?\" she asked. 'Yes,' he said.";
        assert_eq!(
            sents(t),
            vec![
                "\"We will not back down.\"",
                "The minister left.",
                "\"Is it over?\" she asked.",
                "'Yes,' he said."
            ]
        );
        assert_eq!(
            sents("He said: “Enough.” Then silence."),
            vec!["He said: “Enough.”", "Then silence."]
        );
    }

    #[test]
    fn company_suffix_then_new_sentence() {
        assert_eq!(
            sents("Shares of Acme Inc. rose. Acme Inc. The firm said so."),
            vec![
                "Shares of Acme Inc. rose.",
                "Acme Inc.",
                "The firm said so."
            ]
        );
    }

    #[test]
    fn ellipsis_and_spans_are_trimmed() {
        let t = "  Wait... What now?  ";
        assert_eq!(sents(t), vec!["Wait...", "What now?"]);
    }
}
