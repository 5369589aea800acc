//! The wire dateline that opens a report's first paragraph ("PORT ALDREN (Coastline
//! Wire) - A ferry ..."): where the place and agency end and the report's own words
//! begin. One reading for every stage that must tell the two apart (the entity tagger's
//! places, the attribution reader's contents, the reconcile stage's claim texts).

/// The byte offset where the text proper begins after a dateline at its start: words in
/// capitals (commas and periods allowed), any agency in brackets, then a dash ("-", "--",
/// "–", "—") within the first 80 characters, and after it a capital letter, digit or
/// quotation mark. `None` when the text does not open with a dateline.
///
/// ```
/// use crosscheck_model::dateline_end;
/// let t = "WASHINGTON (AP) — The Senate voted.";
/// assert_eq!(&t[dateline_end(t).unwrap()..], "The Senate voted.");
/// assert_eq!(dateline_end("NATO - the alliance"), None);
/// assert_eq!(dateline_end("The vote - a close one - passed"), None);
/// ```
pub fn dateline_end(text: &str) -> Option<usize> {
    let head_len = text.char_indices().nth(80).map_or(text.len(), |(i, _)| i);
    let head = &text[..head_len];
    let (at, dash) = ["--", "—", "–", "-"]
        .iter()
        .filter_map(|d| head.find(d).map(|at| (at, d.len())))
        .min()?;
    let before = &text[..at];
    // A hyphen inside a word ("WEST-BANK") is not the dateline's dash.
    if dash == 1 && !before.ends_with(char::is_whitespace) {
        return None;
    }
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in before.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let caps = outside.chars().any(char::is_uppercase)
        && !outside.chars().any(char::is_lowercase)
        && !outside.chars().any(|c| c.is_ascii_digit());
    if !caps {
        return None;
    }
    let after = &text[at + dash..];
    let rest = after.trim_start_matches(|c: char| c.is_whitespace() || c == '-');
    let opens = rest.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘')
    });
    opens.then(|| text.len() - rest.len())
}

#[cfg(test)]
mod tests {
    use super::dateline_end;

    fn rest(t: &str) -> Option<&str> {
        dateline_end(t).map(|e| &t[e..])
    }

    #[test]
    fn datelines_with_and_without_an_agency() {
        assert_eq!(
            rest("PORT ALDREN (Coastline Wire) - A ferry sank."),
            Some("A ferry sank.")
        );
        assert_eq!(
            rest("TESSEL \u{2014} Drones hit boats."),
            Some("Drones hit boats.")
        );
        assert_eq!(rest("LONDON -- Prices rose."), Some("Prices rose."));
        assert_eq!(rest("GRESK, Velmora (CW) - X"), None);
        assert_eq!(
            rest("GRESK, VELMORA (CW) - \"We will\""),
            Some("\"We will\"")
        );
    }

    #[test]
    fn ordinary_dashes_are_not_datelines() {
        assert_eq!(rest("The strike - the first in years - ended."), None);
        assert_eq!(rest("NATO - the alliance"), None);
        assert_eq!(rest("LONDON 1996-08-30"), None);
        assert_eq!(rest("WEST-BANK talks"), None);
        assert_eq!(rest("A ferry sank"), None);
        assert_eq!(rest(""), None);
        assert_eq!(rest("-"), None);
    }
}
