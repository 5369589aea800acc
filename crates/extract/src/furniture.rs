//! Furniture learned from the store: lines an outlet or its publishing system repeats
//! across many articles (a sign-in wall, a notification widget, "LIVE UPDATES: Twitter,
//! Facebook", a tip-line sentence). No fixed rule knows every site's widgets; the store
//! sees them recur.
//!
//! A short line (2 to 40 words) is furniture once it was seen in articles whose dates lie
//! far apart: two articles a month or more apart, or three a week or more apart (or, for
//! undated articles, four articles). Reporting repeats itself within a news cycle (wire
//! copy, an outlet's own updates), so a line shared within days is not furniture; a widget
//! recurs for months and years. The cleaner takes furniture lines out of the body (kept as
//! removed lines, reason `furniture`), so they never count as copying, and an article with
//! nothing else is refused.
//!
//! The model learns in input order (the orchestrator feeds it each stored article) and is
//! saved in the store as it grows, so the next ingest starts from it.
//!
//! ```
//! use crosscheck_extract::furniture::{line_key, Furniture};
//! let mut f = Furniture::default();
//! let key = line_key("Your notification has been saved.").unwrap();
//! f.learn(&[key], Some(16_000));
//! assert!(!f.is_furniture(key));
//! f.learn(&[key], Some(16_400));
//! assert!(f.is_furniture(key));
//! ```

use crosscheck_model::{hash::FastMap, Article, LineStat, RemovedReason};

/// Settings of the furniture model.
#[derive(Debug, Clone, PartialEq)]
pub struct FurnitureConfig {
    /// Lines longer than this (in words) are article text, never furniture.
    pub max_words: usize,
    /// Two sightings this many days apart make a line furniture.
    pub pair_days: i32,
    /// Three sightings this many days apart make a line furniture.
    pub triple_days: i32,
    /// Sightings that make a line furniture when no dates tell.
    pub undated_articles: u32,
    /// Lines kept in memory; beyond it, lines seen once are forgotten first.
    pub max_lines: usize,
}

impl Default for FurnitureConfig {
    fn default() -> Self {
        Self {
            max_words: 40,
            pair_days: 30,
            triple_days: 7,
            undated_articles: 4,
            max_lines: 4_000_000,
        }
    }
}

/// The learned line statistics.
#[derive(Debug, Clone, Default)]
pub struct Furniture {
    cfg: FurnitureConfig,
    lines: FastMap<u64, LineStat>,
}

/// The key of a line: a hash of its lower-cased words, when it has 2 to 40 of them.
pub fn line_key(line: &str) -> Option<u64> {
    line_key_within(line, FurnitureConfig::default().max_words)
}

fn line_key_within(line: &str, max_words: usize) -> Option<u64> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut words = 0usize;
    for w in line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if words > max_words {
            return None;
        }
        h.update(w.to_lowercase().as_bytes());
        h.update(b" ");
    }
    (words >= 2).then(|| h.digest())
}

impl Furniture {
    pub fn new(cfg: FurnitureConfig) -> Self {
        Self {
            cfg,
            lines: FastMap::default(),
        }
    }

    /// Restores one line's statistics (from the store).
    pub fn restore(&mut self, key: u64, stat: LineStat) {
        self.lines.insert(key, stat);
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The key of a line under this model's settings.
    pub fn key(&self, line: &str) -> Option<u64> {
        line_key_within(line, self.cfg.max_words)
    }

    /// Whether a line with this key is furniture.
    pub fn is_furniture(&self, key: u64) -> bool {
        let Some(s) = self.lines.get(&key) else {
            return false;
        };
        let dated = s.first_day <= s.last_day;
        let span = if dated { s.last_day - s.first_day } else { 0 };
        (s.articles >= 2 && dated && span >= self.cfg.pair_days)
            || (s.articles >= 3 && dated && span >= self.cfg.triple_days)
            || s.articles >= self.cfg.undated_articles.max(2) && !dated
    }

    /// Whether a line of text is furniture.
    pub fn is_furniture_line(&self, line: &str) -> bool {
        self.key(line).is_some_and(|k| self.is_furniture(k))
    }

    /// Counts one article's lines (each key once), dated `day` (days since 1970) when
    /// known. Returns the statistics that changed, for the store.
    pub fn learn(&mut self, keys: &[u64], day: Option<i32>) -> Vec<(u64, LineStat)> {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys.dedup();
        if self.lines.len() + keys.len() > self.cfg.max_lines {
            // Forget lines seen once: the ones least likely to be furniture.
            self.lines.retain(|_, s| s.articles > 1);
        }
        let mut changed = Vec::with_capacity(keys.len());
        for k in keys {
            let s = self.lines.entry(k).or_insert(LineStat {
                articles: 0,
                first_day: i32::MAX,
                last_day: i32::MIN,
            });
            s.articles = s.articles.saturating_add(1);
            if let Some(d) = day {
                s.first_day = s.first_day.min(d);
                s.last_day = s.last_day.max(d);
            }
            changed.push((k, *s));
        }
        changed
    }

    /// The keys of a cleaned article's lines: its paragraphs and the lines the cleaner
    /// took out as furniture (they keep counting).
    pub fn keys_of(&self, a: &Article) -> Vec<u64> {
        a.paragraphs
            .iter()
            .map(|p| p.of(&a.body))
            .chain(
                a.removed
                    .iter()
                    .filter(|r| r.reason == RemovedReason::Furniture)
                    .map(|r| r.text.as_str()),
            )
            .filter_map(|l| self.key(l))
            .collect()
    }
}

/// An article's day (days since 1970), from its normalised publication date.
pub fn day_of(published: Option<&str>) -> Option<i32> {
    let p = published?;
    let date = chrono::NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((date - epoch).num_days()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_shared_within_days_is_reporting_and_across_months_is_furniture() {
        let mut f = Furniture::default();
        let wire = line_key("The coastguard said twelve people were rescued.").expect("key");
        for day in [100, 100, 101, 101, 102] {
            f.learn(&[wire], Some(day));
        }
        assert!(!f.is_furniture(wire), "wire copy within days");
        let widget = line_key("Thank you for registering!").expect("key");
        f.learn(&[widget], Some(100));
        f.learn(&[widget], Some(120));
        assert!(!f.is_furniture(widget));
        f.learn(&[widget], Some(140));
        assert!(f.is_furniture(widget), "three sightings over weeks");
        let undated = line_key("Get email notifications daily").expect("key");
        for _ in 0..3 {
            f.learn(&[undated], None);
        }
        assert!(!f.is_furniture(undated));
        f.learn(&[undated], None);
        assert!(f.is_furniture(undated));
    }

    #[test]
    fn long_lines_and_single_words_have_no_key() {
        assert_eq!(line_key("Subscribe"), None);
        let long = "word ".repeat(41);
        assert_eq!(line_key(&long), None);
        assert_eq!(line_key("Sign In!"), line_key("sign in"));
    }

    #[test]
    fn days_are_read_from_normalised_dates() {
        assert_eq!(day_of(Some("1970-01-02")), Some(1));
        assert_eq!(
            day_of(Some("2026-03-04T10:00:00Z")),
            day_of(Some("2026-03-04"))
        );
        assert_eq!(day_of(None), None);
    }
}
