//! Publication dates: the `published` field in its many shapes, and whole lines of a
//! scrape that are only a date ("Published 3 June 2025, 14:05 BST").
//!
//! Output is normalised: RFC 3339 in UTC (`2025-06-03T13:05:00Z`) when the time and
//! its zone are known, `2025-06-03T14:05:00` when the zone is not, `2025-06-03` for a
//! day alone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// A parsed point in time with the precision the input had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    Local(NaiveDateTime),
    Zoned(DateTime<Utc>),
}

impl When {
    /// The first moment the value can name (a day's midnight; a local time read as UTC).
    pub fn earliest(&self) -> NaiveDateTime {
        match self {
            When::Day(d) => d.and_hms_opt(0, 0, 0).unwrap_or_default(),
            When::Local(t) => *t,
            When::Zoned(t) => t.naive_utc(),
        }
    }

    pub fn normalized(&self) -> String {
        match self {
            When::Day(d) => d.format("%Y-%m-%d").to_string(),
            When::Local(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            When::Zoned(t) => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }
}

/// Whether a date line says when the article was first published or last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    Published,
    Updated,
    Plain,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month_of(tok: &str) -> Option<u32> {
    let t = tok.trim_end_matches('.');
    if t.len() < 3 {
        return None;
    }
    if t == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == t || (t.len() == 3 && m.starts_with(t)))
        .map(|i| i as u32 + 1)
}

/// A weekday name or its abbreviation ("tue", "tues"), lower case.
pub fn is_weekday(tok: &str) -> bool {
    let t = tok.trim_end_matches('.');
    t.len() >= 3
        && WEEKDAYS
            .iter()
            .any(|w| *w == t || (t.len() <= 4 && w.starts_with(t)))
}

/// Offsets of common zone abbreviations, in minutes. Ambiguous ones ("ET", "IST") are
/// resolved to the reading a news page most often means.
fn zone_minutes(tok: &str) -> Option<i32> {
    Some(match tok {
        "utc" | "gmt" | "z" => 0,
        "bst" | "cet" | "wat" | "ist_ie" => 60,
        "cest" | "eet" | "cat" | "sast" => 120,
        "eest" | "msk" | "eat" | "ast_arabia" => 180,
        "ist" => 330,
        "pkt" => 300,
        "wib" => 420,
        "hkt" | "sgt" | "awst" | "pht" => 480,
        "jst" | "kst" => 540,
        "aest" => 600,
        "aedt" => 660,
        "nzst" => 720,
        "edt" => -240,
        "est" | "cdt" => -300,
        "cst" | "mdt" => -360,
        "mst" | "pdt" => -420,
        "pst" => -480,
        _ => return None,
    })
}

fn parse_offset(tok: &str) -> Option<i32> {
    // +0100, +01:00, -05, utc+3, gmt-5
    let t = tok
        .strip_prefix("utc")
        .or_else(|| tok.strip_prefix("gmt"))
        .unwrap_or(tok);
    let sign = match t.chars().next()? {
        '+' => 1,
        '-' | '−' => -1,
        _ => return None,
    };
    let digits: String = t.chars().skip(1).filter(|c| *c != ':').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 4 {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let (h, m) = digits.split_at(digits.len() - 2);
        (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?)
    };
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

fn parse_clock(tok: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = tok.split([':', '.']).collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
        return None;
    }
    let h = parts[0].parse().ok()?;
    let m = parts[1].parse().ok()?;
    let s = parts.get(2).map_or(Some(0), |s| s.parse().ok())?;
    (h < 24 && m < 60 && s < 61).then_some((h, m, s))
}

/// The day a news URL's path names: `/2012/09/06/`, `/2012-09-06-slug`, `/20120906/`.
/// Only years 1990-2099 and real calendar days count; a bare `/2012/09/` (a month) does
/// not, nor do digits inside a longer number.
pub fn from_url(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let b = path.as_bytes();
    let digits = |i: usize, n: usize| -> Option<u32> {
        let s = b.get(i..i + n)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(s).ok()?.parse().ok())
            .flatten()
    };
    let day = |y: u32, m: u32, d: u32| {
        (1990..2100)
            .contains(&y)
            .then(|| NaiveDate::from_ymd_opt(y as i32, m, d))
            .flatten()
    };
    for i in 0..b.len() {
        if b[i] != b'/' {
            continue;
        }
        let at = i + 1;
        // The number must start a path segment and not run on into more digits.
        let ends = |j: usize| b.get(j).is_none_or(|c| !c.is_ascii_digit());
        if let (Some(y), Some(m), Some(d)) = (digits(at, 4), digits(at + 5, 2), digits(at + 8, 2)) {
            let sep = (b.get(at + 4), b.get(at + 7));
            if matches!(sep, (Some(b'/'), Some(b'/')) | (Some(b'-'), Some(b'-'))) && ends(at + 10) {
                if let Some(date) = day(y, m, d) {
                    return Some(date);
                }
            }
        }
        if let (Some(y), Some(m), Some(d)) = (digits(at, 4), digits(at + 4, 2), digits(at + 6, 2)) {
            if ends(at + 8) {
                if let Some(date) = day(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// Parses a string that should be nothing but a date or date-time. Returns `None` when
/// anything in it is not part of a date.
pub fn parse(s: &str) -> Option<When> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(When::Zoned(t.with_timezone(&Utc)));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(When::Zoned(t.with_timezone(&Utc)));
    }
    // "2020-06-07T15:06Z": a zone letter chrono's `%z` does not take.
    let zoned = match s.strip_suffix(['Z', 'z']) {
        Some(head) => format!("{head}+00:00"),
        None => s.to_string(),
    };
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(&zoned, f) {
            return Some(When::Zoned(t.with_timezone(&Utc)));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(When::Local(t));
        }
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(When::Day(d));
        }
    }
    if s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = s.parse().ok()?;
        return Utc.timestamp_opt(secs, 0).single().map(When::Zoned);
    }
    parse_words(s)
}

