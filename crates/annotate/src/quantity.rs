//! Quantities in a sentence: "at least 14 drug boats", "$50 million", "roughly 10,000
//! troops", "tens of thousands", "up 3%", "between 5 and 7 miles".
//!
//! Each is a value with an interval and a modifier (`=`, `~` about, `>` at least, `<` at
//! most, `range`), its unit (canonical: lower case, British spelling, singular; `-` for a
//! plain count), the counted thing ("boat") and a change word's direction (`up`, `down`).
//! Dates, clock times, ordinals and years are not quantities.
//!
//! Rules, not a model: written numbers and scale words compose ("ninety five", "one
//! hundred and twenty", "a dozen", "1.5bn"); a currency symbol or word, or a unit phrase
//! from [`crate::words::UNITS`], follows or precedes the number; the counted thing is the
//! run of content words after a bare count, its last word made singular.

use serde::Serialize;

use crate::words::{
    change_word, currency_code, currency_symbol, is_function_word, is_month, number_word,
    scale_suffix, scale_word, singular, tokens, Kind, Token, MODIFIERS, UNITS,
};

/// One quantity. Offsets are bytes into the text given (into the article body once the
/// stage has placed it); `sentence` is the sentence's index in the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub text: String,
    /// The number as written: the lower end of a range; for a vague amount its scale
    /// ("dozens of" 12, "tens of thousands" 10,000, as the CQE and NewsQuant golds write
    /// it), with what the words allow in `low` and `high` (24 to 99 for "dozens").
    pub value: f64,
    /// The interval it allows: both ends for `=` and ranges, ±10% for `~`, one end for
    /// `>` and `<`.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// `=`, `~` (also a vague amount, "dozens of", with its interval), `>`, `<` or `range`
    /// (a written range, "5 to 7").
    pub modifier: String,
    /// Canonical unit ("dollar", "percentage", "kilometre", "year of age"), or `-`.
    pub unit: String,
    /// What a plain count counts, singular ("boat", "people").
    pub counted: Option<String>,
    /// `up` or `down` when a change word says the quantity is a rise or a fall.
    pub change: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// A number read at some token: its value (and interval for vague amounts), and the
/// token just after it.
struct Num {
    value: f64,
    range: Option<(f64, f64)>,
    next: usize,
    digits: bool,
}

