//! A synthetic stream of news for the stories benchmark: events over a span of days, each
//! covered by a heavy-tailed number of articles within a few days of its start, in
//! publication order, with the event each article reports (the truth).
//!
//! An event has its own names (capitalised pseudo-words from a pool of 100,000) and
//! topical words (from a pool of 200,000), so events overlap in vocabulary the way news
//! does: the same places and people recur across unrelated events. An article's title
//! mixes the event's names and words; its body draws a quarter of its words from the
//! event and the rest from the Zipf-skewed background vocabulary of [`super::vocabulary`].

use super::{vocabulary, Rng};

const NAMES: usize = 100_000;
const TOPICAL: usize = 200_000;
const DAY: i64 = 86_400;
/// 2026-01-01T00:00:00Z: the stream's first day.
const EPOCH: i64 = 1_767_225_600;

#[derive(Debug, Clone)]
struct Event {
    start: i64,
    /// Seconds over which its articles appear.
    span: i64,
    names: [u32; 4],
    words: [u32; 12],
    articles: u32,
}

/// One article of the stream.
#[derive(Debug, Clone)]
pub struct StreamArticle {
    pub event: u32,
    /// Unix seconds.
    pub time: i64,
    pub title: String,
    pub body: String,
}

/// The stream: a schedule of events and articles, whose texts are made on demand (so a
/// million articles do not sit in memory).
#[derive(Debug)]
pub struct StoryStream {
    background: Vec<String>,
    names: Vec<String>,
    topical: Vec<String>,
    events: Vec<Event>,
    /// (time, event, index within the event), in publication order.
    schedule: Vec<(i64, u32, u32)>,
    seed: u64,
}

impl StoryStream {
    /// About `articles` articles over `days` days.
    pub fn new(articles: usize, days: u32, seed: u64) -> Self {
        let mut rng = Rng::new(seed ^ 0x0570_71e5);
        let syllables = vocabulary(NAMES + TOPICAL);
        let names: Vec<String> = syllables[..NAMES]
            .iter()
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            })
            .map(|w: String| format!("{w}an"))
            .collect();
        let topical: Vec<String> = syllables[NAMES..].iter().map(|w| format!("{w}o")).collect();
        let span_all = i64::from(days.max(1)) * DAY;
        let mut events = Vec::new();
        let mut total = 0usize;
        while total < articles {
            // Heavy-tailed coverage: most events get a few articles, some get hundreds.
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            let size = ((1.0 / (1.0 - u).max(1e-6)).powf(0.9) as usize).clamp(1, 400);
            let size = size.min(articles - total);
            let names = std::array::from_fn(|_| rng.below(NAMES) as u32);
            let words = std::array::from_fn(|_| rng.below(TOPICAL) as u32);
            events.push(Event {
                start: EPOCH + rng.below(span_all as usize) as i64,
                span: DAY / 4 + rng.below(4 * DAY as usize) as i64,
                names,
                words,
                articles: size as u32,
            });
            total += size;
        }
        let mut schedule = Vec::with_capacity(total);
        for (e, ev) in events.iter().enumerate() {
            for k in 0..ev.articles {
                // Coverage is densest at the start.
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let t = ev.start + (u * u * ev.span as f64) as i64;
                schedule.push((t, e as u32, k));
            }
        }
        schedule.sort_unstable();
        Self {
            background: vocabulary(20_000),
            names,
            topical,
            events,
            schedule,
            seed,
        }
    }

    pub fn len(&self) -> usize {
        self.schedule.len()
    }

    pub fn is_empty(&self) -> bool {
        self.schedule.is_empty()
    }

    pub fn events(&self) -> usize {
        self.events.len()
    }

    /// The `i`th article in publication order. Deterministic.
    pub fn article(&self, i: usize) -> StreamArticle {
        let (time, e, k) = self.schedule[i];
        let ev = &self.events[e as usize];
        let mut rng = Rng::new(self.seed ^ (u64::from(e) << 20) ^ u64::from(k));
        let name = |rng: &mut Rng| self.names[ev.names[rng.below(4)] as usize].as_str();
        let word = |rng: &mut Rng| self.topical[ev.words[rng.below(12)] as usize].as_str();
        let bg = |rng: &mut Rng| self.background[rng.skewed(self.background.len())].as_str();
        let mut title = String::new();
        for (j, w) in [
            name(&mut rng),
            word(&mut rng),
            bg(&mut rng),
            word(&mut rng),
            name(&mut rng),
        ]
        .iter()
        .enumerate()
        {
            if j > 0 {
                title.push(' ');
            }
            title.push_str(w);
        }
        let mut body = String::with_capacity(1600);
        let sentences = 8 + rng.below(8);
        for _ in 0..sentences {
            let n = 10 + rng.below(12);
            for j in 0..n {
                let w = match rng.below(16) {
                    0 => name(&mut rng),
                    1..=3 => word(&mut rng),
                    _ => bg(&mut rng),
                };
                if j == 0 {
                    // Sentences open with a background word, capitalised.
                    let w = bg(&mut rng);
                    let mut c = w.chars();
                    if let Some(f) = c.next() {
                        body.extend(f.to_uppercase());
                        body.push_str(c.as_str());
                    }
                } else {
                    body.push(' ');
                    body.push_str(w);
                }
            }
            body.push_str(". ");
        }
        StreamArticle {
            event: e,
            time,
            title,
            body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_ordered_deterministic_and_sized() {
        let s = StoryStream::new(2_000, 10, 3);
        assert_eq!(s.len(), 2_000);
        assert!(s.events() > 50 && s.events() < 2_000);
        let times: Vec<i64> = (0..s.len()).map(|i| s.article(i).time).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        let again = StoryStream::new(2_000, 10, 3);
        assert_eq!(s.article(77).body, again.article(77).body);
        let a = s.article(5);
        assert!(a.body.len() > 300, "{}", a.body);
        assert!(a.title.split(' ').count() == 5);
    }
}
