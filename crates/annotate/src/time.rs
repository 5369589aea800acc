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

/// The word at `k`, or "" past the end.
fn word(lw: &[String], k: usize) -> &str {
    lw.get(k).map_or("", String::as_str)
}

/// A part of the day's TimeML code: "morning" is `MO`.
fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" => "NI",
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
    /// Read back from the quarter the text is about ("a year earlier"): not a new one.
    derived: bool,
}

/// What a time is read against: the article's date (its document creation time), whether
/// the sentence speaks of the future, and the latest year, quarter and month the text has
/// named ("the following year", "the year-ago quarter" are read from them).
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    pub dct: Option<NaiveDate>,
    future: bool,
    year: Option<i32>,
    quarter: Option<(i32, u32)>,
    month: Option<(i32, u32)>,
}

impl Context {
    pub fn new(dct: Option<NaiveDate>) -> Self {
        Context {
            dct,
            ..Context::default()
        }
    }

    /// The quarter the text is about: the last one it named, else the one six weeks
    /// before the article (results are reported after their quarter ends).
    fn quarter_now(&self) -> Option<(i32, u32)> {
        self.quarter.or_else(|| {
            let d = self.dct? - Duration::days(45);
            Some((d.year(), d.month0() / 3 + 1))
        })
    }

    /// "A year earlier", "year-ago": the quarter a year before the one named last, or
    /// last year.
    fn year_before(&self) -> Option<String> {
        if let Some((y, q)) = self.quarter {
            return Some(format!("{}-Q{q}", y - 1));
        }
        self.dct.map(|d| format!("{}", d.year() - 1))
    }

    /// Remembers the year, quarter and month of an absolute value just read.
    fn note(&mut self, value: &str) {
        let b = value.as_bytes();
        if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
            return;
        }
        let Ok(y) = value[..4].parse::<i32>() else {
            return;
        };
        self.year = Some(y);
        let rest = &value[4..];
        if let Some(q) = rest.strip_prefix("-Q").and_then(|q| q.parse().ok()) {
            self.quarter = Some((y, q));
        } else if let Some(m) = rest.get(1..3).and_then(|m| m.parse::<u32>().ok()) {
            if rest.starts_with('-') && (1..=12).contains(&m) {
                self.month = Some((y, m));
            }
        }
    }
}

/// Words that put a sentence in the future: a bare "Monday" there is the next one.
fn is_future_marker(w: &str) -> bool {
    matches!(
        w,
        "will" | "shall" | "scheduled" | "payable" | "due" | "upcoming" | "won't" | "expires"
    ) || w.ends_with("'ll")
        || w.ends_with("’ll")
}