/// "Tuesday, June 3rd, 2025 at 2:05 p.m. EDT", "3 June 2025 14:05 BST", "Jun 3, 2025".
fn parse_words(s: &str) -> Option<When> {
    let lower = s.to_lowercase().replace("a.m.", "am").replace("p.m.", "pm");
    let mut day = None;
    let mut month = None;
    let mut year = None;
    let mut clock = None;
    let mut pm = None;
    let mut zone = None;
    let toks = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '·' || c == '•')
        .filter(|t| !t.is_empty());
    for tok in toks {
        let tok = tok.trim_matches(|c| c == '(' || c == ')');
        if tok.is_empty() || matches!(tok, "at" | "on" | "of" | "the" | "-" | "–" | "—" | "/") {
            continue;
        }
        if is_weekday(tok) {
            continue;
        }
        if let Some(m) = month_of(tok) {
            if month.is_some() {
                return None;
            }
            month = Some(m);
            continue;
        }
        if let Some(z) = zone_minutes(tok).or_else(|| parse_offset(tok)) {
            zone = Some(z);
            continue;
        }
        if matches!(tok, "am" | "pm") {
            pm = Some(tok == "pm");
            continue;
        }
        let (num, suffix) =
            tok.split_at(tok.find(|c: char| !c.is_ascii_digit()).unwrap_or(tok.len()));
        if !num.is_empty() && matches!(suffix, "st" | "nd" | "rd" | "th" | "") {
            let n: u32 = num.parse().ok()?;
            if num.len() == 4 && (1900..=2100).contains(&n) && year.is_none() {
                year = Some(n as i32);
            } else if num.len() <= 2 && (1..=31).contains(&n) && day.is_none() {
                day = Some(n);
            } else {
                return None;
            }
            continue;
        }
        if !num.is_empty() && matches!(suffix, "am" | "pm") {
            let h: u32 = num.parse().ok()?;
            clock = Some((h, 0, 0));
            pm = Some(suffix == "pm");
            continue;
        }
        let (clk, ampm) = match tok.strip_suffix("am").or_else(|| tok.strip_suffix("pm")) {
            Some(c) => (c, Some(tok.ends_with("pm"))),
            None => (tok, None),
        };
        if let Some(c) = parse_clock(clk) {
            clock = Some(c);
            if ampm.is_some() {
                pm = ampm;
            }
            continue;
        }
        if matches!(tok, "h" | "hrs" | "uhr") {
            continue;
        }
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    let Some((mut h, m, sec)) = clock else {
        return Some(When::Day(date));
    };
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        Some(_) if h > 12 => return None,
        _ => {}
    }
    let local = date.and_time(NaiveTime::from_hms_opt(h, m, sec)?);
    Some(match zone {
        Some(z) => {
            let off = FixedOffset::east_opt(z * 60)?;
            When::Zoned(
                off.from_local_datetime(&local)
                    .single()?
                    .with_timezone(&Utc),
            )
        }
        None => When::Local(local),
    })
}