fn parse_digits(t: &str) -> Option<f64> {
    if t.len() > 40 {
        return None;
    }
    let grouped = t.contains(',');
    if grouped {
        // 1,000 / 12,500,000 / 1,234.5: groups of three after the first; or the South
        // Asian grouping, 12,34,567: groups of two, then a last of three.
        let int = t.split('.').next().unwrap_or(t);
        let parts: Vec<&str> = int.split(',').collect();
        let (first, rest) = parts.split_first()?;
        let western = rest.iter().all(|p| p.len() == 3);
        let south_asian = rest.split_last().is_some_and(|(last, mid)| {
            last.len() == 3 && !mid.is_empty() && mid.iter().all(|p| p.len() == 2)
        });
        if first.is_empty() || first.len() > 3 || !(western || south_asian) {
            return None;
        }
        if south_asian && !western && first.len() > 2 {
            return None;
        }
    }
    let clean: String = t.chars().filter(|c| *c != ',').collect();
    if clean.matches('.').count() > 1 {
        return None;
    }
    clean.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Vague amounts: "dozens of", "hundreds of thousands of", "tens of thousands".
fn vague(lw: &[String], i: usize) -> Option<Num> {
    let get = |k: usize| lw.get(k).map(String::as_str);
    let base = |w: &str| -> Option<f64> {
        Some(match w {
            "dozens" => 12.0,
            "hundreds" => 100.0,
            "thousands" => 1e3,
            "millions" => 1e6,
            "billions" => 1e9,
            _ => return None,
        })
    };
    // The value is the scale itself ("dozens" 12, "hundreds of thousands" 100,000), as
    // the CQE and NewsQuant golds write it; the interval is what the words allow.
    let (value, low, high, mut next) = match (get(i), get(i + 1), get(i + 2)) {
        (Some("tens"), Some("of"), Some(w)) => {
            let b = base(w)?;
            (10.0 * b, 20.0 * b, 99.0 * b, i + 3)
        }
        (Some(w1), Some("of"), Some(w2)) if base(w1).is_some() && base(w2).is_some() => {
            let (a, b) = (base(w1)?, base(w2)?);
            (a * b, 2.0 * a * b, 9.99 * a * b, i + 3)
        }
        (Some(w), Some("of"), _) => {
            let b = base(w)?;
            let low = if w == "dozens" { 24.0 } else { 2.0 * b };
            (b, low, if w == "dozens" { 99.0 } else { 9.99 * b }, i + 2)
        }
        _ => return None,
    };
    if get(next) == Some("of") {
        next += 1;
    }
    Some(Num {
        value,
        range: Some((low, high)),
        next,
        digits: false,
    })
}

/// Written numbers: "seven", "ninety-five", "one hundred and twenty", "a dozen",
/// "two million".
fn written(lw: &[String], toks: &[Token<'_>], i: usize) -> Option<Num> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut seen = false;
    let mut k = i;
    if matches!(lw[i].as_str(), "a" | "an") {
        let next = lw.get(i + 1)?;
        let v = scale_word(next).or((next == "dozen").then_some(12.0))?;
        current = v;
        seen = true;
        k = i + 2;
    } else if lw[i] == "half" {
        // "half million", "half a dozen" is read from its "a".
        let v = lw.get(i + 1).and_then(|n| scale_word(n))?;
        current = v * 0.5;
        seen = true;
        k = i + 2;
    }
    while k < toks.len() {
        let w = lw[k].as_str();
        match number_word(w) {
            Some((v, true)) if seen => {
                if v >= 1e3 {
                    total += current.max(1.0) * v;
                    current = 0.0;
                } else {
                    current = current.max(1.0) * v;
                }
            }
            Some((v, false)) => {
                current += v;
                seen = true;
            }
            _ if seen && (w == "-" || w == "and") => {
                // "ninety-five"; "one hundred and twenty": only when a number follows.
                if lw.get(k + 1).is_none_or(|n| number_word(n).is_none()) {
                    break;
                }
            }
            _ => break,
        }
        k += 1;
    }
    if !seen {
        return None;
    }
    Some(Num {
        value: total + current,
        range: None,
        next: k,
        digits: false,
    })
}

/// A number in digits, with a fraction ("10 1/2") or a scale ("1.5bn", "50 million").
fn digits(lw: &[String], toks: &[Token<'_>], i: usize, money: bool) -> Option<Num> {
    let mut value = parse_digits(toks[i].text)?;
    let mut k = i + 1;
    // "1/2" and "10 1/2".
    if lw.get(k).map(String::as_str) == Some("/")
        && toks
            .get(k + 1)
            .is_some_and(|t| t.kind == Kind::Num && toks[k].attached)
    {
        let d = parse_digits(toks[k + 1].text)?;
        if d > value && d > 0.0 {
            value /= d;
            k += 2;
        } else {
            return None; // a score "3/1", a date "3/14"
        }
    } else if toks
        .get(k)
        .is_some_and(|t| t.kind == Kind::Num && !t.attached)
        && lw.get(k + 1).map(String::as_str) == Some("/")
    {
        if let (Some(n), Some(d)) = (
            parse_digits(toks[k].text),
            toks.get(k + 2).and_then(|t| parse_digits(t.text)),
        ) {
            if d > n && d > 0.0 {
                value += n / d;
                k += 3;
            }
        }
    }
    // A scale: a suffix right after the digits, or a word.
    if let Some(t) = toks.get(k) {
        let w = lw[k].as_str();
        // "1.5m people": a count's `m` is millions when a plural noun follows it
        // ("a 2m wall" stays metres).
        let plural_next = lw
            .get(k + 1)
            .is_some_and(|n| n == "people" || crate::words::looks_plural(n))
            && toks.get(k + 1).is_some_and(|n| n.kind == Kind::Word);
        if t.attached && t.kind == Kind::Word {
            if let Some(s) = scale_suffix(w).filter(|_| money || w != "m" || plural_next) {
                value *= s;
                k += 1;
            }
        } else if w == "dozen" {
            // "3 dozen officers"
            value *= 12.0;
            k += 1;
        } else if let Some(s) = scale_word(w) {
            value *= s;
            k += 1;
        }
    }
    Some(Num {
        value,
        range: None,
        next: k,
        digits: true,
    })
}

/// The longest unit phrase starting at token `k`, with the token after it.
fn unit_at(lw: &[String], k: usize) -> Option<(&'static str, usize)> {
    // "U.S. dollars", "U.S. dollar": the country's periods are tokens of their own.
    if lw.get(k..k + 5).is_some_and(|w| {
        w[..4] == ["u", ".", "s", "."] && matches!(w[4].as_str(), "dollars" | "dollar")
    }) {
        return Some(("dollar", k + 5));
    }
    for len in (1..=3).rev() {
        if k + len > lw.len() {
            continue;
        }
        let phrase = lw[k..k + len].join(" ");
        if let Some((_, u)) = UNITS.iter().find(|(p, _)| *p == phrase) {
            return Some((u, k + len));
        }
    }
    // A currency code after the amount ("20 usd"); "Rs" is written only before it.
    let w = lw.get(k)?;
    currency_code(w).filter(|_| w != "rs").map(|u| (u, k + 1))
}

/// The modifier written just before token `k`, and the token it starts at.
fn modifier_before(lw: &[String], k: usize) -> Option<(&'static str, usize)> {
    for (phrase, m) in MODIFIERS {
        let n = phrase.split(' ').count();
        if k >= n && lw[k - n..k].join(" ") == *phrase {
            return Some((m, k - n));
        }
    }
    None
}

fn is_year(toks: &[Token<'_>], lw: &[String], i: usize, n: &Num) -> bool {
    let t = toks[i].text;
    let plain_year = t.len() == 4 && n.value.fract() == 0.0 && (1800.0..=2100.0).contains(&n.value);
    let before = i.checked_sub(1).map(|p| lw[p].as_str());
    plain_year
        && !matches!(lw.get(n.next).map(String::as_str), Some(w) if UNITS.iter().any(|(p, _)| p.split(' ').next() == Some(w)) && w != "-")
        && !matches!(before, Some("$" | "£" | "€" | "¥"))
}

/// Whether the number at `i` is part of a date or a clock time, or an ordinal.
fn not_a_quantity(toks: &[Token<'_>], lw: &[String], i: usize, n: &Num) -> bool {
    let prev = i.checked_sub(1).map(|p| lw[p].as_str()).unwrap_or("");
    let next = lw.get(n.next).map(String::as_str).unwrap_or("");
    let ordinal =
        toks.get(n.next).is_some_and(|t| t.attached) && matches!(next, "st" | "nd" | "rd" | "th");
    let at = |k: usize| lw.get(k).map(String::as_str).unwrap_or("");
    let clock = matches!(
        next,
        "am" | "pm" | "gmt" | "utc" | "bst" | "est" | "edt" | "pst" | "cet"
    ) || (matches!(next, "a" | "p") && at(n.next + 1) == "." && at(n.next + 2) == "m")
        || (next == ":" && n.digits);
    // "Oct. 13", "Sept. 30": an abbreviated month keeps its period.
    let month_dot = prev == "." && i >= 2 && is_month(&lw[i - 2]) && lw[i - 2].len() <= 4;
    let date = n.digits && (is_month(prev) || month_dot || is_month(next));
    // "GLP-1", "COVID-19", "F-35", "MiG-29": a name's number, not a count.
    let model = n.digits
        && i >= 2
        && prev == "-"
        && toks[i].attached
        && toks[i - 1].attached
        && toks[i - 2].kind == Kind::Word
        && {
            let w = toks[i - 2].text;
            w.starts_with(char::is_uppercase)
                && (w.len() <= 3 || !w.chars().any(char::is_lowercase))
        };
    // "3D", "5G": a kind of picture or network, not a count.
    let kind = n.digits
        && n.value < 10.0
        && toks
            .get(n.next)
            .is_some_and(|t| t.attached && matches!(t.text, "D" | "G"));
    // "12 News", "7News": a television station's name. "224 E. Main St.": a street
    // address. "911": the emergency number.
    let after = toks.get(n.next).map_or("", |t| t.text);
    let station = matches!(after, "News" | "NEWS");
    let address = n.digits
        && matches!(after, "N" | "S" | "E" | "W" | "NE" | "NW" | "SE" | "SW")
        && (at(n.next + 1) == "."
            || toks
                .get(n.next + 1)
                .is_some_and(|t| t.text.starts_with(char::is_uppercase)));
    // "217 Carrie St.", "1600 Pennsylvania Avenue", "10 Downing Street": a street number.
    let street = n.digits && {
        let mut k = n.next;
        let mut names = 0;
        while names < 3
            && toks
                .get(k)
                .is_some_and(|t| t.text.starts_with(char::is_uppercase))
        {
            if is_street_word(toks[k].text) && names > 0 {
                break;
            }
            names += 1;
            k += 1;
        }
        names > 0 && toks.get(k).is_some_and(|t| is_street_word(t.text))
    };
    let emergency = n.digits && toks[i].text == "911";
    // "4K video", "an 8K screen": a picture's resolution, not thousands of videos.
    let resolution = n.digits
        && n.value < 20_000.0
        && toks
            .get(n.next.saturating_sub(1))
            .is_some_and(|t| t.attached && matches!(t.text, "K" | "k"))
        && matches!(
            after,
            "video"
                | "videos"
                | "resolution"
                | "display"
                | "displays"
                | "screen"
                | "screens"
                | "TV"
                | "TVs"
                | "monitor"
                | "monitors"
                | "camera"
                | "cameras"
                | "footage"
                | "recording"
                | "streaming"
                | "content"
                | "UHD"
                | "HDR"
        );
    ordinal
        || clock
        || date
        || kind
        || model
        || station
        || address
        || emergency
        || street
        || resolution
        || (n.digits && is_year(toks, lw, i, n))
}

/// The last word of a street's name ("Street", "St", "Avenue", "Blvd").
fn is_street_word(w: &str) -> bool {
    matches!(
        w,
        "Street"
            | "St"
            | "Avenue"
            | "Ave"
            | "Road"
            | "Rd"
            | "Boulevard"
            | "Blvd"
            | "Drive"
            | "Lane"
            | "Ln"
            | "Place"
            | "Court"
            | "Ct"
            | "Terrace"
            | "Parkway"
            | "Pkwy"
            | "Highway"
            | "Hwy"
    )
}

/// A number that is part of a name: digits right after a capitalised word that follows
/// "the" or a place preposition ("the Zone 5 officers", "on Channel 2", "along Route 9"),
/// not a count ("called Bob 3 times" is one). A month or weekday before it is a date, and
/// a shouted headline has no names to tell.
fn names_a_number(toks: &[Token<'_>], lw: &[String], i: usize, n: &Num) -> bool {
    if !n.digits || i < 2 {
        return false;
    }
    let prev = &toks[i - 1];
    let opens_name = matches!(
        lw[i - 2].as_str(),
        "the" | "on" | "in" | "at" | "of" | "from" | "near" | "along" | "via"
    );
    prev.kind == Kind::Word
        && !prev.attached
        && prev.text.chars().next().is_some_and(char::is_uppercase)
        && prev.text.chars().any(char::is_lowercase)
        && opens_name
        && !is_month(&lw[i - 1])
        && !matches!(
            lw[i - 1].as_str(),
            "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
        )
}

/// Whether a sentence can hold a quantity at all: a digit, a currency sign, or a number
/// word. Most sentences have none, and this look costs no allocation.
fn might_hold_one(s: &str) -> bool {
    if s.bytes().any(|b| b.is_ascii_digit()) || s.contains(['$', '£', '€', '¥', '₹', '₽']) {
        return true;
    }
    crate::words::any_short_word(s, |w| {
        number_word(w).is_some()
            || matches!(
                w,
                "dozens" | "hundreds" | "thousands" | "millions" | "billions" | "tens"
            )
    })
}

/// The quantities of a sentence, in order.
pub fn quantities(s: &str) -> Vec<Quantity> {
    if !might_hold_one(s) {
        return Vec::new();
    }
    let toks = tokens(s);
    let lw: Vec<String> = toks.iter().map(|t| t.text.to_lowercase()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match quantity_at(s, &toks, &lw, i) {
            Some((q, next)) => {
                out.push(q);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

fn currency_before(toks: &[Token<'_>], lw: &[String], i: usize) -> Option<(&'static str, usize)> {
    let p = i.checked_sub(1)?;
    if toks[p].kind == Kind::Sym {
        let prefix = p.checked_sub(1).filter(|&q| {
            toks[q].kind == Kind::Word
                && (toks[p].attached || matches!(lw[q].as_str(), "c" | "us" | "hk" | "nz"))
        });
        let cur = currency_symbol(prefix.map(|q| lw[q].as_str()), toks[p].text)?;
        let start = match prefix {
            Some(q) if currency_symbol(Some(&lw[q]), "$") != Some("dollar") || lw[q] == "us" => q,
            _ => p,
        };
        return Some((cur, start));
    }
    // "TRY" is the lira only in capitals.
    let code =
        currency_code(&lw[p]).or_else(|| (toks[p].text == "TRY").then_some("turkish lira"))?;
    Some((code, p))
}

fn quantity_at(s: &str, toks: &[Token<'_>], lw: &[String], i: usize) -> Option<(Quantity, usize)> {
    let currency = currency_before(toks, lw, i);
    // Money also when a currency word follows a suffix: "1.8M dollars".
    let money_after = lw.get(i + 2).is_some_and(|w| {
        currency_code(w).is_some()
            || UNITS
                .iter()
                .any(|(p, u)| p == w && (u.contains("dollar") || *u == "euro" || u.contains("yen")))
    });
    let num = match toks[i].kind {
        Kind::Num => digits(lw, toks, i, currency.is_some() || money_after)?,
        Kind::Word => vague(lw, i).or_else(|| written(lw, toks, i))?,
        Kind::Sym => return None,
    };
    if not_a_quantity(toks, lw, i, &num)
        || (currency.is_none() && names_a_number(toks, lw, i, &num))
    {
        return None;
    }
    // "one of the", "the one": a pronoun, not a count.
    if !num.digits
        && lw[i] == "one"
        && matches!(
            lw.get(num.next).map(String::as_str),
            Some("of" | "another" | "day") | None
        )
    {
        return None;
    }
    // "one-way", "two-sided", "one-size-fits-all", "one-on-one", "a one-off": adjectives,
    // not counts.
    if !num.digits
        && lw.get(num.next).is_some_and(|h| h == "-")
        && toks.get(num.next).is_some_and(|t| t.attached)
        && matches!(
            lw.get(num.next + 1).map(String::as_str),
            Some("way" | "sided" | "size" | "on" | "off" | "shot")
        )
    {
        return None;
    }
    let mut start_tok = currency.map_or(i, |c| c.1);
    let mut end_tok = num.next;
    let mut value = num.value;
    // "half a million", "a quarter of a million": a fraction of the scale.
    if !num.digits && num.range.is_none() && matches!(lw[i].as_str(), "a" | "an") {
        let before = |n: usize| i.checked_sub(n).map(|k| lw[k].as_str());
        if before(1) == Some("half") {
            value *= 0.5;
            start_tok = i - 1;
        } else if before(1) == Some("of")
            && before(2) == Some("quarter")
            && matches!(before(3), Some("a" | "one"))
        {
            value *= 0.25;
            start_tok = i - 3;
        }
    }
    // "-5 degrees": a minus sign set apart from what comes before it.
    if num.digits
        && currency.is_none()
        && i >= 1
        && lw[i - 1] == "-"
        && toks[i].attached
        && (i == 1 || !toks[i - 1].attached)
    {
        value = -value;
        start_tok = i - 1;
    }
    let mut range = num.range;
    // A range: "5 to 7", "5-7", "between 5 and 7", "from 5 to 7".
    let between = i >= 1 && matches!(lw[start_tok.saturating_sub(1)].as_str(), "between" | "from");
    if let Some(sep) = lw.get(end_tok).map(String::as_str) {
        let joins = matches!(sep, "to" | "-" | "–") || (sep == "and" && between);
        let mut k = end_tok + 1;
        if joins && currency.is_some() && toks.get(k).is_some_and(|t| t.kind == Kind::Sym) {
            k += 1; // "$5 to $7"
        }
        // A written number may open the range ("five to 10", as news style spells out
        // numbers under ten) or both ends may be written ("five to seven").
        let written_low = toks[i].kind == Kind::Word && num.range.is_none();
        let hi = match toks.get(k).map(|t| t.kind) {
            Some(Kind::Num) if joins && (toks[i].kind == Kind::Num || written_low) => {
                digits(lw, toks, k, currency.is_some())
            }
            Some(Kind::Word) if joins && written_low && sep != "-" => {
                written(lw, toks, k).filter(|h| h.value > value && h.range.is_none())
            }
            _ => None,
        };
        if let Some(hi) = hi {
            // "5 to 7 million": the scale applies to both.
            let scale = if hi.value > value * 100.0 && value < 1000.0 && num.next == i + 1 {
                hi.value / parse_digits(toks[k].text).unwrap_or(hi.value).max(1e-9)
            } else {
                1.0
            };
            if hi.value >= value * scale && !not_a_quantity(toks, lw, k, &hi) {
                range = Some((value * scale, hi.value));
                value *= scale;
                end_tok = hi.next;
                if between && start_tok > 0 {
                    start_tok -= 1;
                }
            }
        }
    }
    // The unit: a currency before, or a unit phrase after ("-mile", "° c").
    let mut unit = currency.map(|c| c.0.to_string());
    let mut k = end_tok;
    if lw.get(k).map(String::as_str) == Some("-") {
        k += 1;
    }
    // A currency sign after the amount ("15 €", "10 $"), unless it opens the next amount
    // ("10 $20").
    if unit.is_none() && toks.get(k).is_some_and(|t| t.kind == Kind::Sym) {
        let opens_next = toks
            .get(k + 1)
            .is_some_and(|t| t.kind == Kind::Num && t.attached);
        if let Some(cur) = currency_symbol(None, toks[k].text).filter(|_| !opens_next) {
            unit = Some(cur.to_string());
            end_tok = k + 1;
        }
    }
    // Shorthand glued to the digits: "310p" pence, "41C" / "104F" degrees, "30g" grams,
    // "120V" volts, "4x" times as much.
    if unit.is_none() && num.digits && k == end_tok {
        if let Some(t) = toks.get(k).filter(|t| t.attached && t.kind == Kind::Word) {
            let u = match t.text {
                "p" => Some("penny"),
                "C" => Some("celsius"),
                "F" => Some("fahrenheit"),
                "g" => Some("gram"),
                "V" | "v" => Some("volt"),
                "x" | "X" => Some("times"),
                _ => None,
            };
            if let Some(u) = u {
                unit = Some(u.to_string());
                end_tok = k + 1;
            }
        }
    }
    // "two-thirds", "three-quarters": a fraction.
    if unit.is_none() && !num.digits && lw.get(end_tok).map(String::as_str) == Some("-") {
        let d = match lw.get(end_tok + 1).map(String::as_str) {
            Some("thirds" | "third") => Some(3.0),
            Some("quarters" | "quarter") => Some(4.0),
            Some("fifths" | "fifth") => Some(5.0),
            Some("tenths" | "tenth") => Some(10.0),
            _ => None,
        };
        if let Some(d) = d.filter(|d| value < *d) {
            value /= d;
            unit = Some("fraction".to_string());
            end_tok += 2;
        }
    }
    if unit.is_none() {
        if let Some((u, next)) = unit_at(lw, k) {
            let mut u = u.to_string();
            let mut next = next;
            // "2 pounds" weighs; "10 million pounds" is money.
            let scaled = k >= 1 && scale_word(&lw[k - 1]).is_some();
            if u == "pound sterling" && !scaled {
                u = "pound-mass".into();
            }
            // Ages: "5 years old", "a 14-year-old", "60 years of age".
            if matches!(u.as_str(), "year" | "month" | "week" | "day") {
                let after = |n: usize| lw.get(n).map(String::as_str);
                if after(next) == Some("old") {
                    u = format!("{u} of age");
                    next += 1;
                } else if (after(next) == Some("-") && after(next + 1) == Some("old"))
                    || (after(next) == Some("of") && after(next + 1) == Some("age"))
                {
                    u = format!("{u} of age");
                    next += 2;
                }
            }
            unit = Some(u);
            end_tok = next;
        } else if i >= 1 && lw[i - 1] == "aged" {
            unit = Some("year of age".into());
        }
    } else if let Some((u, next)) = unit_at(lw, k) {
        // "$5 million dollars": the words repeat the symbol's currency.
        if currency.is_some_and(|c| c.0 == u) {
            end_tok = next;
        }
    }
    // Rates: "$1.50 a share", "500,000 barrels a day", "188 miles an hour", "15% per
    // annum", also past what is measured: "2.4 billion gallons of jet fuel a year".
    if unit.is_some() && lw.get(end_tok).map(String::as_str) == Some("of") {
        let words = (end_tok + 1..toks.len().min(end_tok + 5))
            .take_while(|&k| toks[k].kind == Kind::Word && !is_function_word(&lw[k]))
            .count();
        let at = end_tok + 1 + words;
        let rate = |w: Option<&str>| {
            matches!(
                w,
                Some("day" | "week" | "month" | "year" | "annum" | "hour")
            )
        };
        if (1..=3).contains(&words)
            && matches!(lw.get(at).map(String::as_str), Some("a" | "an" | "per"))
            && rate(lw.get(at + 1).map(String::as_str))
        {
            end_tok = at;
        }
    }
    // "$70-a-share", "a 12-cent-a-share dividend".
    let hyphen = |k: usize| lw.get(k).map(String::as_str) == Some("-");
    if unit.is_some() && hyphen(end_tok) && lw.get(end_tok + 1).map(String::as_str) == Some("a") {
        end_tok += 1;
    }
    let rate_word = if hyphen(end_tok + 1) {
        end_tok + 2
    } else {
        end_tok + 1
    };
    // "a year earlier", "a year ago": a time, not a rate.
    let a_time = matches!(
        lw.get(rate_word + 1).map(String::as_str),
        Some("earlier" | "ago" | "before" | "later" | "after")
    );
    if unit.is_some()
        && !a_time
        && matches!(
            lw.get(end_tok).map(String::as_str),
            Some("a" | "an" | "per")
        )
    {
        let per = match lw.get(rate_word).map(String::as_str) {
            Some("share") => Some("share"),
            Some("day") => Some("day"),
            Some("week") => Some("week"),
            Some("month") => Some("month"),
            Some("year" | "annum") => Some("year"),
            Some("hour") => Some("hour"),
            Some("dozen") => Some("dozen"),
            Some("barrel") => Some("barrel"),
            Some("ounce") => Some("ounce"),
            Some("tonne" | "ton") => Some("tonne"),
            Some("gallon") => Some("gallon"),
            Some("litre" | "liter") => Some("litre"),
            Some("kilo" | "kilogram") => Some("kilogram"),
            Some("night") => Some("night"),
            Some("head" | "person") => Some("person"),
            _ => None,
        };
        if let Some(per) = per {
            unit = unit.map(|u| format!("{u} per {per}"));
            end_tok = rate_word + 1;
        }
    }
    // The counted thing, for a plain count: the content words after it.
    let mut counted = None;
    if unit.is_none() {
        let mut k = end_tok;
        if lw.get(k).map(String::as_str) == Some("-") {
            k += 1;
        }
        let content = |k: usize| {
            let w = lw[k].as_str();
            toks[k].kind == Kind::Word
                && !is_function_word(w)
                && number_word(w).is_none()
                && change_word(w).is_none()
                && !is_month(w)
        };
        let glued = |a: usize, b: usize| toks.get(b).is_some_and(|t| t.start == toks[a].end);
        // The noun phrase's words: (first token, last token, is a hyphenated modifier).
        let verbish = |w: &str| w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly");
        let mut run: Vec<(usize, usize, bool)> = Vec::new();
        while k < toks.len() && run.iter().filter(|r| !r.2).count() < 4 {
            if !content(k) {
                break;
            }
            // A hyphenated word ("fact-checkers") is one word; before a noun it is a
            // modifier ("four plain-clothes officers", "two long-range missiles") that
            // neither ends the phrase nor is what is counted.
            let hyphenated = lw.get(k + 1).is_some_and(|h| h == "-")
                && glued(k, k + 1)
                && glued(k + 1, k + 2)
                && k + 2 < toks.len()
                && content(k + 2);
            let last = if hyphenated { k + 2 } else { k };
            let modifier =
                hyphenated && last + 1 < toks.len() && content(last + 1) && !verbish(&lw[last + 1]);
            run.push((k, last, modifier));
            k = last + 1;
            // More than one of a thing is a plural: the noun phrase ends at the first
            // plural ("14 drug boats sank" counts boats, not "boats sank").
            if !modifier && value != 1.0 && crate::words::looks_plural(&lw[last]) {
                break;
            }
        }
        // Without a plural to end it, a count of several takes one word (after its
        // modifiers).
        let plural = |r: &(usize, usize, bool)| !r.2 && crate::words::looks_plural(&lw[r.1]);
        if value != 1.0 && !run.iter().any(plural) {
            if let Some(first) = run.iter().position(|r| !r.2) {
                run.truncate(first + 1);
            }
        }
        // A verb or an adverb is no counted thing ("14 killed", "3 times"), nor is a
        // modifier left without its noun.
        while let Some(&(_, last, modifier)) = run.last() {
            if modifier || verbish(&lw[last]) {
                run.pop();
            } else {
                break;
            }
        }
        if let Some(&(first, last, _)) = run.last() {
            let mut words: Vec<String> = run[..run.len() - 1]
                .iter()
                .map(|&(a, b, _)| lw[a..=b].concat())
                .collect();
            // "fact-checkers": the hyphenated word whole, its last part singular.
            words.push(lw[first..last].concat() + &singular(&lw[last]));
            counted = Some(words.join(" "));
            end_tok = last + 1;
        }
    }
    // The modifier, before the currency or the number.
    let mut modifier = "=";
    if let Some((m, at)) = modifier_before(lw, start_tok) {
        modifier = m;
        start_tok = at;
    }
    // A written range is a range; a vague amount ("tens of thousands") is about so many,
    // with the interval it allows.
    if range.is_some() {
        modifier = if num.range.is_some() { "~" } else { "range" };
    }
    // A change: "up 3%", "rose by 12", "doubled the reward to $50 million".
    // A new level after "to" ("raised the reward for information ... to $50 million")
    // may sit far from its verb: look back further then, to the clause's start.
    let reach = if start_tok >= 1 && lw[start_tok - 1] == "to" {
        16
    } else {
        4
    };
    let from = start_tok.saturating_sub(reach);
    // After "from" ("up from $992 billion", "rose from 12 to 15") the amount is the level
    // before the change, not the change's result.
    let baseline = start_tok >= 1 && lw[start_tok - 1] == "from";
    let change = (from..start_tok)
        .rev()
        .take_while(|&k| !matches!(lw[k].as_str(), "." | ";" | "and" | "but"))
        .find_map(|k| change_word(&lw[k]))
        .filter(|_| !baseline)
        .map(str::to_string)
        // "$2.9 trillion, up from $992 billion": the new level, its change after it.
        .or_else(|| {
            let mut k = end_tok;
            if lw.get(k).is_some_and(|w| w == ",") {
                k += 1;
            }
            let c = change_word(lw.get(k)?)?;
            (lw.get(k + 1).is_some_and(|w| w == "from")).then(|| c.to_string())
        });
    let (low, high) = match (modifier, range) {
        (_, Some((lo, hi))) => (Some(lo), Some(hi)),
        ("~", _) => (Some(value * 0.9), Some(value * 1.1)),
        (">", _) => (Some(value), None),
        ("<", _) => (None, Some(value)),
        _ => (Some(value), Some(value)),
    };
    let last = end_tok.min(toks.len()).max(i + 1) - 1;
    let (start, end) = (toks[start_tok].start, toks[last].end);
    Some((
        Quantity {
            text: s[start..end].to_string(),
            value,
            low,
            high,
            modifier: modifier.to_string(),
            unit: unit.unwrap_or_else(|| "-".into()),
            counted,
            change,
            start,
            end,
            sentence: 0,
        },
        end_tok,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Quantity {
        let q = quantities(s);
        assert_eq!(q.len(), 1, "{s}: {q:#?}");
        q.into_iter().next().expect("one")
    }

    /// The value and unit of the one quantity in `s`.
    fn u(s: &str) -> (f64, String) {
        let q = one(s);
        (q.value, q.unit)
    }

    #[test]
    fn the_level_after_from_is_no_change() {
        let qs = quantities("Sales reached $2.9 trillion, up from $992 billion.");
        let changes: Vec<Option<&str>> = qs.iter().map(|q| q.change.as_deref()).collect();
        assert_eq!(changes, vec![Some("up"), None], "{qs:?}");
        assert_eq!(one("Sales rose 12%.").change.as_deref(), Some("up"));
    }

    #[test]
    fn us_dollars_written_with_periods() {
        assert_eq!(
            u("Exports reached 2.9 trillion U.S. dollars."),
            (2.9e12, "dollar".into())
        );
    }

    #[test]
    fn shorthand_glued_to_digits() {
        assert_eq!(u("Add 30g of butter."), (30.0, "gram".into()));
        assert_eq!(u("a 120V outlet"), (120.0, "volt".into()));
        assert_eq!(u("It is 4x faster."), (4.0, "times".into()));
        for s in [
            "a 3D printer",
            "the 5G network",
            "GLP-1 drugs",
            "COVID-19 cases",
            "an F-35 jet",
            "a MiG-29 fighter",
            "told 12 News on Monday",
            "at 224 E. Main St.",
            "at 44 E Grand Ave",
            "made a 911 call",
            "lived at 217 Carrie St. for years",
            "1600 Pennsylvania Avenue",
            "from 10 Downing Street",
            "shoots 4K video",
            "an 8K TV",
        ] {
            assert!(quantities(s).is_empty(), "{s}: {:?}", quantities(s));
        }
    }

    #[test]
    fn one_way_and_one_off_are_no_counts() {
        for s in [
            "It is one-way communication.",
            "A two-sided deal.",
            "A one-size-fits-all price.",
            "A one-off payment.",
        ] {
            assert!(quantities(s).is_empty(), "{s}: {:?}", quantities(s));
        }
        assert_eq!(one("A two-hour delay.").value, 2.0);
    }

    #[test]
    fn a_hyphenated_word_is_one_word_of_the_counted_thing() {
        let counted = |s: &str| one(s).counted;
        assert_eq!(
            counted("Four plain-clothes officers fired.").as_deref(),
            Some("plain-clothes officer")
        );
        assert_eq!(
            counted("It hired 18 fact-checkers working nights.").as_deref(),
            Some("fact-checker")
        );
        assert_eq!(
            counted("Two well-known cable news hosts left.").as_deref(),
            Some("well-known cable news host")
        );
        assert_eq!(
            counted("Two long-range missiles hit the port.").as_deref(),
            Some("long-range missile")
        );
    }

    #[test]
    fn squared_units_and_data_sizes() {
        assert_eq!(
            u("The park covers 250 km2 of forest."),
            (250.0, "square kilometre".into())
        );
        assert_eq!(
            u("a plot of 40 m² by the sea"),
            (40.0, "square metre".into())
        );
        assert_eq!(
            u("The phone has 128 GB of storage."),
            (128.0, "gigabyte".into())
        );
        assert_eq!(u("a 3.5MB file"), (3.5, "megabyte".into()));
        // A number after a unit word is still a number of its own.
        assert_eq!(u("They ran 5 km"), (5.0, "kilometre".into()));
    }

    #[test]
    fn currencies_after_the_amount_codes_and_south_asian_scales() {
        assert_eq!(
            u("The ticket costs 15 € at the door."),
            (15.0, "euro".into())
        );
        assert_eq!(u("They paid 20 USD each."), (20.0, "dollar".into()));
        assert_eq!(u("The fine was 100元."), (100.0, "chinese yuan".into()));
        assert_eq!(u("a grant of 35 lakh rupees"), (3.5e6, "rupee".into()));
        assert_eq!(u("a project worth Rs 500 crore"), (5e9, "rupee".into()));
        assert_eq!(u("a bill of Rs 12,34,567"), (1_234_567.0, "rupee".into()));
        assert_eq!(u("10 turkish lira"), (10.0, "turkish lira".into()));
        // "Oct. 13" is a date; a rate past what is measured is a rate.
        let q = one("The market fell 190 points on Oct. 13.");
        assert_eq!((q.value, q.counted.as_deref()), (190.0, Some("point")));
        let q = one("The airline buys 2.4 billion gallons of jet fuel a year.");
        assert_eq!((q.value, q.unit.as_str()), (2.4e9, "gallon per year"));
        // Rates written with hyphens; "a year earlier" is no rate; "of 1989 to" a year.
        assert_eq!(u("a higher, $70-a-share price").1, "dollar per share");
        assert_eq!(
            quantities("revenue rose to $13 billion from $12 billion a year earlier")[1].unit,
            "dollar"
        );
        assert!(quantities("sales for all of 1989 to be lower").is_empty());
        // More currency codes before the amount.
        assert_eq!(u("Kenya set aside KSh 500 million.").1, "kenyan shilling");
        assert_eq!(u("It cost ZAR 50 million.").1, "south african rand");
        // British shorthand, fractions, more rates.
        assert_eq!(one("shares fell to 310p").unit, "penny");
        assert_eq!(one("Temperatures reached 41C in Seville.").unit, "celsius");
        let q = one("two-thirds of the town was flooded");
        assert!(
            (q.value - 2.0 / 3.0).abs() < 1e-9 && q.unit == "fraction",
            "{q:?}"
        );
        assert_eq!(
            one("Oil traded at $82.40 a barrel.").unit,
            "dollar per barrel"
        );
        // Fractions and multiples of a scale; `m` for millions before a plural.
        assert_eq!(one("About half a million people fled.").value, 5e5);
        let half = one("Nearly half million residents lost power.");
        assert_eq!(half.value, 5e5);
        assert!(half.text.contains("half million"), "{half:?}");
        assert_eq!(one("a quarter of a million homes").value, 2.5e5);
        assert_eq!(one("half a dozen boats").value, 6.0);
        assert_eq!(one("Some 1.5m people voted.").value, 1.5e6);
        assert_eq!(one("a 2m wall").unit, "metre");
        assert_eq!(one("3 dozen officers").value, 36.0);
        // News style spells numbers under ten: "five to 10 feet" is a range.
        let q = one("walls eight to 10 feet tall");
        assert_eq!(
            (q.low, q.high, q.unit.as_str()),
            (Some(8.0), Some(10.0), "foot")
        );
        assert_eq!(one("five to seven people").low, Some(5.0));
        assert_eq!(quantities("one to one meetings").len(), 2);
        // A vague amount's value is its scale; its interval is what the words allow.
        let q = one("The storm turned dozens of homes into rubble.");
        assert_eq!((q.value, q.low, q.high), (12.0, Some(24.0), Some(99.0)));
        // A sign that opens the next amount is that amount's.
        let q = quantities("between 10 $20 bills");
        assert_eq!(q.iter().filter(|q| q.unit == "dollar").count(), 1, "{q:#?}");
        assert_eq!(q.last().map(|q| q.value), Some(20.0));
    }

    #[test]
    fn the_issue_examples() {
        let q = quantities(
            "13 successful strikes on at least 14 drug boats, eliminating roughly 57 narcoterrorists",
        );
        let got: Vec<(f64, &str, Option<&str>)> = q
            .iter()
            .map(|q| (q.value, q.modifier.as_str(), q.counted.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (13.0, "=", Some("successful strike")),
                (14.0, ">", Some("drug boat")),
                (57.0, "~", Some("narcoterrorist")),
            ]
        );
        let far = one(
            "Velmora has raised the reward for information leading to his capture to $50 million.",
        );
        assert_eq!(far.change.as_deref(), Some("up"));
        let r = one("Washington doubled the reward to $50 million on Friday.");
        assert_eq!(
            (r.value, r.unit.as_str(), r.change.as_deref()),
            (5e7, "dollar", Some("up"))
        );
        let t = one("roughly 10,000 troops are in the region");
        assert_eq!(
            (t.value, t.modifier.as_str(), t.low, t.high),
            (1e4, "~", Some(9e3), Some(11e3))
        );
        let w = one("Tens of thousands of people marched.");
        assert_eq!(
            (w.low, w.high, w.counted.as_deref()),
            (Some(2e4), Some(99e3), Some("people"))
        );
        assert_eq!(one("seven warships arrived").value, 7.0);
        assert_eq!(one("a dozen boats").value, 12.0);
    }

    #[test]
    fn units_money_percent_and_ages() {
        assert_eq!(one("Prices were up 3% in May.").unit, "percentage");
        assert_eq!(
            one("Prices were up 3% in May.").change.as_deref(),
            Some("up")
        );
        assert_eq!(
            one("the price ranges between c $ 16.4 million").unit,
            "canadian dollar"
        );
        assert_eq!(one("it costs €1.5bn").value, 1.5e9);
        assert_eq!(one("You weight 200lbs.").unit, "pound-mass");
        let a = one("When she was five years old, she learned to ride.");
        assert_eq!((a.value, a.unit.as_str()), (5.0, "year of age"));
        assert_eq!(one("a 14-year-old boy").unit, "year of age");
        assert_eq!(one("the six-mile trip").unit, "mile");
        assert_eq!(one("it is 40 deg celsius outside").unit, "celsius");
        let minus = one("-5 degree fahrenheit");
        assert_eq!((minus.value, minus.unit.as_str()), (-5.0, "fahrenheit"));
        assert_eq!(one("it takes more than 10 1/2 miles of cable").value, 10.5);
        let r = one("between 5 and 7 miles");
        assert_eq!(
            (r.low, r.high, r.modifier.as_str()),
            (Some(5.0), Some(7.0), "range")
        );
    }

    #[test]
    fn dates_times_years_and_ordinals_are_not_quantities() {
        assert!(quantities("She was born in May 8, 1945.").is_empty());
        assert!(quantities("The ship sailed at 9.15 pm on the 3rd.").is_empty());
        assert!(quantities("In 2019 the port reopened.").is_empty());
        assert!(quantities("One of the ships sank.").is_empty());
    }

    #[test]
    fn a_number_in_a_name_is_not_a_count() {
        assert!(quantities("The Zone 5 officers shot a man.").is_empty());
        assert!(quantities("He lives along Route 9 now.").is_empty());
        // A count after a name that no "the" or place word opens.
        assert_eq!(quantities("I tried to call Bob 3 times.").len(), 1);
        assert_eq!(quantities("On Monday 5 people were hurt.").len(), 1);
    }

    #[test]
    fn hostile_text_never_panics() {
        for s in [
            "",
            "$",
            "1,2,3,4",
            "9".repeat(400).as_str(),
            "tens of",
            "between 5 and",
            "a dozen",
            "- - 5 -",
            "½ ¾ ٣",
        ] {
            let _ = quantities(s);
        }
    }
}

#[cfg(test)]
mod props {
    use super::quantities;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_text_never_panics_and_spans_hold(s in ".{0,200}") {
            for q in quantities(&s) {
                prop_assert!(q.start < q.end && q.end <= s.len());
                prop_assert!(s.is_char_boundary(q.start) && s.is_char_boundary(q.end));
                prop_assert_eq!(&s[q.start..q.end], q.text.as_str());
            }
        }
    }
}