/// Longest time expression starting at token `i`.
fn at(toks: &[Token<'_>], lw: &[String], i: usize, cx: &Context) -> Option<Found> {
    // Rules look ahead and call back for the day after a clock time: past the end is none.
    if i >= toks.len() {
        return None;
    }
    let dct = cx.dct;
    let w = |k: usize| word(lw, k);
    // A month named without a year: news tells the past, so a month well after the
    // article's is last year's; one just ahead is this year's (an announced date).
    let after_since = i > 0 && matches!(w(i - 1), "since" | "last" | "past");
    let year_for = |m: u32| {
        dct.map(|d| {
            if cx.future {
                if m < d.month() {
                    d.year() + 1
                } else {
                    d.year()
                }
            } else {
                // Within two months ahead (across the new year too) it is the coming
                // one; else the latest past one.
                let ahead = (m + 12 - d.month()) % 12;
                if ahead > 0 && ahead <= 2 && !after_since {
                    if m < d.month() {
                        d.year() + 1
                    } else {
                        d.year()
                    }
                } else if m > d.month() {
                    d.year() - 1
                } else {
                    d.year()
                }
            }
        })
    };
    let date = |kind: &'static str, value: String, end: usize| {
        Some(Found {
            kind,
            value,
            end,
            derived: false,
        })
    };
    let derived = |value: String, end: usize| {
        Some(Found {
            kind: "DATE",
            value,
            end,
            derived: true,
        })
    };
    let skip_dot = |k: usize| if w(k) == "." { k + 1 } else { k };

    // "last May", "this September", "next March", "each July".
    if let Some(m) = month_of(w(i + 1)).filter(|_| {
        toks.get(i + 1)
            .is_some_and(|t| t.text.starts_with(|c: char| c.is_uppercase()))
    }) {
        let end = i + 2;
        let no_day = !toks.get(skip_dot(end)).is_some_and(|t| t.kind == Kind::Num);
        if no_day {
            match (w(i), dct) {
                ("each" | "every", _) => return date("SET", format!("XXXX-{m:02}"), end),
                ("last" | "past", Some(d)) => {
                    // The latest one before last month ("last month" says that one).
                    let y = if m + 1 < d.month() {
                        d.year()
                    } else {
                        d.year() - 1
                    };
                    return date("DATE", format!("{y}-{m:02}"), end);
                }
                ("this", Some(d)) => return date("DATE", format!("{}-{m:02}", d.year()), end),
                ("next" | "coming", Some(d)) => {
                    let y = if m > d.month() {
                        d.year()
                    } else {
                        d.year() + 1
                    };
                    return date("DATE", format!("{y}-{m:02}"), end);
                }
                _ => {}
            }
        }
    }
    // Clock times: "10 p.m.", "7:15 a.m. EST", "noon", "midnight", with the day after them
    // when there is one ("noon Thursday", "5 p.m. EST, Nov. 6").
    if let Some((hm, mut k)) = clock_at(toks, lw, i) {
        if matches!(
            w(k),
            "est" | "edt" | "cst" | "cdt" | "pst" | "pdt" | "mst" | "mdt" | "gmt" | "utc"
        ) {
            k += 1;
        }
        let after = if w(k) == "," { k + 1 } else { k };
        let day = at(toks, lw, after, cx).filter(|f| f.kind == "DATE" && (f.value.len() == 10));
        return match day {
            Some(f) => date("TIME", format!("{}T{hm}", f.value), f.end),
            None => date(
                "TIME",
                format!("{}T{hm}", dct.map_or("XXXX-XX-XX".into(), ymd)),
                k,
            ),
        };
    }
    // "mid-afternoon yesterday", "last night", "yesterday morning".
    if w(i) == "mid" {
        let p = if w(i + 1) == "-" { i + 2 } else { i + 1 };
        if w(p) == "afternoon" {
            let day = at(toks, lw, p + 1, cx).filter(|f| f.kind == "DATE" && f.value.len() == 10);
            return match day {
                Some(f) => date("TIME", format!("{}TAF", f.value), f.end),
                None => date(
                    "TIME",
                    format!("{}TAF", dct.map_or("XXXX-XX-XX".into(), ymd)),
                    p + 1,
                ),
            };
        }
    }
    if w(i) == "last" && w(i + 1) == "night" {
        let v = dct.map_or("XXXX-XX-XX".into(), |d| ymd(d - Duration::days(1)));
        return date("TIME", format!("{v}TNI"), i + 2);
    }
    let day_shift = match w(i) {
        "today" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let (Some(sh), Some(p)) = (day_shift, part_of_day(w(i + 1))) {
        let v = dct.map_or("XXXX-XX-XX".into(), |d| ymd(d + Duration::days(sh)));
        return date("TIME", format!("{v}T{p}"), i + 2);
    }
    // "the weekend", "this weekend", "last weekend": the latest one (its ISO week).
    if matches!(w(i), "the" | "this" | "last" | "next" | "past") && w(i + 1) == "weekend" {
        let value = dct.map_or("XXXX-WXX-WE".into(), |d| {
            let mut sat = d;
            while sat.weekday() != Weekday::Sat {
                sat -= Duration::days(1);
            }
            if w(i) == "next" || (w(i) == "this" && d.weekday().num_days_from_monday() < 4) {
                sat += Duration::days(7);
            }
            format!("{}-WE", week(sat))
        });
        return date("DATE", value, i + 2);
    }
    // The quarter and the period a company reports on: "the quarter", "the latest
    // quarter", "the year-ago period", "year-earlier"; "the 1988 period".
    if let Some(f) = reporting_period(toks, lw, i, cx) {
        return Some(f);
    }
    // "the following year", "that year", "the previous month".
    let rel = match (w(i), w(i + 1)) {
        ("the", "following" | "next") => Some((1, i + 2)),
        ("the", "previous" | "prior" | "preceding") => Some((-1, i + 2)),
        ("that", _) => Some((0, i + 1)),
        _ => None,
    };
    if let Some((sh, u)) = rel {
        match w(u) {
            "year" => {
                if let Some(y) = cx.year.or(dct.map(|d| d.year())) {
                    if sh != 0 || cx.year.is_some() {
                        return date("DATE", format!("{}", y + sh), u + 1);
                    }
                }
            }
            "month" => {
                if let Some((y, m)) = cx.month {
                    let m0 = y * 12 + m as i32 - 1 + sh;
                    return date(
                        "DATE",
                        format!("{}-{:02}", m0.div_euclid(12), m0.rem_euclid(12) + 1),
                        u + 1,
                    );
                }
            }
            _ => {}
        }
    }
    // "the full year", "the fiscal year", "the current fiscal year"; "the year ended
    // June 30" is an amount of time.
    if w(i) == "the" {
        let mut k = i + 1;
        let current = matches!(w(k), "current" | "full" | "fiscal" | "latest");
        while matches!(w(k), "current" | "full" | "fiscal" | "latest") {
            k += 1;
        }
        if w(k) == "year" {
            if matches!(w(k + 1), "ended" | "ending") {
                return date("DURATION", "P1Y".into(), k + 1);
            }
            if current {
                if let Some(d) = dct {
                    return date("DATE", format!("{}", d.year()), k + 1);
                }
            }
        }
    }
    // "year-end", "year end", "year's end": this year (last year's after "since").
    if w(i) == "year" {
        let e = if w(i + 1) == "-" { i + 2 } else { i + 1 };
        if w(e) == "end" {
            if let Some(d) = dct {
                let since = i > 0 && w(i - 1) == "since";
                return date("DATE", format!("{}", d.year() - i32::from(since)), e + 1);
            }
        }
    }
    // "the end of the month", "earlier in the year": this month, this year.
    let span_of = match (w(i), w(i + 1), w(i + 2)) {
        ("the", "end" | "beginning" | "start" | "middle" | "rest", "of") => Some(i + 3),
        ("earlier" | "later", "in", _) => Some(i + 2),
        _ => None,
    };
    if let Some(k) = span_of {
        if w(k) == "the" {
            let v = match (w(k + 1), dct) {
                ("year", Some(d)) => Some(format!("{}", d.year())),
                ("month", Some(d)) => Some(format!("{}-{:02}", d.year(), d.month())),
                ("week", Some(d)) => Some(week(d)),
                ("year", None) => Some("XXXX".into()),
                ("month", None) => Some("XXXX-XX".into()),
                ("week", None) => Some("XXXX-WXX".into()),
                _ => None,
            };
            if let Some(v) = v {
                return date("DATE", v, k + 2);
            }
        }
    }
    // "the near future", "the short term".
    if w(i) == "the"
        && matches!(
            (w(i + 1), w(i + 2)),
            ("near", "future" | "term") | ("short", "term") | ("foreseeable", "future")
        )
    {
        return date("DATE", "FUTURE_REF".into(), i + 3);
    }
    // "for a while", "for some time".
    if i > 0
        && matches!(w(i - 1), "for" | "in")
        && matches!((w(i), w(i + 1)), ("a", "while") | ("some", "time"))
    {
        return date("DURATION", "PXX".into(), i + 2);
    }
    // "the summer", "the winter": this year's.
    if w(i) == "the" && matches!(w(i + 1), "summer" | "winter") && w(i + 2) != "of" {
        let code = season_of(w(i + 1))?;
        let year = dct.map_or("XXXX".into(), |d| d.year().to_string());
        return date("DATE", format!("{year}-{code}"), i + 2);
    }
    // "the winter of 1994", "summer 1998".
    {
        let k = if w(i) == "the" { i + 1 } else { i };
        if let Some(code) = season_of(w(k)) {
            let y_at = if w(k + 1) == "of" { k + 2 } else { k + 1 };
            let y = toks
                .get(y_at)
                .filter(|t| t.kind == Kind::Num && t.text.len() == 4)
                .and_then(|t| t.text.parse::<i32>().ok().map(|y| (y, y_at + 1)))
                .or_else(|| year_in_words(lw, y_at));
            if let Some((y, end)) = y {
                return date("DATE", format!("{y}-{code}"), end);
            }
        }
    }
    // "months ago", "years ago".
    if matches!(w(i), "years" | "months" | "weeks" | "days") && w(i + 1) == "ago" {
        return date("DATE", "PAST_REF".into(), i + 2);
    }
    // Years in words: "nineteen ninety-six", "the year two thousand".
    if let Some((y, end)) = year_in_words(lw, i) {
        return date("DATE", y.to_string(), end);
    }
    // Centuries: "the 20th century", "the eleventh century".
    if let Some((n, end)) = ordinal_at(toks, lw, i) {
        if w(end) == "century" {
            return date("DATE", format!("{:02}", n.saturating_sub(1)), end + 1);
        }
    }
    // Decades: "the nineties", "the '80s", "the last decade".
    if let Some(d) = decade_word(w(i + 1)).filter(|_| w(i) == "the") {
        let c = dct.map_or(19, |x| x.year() / 100);
        return date("DATE", format!("{c}{d}"), i + 2);
    }
    if let Some(d) = decade_word(w(i)) {
        if i > 0 && matches!(w(i - 1), "early" | "late" | "mid" | "-") {
            let c = dct.map_or(19, |x| x.year() / 100);
            return date("DATE", format!("{c}{d}"), i + 1);
        }
    }
    if toks[i].kind == Kind::Num
        && toks[i].text.len() == 2
        && w(i + 1) == "s"
        && toks.get(i + 1).is_some_and(|t| t.attached)
        && i > 0
        && matches!(w(i - 1), "'" | "’" | "the" | "early" | "late" | "mid" | "-")
    {
        let c = dct.map_or(19, |x| x.year() / 100);
        return date("DATE", format!("{c}{}", &toks[i].text[..1]), i + 2);
    }
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
                let mut day = year.and_then(|y| NaiveDate::from_ymd_opt(y, m, n));
                // "payable Jan. 2" in a November article: the next one.
                if let (Some(d), Some(now), true) = (day, dct, cx.future && end == k) {
                    if d < now {
                        day = NaiveDate::from_ymd_opt(now.year() + 1, m, n).or(day);
                    }
                }
                let value = match day {
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
        let capital = toks[i].text.starts_with(|c: char| c.is_uppercase());
        let prev = i.checked_sub(1).map_or("", |p| w(p));
        let may_month = toks[i].text == "May"
            && matches!(
                prev,
                "in" | "by"
                    | "since"
                    | "until"
                    | "from"
                    | "through"
                    | "of"
                    | "early"
                    | "late"
                    | "mid"
                    | "during"
                    | "before"
                    | "after"
                    | "last"
                    | "this"
                    | "next"
            );
        if capital
            && (w(i) != "may" && w(i).len() > 3 || matches!(w(i), "june" | "july") || may_month)
        {
            // "January nineteen ninety-seven".
            if let Some((y, end)) = year_in_words(lw, i + 1) {
                return date("DATE", format!("{y}-{m:02}"), end);
            }
            // "June last year", "January of this year".
            let of = if w(i + 1) == "of" { i + 2 } else { i + 1 };
            let shift = match (w(of), w(of + 1)) {
                ("last" | "previous", "year") => Some(-1),
                ("this", "year") => Some(0),
                ("next", "year") => Some(1),
                _ => None,
            };
            if let (Some(sh), Some(d)) = (shift, dct) {
                return date("DATE", format!("{}-{m:02}", d.year() + sh), of + 2);
            }
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
    // "the 1990s", "the '80s".
    if w(i) == "the" {
        let k = if matches!(w(i + 1), "'" | "’") {
            i + 2
        } else {
            i + 1
        };
        if let Some(t) = toks.get(k).filter(|t| t.kind == Kind::Num) {
            let attached_s = w(k + 1) == "s" && toks.get(k + 1).is_some_and(|t| t.attached);
            if attached_s && t.text.len() == 4 {
                let y: i32 = t.text.parse().ok()?;
                return date("DATE", format!("{}", y / 10), k + 2);
            }
            if attached_s && t.text.len() == 2 {
                let c = dct.map_or(19, |x| x.year() / 100);
                return date("DATE", format!("{c}{}", &t.text[..1]), k + 2);
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
    let mut q_at = if matches!(w(i), "the" | "its") {
        i + 1
    } else {
        i
    };
    if w(q_at) == "fiscal" {
        q_at += if w(q_at + 1) == "-" { 2 } else { 1 };
    }
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
        if w(unit) == "quarter" && w(unit + 1) == "of" {
            if let Some(y) = toks
                .get(unit + 2)
                .filter(|t| t.kind == Kind::Num && t.text.len() == 4)
            {
                return date("DATE", format!("{}-Q{q}", y.text), unit + 3);
            }
        }
        // "the third-quarter loss": the adjective alone is the time.
        let adjective =
            unit == q_at + 2 && toks.get(unit + 1).is_some_and(|t| t.kind == Kind::Word);
        if w(unit) == "quarter" && adjective && w(i) == "the" {
            return None;
        }
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
            return date("SET", period("1", letter, t), i + 2);
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
        && !matches!(w(i + 2), "few" | "several" | "many" | "couple")
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
        if let Some(p) = part_of_day(w(i + 1)) {
            return date(
                "TIME",
                dct.map_or(format!("XXXX-XX-XXT{p}"), |d| format!("{}T{p}", ymd(d))),
                i + 2,
            );
        }
    }
    // Weekdays: the latest before the article's date, or with "next" the first after it.
    if matches!(w(i), "each" | "every") {
        if let Some(wd) = weekday_of(w(i + 1)) {
            let n = wd.number_from_monday();
            return date("SET", format!("XXXX-WXX-{n}"), i + 2);
        }
    }
    // "on Mondays", "Tuesday nights": a weekday that recurs.
    if let Some(wd) = w(i).strip_suffix('s').and_then(weekday_of) {
        let n = wd.number_from_monday();
        return date("SET", format!("XXXX-WXX-{n}"), i + 1);
    }
    if let Some(wd) = weekday_of(w(i)) {
        let part = w(i + 1).strip_suffix('s').and_then(part_of_day);
        if let Some(p) = part {
            let n = wd.number_from_monday();
            return date("SET", format!("XXXX-WXX-{n}T{p}"), i + 2);
        }
    }
    let (dir, wd_at) = match w(i) {
        "last" | "past" | "previous" => (-1, i + 1),
        "next" | "coming" => (1, i + 1),
        "this" => (0, i + 1),
        _ if cx.future => (2, i),
        _ => (-1, i),
    };
    if let Some(wd) = weekday_of(w(wd_at)) {
        // "Saturday, April 25": the date says which Saturday.
        let after = if w(wd_at + 1) == "," {
            wd_at + 2
        } else {
            wd_at + 1
        };
        if month_of(w(after)).is_some() {
            if let Some(f) = at(toks, lw, after, cx).filter(|f| f.value.len() == 10) {
                return Some(f);
            }
        }
        let mut end = wd_at + 1;
        let part = part_of_day(w(end));
        if part.is_some() {
            end += 1;
        }
        let value = dct.map_or("XXXX-XX-XX".into(), |d| {
            let mut x = d;
            if dir == 2 {
                // Future tense: this one or the next.
                while x.weekday() != wd {
                    x += Duration::days(1);
                }
            } else if dir > 0 {
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
        ("this", "past") => (0, i + 2),
        ("this" | "current", _) => (0, i + 1),
        ("earlier" | "later", "this") => (0, i + 2),
        _ => (9, i),
    };
    if shift != 9 {
        // With no date to read it against, the expression is still one, with TimeML's
        // unknown digits ("this summer" XXXX-SU, "last week" XXXX-WXX).
        let unknown = match w(unit_at) {
            "week" => Some("XXXX-WXX".to_string()),
            "month" => Some("XXXX-XX".into()),
            "year" => Some("XXXX".into()),
            "decade" => Some("XXX".into()),
            "quarter" => Some("XXXX-QX".into()),
            s => season_of(s).map(|code| format!("XXXX-{code}")),
        };
        if let (None, Some(v)) = (dct, unknown) {
            return date("DATE", v, unit_at + 1);
        }
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
                "decade" => Some(format!("{}", d.year() / 10 + shift as i32)),
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
    } else if w(k) == "the"
        && number_at(toks, lw, k + 1).is_some_and(|(_, e)| w(e) != "-")
        && !matches!(w(k + 1), "a" | "an" | "one")
    {
        k += 1;
    }
    let fuzzy =
        matches!(w(k), "several" | "few" | "many" | "some") || (w(k) == "a" && w(k + 1) == "few");
    let (mut n, mut after) = if fuzzy {
        (None, if w(k) == "a" { k + 2 } else { k + 1 })
    } else if w(k) == "a" && w(k + 1) == "couple" && w(k + 2) == "of" {
        (Some(2.0), k + 3)
    } else if w(k) == "couple" && w(k + 1) == "of" && k > i {
        (Some(2.0), k + 2)
    } else {
        match number_at(toks, lw, k) {
            Some((v, next)) => (Some(v), next),
            None => (None, k),
        }
    };
    // "20 more years", "an additional year", "a hundred years".
    if n.is_some() {
        if let Some(v) = n.filter(|_| matches!(w(k), "a" | "an")) {
            if let Some(sc) = crate::words::scale_word(w(after)).filter(|x| *x < 1e6) {
                n = Some(v * sc);
                after += 1;
            }
        }
        if matches!(
            w(after),
            "more" | "additional" | "full" | "straight" | "consecutive"
        ) {
            after += 1;
        }
    }
    // "2 1/2 years".
    let mut half = false;
    if n.is_some() && w(after) == "1" && w(after + 1) == "/" && w(after + 2) == "2" {
        half = true;
        after += 3;
    }
    if w(after) == "-" {
        after += 1;
    }
    // "a week" after a count is a rate ("four flights a week", "$1.76 a year"), not a time:
    // an article-led duration is one only after a word that takes a time.
    let article_led = matches!(w(k), "a" | "an" | "one");
    let takes_time = i == 0
        || matches!(
            w(i - 1),
            "for"
                | "in"
                | "within"
                | "over"
                | "after"
                | "than"
                | "about"
                | "nearly"
                | "almost"
                | "around"
                | "only"
                | "just"
                | "of"
                | "lasting"
                | "last"
                | "to"
                | "under"
                | "but"
                | "and"
                | ","
                | "."
                | "--"
                | "roughly"
                | "least"
                | "another"
                | "by"
                | "during"
                | "from"
                | "some"
        );
    let unit_word = w(after);
    // An age: "52 years old", "a 10-year-old boy".
    let not_a_time = w(after + 1) == "old"
        || (w(after + 1) == "-" && w(after + 2) == "old")
        || (matches!(unit_word, "quarter" | "quarters") && w(after + 1) == "of")
        || (unit_word == "second" && article_led)
        || (article_led
            && !takes_time
            && !matches!(
                w(after + 1),
                "ago" | "earlier" | "later" | "or" | "and" | "after" | "before"
            ));
    if (n.is_some() || fuzzy) && after > k && !not_a_time {
        if let Some((letter, t)) = unit_of(w(after)) {
            let amount = n.map_or("X".to_string(), |v| {
                if v.fract() == 0.0 {
                    format!("{}", v as i64)
                } else {
                    format!("{v}")
                }
            });
            let mut end = after + 1;
            // "a minute and a half".
            if w(end) == "and" && w(end + 1) == "a" && w(end + 2) == "half" {
                half = true;
                end += 3;
            }
            // "a week or so ago", "a year or two", "weeks or months".
            if w(end) == "or"
                && (w(end + 1) == "so"
                    || w(end + 1) == "more"
                    || number_word(w(end + 1)).is_some_and(|(_, scale)| !scale))
            {
                end += 2;
            }
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
                            // "a year ago" in a text about a quarter: that quarter.
                            "Y" if v == 1 && cx.quarter.is_some() => {
                                return derived(cx.year_before()?, end);
                            }
                            "Y" => format!("{}", d.year() - v as i32),
                            _ => "PAST_REF".into(),
                        }
                    }
                    _ => "PAST_REF".into(),
                };
                return date("DATE", value, end);
            }
            // "a year earlier": a point, last year (or the quarter a year before the one
            // the text is about); other units stay amounts, as TimeML has them.
            if w(end) == "earlier" {
                end += 1;
                if letter == "Y" && n == Some(1.0) {
                    if let Some(v) = cx.year_before() {
                        return derived(v, end);
                    }
                }
            }
            let half_of = match (half, letter, t) {
                (true, "Y", false) => "6M",
                (true, "D", false) => "T12H",
                (true, "H", true) => "30M",
                (true, "M", true) => "30S",
                _ => "",
            };
            // Decades are counted in years, as TimeBank writes them.
            let (amount, letter) = match (letter, n) {
                ("DE", Some(v)) if v.fract() == 0.0 => (format!("{}", v as i64 * 10), "Y"),
                _ => (amount, letter),
            };
            let value = period(&format!("{amount}{letter}"), half_of, t);
            let start_ok = i == k || matches!(w(i), "the");
            if start_ok {
                return date("DURATION", value, end);
            }
        }
    }
    // "recent years", "coming months", "the weeks ahead".
    if matches!(w(i), "recent" | "coming" | "past") {
        if let Some((letter, clock)) = unit_of(w(i + 1)).filter(|_| w(i + 1).ends_with('s')) {
            if w(i) != "past" || i == 0 || w(i - 1) != "the" {
                return date("DURATION", period("X", letter, clock), i + 2);
            }
        }
    }
    // A plural unit alone ("for years", "in recent months").
    if matches!(
        w(i),
        "years" | "months" | "weeks" | "days" | "decades" | "hours" | "minutes" | "centuries"
    ) && i >= 1
        && matches!(w(i - 1), "for" | "in" | "within" | "over")
    {
        let (letter, clock) = unit_of(w(i))?;
        // "weeks or months", "days or even hours".
        let other = if w(i + 2) == "even" { i + 3 } else { i + 2 };
        let end = if w(i + 1) == "or" && unit_of(w(other)).is_some() {
            other + 1
        } else {
            i + 1
        };
        return date("DURATION", period("X", letter, clock), end);
    }
    None
}

/// A TimeML period from its parts: "P" then, for a clock unit, "T" ("P2Y", "PT30M": "PXM"
/// is some months, "PTXM" some minutes).
fn period(amount: &str, rest: &str, clock: bool) -> String {
    let t = if clock { "T" } else { "" };
    format!("P{t}{amount}{rest}")
}

/// A clock time at `i` as `HH:MM`, and the token after it: "10 p.m.", "7:15 a.m.", "noon".
fn clock_at(toks: &[Token<'_>], lw: &[String], i: usize) -> Option<(String, usize)> {
    let w = |k: usize| word(lw, k);
    match w(i) {
        "noon" => return Some(("12:00".into(), i + 1)),
        "midnight" => return Some(("24:00".into(), i + 1)),
        _ => {}
    }
    let t = toks
        .get(i)
        .filter(|t| t.kind == Kind::Num && t.text.len() <= 2)?;
    let mut h: u32 = t.text.parse().ok()?;
    let mut k = i + 1;
    let mut min = 0;
    if w(k) == ":" {
        let m = toks
            .get(k + 1)
            .filter(|t| t.kind == Kind::Num && t.text.len() == 2)?;
        min = m.text.parse().ok()?;
        k += 2;
    }
    let half = match w(k) {
        "am" | "pm" => {
            k += 1;
            w(k - 1).starts_with('p')
        }
        "a" | "p" if w(k + 1) == "." && w(k + 2) == "m" => {
            let pm = w(k) == "p";
            k += 3;
            if w(k) == "." {
                k += 1;
            }
            pm
        }
        _ => return None,
    };
    if !(1..=12).contains(&h) || min > 59 {
        return None;
    }
    if half && h < 12 {
        h += 12;
    } else if !half && h == 12 {
        h = 0;
    }
    Some((format!("{h:02}:{min:02}"), k))
}

/// "first quarter", "third-quarter" at `k`: the quarter and the token after it.
fn quarter_after(lw: &[String], k: usize) -> Option<(u32, usize)> {
    let w = |k: usize| word(lw, k);
    let q = match w(k) {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        _ => return None,
    };
    let u = if w(k + 1) == "-" { k + 2 } else { k + 1 };
    (w(u) == "quarter").then_some((q, u + 1))
}

/// The period a company reports on, read against the quarter the text is about: "the
/// quarter", "the latest quarter", "the latest period", "that quarter", "the year-ago
/// quarter", "the year-earlier period", "year-ago" (before a noun), "the 1988 period",
/// "the 1988 second quarter".
fn reporting_period(toks: &[Token<'_>], lw: &[String], i: usize, cx: &Context) -> Option<Found> {
    let w = |k: usize| word(lw, k);
    let found = |value: String, end: usize| {
        Some(Found {
            kind: "DATE",
            value,
            end,
            derived: true,
        })
    };
    let year_ago = |k: usize| -> Option<usize> {
        match (w(k), w(k + 1), w(k + 2)) {
            ("year", "-", "ago" | "earlier") => Some(k + 3),
            ("year", "ago" | "earlier", _) => Some(k + 2),
            _ => None,
        }
    };
    let period = |k: usize| matches!(w(k), "quarter" | "period");
    if w(i) == "the" || w(i) == "that" {
        let mut k = i + 1;
        if w(i) == "the" {
            // "the 1988 period", "the 1988 second quarter".
            if let Some(y) = toks
                .get(k)
                .filter(|t| t.kind == Kind::Num && t.text.len() == 4)
                .and_then(|t| t.text.parse::<i32>().ok())
                .filter(|y| (1900..2100).contains(y))
            {
                if let Some((q, end)) = quarter_after(lw, k + 1) {
                    return found(format!("{y}-Q{q}"), end);
                }
                if w(k + 1) == "quarter" {
                    if let Some((_, q)) = cx.quarter_now() {
                        return found(format!("{y}-Q{q}"), k + 2);
                    }
                }
                if w(k + 1) == "period" {
                    let v = cx
                        .quarter_now()
                        .map_or(y.to_string(), |(_, q)| format!("{y}-Q{q}"));
                    return found(v, k + 2);
                }
                return None;
            }
            while matches!(
                w(k),
                "latest" | "most" | "recent" | "same" | "comparable" | "current"
            ) {
                k += 1;
            }
        }
        if let Some(e) = year_ago(k) {
            if period(e) {
                let v = cx.year_before()?;
                return found(v, e + 1);
            }
            return None;
        }
        // "the period" alone is too vague; "the quarter", "the latest period" are not.
        if (w(k) == "quarter" && w(k + 1) != "-") || (w(k) == "period" && k > i + 1) {
            let (y, q) = cx.quarter_now()?;
            return found(format!("{y}-Q{q}"), k + 1);
        }
        return None;
    }
    // "year-ago results", "year-earlier profit".
    if w(i) == "year" && w(i + 1) == "-" {
        if let Some(e) = year_ago(i) {
            // "year-ago third quarter": that quarter of the year before.
            if let (Some((q, end)), Some(d)) = (quarter_after(lw, e), cx.dct) {
                let y = cx.quarter.map_or(d.year(), |(y, _)| y) - 1;
                return found(format!("{y}-Q{q}"), end);
            }
            let end = if period(e) { e + 1 } else { e };
            return found(cx.year_before()?, end);
        }
    }
    None
}

/// A year written in words at `i` and the token after it: "nineteen ninety-six",
/// "nineteen eighty", "the year two thousand".
fn year_in_words(lw: &[String], i: usize) -> Option<(i32, usize)> {
    let w = |k: usize| word(lw, k);
    let small = |k: usize| {
        number_word(w(k))
            .filter(|(_, scale)| !scale)
            .map(|(v, _)| v as i32)
    };
    let (lead, k) = if w(i) == "the" && w(i + 1) == "year" {
        (true, i + 2)
    } else {
        (false, i)
    };
    let first = small(k)?;
    // "two thousand (and) six": only after "the year" or a word that takes a date.
    if first == 2 && w(k + 1) == "thousand" {
        let prev = i.checked_sub(1).map_or("", |p| w(p));
        if !lead && !matches!(prev, "in" | "by" | "since" | "until" | "of" | "year") {
            return None;
        }
        let mut e = k + 2;
        if w(e) == "and" {
            e += 1;
        }
        return Some(match small(e) {
            Some(n) if n < 100 => (2000 + n, e + 1),
            _ => (2000, k + 2),
        });
    }
    if !(11..=19).contains(&first) {
        return None;
    }
    let tens = small(k + 1).filter(|t| *t >= 20 && t % 10 == 0)?;
    let mut y = first * 100 + tens;
    let mut e = k + 2;
    if w(e) == "-" {
        if let Some(u) = small(e + 1).filter(|u| (1..=9).contains(u)) {
            y += u;
            e += 2;
        }
    }
    Some((y, e))
}

/// An ordinal at `i` ("20th", "eleventh") and the token after it.
fn ordinal_at(toks: &[Token<'_>], lw: &[String], i: usize) -> Option<(u32, usize)> {
    let w = |k: usize| word(lw, k);
    if toks.get(i)?.kind == Kind::Num {
        let n: u32 = toks[i].text.parse().ok()?;
        let attached = toks.get(i + 1).is_some_and(|t| t.attached);
        return (attached && matches!(w(i + 1), "th" | "st" | "nd" | "rd")).then_some((n, i + 2));
    }
    const WORDS: [&str; 21] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if w(i) == "twenty" && w(i + 1) == "-" && w(i + 2) == "first" {
        return Some((21, i + 3));
    }
    let n = WORDS.iter().position(|x| !x.is_empty() && *x == w(i))?;
    Some((n as u32, i + 1))
}

/// The decade a word names: "nineties" is 9.
fn decade_word(w: &str) -> Option<u32> {
    Some(match w {
        "twenties" => 2,
        "thirties" => 3,
        "forties" => 4,
        "fifties" => 5,
        "sixties" => 6,
        "seventies" => 7,
        "eighties" => 8,
        "nineties" => 9,
        _ => return None,
    })
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
            || w.strip_suffix('s').and_then(weekday_of).is_some()
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
                    | "night"
                    | "noon"
                    | "midnight"
                    | "weekend"
                    | "period"
                    | "thousand"
                    | "while"
                    | "term"
            )
            || decade_word(w).is_some()
            || number_word(w).is_some_and(|(v, scale)| !scale && (11.0..=19.0).contains(&v))
    })
}

/// The time expressions of a sentence, resolved against `dct` (the article's date).
pub fn times(s: &str, dct: Option<NaiveDate>) -> Vec<TimeExpr> {
    times_in(s, &mut Context::new(dct))
}

/// The time expressions of a text read sentence by sentence (`sentences` are byte ranges
/// into it, in order), one [`Context`] carried through: offsets into the text, sentence
/// indices set. How the annotate stage, the cluster stage's input and `eval time` read.
pub fn times_of_sentences(
    text: &str,
    sentences: impl IntoIterator<Item = (usize, usize)>,
    dct: Option<NaiveDate>,
) -> Vec<TimeExpr> {
    let mut cx = Context::new(dct);
    let mut out = Vec::new();
    for (i, (a, b)) in sentences.into_iter().enumerate() {
        let Some(s) = text.get(a..b) else { continue };
        for mut t in times_in(s, &mut cx) {
            t.start += a;
            t.end += a;
            t.sentence = i;
            out.push(t);
        }
    }
    out
}

/// The time expressions of one sentence of a text read in order: `cx` carries what the
/// sentences before named.
pub fn times_in(s: &str, cx: &mut Context) -> Vec<TimeExpr> {
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
    // The future holds from its marker ("will", "is scheduled to") on, until a past
    // report ("said") or the clause ends.
    let mut future = vec![false; toks.len()];
    let mut on = false;
    for (k, w) in lw.iter().enumerate() {
        future[k] = on;
        if is_future_marker(w)
            || (matches!(w.as_str(), "set" | "expected" | "going")
                && lw.get(k + 1).is_some_and(|n| n == "to"))
        {
            on = true;
        } else if matches!(
            w.as_str(),
            "said" | "told" | "announced" | "reported" | ";" | "since" | "!" | "?"
        ) {
            on = false;
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        cx.future = future[i];
        match modified(&toks, &lw, i, cx).or_else(|| at(&toks, &lw, i, cx)) {
            Some(mut f) if f.end > i => {
                // "this year's third quarter", "next year's first quarter".
                if f.value.len() == 4 && f.value.bytes().all(|b| b.is_ascii_digit()) {
                    if let Some((q, end)) = quarter_after(&lw, f.end) {
                        f.value = format!("{}-Q{q}", f.value);
                        f.end = end;
                    }
                }
                if !f.derived {
                    cx.note(&f.value);
                }
                let end_tok = f.end.min(toks.len()) - 1;
                let (start, mut end) = (toks[i].start, toks[end_tok].end);
                // The possessive is not part of the time: "[today]'s editions".
                let last = toks[end_tok].text;
                if lw[end_tok].len() < last.to_lowercase().len() {
                    let cut = if last.ends_with("’s") {
                        "’s".len()
                    } else {
                        2
                    };
                    end -= cut;
                }
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

/// Words before a time that TimeML keeps in its extent (its `mod`): "nearly two years",
/// "more than four hours", "the late 1970s", "early Tuesday", "the end of November",
/// "fiscal 1989". The first list goes with amounts of time, the second with dates.
const AMOUNT_MODS: &[&[&str]] = &[
    &["no", "more", "than"],
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["up", "to"],
    &["at", "least"],
    &["at", "most"],
    &["nearly"],
    &["almost"],
    &["about"],
    &["around"],
    &["approximately"],
    &["roughly"],
    &["over"],
    &["under"],
];
const DATE_MODS: &[&[&str]] = &[
    &["the", "end", "of"],
    &["the", "beginning", "of"],
    &["the", "start", "of"],
    &["the", "middle", "of"],
    &["the", "early"],
    &["the", "late"],
    &["the", "mid", "-"],
    &["the", "mid"],
    &["mid", "-"],
    &["mid"],
    &["early"],
    &["late"],
    &["earlier"],
    &["later"],
    &["fiscal"],
    &["around"],
    &["about"],
    &["this"],
    &["the"],
    &["right"],
    &["sometime"],
];

/// A time led by modifier words, when the words are followed by a time of the kind they
/// modify.
fn modified(toks: &[Token<'_>], lw: &[String], i: usize, cx: &Context) -> Option<Found> {
    let starts = |m: &[&str]| {
        m.iter()
            .enumerate()
            .all(|(j, w)| lw.get(i + j).is_some_and(|x| x == w))
    };
    for m in AMOUNT_MODS.iter().filter(|m| starts(m)) {
        // "over [the last two weeks]": a preposition before a "the" phrase.
        if lw.get(i + m.len()).is_some_and(|w| w == "the") {
            continue;
        }
        if let Some(f) = at(toks, lw, i + m.len(), cx) {
            let ago = lw.get(f.end.wrapping_sub(1)).is_some_and(|w| w == "ago");
            if f.kind == "DURATION" || ago || f.kind == "TIME" {
                return Some(f);
            }
        }
    }
    for m in DATE_MODS.iter().filter(|m| starts(m)) {
        let next = word(lw, i + m.len());
        // "this" leads only "this coming Sunday", "the" only "the past year", "right"
        // only "now"; "fiscal" only a year.
        if (m[0] == "this" && next != "coming")
            || (m.len() == 1
                && m[0] == "the"
                && !matches!(next, "last" | "past" | "previous" | "next" | "coming"))
            || (m[0] == "right" && next != "now")
            || (m[0] == "fiscal" && !toks.get(i + 1).is_some_and(|t| t.kind == Kind::Num))
        {
            continue;
        }
        if let Some(f) = at(toks, lw, i + m.len(), cx) {
            let fits = match m[0] {
                "about" | "around" => f.kind == "TIME",
                _ => matches!(f.kind, "DATE" | "TIME"),
            };
            if fits {
                return Some(f);
            }
        }
    }
    None
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
    fn relative_dates_without_a_date_to_read_them_against_are_still_found() {
        // A plain-text file has no publication date: the expressions keep TimeML's
        // unknown digits instead of going missing.
        let got: Vec<(String, String)> = times(
            "Earlier this year the reward rose, this summer it doubled, late last week talks \
             ended, and the deadline is the end of the month.",
            None,
        )
        .into_iter()
        .map(|t| (t.text, t.value))
        .collect();
        let values: Vec<&str> = got.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(
            values,
            vec!["XXXX", "XXXX-SU", "XXXX-WXX", "XXXX-XX"],
            "{got:?}"
        );
        assert_eq!(vals("over the summer", "")[0].1, "XXXX-SU");
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
        assert_eq!(
            vals("within days or even hours", "1998-01-08")[0],
            ("days or even hours".into(), "PXD".into())
        );
        assert_eq!(vals("a couple of years", "1998-01-08")[0].1, "P2Y");
        assert_eq!(vals("it is published daily", "1998-01-08")[0].1, "P1D");
        assert_eq!(vals("closed on Mondays", "1998-01-08")[0].1, "XXXX-WXX-1");
        assert_eq!(
            vals("flights on Tuesday nights", "1998-01-08")[0].1,
            "XXXX-WXX-2TNI"
        );
    }

    #[test]
    fn timeml_extents_and_modifiers() {
        // Modifiers are in the extent, possessives are not.
        assert_eq!(
            vals("for nearly two years", "1998-01-08")[0].0,
            "nearly two years"
        );
        assert_eq!(
            vals("in the late 1970s", "1998-01-08")[0],
            ("the late 1970s".into(), "197".into())
        );
        assert_eq!(vals("in today's editions", "1998-01-08")[0].0, "today");
        assert_eq!(
            vals("at the end of November.", "1989-11-02")[0].0,
            "the end of November"
        );
        // Ages, rates and fractions are not times.
        assert!(vals("Mr. Reupke, 52 years old", "1998-01-08").is_empty());
        assert!(vals("four flights a week", "1998-01-08").is_empty());
        assert!(vals("about three-quarters of its food", "1998-01-08").is_empty());
        assert_eq!(vals("for 2 1/2 years", "1998-01-08")[0].1, "P2Y6M");
        assert_eq!(vals("for two decades", "1998-01-08")[0].1, "P20Y");
    }

    #[test]
    fn clock_times_months_and_weekends() {
        assert_eq!(
            vals("at 10 p.m. Wednesday", "1998-02-13")[0].1,
            "1998-02-11T22:00"
        );
        assert_eq!(
            vals("broke off at noon Thursday", "1998-02-13")[0].1,
            "1998-02-12T12:00"
        );
        assert_eq!(
            vals("signed last May", "1998-03-01")[0],
            ("last May".into(), "1997-05".into())
        );
        assert_eq!(vals("in June last year", "1998-02-19")[0].1, "1997-06");
        assert_eq!(
            vals("said over the weekend", "1990-08-13")[0].1,
            "1990-W32-WE"
        );
        assert_eq!(
            vals("Atlanta nineteen ninety-six.", "1998-02-27")[0].1,
            "1996"
        );
        assert_eq!(vals("in the 20th century", "1998-02-27")[0].1, "19");
        assert_eq!(vals("through the nineties", "1998-02-27")[0].1, "199");
    }

    #[test]
    fn the_future_and_what_the_text_named() {
        // A weekday after "will" or "is set to" is the coming one; after "said", the past.
        assert_eq!(
            vals("The talks are set to resume Monday.", "1998-03-22")[0].1,
            "1998-03-23"
        );
        assert_eq!(
            vals("He said Monday it was over.", "1998-03-22")[0].1,
            "1998-03-16"
        );
        assert_eq!(
            vals("The dividend is payable Jan. 2.", "1989-11-20")[0].1,
            "1990-01-02"
        );
        // The quarter a text reports on carries to "the quarter" and "a year earlier".
        let mut cx = Context::new(d("1989-11-02"));
        let mut read = |s: &str| {
            times_in(s, &mut cx)
                .into_iter()
                .map(|t| t.value)
                .collect::<Vec<_>>()
        };
        assert_eq!(read("Net rose in the third quarter."), vec!["1989-Q3"]);
        assert_eq!(
            read("It earned $5 a share a year earlier."),
            vec!["1988-Q3"]
        );
        assert_eq!(read("Sales in the quarter rose."), vec!["1989-Q3"]);
        assert_eq!(read("Year-earlier results were restated."), vec!["1988-Q3"]);
    }

    #[test]
    fn minutes_and_hours_of_unknown_length_are_clock_units() {
        assert_eq!(vals("It took minutes.", "1998-01-08"), vec![]);
        assert_eq!(vals("within minutes", "1998-01-08")[0].1, "PTXM");
        assert_eq!(vals("for hours", "1998-01-08")[0].1, "PTXH");
        assert_eq!(vals("in recent hours", "1998-01-08")[0].1, "PTXH");
        assert_eq!(vals("for months", "1998-01-08")[0].1, "PXM");
    }

    #[test]
    fn an_age_is_no_duration() {
        for s in [
            "He shot his 10-year-old brother.",
            "A 52-year-old man was held.",
            "She is 52 years old.",
        ] {
            assert!(times(s, d("1998-01-08")).is_empty(), "{s}");
        }
        assert_eq!(vals("The 10-year plan ends.", "1998-01-08")[0].1, "P10Y");
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

        /// Sequences of the words the rules start from, cut anywhere: the rules look
        /// ahead and call each other, and must stop at the end of the sentence.
        #[test]
        fn time_words_in_any_order_never_panic(
            words in prop::collection::vec(prop::sample::select(vec![
                "noon", "midnight", "10", "p", ".", "m", "7", ":", "15", "a", "Friday", ",",
                "the", "weekend", "year", "-", "ago", "earlier", "quarter", "third", "last",
                "May", "nineteen", "ninety", "six", "mid", "afternoon", "yesterday", "each",
                "July", "1988", "period", "s", "'", "80", "two", "thousand", "century", "20th",
                "fiscal", "nearly", "the", "end", "of", "will", "1", "/", "2", "years", "or",
            ]), 0..12)
        ) {
            let s = words.join(" ");
            let dct = chrono::NaiveDate::from_ymd_opt(1989, 11, 2);
            for t in times(&s, dct).into_iter().chain(times(&s, None)) {
                prop_assert!(t.start < t.end && t.end <= s.len());
            }
        }
    }
}