/// The dates of one date line, each with what it says (published, updated) and its value
/// when it has one ("2 hours ago" has none).
pub type DateLine = Vec<(DateKind, Option<When>)>;

/// Words that may open a date line, and what they say about the date.
const PREFIXES: &[(&str, DateKind)] = &[
    ("first published on", DateKind::Published),
    ("first published", DateKind::Published),
    ("originally published", DateKind::Published),
    ("published on", DateKind::Published),
    ("published", DateKind::Published),
    ("posted on", DateKind::Published),
    ("posted", DateKind::Published),
    ("last updated on", DateKind::Updated),
    ("last updated", DateKind::Updated),
    ("last modified", DateKind::Updated),
    ("updated on", DateKind::Updated),
    ("updated", DateKind::Updated),
    ("modified", DateKind::Updated),
    ("date", DateKind::Plain),
    ("dated", DateKind::Plain),
];

/// A whole line that is a date, possibly behind a word like "Published" or "Updated",
/// and possibly several of them ("Published 3 June 2025 | Updated 4 June 2025").
/// Relative stamps ("2 hours ago") are recognised as date lines without a value.
pub fn date_line(line: &str) -> Option<DateLine> {
    if line.len() > 120 {
        return None;
    }
    let parts: Vec<&str> = line
        .split(['|', '•', '·'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    // "Updated" on its own is a label of the line that follows or precedes; let the caller decide.
    let mut out = Vec::new();
    for part in parts {
        out.push(date_part(part)?);
    }
    Some(out)
}

fn date_part(part: &str) -> Option<(DateKind, Option<When>)> {
    // ASCII lower-casing keeps byte offsets, so `rest` maps back onto `part` (the prefixes are ASCII).
    let lower = part.to_ascii_lowercase();
    let mut kind = DateKind::Plain;
    let mut rest = lower.as_str();
    for (p, k) in PREFIXES {
        if let Some(r) = rest.strip_prefix(p) {
            if r.is_empty() || r.starts_with([' ', ':']) {
                kind = *k;
                rest = r.trim_start_matches([' ', ':']).trim();
                break;
            }
        }
    }
    if rest.is_empty() {
        return None;
    }
    if is_relative(rest) {
        return Some((kind, None));
    }
    // Every absolute date has a digit; most lines that reach here have none.
    if !rest.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // "Last updated 21:40", "Published 9.15am BST": a time of day alone, behind a label.
    if kind != DateKind::Plain && is_time_of_day(rest) {
        return Some((kind, None));
    }
    // parse() works on the original casing for RFC formats; words are lower-cased inside.
    let offset = lower.len() - rest.len();
    let original = part.get(offset..).unwrap_or(rest);
    parse(original).map(|w| (kind, Some(w)))
}

fn is_time_of_day(s: &str) -> bool {
    let cleaned = s.replace("a.m.", "am").replace("p.m.", "pm");
    let mut toks = cleaned.split_whitespace();
    let Some(first) = toks.next() else {
        return false;
    };
    let clock = first.trim_end_matches("am").trim_end_matches("pm");
    parse_clock(clock).is_some()
        && toks.all(|t| {
            matches!(t, "am" | "pm" | "local" | "time")
                || zone_minutes(t).is_some()
                || parse_offset(t).is_some()
        })
}

fn is_relative(s: &str) -> bool {
    if matches!(s, "just now" | "today" | "yesterday" | "moments ago") {
        return true;
    }
    let toks: Vec<&str> = s.split_whitespace().collect();
    matches!(toks.as_slice(), [n, unit, "ago"]
        if (n.chars().all(|c| c.is_ascii_digit()) || matches!(*n, "a" | "an" | "one"))
        && matches!(unit.trim_end_matches('s'), "sec" | "second" | "min" | "minute" | "hr" | "hour" | "day" | "week" | "month" | "mins" | "hrs"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn zone_letter_with_minutes() {
        assert_eq!(
            parse("2020-06-07T15:06Z")
                .map(|w| w.normalized())
                .as_deref(),
            Some("2020-06-07T15:06:00Z")
        );
    }

    #[test]
    fn news_urls_name_their_day() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(
            from_url("http://www.cnn.com/2012/09/06/us/libya/index.html"),
            d(2012, 9, 6)
        );
        assert_eq!(
            from_url("https://x.example/news/2026-03-14-ferry"),
            d(2026, 3, 14)
        );
        assert_eq!(
            from_url("https://x.example/a/20121121/story"),
            d(2012, 11, 21)
        );
        assert_eq!(
            from_url("https://x.example/2012/09/story"),
            None,
            "a month is not a day"
        );
        assert_eq!(from_url("https://x.example/story/433130/pakistani"), None);
        assert_eq!(
            from_url("https://x.example/id/201213450/x"),
            None,
            "digits run on"
        );
        assert_eq!(
            from_url("https://x.example/2012/13/40/x"),
            None,
            "no such day"
        );
        assert_eq!(
            from_url("https://x.example/x?date=2012/09/06"),
            None,
            "not in the path"
        );
    }

    use super::*;

    fn norm(s: &str) -> Option<String> {
        parse(s).map(|w| w.normalized())
    }

    #[test]
    fn machine_formats() {
        assert_eq!(
            norm("2025-06-03T14:05:00+02:00").as_deref(),
            Some("2025-06-03T12:05:00Z")
        );
        assert_eq!(norm("2025-06-03").as_deref(), Some("2025-06-03"));
        assert_eq!(
            norm("2025-06-03 14:05").as_deref(),
            Some("2025-06-03T14:05:00")
        );
        assert_eq!(
            norm("Tue, 3 Jun 2025 14:05:00 +0000").as_deref(),
            Some("2025-06-03T14:05:00Z")
        );
        assert_eq!(norm("1717400000").as_deref(), Some("2024-06-03T07:33:20Z"));
    }

    #[test]
    fn human_formats() {
        assert_eq!(norm("June 3, 2025").as_deref(), Some("2025-06-03"));
        assert_eq!(norm("Tuesday 3rd June 2025").as_deref(), Some("2025-06-03"));
        assert_eq!(
            norm("3 June 2025, 14:05 BST").as_deref(),
            Some("2025-06-03T13:05:00Z")
        );
        assert_eq!(
            norm("Jun. 3, 2025 at 2:05 p.m. EDT").as_deref(),
            Some("2025-06-03T18:05:00Z")
        );
        assert_eq!(
            norm("12:30am June 3 2025").as_deref(),
            Some("2025-06-03T00:30:00")
        );
    }

    #[test]
    fn not_dates() {
        for s in [
            "May the force",
            "June 3",
            "The 3 June 2025 talks",
            "2025",
            "3 hours",
        ] {
            assert_eq!(norm(s), None, "{s}");
        }
    }

    #[test]
    fn date_lines_with_labels() {
        let l = date_line("Published 3 June 2025 | Updated: 4 June 2025").expect("date line");
        assert_eq!(l[0].0, DateKind::Published);
        assert_eq!(l[1].0, DateKind::Updated);
        assert_eq!(
            l[1].1.map(|w| w.normalized()).as_deref(),
            Some("2025-06-04")
        );
        assert_eq!(
            date_line("Updated 2 hours ago"),
            Some(vec![(DateKind::Updated, None)])
        );
        assert_eq!(date_line("Published by the ministry"), None);
        assert_eq!(
            date_line("Last updated 21:40"),
            Some(vec![(DateKind::Updated, None)])
        );
        assert_eq!(
            date_line("Published 9.15am BST"),
            Some(vec![(DateKind::Published, None)])
        );
        assert_eq!(date_line("21:40"), None);
    }
}

/// Month names, besides English, of the languages news pages most often come in (lower case; accented and
/// plain forms both listed where pages write both). Names that mean different months in
/// different languages (Croatian and Czech "listopad") are left out.
const MONTH_WORDS: &[(&str, u32)] = &[
    // Spanish, Portuguese, Italian
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // French, German, Dutch
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("augustus", 8),
    ("mei", 5),
    // Swedish, Norwegian, Danish, Indonesian (the rest are spelled as above)
    ("maj", 5),
    ("augusti", 8),
    ("desember", 12),
    ("maret", 3),
    ("agustus", 8),
    // Romanian
    ("ianuarie", 1),
    ("februarie", 2),
    ("martie", 3),
    ("aprilie", 4),
    ("iunie", 6),
    ("iulie", 7),
    ("septembrie", 9),
    ("octombrie", 10),
    ("noiembrie", 11),
    ("decembrie", 12),
    // Polish (the genitive, as dates are written)
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
    // Turkish
    ("ocak", 1),
    ("şubat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("eylül", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("aralık", 12),
    // Russian (nominative and genitive)
    ("январь", 1),
    ("января", 1),
    ("февраль", 2),
    ("февраля", 2),
    ("март", 3),
    ("марта", 3),
    ("апрель", 4),
    ("апреля", 4),
    ("май", 5),
    ("мая", 5),
    ("июнь", 6),
    ("июня", 6),
    ("июль", 7),
    ("июля", 7),
    ("август", 8),
    ("августа", 8),
    ("сентябрь", 9),
    ("сентября", 9),
    ("октябрь", 10),
    ("октября", 10),
    ("ноябрь", 11),
    ("ноября", 11),
    ("декабрь", 12),
    ("декабря", 12),
    // Ukrainian (nominative and genitive)
    ("січень", 1),
    ("січня", 1),
    ("лютий", 2),
    ("лютого", 2),
    ("березень", 3),
    ("березня", 3),
    ("квітень", 4),
    ("квітня", 4),
    ("травень", 5),
    ("травня", 5),
    ("червень", 6),
    ("червня", 6),
    ("липень", 7),
    ("липня", 7),
    ("серпень", 8),
    ("серпня", 8),
    ("вересень", 9),
    ("вересня", 9),
    ("жовтень", 10),
    ("жовтня", 10),
    ("листопад", 11),
    ("листопада", 11),
    ("грудень", 12),
    ("грудня", 12),
    // Arabic (the Gregorian month names of the Egyptian and Levantine press)
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يوليو", 7),
    ("أغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
];

/// A month name in any of the languages above, or English (full or abbreviated, as
/// [`month_of`] reads it).
fn month_word(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    month_of(w).or_else(|| MONTH_WORDS.iter().find(|(m, _)| *m == w).map(|(_, n)| *n))
}

fn ymd(y: i64, m: i64, d: i64) -> Option<NaiveDate> {
    if !(1995..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

/// The first full date written in free text: `2020-07-13`, `2020/07/13`, `2020.07.13`,
/// `13.07.2020`, `13/07/2020` (day first unless that cannot be a date), `2020年7月13日`,
/// `2020년 7월 13일`, `July 13, 2020`, `13 July 2020`, `13 de julio de 2020`. Years
/// before 1995 are not taken (founding years, history).
pub fn find_in_text(s: &str) -> Option<NaiveDate> {
    let lower = s.to_lowercase();
    // Tokens: runs of digits, runs of letters, and the single separators between them.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum T<'a> {
        Num(&'a str),
        Word(&'a str),
        Sep(char),
    }
    let mut toks: Vec<T> = Vec::new();
    let mut chars = lower.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            toks.push(T::Num(&lower[i..end]));
        } else if c.is_alphabetic() && !matches!(c, '年' | '月' | '日' | '년' | '월' | '일') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphabetic() && !matches!(d, '年' | '月' | '日' | '년' | '월' | '일')
                {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            toks.push(T::Word(&lower[i..end]));
        } else if !c.is_whitespace() {
            toks.push(T::Sep(c));
        } else if toks.last() != Some(&T::Sep(' ')) {
            toks.push(T::Sep(' '));
        }
    }
    let num = |t: Option<&T>| match t {
        Some(T::Num(n)) if n.len() <= 4 => n.parse::<i64>().ok().map(|v| (v, n.len())),
        _ => None,
    };
    let at = |i: usize| toks.get(i);
    for i in 0..toks.len() {
        let Some((a, alen)) = num(at(i)) else {
            // Month name first: "July 13, 2020".
            if let Some(T::Word(w)) = at(i) {
                if let Some(m) = month_word(w) {
                    let mut j = i + 1;
                    while matches!(at(j), Some(T::Sep(' ' | '.'))) {
                        j += 1;
                    }
                    if let Some((d, dl)) = num(at(j)) {
                        let mut k = j + 1;
                        while matches!(
                            at(k),
                            Some(T::Sep(' ' | ',')) | Some(T::Word("st" | "nd" | "rd" | "th"))
                        ) {
                            k += 1;
                        }
                        if let Some((y, 4)) = num(at(k)) {
                            if dl <= 2 {
                                if let Some(date) = ymd(y, i64::from(m), d) {
                                    return Some(date);
                                }
                            }
                        }
                    }
                }
            }
            continue;
        };
        let sep1 = at(i + 1);
        // Year first: 2020-07-13, 2020/07/13, 2020.07.13, 2020年7月13日.
        if alen == 4 {
            if let (Some(T::Sep(s1)), Some((m, ml)), Some(T::Sep(s2)), Some((d, dl))) =
                (sep1, num(at(i + 2)), at(i + 3), num(at(i + 4)))
            {
                let ok = (s1 == s2 && matches!(s1, '-' | '/' | '.'))
                    || (*s1 == '年' && *s2 == '月')
                    || (*s1 == '년' && matches!(at(i + 3), Some(T::Sep('월'))));
                if ok && ml <= 2 && dl <= 2 {
                    if let Some(date) = ymd(a, m, d) {
                        return Some(date);
                    }
                }
            }
            // 2020년 7월 13일 (spaces between).
            if let (
                Some(T::Sep('년')),
                Some(T::Sep(' ')),
                Some((m, _)),
                Some(T::Sep('월')),
                Some(T::Sep(' ')),
                Some((d, _)),
            ) = (
                sep1,
                at(i + 2),
                num(at(i + 3)),
                at(i + 4),
                at(i + 5),
                num(at(i + 6)),
            ) {
                if let Some(date) = ymd(a, m, d) {
                    return Some(date);
                }
            }
            continue;
        }
        if alen > 2 {
            continue;
        }
        // Day first: 13.07.2020, 13/07/2020, 13-07-2020.
        if let (Some(T::Sep(s1)), Some((b, bl)), Some(T::Sep(s2)), Some((y, 4))) =
            (sep1, num(at(i + 2)), at(i + 3), num(at(i + 4)))
        {
            if s1 == s2 && matches!(s1, '-' | '/' | '.') && bl <= 2 {
                if let Some(date) = ymd(y, b, a).or_else(|| ymd(y, a, b)) {
                    return Some(date);
                }
            }
        }
        // 13 July 2020, 13. Juli 2020, 13 de julio de 2020.
        let mut j = i + 1;
        while matches!(
            at(j),
            Some(T::Sep(' ' | '.')) | Some(T::Word("de" | "th" | "st" | "nd" | "rd"))
        ) {
            j += 1;
        }
        if let Some(T::Word(w)) = at(j) {
            if let Some(m) = month_word(w) {
                let mut k = j + 1;
                while matches!(
                    at(k),
                    Some(T::Sep(' ' | ',' | '.')) | Some(T::Word("de" | "del"))
                ) {
                    k += 1;
                }
                if let Some((y, 4)) = num(at(k)) {
                    if let Some(date) = ymd(y, i64::from(m), a) {
                        return Some(date);
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod find_tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        find_in_text(s).map(|d| d.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn finds_written_dates_in_many_shapes() {
        assert_eq!(d("Posted 2020-07-13 09:00").as_deref(), Some("2020-07-13"));
        assert_eq!(
            d("Опубліковано 13.07.2020, 14:05").as_deref(),
            Some("2020-07-13")
        );
        assert_eq!(d("2020年7月13日 10時").as_deref(), Some("2020-07-13"));
        assert_eq!(d("입력 2020년 3월 4일").as_deref(), Some("2020-03-04"));
        assert_eq!(
            d("Updated July 13, 2020 at 5pm").as_deref(),
            Some("2020-07-13")
        );
        assert_eq!(
            d("lunes, 13 de julio de 2020").as_deref(),
            Some("2020-07-13")
        );
        assert_eq!(d("13. Juli 2020").as_deref(), Some("2020-07-13"));
        assert_eq!(d("7 червня 2020, 18:06").as_deref(), Some("2020-06-07"));
        assert_eq!(d("28 июня 2020 г.").as_deref(), Some("2020-06-28"));
        assert_eq!(d("7 أكتوبر 2020").as_deref(), Some("2020-10-07"));
        assert_eq!(d("20 septembrie 2020").as_deref(), Some("2020-09-20"));
        assert_eq!(
            d("07/25/2020").as_deref(),
            Some("2020-07-25"),
            "month first when day first cannot be"
        );
        assert_eq!(d("Founded 1887. Call 555-1234."), None);
        assert_eq!(d("Score 3-1 in 90 minutes"), None);
    }
}
