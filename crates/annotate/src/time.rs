//! Time expressions: "on Friday", "in August 1988", "yesterday", "two weeks ago", "the past
//! three months", "earlier this year", "daily", resolved against the article's date (its
//! document creation time) into TimeML values: `1998-01-08`, `1997-10`, `1998-W02`,
//! `1998-SU`, `199`, `P3M`, `PT24H`, `PRESENT_REF`, `P1D` for a recurrence.
//!
//! Rules over tokens, longest pattern first at each token. News is told in the past:
//! a bare weekday is the latest such day before the article's date, "next Friday" the
//! first after it; a bare month or "Aug. 2" is in the article's year. Without a date to
//! resolve against, a relative expression is still found, with the value `XXXX...` left
//! unresolved as TimeML does.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use crate::words::{number_word, tokens, Kind, Token};

/// One time expression. Offsets are bytes into the text given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeExpr {
    pub text: String,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: &'static str,
    /// The TimeML value.
    pub value: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

fn month_of(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn weekday_of(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// Duration units: their TimeML letter, and whether they go after `T`.
fn unit_of(w: &str) -> Option<(&'static str, bool)> {
    Some(match w {
        "second" | "seconds" => ("S", true),
        "minute" | "minutes" => ("M", true),
        "hour" | "hours" => ("H", true),
        "day" | "days" => ("D", false),
        "week" | "weeks" => ("W", false),
        "month" | "months" => ("M", false),
        "year" | "years" => ("Y", false),
        "decade" | "decades" => ("DE", false),
        "century" | "centuries" => ("CE", false),
        "quarter" | "quarters" => ("Q", false),
        _ => return None,
    })
}

fn season_of(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// A number read at a token (digits or words), and the token after it.
fn number_at(toks: &[Token<'_>], lw: &[String], i: usize) -> Option<(f64, usize)> {
    let t = toks.get(i)?;
    if t.kind == Kind::Num {
        return t.text.replace(',', "").parse().ok().map(|v| (v, i + 1));
    }
    match lw[i].as_str() {
        "a" | "an" | "one" => return Some((1.0, i + 1)),
        "several" | "few" | "some" | "many" => return None,
        _ => {}
    }
    let mut total = 0.0;
    let mut k = i;
    let mut seen = false;
    while k < toks.len() {
        match number_word(&lw[k]) {
            Some((v, false)) => {
                total += v;
                seen = true;
                k += 1;
            }
            _ if seen && lw[k] == "-" && lw.get(k + 1).and_then(|w| number_word(w)).is_some() => {
                k += 1;
            }
            _ => break,
        }
    }
    seen.then_some((total, k))
}

struct Found {
    kind: &'static str,
    value: String,
    end: usize,
}

/// Longest time expression starting at token `i`.
fn at(toks: &[Token<'_>], lw: &[String], i: usize, dct: Option<NaiveDate>) -> Option<Found> {
    let w = |k: usize| lw.get(k).map(String::as_str).unwrap_or("");
    // A month named without a year: news tells the past, so a month well after the
    // article's is last year's; one just ahead is this year's (an announced date).
    let year_for = |m: u32| {
        dct.map(|d| {
            if m > d.month() + 2 {
                d.year() - 1
            } else {
                d.year()
            }
        })
    };
    let date = |kind: &'static str, value: String, end: usize| Some(Found { kind, value, end });
    let skip_dot = |k: usize| if w(k) == "." { k + 1 } else { k };

    // Explicit dates: "March 14, 2026", "Aug. 2", "August 1988", "14 March 2026".
    if let Some(m) = month_of(w(i)) {
        // "may" is a verb more often than a month: only with a day or a year.
        let mut k = skip_dot(i + 1);
        if let Some(t) = toks.get(k).filter(|t| t.kind == Kind::Num) {
            let n: u32 = t.text.parse().ok()?;
            if (1..=31).contains(&n) && t.text.len() <= 2 {
                k += 1;
                if matches!(w(k), "st" | "nd" | "rd" | "th") {
                    k += 1;
                }
                let mut year = year_for(m);
                let mut end = k;
                let after = if w(k) == "," { k + 1 } else { k };
                if let Some(y) = toks
                    .get(after)
                    .filter(|t| t.kind == Kind::Num && t.text.len() == 4)
                {
                    year = y.text.parse().ok();
                    end = after + 1;
                }
                let value = match year.and_then(|y| NaiveDate::from_ymd_opt(y, m, n)) {
                    Some(d) => ymd(d),
                    None => format!("XXXX-{m:02}-{n:02}"),
                };
                return date("DATE", value, end);
            }
            if t.text.len() == 4 {
                let y: i32 = t.text.parse().ok()?;
                return date("DATE", format!("{y}-{m:02}"), k + 1);
            }
        }
        if w(i) != "may" && w(i).len() > 3 || matches!(w(i), "june" | "july") {
            return date(
                "DATE",
                year_for(m).map_or(format!("XXXX-{m:02}"), |y| format!("{y}-{m:02}")),
                i + 1,
            );
        }
    }
    if toks[i].kind == Kind::Num && toks[i].text.len() <= 2 {
        if let (Ok(n), Some(m)) = (toks[i].text.parse::<u32>(), month_of(w(i + 1))) {
            let k = skip_dot(i + 2);
            let (year, end) = match toks
                .get(k)
                .filter(|t| t.kind == Kind::Num && t.text.len() == 4)
            {
                Some(y) => (y.text.parse().ok(), k + 1),
                None => (year_for(m), k),
            };
            if let Some(d) = year.and_then(|y| NaiveDate::from_ymd_opt(y, m, n)) {
                return date("DATE", ymd(d), end);
            }
        }
    }
    // ISO dates, years and decades.
    if toks[i].kind == Kind::Num && toks[i].text.len() == 4 {
        let y: i32 = toks[i].text.parse().ok()?;
        if w(i + 1) == "-" && toks.get(i + 2).is_some_and(|t| t.text.len() == 2) && w(i + 3) == "-"
        {
            let (m, d): (u32, u32) = (
                toks[i + 2].text.parse().ok()?,
                toks.get(i + 4)?.text.parse().ok()?,
            );
            return NaiveDate::from_ymd_opt(y, m, d).and_then(|d| date("DATE", ymd(d), i + 5));
        }
        if (1800..=2100).contains(&y) {
            if w(i + 1) == "s" && toks.get(i + 1).is_some_and(|t| t.attached) {
                return date("DATE", format!("{}", y / 10), i + 2);
            }
            let prev = i.checked_sub(1).map_or("", |p| w(p));
            let next = w(i + 1);
            let datey = matches!(
                prev,
                "in" | "since"
                    | "by"
                    | "until"
                    | "of"
                    | "before"
                    | "after"
                    | "during"
                    | "from"
                    | "to"
                    | "through"
                    | "early"
                    | "late"
                    | "mid"
                    | "fiscal"
            ) || matches!(next, "," | "." | ")" | "" | ";")
                || ((1950..2050).contains(&y) && !matches!(prev, "$" | "£" | "€") && next != "%");
            if datey {
                return date("DATE", y.to_string(), i + 1);
            }
        }
    }
    // Quarters: "the third quarter", "third-quarter" (this year's, or last year's when it
    // has not begun yet).
    let q_at = if w(i) == "the" { i + 1 } else { i };
    let nth = match w(q_at) {
        "first" => Some(1),
        "second" => Some(2),
        "third" => Some(3),
        "fourth" => Some(4),
        _ => None,
    };
    if let Some(q) = nth {
        let unit = if w(q_at + 1) == "-" {
            q_at + 2
        } else {
            q_at + 1
        };
        if w(unit) == "quarter" {
            let value = dct.map_or(format!("XXXX-Q{q}"), |d| {
                let now = d.month0() / 3 + 1;
                let y = if q > now { d.year() - 1 } else { d.year() };
                format!("{y}-Q{q}")
            });
            return date("DATE", value, unit + 1);
        }
    }
    // Recurrences: "every day", "each year".
    if matches!(w(i), "every" | "each") {
        if let Some((letter, t)) = unit_of(w(i + 1)) {
            let v = if t {
                format!("PT1{letter}")
            } else {
                format!("P1{letter}")
            };
            return date("SET", v, i + 2);
        }
    }
    // Days relative to the article's date.
    let day_shift = match w(i) {
        "today" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(s) = day_shift {
        let value = dct.map_or("XXXX-XX-XX".into(), |d| ymd(d + Duration::days(s)));
        return date("DATE", value, i + 1);
    }
    if w(i) == "tonight" {
        return date(
            "TIME",
            dct.map_or("XXXX-XX-XXTNI".into(), |d| format!("{}TNI", ymd(d))),
            i + 1,
        );
    }
    match w(i) {
        "now" | "currently" => return date("DATE", "PRESENT_REF".into(), i + 1),
        "recently" | "lately" => return date("DATE", "PAST_REF".into(), i + 1),
        "daily" => return date("SET", "P1D".into(), i + 1),
        "weekly" => return date("SET", "P1W".into(), i + 1),
        "monthly" => return date("SET", "P1M".into(), i + 1),
        "annually" | "yearly" => return date("SET", "P1Y".into(), i + 1),
        _ => {}
    }
    if w(i) == "the"
        && matches!(w(i + 1), "past" | "future" | "present")
        && unit_of(w(i + 2)).is_none()
        && number_at(toks, lw, i + 2).is_none()
    {
        let v = match w(i + 1) {
            "past" => "PAST_REF",
            "future" => "FUTURE_REF",
            _ => "PRESENT_REF",
        };
        return date("DATE", v.into(), i + 2);
    }
    // "this morning", "this evening".
    if w(i) == "this" {
        let part = match w(i + 1) {
            "morning" => Some("MO"),
            "afternoon" => Some("AF"),
            "evening" => Some("EV"),
            _ => None,
        };
        if let Some(p) = part {
            return date(
                "TIME",
                dct.map_or(format!("XXXX-XX-XXT{p}"), |d| format!("{}T{p}", ymd(d))),
                i + 2,
            );
        }
    }
    // Weekdays: the latest before the article's date, or with "next" the first after it.
    let (dir, wd_at) = match w(i) {
        "last" | "past" => (-1, i + 1),
        "next" | "coming" => (1, i + 1),
        "this" => (0, i + 1),
        _ => (-1, i),
    };
    if let Some(wd) = weekday_of(w(wd_at)) {
        let mut end = wd_at + 1;
        let part = match w(end) {
            "morning" => Some("MO"),
            "afternoon" => Some("AF"),
            "evening" => Some("EV"),
            "night" => Some("NI"),
            _ => None,
        };
        if part.is_some() {
            end += 1;
        }
        let value = dct.map_or("XXXX-XX-XX".into(), |d| {
            let mut x = d;
            if dir > 0 {
                x += Duration::days(1);
                while x.weekday() != wd {
                    x += Duration::days(1);
                }
            } else {
                while x.weekday() != wd {
                    x -= Duration::days(1);
                }
                if x == d && dir < 0 && wd_at > i {
                    x -= Duration::days(7);
                }
            }
            ymd(x)
        });
        return match part {
            Some(p) => date("TIME", format!("{value}T{p}"), end),
            None => date("DATE", value, end),
        };
    }
    // "last week", "this year", "next month", "this summer", "earlier this year".
    let (shift, unit_at) = match (w(i), w(i + 1)) {
        ("last" | "past" | "previous", _) => (-1, i + 1),
        ("next" | "coming", _) => (1, i + 1),
        ("this" | "current", _) => (0, i + 1),
        ("earlier" | "later", "this") => (0, i + 2),
        _ => (9, i),
    };
    if shift != 9 {
        if let Some(d) = dct {
            let value = match w(unit_at) {
                "week" => Some(week(d + Duration::weeks(shift))),
                "month" => {
                    let m0 = d.year() * 12 + d.month0() as i32 + shift as i32;
                    Some(format!(
                        "{}-{:02}",
                        m0.div_euclid(12),
                        m0.rem_euclid(12) + 1
                    ))
                }
                "year" => Some(format!("{}", d.year() + shift as i32)),
                "quarter" => {
                    let q0 = d.year() * 4 + (d.month0() / 3) as i32 + shift as i32;
                    Some(format!("{}-Q{}", q0.div_euclid(4), q0.rem_euclid(4) + 1))
                }
                s => season_of(s).map(|code| format!("{}-{code}", d.year() + shift as i32)),
            };
            if let Some(v) = value {
                return date("DATE", v, unit_at + 1);
            }
        }
    }
    // Durations and "ago": "five years", "the past three months", "two days ago", "24-hour".
    let mut k = i;
    if w(k) == "the" && matches!(w(k + 1), "past" | "last" | "next" | "first" | "previous") {
        k += 2;
    }
    let fuzzy =
        matches!(w(k), "several" | "few" | "many" | "some") || (w(k) == "a" && w(k + 1) == "few");
    let (n, mut after) = if fuzzy {
        (None, if w(k) == "a" { k + 2 } else { k + 1 })
    } else if w(k) == "a" && w(k + 1) == "couple" && w(k + 2) == "of" {
        (Some(2.0), k + 3)
    } else {
        match number_at(toks, lw, k) {
            Some((v, next)) => (Some(v), next),
            None => (None, k),
        }
    };
    if w(after) == "-" {
        after += 1;
    }
    if (n.is_some() || fuzzy) && after > k {
        if let Some((letter, t)) = unit_of(w(after)) {
            let amount = n.map_or("X".to_string(), |v| {
                if v.fract() == 0.0 {
                    format!("{}", v as i64)
                } else {
                    format!("{v}")
                }
            });
            let mut end = after + 1;
            if w(end) == "ago" {
                // A point in the past: resolved at the unit's grain.
                end += 1;
                let value = match (dct, n) {
                    (Some(d), Some(v)) => {
                        let v = v as i64;
                        match letter {
                            "D" => ymd(d - Duration::days(v)),
                            "W" => week(d - Duration::weeks(v)),
                            "M" if !t => {
                                let m0 = d.year() * 12 + d.month0() as i32 - v as i32;
                                format!("{}-{:02}", m0.div_euclid(12), m0.rem_euclid(12) + 1)
                            }
                            "Y" => format!("{}", d.year() - v as i32),
                            _ => "PAST_REF".into(),
                        }
                    }
                    _ => "PAST_REF".into(),
                };
                return date("DATE", value, end);
            }
            let value = if t {
                format!("PT{amount}{letter}")
            } else {
                format!("P{amount}{letter}")
            };
            let start_ok = i == k || matches!(w(i), "the");
            if start_ok {
                return date("DURATION", value, end);
            }
        }
    }
    // A plural unit alone ("for years", "in recent months").
    if matches!(w(i), "years" | "months" | "weeks" | "days" | "decades")
        && i >= 1
        && matches!(w(i - 1), "for" | "recent" | "in" | "within" | "over")
    {
        let (letter, _) = unit_of(w(i))?;
        return date("DURATION", format!("PX{letter}"), i + 1);
    }
    None
}

/// Whether a sentence can hold a time expression: a digit or one of the words every rule
/// starts from. Costs no allocation; most sentences of a story have none.
fn might_hold_one(s: &str) -> bool {
    if s.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    crate::words::any_short_word(s, |w| {
        month_of(w).is_some()
            || weekday_of(w).is_some()
            || unit_of(w).is_some()
            || season_of(w).is_some()
            || matches!(
                w,
                "today"
                    | "yesterday"
                    | "tomorrow"
                    | "tonight"
                    | "now"
                    | "currently"
                    | "recently"
                    | "lately"
                    | "daily"
                    | "weekly"
                    | "monthly"
                    | "annually"
                    | "yearly"
                    | "past"
                    | "future"
                    | "present"
                    | "morning"
                    | "afternoon"
                    | "evening"
            )
    })
}

/// The time expressions of a sentence, resolved against `dct` (the article's date).
pub fn times(s: &str, dct: Option<NaiveDate>) -> Vec<TimeExpr> {
    if !might_hold_one(s) {
        return Vec::new();
    }
    let toks = tokens(s);
    // "Friday's", "last year's": the possessive does not change the time.
    let lw: Vec<String> = toks
        .iter()
        .map(|t| {
            let l = t.text.to_lowercase();
            l.strip_suffix("'s")
                .or_else(|| l.strip_suffix("’s"))
                .map_or(l.clone(), str::to_string)
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match at(&toks, &lw, i, dct) {
            Some(f) if f.end > i => {
                let end_tok = f.end.min(toks.len()) - 1;
                let (start, end) = (toks[i].start, toks[end_tok].end);
                out.push(TimeExpr {
                    text: s[start..end].to_string(),
                    kind: f.kind,
                    value: f.value,
                    start,
                    end,
                    sentence: 0,
                });
                i = f.end;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn vals(s: &str, dct: &str) -> Vec<(String, String)> {
        times(s, d(dct))
            .into_iter()
            .map(|t| (t.text, t.value))
            .collect()
    }

    #[test]
    fn dates_relative_and_absolute() {
        let v = vals(
            "On Friday the ministry said the strikes began in August and last week, not on Aug. 2, 1990.",
            "1998-01-08",
        );
        let got: Vec<&str> = v.iter().map(|(_, v)| v.as_str()).collect();
        // A month far after the article's date is last year's: news tells the past.
        assert_eq!(got, vec!["1998-01-02", "1997-08", "1998-W01", "1990-08-02"]);
        assert_eq!(vals("the vote in February", "1998-01-08")[0].1, "1998-02");
        assert_eq!(vals("third-quarter profit", "1989-10-20")[0].1, "1989-Q3");
        assert_eq!(vals("Friday's session", "1998-01-08")[0].1, "1998-01-02");
        assert_eq!(vals("He left yesterday.", "1998-01-08")[0].1, "1998-01-07");
        assert_eq!(vals("two days ago", "1998-01-08")[0].1, "1998-01-06");
        assert_eq!(vals("in the 1990s", "1998-01-08")[0].1, "199");
        assert_eq!(vals("earlier this year", "1998-01-08")[0].1, "1998");
        assert_eq!(vals("this summer", "1998-01-08")[0].1, "1998-SU");
        assert_eq!(vals("since September 2025", "2026-12-06")[0].1, "2025-09");
    }

    #[test]
    fn durations_and_sets() {
        assert_eq!(
            vals("the past three months", "1998-01-08")[0],
            ("the past three months".into(), "P3M".into())
        );
        assert_eq!(vals("a five year low", "1998-01-08")[0].1, "P5Y");
        assert_eq!(vals("in the last 24 hours", "1998-01-08")[0].1, "PT24H");
        assert_eq!(vals("for several years", "1998-01-08")[0].1, "PXY");
        assert_eq!(vals("a couple of years", "1998-01-08")[0].1, "P2Y");
        assert_eq!(vals("it is published daily", "1998-01-08")[0].1, "P1D");
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(times("Officials may resign.", d("1998-01-08")).is_empty());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "",
            "March",
            "31 February 2020",
            "9999",
            "the past",
            "Aug. 99, 1990",
            "2020-13-45",
        ] {
            let _ = times(s, d("1998-01-08"));
            let _ = times(s, None);
        }
    }
}

#[cfg(test)]
mod props {
    use super::times;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_text_never_panics_and_spans_hold(s in ".{0,200}") {
            let dct = chrono::NaiveDate::from_ymd_opt(2026, 12, 6);
            for t in times(&s, dct).into_iter().chain(times(&s, None)) {
                prop_assert!(t.start < t.end && t.end <= s.len());
                prop_assert_eq!(&s[t.start..t.end], t.text.as_str());
            }
        }
    }
}
