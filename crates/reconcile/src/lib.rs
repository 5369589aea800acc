//! Reconcile: a story's facts lined up across its sources.
//!
//! From the story's reports (their sentences, stored annotations and copy families) this
//! stage finds *facts*: counts of one thing (strikes, people killed, a reward), quotes,
//! and claims several reports make in similar words. Each fact has *versions* (the values
//! or speakers the reports give), each version its articles and its count of independent
//! sources: a copy family counts once, and a statement that credits another outlet
//! ("according to the Miami Herald") counts for that outlet, not for the reporter. A
//! verdict says whether the sources agree, give versions that can all hold, differ, or
//! whether only one source says it; who said it first, and the story's timeline.
//!
//! Pure and synchronous: no I/O, deterministic output for the same input.

pub mod events;
pub mod input;
mod words;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

pub use input::{
    AlignedPair, AttributionNote, EntityNote, Notes, QuantityNote, QuoteNote, Report, Sentence,
    TimeNote,
};

/// What the sources say about a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Two or more independent sources give the same version.
    Agreed,
    /// Two or more independent sources give versions that can all hold (overlapping
    /// intervals, or counts for different times).
    Compatible,
    /// Versions that cannot all hold: disjoint counts of one thing at one time, one quote
    /// given to different speakers.
    Differs,
    /// One independent source, however many articles repeat it.
    SingleSource,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Agreed => "agreed",
            Status::Compatible => "compatible",
            Status::Differs => "differs",
            Status::SingleSource => "single source",
        }
    }
}

/// An article's statement of a fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub id: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub sentence: usize,
    /// The sentence's byte offsets into the article body (`article ID --json`).
    pub start: usize,
    pub end: usize,
    /// The sentence's words.
    pub text: String,
    /// The outlet the statement credits ("according to the Miami Herald"), which is then
    /// its origin.
    pub credited_to: Option<String>,
}

/// The earliest report, and why it counts as the first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct First {
    pub article: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    /// The value as a reader says it ("13", "at least 10", "about 10,000"), the speaker of
    /// a quote, or the claim's words.
    pub value: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// When the version holds, if the report says ("2025-08"); `None` is the report's
    /// own time.
    pub time: Option<String>,
    /// The words of its first report.
    pub text: String,
    pub independent_sources: usize,
    /// The independent sources, by name (an outlet, or the outlets of one copy family).
    pub sources: Vec<String>,
    pub first: Option<First>,
    pub articles: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub id: String,
    /// For a count: what it counts, `outcome|thing` ("killed|people", "|strike",
    /// "|dollar reward").
    pub topic: Option<String>,
    /// `quantity`, `quote` or `claim`.
    pub kind: &'static str,
    pub summary: String,
    pub status: Status,
    pub independent_sources: usize,
    pub first: Option<First>,
    /// Why the verdict is what it is, when it is not plain.
    pub note: Option<String>,
    pub versions: Vec<Version>,
}

/// A dated event of the story: a date the reports name, with the words around it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dated {
    /// TimeML value: a day, a month or a year.
    pub when: String,
    pub text: String,
    pub articles: usize,
    pub independent_sources: usize,
}

/// When an outlet first covered the story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub outlet: String,
    pub first_article: String,
    pub first_published: Option<String>,
    pub articles: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub events: Vec<Dated>,
    pub coverage: Vec<Coverage>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub facts: usize,
    pub agreed: usize,
    pub compatible: usize,
    pub differs: usize,
    pub single_source: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    pub summary: Summary,
    pub facts: Vec<Fact>,
    pub timeline: Timeline,
}

/// Settings of the stage.
#[derive(Debug, Clone)]
pub struct Config {
    /// Claims (sentences in similar words) are looked for among at most this many
    /// articles, the earliest first: bounded time and memory for very large stories.
    /// Counts, quotes and the timeline read every article.
    pub max_claim_articles: usize,
    /// Share of the shorter sentence's content words two sentences must share to state
    /// one claim.
    pub claim_overlap: f64,
    /// Content words they must share at least.
    pub claim_min_shared: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_claim_articles: 1000,
            claim_overlap: 0.6,
            claim_min_shared: 4,
        }
    }
}

/// A statement: an article's sentence bearing on a fact, with its origin.
#[derive(Debug, Clone)]
struct Said {
    report: usize,
    sentence: usize,
    /// The independent source it counts for: `f<family>` or `o<outlet key>`.
    origin: String,
    credited: Option<String>,
}

/// The stage.
#[derive(Debug, Clone, Default)]
pub struct Reconciler {
    pub config: Config,
}

impl Reconciler {
    pub fn run(&self, reports: &[Report]) -> Reconciliation {
        self.run_aligned(reports, &[])
    }

    /// As [`Reconciler::run`], with sentence pairs the copies stage's model aligned across
    /// reports: a pair states one claim even in different words.
    pub fn run_aligned(&self, reports: &[Report], aligned: &[AlignedPair]) -> Reconciliation {
        let credits = credits(reports);
        let said = |r: usize, s: usize| -> Said {
            let credited = credits.get(&(r, s)).cloned();
            Said {
                report: r,
                sentence: s,
                origin: match &credited {
                    Some(outlet) => format!("o{}", outlet_key(outlet)),
                    None => format!("f{}", reports[r].family),
                },
                credited,
            }
        };
        let mut facts = Vec::new();
        facts.extend(quantity_facts(reports, &said));
        facts.extend(quote_facts(reports, &said));
        facts.extend(claim_facts(reports, &said, &self.config, aligned));
        // Most independent sources first, then the sharpest verdicts, then by summary.
        facts.sort_by(|a, b| {
            b.independent_sources
                .cmp(&a.independent_sources)
                .then(a.status.cmp(&b.status))
                .then(kind_rank(a.kind).cmp(&kind_rank(b.kind)))
                .then(a.summary.cmp(&b.summary))
                .then(a.id.cmp(&b.id))
        });
        let mut summary = Summary {
            facts: facts.len(),
            ..Summary::default()
        };
        for f in &facts {
            match f.status {
                Status::Agreed => summary.agreed += 1,
                Status::Compatible => summary.compatible += 1,
                Status::Differs => summary.differs += 1,
                Status::SingleSource => summary.single_source += 1,
            }
        }
        Reconciliation {
            summary,
            facts,
            timeline: timeline(reports, &said),
        }
    }
}

fn kind_rank(kind: &str) -> u8 {
    match kind {
        "quantity" => 0,
        "quote" => 1,
        _ => 2,
    }
}

/// Lower case, words joined by '-': how an outlet's name is compared.
fn outlet_key(name: &str) -> String {
    let mut words: Vec<String> = words::words(name).map(str::to_lowercase).collect();
    if words.first().is_some_and(|w| w == "the") {
        words.remove(0);
    }
    words.join("-")
}

/// Sentences whose claim the report credits to another outlet: an attribution with an
/// outlet as its source (the reporter's own name aside).
fn credits(reports: &[Report]) -> HashMap<(usize, usize), String> {
    let mut out = HashMap::new();
    for (r, rep) in reports.iter().enumerate() {
        let own = rep.outlet.as_deref().map(outlet_key).unwrap_or_default();
        for a in &rep.notes.attributions {
            if a.source_kind != "outlet" {
                continue;
            }
            let name = media_name(rep, a);
            let Some(name) = name else { continue };
            let key = outlet_key(&name);
            if key.is_empty() || (!own.is_empty() && (own.contains(&key) || key.contains(&own))) {
                continue;
            }
            out.entry((r, a.sentence)).or_insert(name);
        }
    }
    out
}

/// The outlet an attribution names: the media entity inside its source, else the source.
fn media_name(rep: &Report, a: &AttributionNote) -> Option<String> {
    let source = a.source.as_deref()?;
    rep.notes
        .entities
        .iter()
        .filter(|e| e.sentence == a.sentence && e.media && source.contains(&e.text))
        .map(|e| e.text.clone())
        .next()
        .or_else(|| Some(source.trim_start_matches("the ").to_string()))
}

/// Groups statements by origin and returns (count, source names).
fn sources_of(reports: &[Report], said: &[&Said]) -> (usize, Vec<String>) {
    let mut by_origin: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for s in said {
        let names = by_origin.entry(&s.origin).or_default();
        match &s.credited {
            Some(outlet) => {
                names.insert(outlet.clone());
            }
            None => {
                let rep = &reports[s.report];
                names.insert(rep.outlet.clone().unwrap_or_else(|| rep.id.clone()));
            }
        }
    }
    let names = by_origin
        .values()
        .map(|set| set.iter().cloned().collect::<Vec<_>>().join(" / "))
        .collect();
    (by_origin.len(), names)
}

/// A publication time for ordering: undated last, then by day, then by time of day, a
/// report that gives only the day after those of that day that give an hour.
fn when_key(published: Option<&str>) -> (bool, String, String) {
    let p = published.unwrap_or_default();
    let day = p.get(..10).unwrap_or(p).to_string();
    let rest = p
        .get(10..)
        .filter(|x| !x.is_empty())
        .unwrap_or("~")
        .to_string();
    (published.is_none(), day, rest)
}

fn when(r: &Report) -> (bool, String, String) {
    when_key(r.published.as_deref())
}

/// The earliest of the statements: by publication time; without times, an origin of
/// its copy family; then by article id.
fn first_of(reports: &[Report], said: &[&Said]) -> Option<First> {
    let best = said.iter().min_by(|a, b| {
        let (ra, rb) = (&reports[a.report], &reports[b.report]);
        let key = |r: &Report| (when(r), !r.origin);
        key(ra)
            .cmp(&key(rb))
            .then(ra.id.cmp(&rb.id))
            .then(a.sentence.cmp(&b.sentence))
    })?;
    let r = &reports[best.report];
    let dated = said
        .iter()
        .filter(|s| reports[s.report].published.is_some())
        .count();
    let evidence = match (&r.published, &best.credited) {
        (_, Some(outlet)) => format!("credits {outlet}"),
        (Some(p), None) if dated == said.len() => format!("earliest published ({p})"),
        (Some(p), None) => format!("earliest published ({p}); some reports have no time"),
        (None, None) if r.origin => "no publication times: the origin of its copy family".into(),
        (None, None) => "no publication times".into(),
    };
    Some(First {
        article: r.id.clone(),
        outlet: best.credited.clone().or_else(|| r.outlet.clone()),
        published: r.published.clone(),
        evidence,
    })
}

fn text_of(reports: &[Report], s: &Said) -> String {
    reports[s.report]
        .sentences
        .get(s.sentence)
        .map(|x| x.text.clone())
        .unwrap_or_default()
}

fn mention(reports: &[Report], s: &Said) -> Mention {
    let r = &reports[s.report];
    let sentence = r.sentences.get(s.sentence);
    Mention {
        id: r.id.clone(),
        outlet: r.outlet.clone(),
        published: r.published.clone(),
        sentence: s.sentence,
        start: sentence.map_or(0, |x| x.start),
        end: sentence.map_or(0, |x| x.start + x.text.len()),
        text: sentence.map(|x| x.text.clone()).unwrap_or_default(),
        credited_to: s.credited.clone(),
    }
}

fn fact_id(kind: &str, key: &str) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in kind.bytes().chain([0]).chain(key.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

/// A version in the making: its statements.
struct Draft {
    value: String,
    low: Option<f64>,
    high: Option<f64>,
    time: Option<String>,
    said: Vec<Said>,
}

fn version(reports: &[Report], d: &Draft) -> Version {
    let refs: Vec<&Said> = d.said.iter().collect();
    let (n, sources) = sources_of(reports, &refs);
    let first = first_of(reports, &refs);
    let mut seen = BTreeSet::new();
    let articles: Vec<Mention> = d
        .said
        .iter()
        .filter(|s| seen.insert((s.report, s.sentence)))
        .map(|s| mention(reports, s))
        .collect();
    let text = first
        .as_ref()
        .and_then(|f| articles.iter().find(|m| m.id == f.article))
        .map(|m| m.text.clone())
        .unwrap_or_default();
    Version {
        value: d.value.clone(),
        low: d.low,
        high: d.high,
        time: d.time.clone(),
        text,
        independent_sources: n,
        sources,
        first,
        articles,
    }
}

fn finish(
    reports: &[Report],
    kind: &'static str,
    key: &str,
    summary: String,
    status: Status,
    note: Option<String>,
    drafts: &[Draft],
) -> Fact {
    let all: Vec<&Said> = drafts.iter().flat_map(|d| d.said.iter()).collect();
    let (n, _) = sources_of(reports, &all);
    let mut versions: Vec<Version> = drafts.iter().map(|d| version(reports, d)).collect();
    versions.sort_by(|a, b| {
        b.independent_sources
            .cmp(&a.independent_sources)
            .then(a.time.cmp(&b.time))
            .then(a.value.cmp(&b.value))
    });
    Fact {
        id: fact_id(kind, key),
        topic: (kind == "quantity").then(|| key.to_string()),
        kind,
        summary,
        status: if n <= 1 { Status::SingleSource } else { status },
        independent_sources: n,
        first: first_of(reports, &all),
        note,
        versions,
    }
}

/// How a count reads: "13", "at least 10", "about 10,000", "5 to 7".
fn say(q: &QuantityNote) -> String {
    let n = |x: f64| {
        // Millions and billions as a reader writes them ("$50 million").
        for (scale, word) in [(1e9, "billion"), (1e6, "million")] {
            let m = x / scale;
            if x.abs() >= scale && (m * 10.0).fract() == 0.0 {
                return format!("{m} {word}");
            }
        }
        if x.fract() == 0.0 && x.abs() < 1e15 {
            let s = format!("{}", x as i64);
            // Thousands separators.
            let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            format!("{sign}{out}")
        } else {
            // At most three decimals: "0.667" for two-thirds, "82.4" for 82.40.
            let s = format!("{x:.3}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    let money = if q.unit == "dollar" { "$" } else { "" };
    match q.modifier.as_str() {
        ">" => format!("at least {money}{}", n(q.low.unwrap_or(q.value))),
        "<" => format!("up to {money}{}", n(q.high.unwrap_or(q.value))),
        "~" => match (q.low, q.high) {
            // A vague amount ("dozens of"): its interval, not a made-up point.
            (Some(l), Some(h)) if h > q.value * 1.25 => {
                format!("between {money}{} and {money}{}", n(l), n(h))
            }
            _ => format!("about {money}{}", n(q.value)),
        },
        "range" => format!(
            "{money}{} to {money}{}",
            n(q.low.unwrap_or(q.value)),
            n(q.high.unwrap_or(q.value))
        ),
        _ => format!("{money}{}", n(q.value)),
    }
}

/// The interval a count allows.
fn interval(q: &QuantityNote) -> (Option<f64>, Option<f64>) {
    match q.modifier.as_str() {
        "=" => (Some(q.value), Some(q.value)),
        _ => (q.low, q.high),
    }
}

fn overlap_all(intervals: &[(Option<f64>, Option<f64>)]) -> bool {
    let low = intervals
        .iter()
        .filter_map(|i| i.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let high = intervals
        .iter()
        .filter_map(|i| i.1)
        .fold(f64::INFINITY, f64::min);
    low <= high
}

/// The outcome of a count from the words before and after it: just before ("killing at
/// least 14"), else after it up to the next number ("six people and injuring 15"); a
/// killing word wins over "shot" ("two men were shot and killed").
fn outcome_near(before: &[&str], after: &[&str]) -> Option<&'static str> {
    let just_before = before.iter().rev().take(1).find_map(|w| words::outcome(w));
    if let Some(o) = just_before.filter(|o| !matches!(*o, "injured" | "shot")) {
        return Some(o);
    }
    // Up to the next number; an outcome word just before that number is its own
    // ("14 boats, killing roughly 57": killed belongs to 57).
    let window: Vec<&str> = after
        .iter()
        .take(8)
        .take_while(|w| !words::is_number(w))
        .copied()
        .collect();
    let next_number = window.len() < after.len().min(8);
    // "struck by gunfire", "hit by a stray bullet": shot.
    let by_gunfire = |j: usize| {
        window
            .get(j + 1)
            .is_some_and(|b| b.eq_ignore_ascii_case("by"))
            && window[j + 2..].iter().take(3).any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "gunfire" | "bullet" | "bullets" | "gunshot" | "gunshots"
                )
            })
    };
    let found: Vec<&'static str> = window
        .iter()
        .enumerate()
        .filter(|(j, w)| !(next_number && window.len() - j <= 2 && w.ends_with("ing")))
        .filter_map(|(j, w)| match words::outcome(w) {
            Some("hit") if by_gunfire(j) => Some("shot"),
            o => o,
        })
        .collect();
    // "shot and killed" is a killing, "shot and wounded" an injury: the graver word wins
    // over "shot".
    for o in ["killed", "injured"] {
        if found.contains(&o) {
            return Some(o);
        }
    }
    found.first().copied().or(just_before)
}

/// Counts a sentence implies without a number: "a man was shot and killed" (one killed),
/// "a woman was wounded" (one injured), "wounding both" (two injured). Returns (outcome,
/// victims, sentence-local byte offset).
fn implied_counts(text: &str) -> Vec<(&'static str, usize, usize)> {
    // Words with their hyphens ("11-year-old"); any other mark splits ("Pa.–A 15-year-old").
    let ws: Vec<(usize, &str)> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let mut out = Vec::new();
    for i in 0..ws.len() {
        let w = clean(ws[i].1);
        // "accidentally shot himself": the one who fired is the one shot.
        // "with a gunshot wound": someone was shot.
        let next = ws.get(i + 1).map(|n| clean(n.1)).unwrap_or_default();
        // "shot and killed herself", "fatally shot himself", "killed himself": one dead.
        let reflexive = matches!(next.as_str(), "himself" | "herself");
        let fatally = i >= 1 && clean(ws[i - 1].1) == "fatally";
        if reflexive && (w == "killed" || (w == "shot" && fatally)) {
            out.push(("killed", 1, ws[i].0));
            continue;
        }
        if (w == "shot" && reflexive)
            || (w == "gunshot" && matches!(next.as_str(), "wound" | "wounds"))
        {
            out.push(("shot", 1, ws[i].0));
            continue;
        }
        // "shot his girlfriend and her son, wounding both", "both were wounded": two.
        if w == "both" {
            let prev = i
                .checked_sub(1)
                .and_then(|p| words::outcome(&clean(ws[p].1)));
            let next: Vec<String> = ws[i + 1..].iter().take(4).map(|n| clean(n.1)).collect();
            let subject = next
                .iter()
                .position(|n| matches!(n.as_str(), "were" | "was" | "died" | "are"))
                .is_some_and(|v| v <= 1);
            let later: Vec<&str> = if subject {
                next.iter().map(String::as_str).collect()
            } else {
                Vec::new()
            };
            let o = match prev {
                Some(o) => Some(o),
                None => outcome_near(&[], &later),
            };
            if let Some(o) = o.filter(|o| matches!(*o, "killed" | "injured" | "shot")) {
                out.push((o, 2, ws[i].0));
            }
            continue;
        }
        if !matches!(w.as_str(), "a" | "an" | "one" | "his" | "her") {
            continue;
        }
        // "a 25-year-old man", "an unidentified woman", "his 10-year-old brother", "an
        // 11-year-old": the person noun within 3 words, else a kin or age noun.
        let window = i + 1..(i + 4).min(ws.len());
        let Some(p) = window
            .clone()
            .find(|&j| words::is_person(&clean(ws[j].1)))
            .or_else(|| window.clone().find(|&j| words::is_kin(&clean(ws[j].1))))
        else {
            continue;
        };
        if clean(ws[p].1).ends_with('s') && clean(ws[p].1) != "others" {
            continue;
        }
        let before: Vec<&str> = ws[i.saturating_sub(3)..i].iter().map(|w| w.1).collect();
        let after: Vec<&str> = ws[p + 1..].iter().map(|w| w.1).collect();
        let before: Vec<String> = before.iter().map(|w| clean(w)).collect();
        let after: Vec<String> = after.iter().take(8).map(|w| clean(w)).collect();
        let b: Vec<&str> = before.iter().map(String::as_str).collect();
        // "the accidental shooting of a three-year-old", "the fatal shooting of a man".
        if b.ends_with(&["shooting", "of"]) {
            let fatal = b.iter().any(|w| matches!(*w, "fatal" | "deadly"));
            out.push((if fatal { "killed" } else { "shot" }, 1, ws[i].0));
            continue;
        }
        // "a friend who lives in the building": "lives" is a verb here, not a toll; "a man
        // was shooting" is the one who fired.
        let a: Vec<&str> = after
            .iter()
            .map(String::as_str)
            .filter(|w| !matches!(*w, "lives" | "shooting"))
            .collect();
        // Only a victim: the subject of a passive outcome ("was killed", "died"), or the
        // object of a killing word just before.
        let passive = a.first().is_some_and(|w| {
            matches!(
                *w,
                "was" | "is" | "has" | "had" | "who" | "died" | "dies" | "killed"
            )
        });
        if let Some(o) = outcome_near(&b, if passive { &a } else { &[] }) {
            if matches!(o, "killed" | "injured" | "shot") {
                out.push((o, 1, ws[i].0));
            }
        }
    }
    out
}

/// Per outcome (killed, injured, shot): how many victims the report names or describes
/// without a number, and the sentence of the first.
fn implied_victims(rep: &Report) -> Vec<(&'static str, f64, usize)> {
    let mut named: BTreeMap<&'static str, (BTreeSet<&str>, usize)> = BTreeMap::new();
    // Per outcome: the first sentence, and the most victims one phrase tells of.
    let mut unnamed: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for e in rep.notes.entities.iter().filter(|e| e.kind == "PER") {
        let Some(sentence) = rep.sentences.get(e.sentence) else {
            continue;
        };
        let Some(at) = sentence.text.find(&e.text) else {
            continue;
        };
        // "a boy shot in downtown Des Moines has died": a name after a place word is a
        // place the tagger took for a person.
        let placed = words::words(&sentence.text[..at]).last().is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "in" | "at" | "near" | "downtown" | "from" | "of" | "outside"
            )
        });
        if placed {
            continue;
        }
        // "Mark was shooting at the robber": the one who fired, not a victim.
        let after: Vec<&str> = words::words(&sentence.text[at + e.text.len()..])
            .take(10)
            .filter(|w| !w.eq_ignore_ascii_case("shooting"))
            .collect();
        // "Holt, 27, of Homewood, died", "Holt was shot and killed": the name is the
        // subject of the outcome (a verb in the next words, before any other name).
        let passive = after.iter().take(6).any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "was" | "died" | "dies" | "killed" | "had" | "has" | "is"
            )
        });
        if !passive {
            continue;
        }
        if let Some(o) =
            outcome_near(&[], &after).filter(|o| matches!(*o, "killed" | "injured" | "shot"))
        {
            let entry = named.entry(o).or_insert((BTreeSet::new(), e.sentence));
            entry.0.insert(e.key.as_str());
        }
    }
    for (s, sentence) in rep.sentences.iter().enumerate() {
        // "Just last year, a 12-year-old was killed": another event.
        if earlier_date(rep, s) {
            continue;
        }
        for (o, n, _) in implied_counts(&sentence.text) {
            let entry = unnamed.entry(o).or_insert((s, n));
            entry.1 = entry.1.max(n);
        }
    }
    // A report that speaks of a death at least twice ("the death of a 16-year-old boy who
    // was shot", "homicide detectives") and gives no number of dead: at least one killed.
    let counts_dead =
        rep.notes.quantities.iter().any(|q| {
            count_key(rep, q).is_some_and(|(o, thing)| o == "killed" && thing == "people")
        });
    if !counts_dead && !named.contains_key("killed") && !unnamed.contains_key("killed") {
        if let Some(s) = death_told(rep) {
            unnamed.insert("killed", (s, 1));
        }
    }
    // A named victim who was shot and killed is not also one shot and hurt.
    let killed: BTreeSet<&str> = named.get("killed").map(|x| x.0.clone()).unwrap_or_default();
    if let Some(shot) = named.get_mut("shot") {
        shot.0.retain(|k| !killed.contains(k));
        if shot.0.is_empty() {
            named.remove("shot");
        }
    }
    let mut out = Vec::new();
    for o in ["killed", "injured", "shot"] {
        let n = named
            .get(o)
            .map_or(0, |x| x.0.len())
            .max(unnamed.get(o).map_or(0, |x| x.1));
        let first = named
            .get(o)
            .map(|x| x.1)
            .into_iter()
            .chain(unnamed.get(o).map(|x| x.0))
            .min();
        if let Some(s) = first {
            out.push((o, n.max(1) as f64, s));
        }
    }
    out
}

/// The sentence of a report's first death word when it has two or more that nothing
/// before them denies ("attempted murder", "non-fatal", "injury or death").
fn death_told(rep: &Report) -> Option<usize> {
    let mut first = None;
    let mut told = 0;
    for (s, sentence) in rep.sentences.iter().enumerate() {
        // "the 19th child shot so far this year, one fatally": other events.
        if tallies_many(&sentence.text) {
            continue;
        }
        let ws: Vec<&str> = words::words(&sentence.text).collect();
        for (i, w) in ws.iter().enumerate() {
            let denied = ws[i.saturating_sub(2)..i]
                .iter()
                .any(|d| words::denies_death(d));
            if words::is_death(w) && !denied {
                told += 1;
                first.get_or_insert(s);
            }
        }
    }
    first.filter(|_| told >= 2)
}

/// What a count is of: (outcome, thing), e.g. ("killed", "people"), ("", "strike"),
/// ("", "dollar reward"). `None` for counts that are not facts of the story (durations,
/// ages, bare numbers).
fn count_key(rep: &Report, q: &QuantityNote) -> Option<(String, String)> {
    let sentence = rep.sentences.get(q.sentence)?;
    let local = q.start.checked_sub(sentence.start)?;
    let local_end = q.end.checked_sub(sentence.start)?;
    let text = &sentence.text;
    let before: Vec<&str> = text
        .get(..local)
        .map(|t| words::words(t).collect())
        .unwrap_or_default();
    let after: Vec<&str> = text
        .get(local_end.min(text.len())..)
        .map(|t| words::words(t).collect())
        .unwrap_or_default();
    // The outcome just before the count ("killing at least 14"), else the nearest after
    // it up to the next number ("six people and injuring 15": killed for six).
    let mut outcome = outcome_near(&before, &after);
    let thing = match (&q.counted, q.unit.as_str()) {
        (Some(c), _) => {
            let head = c.split_whitespace().last().unwrap_or(c).to_lowercase();
            if words::is_skipped_count(&head) {
                return None;
            }
            // "eliminating roughly 57 narcoterrorists", "neutralised 12 fighters": a
            // killing only when people are its object ("eliminated 500 jobs" is not).
            if outcome.is_none()
                && words::is_person(&head)
                && before.last().is_some_and(|w| words::kills_people(w))
            {
                outcome = Some("killed");
            }
            if outcome.is_some() && words::is_person(&head) {
                "people".to_string()
            } else {
                words::singular(&head)
            }
        }
        (None, "dollar" | "euro" | "pound sterling" | "yen" | "yuan" | "rupee" | "ruble") => {
            // What the sum is for: the nearest purpose noun in the sentence ("reward").
            let all: Vec<&str> = words::words(text).collect();
            let at = before.len();
            let noun = all
                .iter()
                .enumerate()
                .filter(|(_, w)| words::is_money_purpose(w))
                .min_by_key(|(i, _)| i.abs_diff(at))
                .map(|(_, w)| words::singular(w));
            match noun {
                Some(n) => format!("{} {n}", q.unit),
                None => q.unit.clone(),
            }
        }
        // "Four other men": a count whose noun the quantity reader did not take.
        (None, "-") if after.iter().take(3).any(|w| words::is_person(w)) => "people".to_string(),
        // "left two others dead and three more hurt".
        (None, "-")
            if outcome.is_some()
                && after
                    .first()
                    .is_some_and(|w| w.eq_ignore_ascii_case("more"))
                && after.get(1).is_some_and(|w| words::outcome(w).is_some()) =>
        {
            "people".to_string()
        }
        _ => return None,
    };
    // Counts of people with no outcome ("200 people on board", "40 people still
    // sought") count too many different things to line up.
    if outcome.is_none() && thing == "people" {
        return None;
    }
    // A tally of many events ("at least 35 others have been wounded in shootings across
    // Chicago since Friday") is not a count of this one.
    if thing == "people" && tallies_many(text) {
        return None;
    }
    Some((outcome.unwrap_or("").to_string(), thing))
}

/// Whether a sentence tallies several events: "in shootings", "separate shootings",
/// "across the city", "across Chicago", "citywide", "so far this year".
fn tallies_many(text: &str) -> bool {
    let ws: Vec<&str> = words::words(text).collect();
    let so_far = ws.windows(4).any(|w| {
        w[0].eq_ignore_ascii_case("so")
            && w[1].eq_ignore_ascii_case("far")
            && w[2].eq_ignore_ascii_case("this")
            && w[3].eq_ignore_ascii_case("year")
    });
    if so_far {
        return true;
    }
    ws.iter().enumerate().any(|(i, w)| {
        let next = ws.get(i + 1).copied().unwrap_or("");
        matches!(
            w.to_lowercase().as_str(),
            "shootings" | "citywide" | "separate"
        ) || (w.eq_ignore_ascii_case("across")
            && (next.eq_ignore_ascii_case("the")
                && ws.get(i + 2).is_some_and(|c| {
                    matches!(
                        c.to_lowercase().as_str(),
                        "city" | "region" | "country" | "state" | "county" | "nation"
                    )
                })
                || next.chars().next().is_some_and(char::is_uppercase)))
    })
}

/// Whether sentence `s` names a month or year before the report's own ("last year", "in
/// August" in a report of November): what it tells holds at another time.
fn earlier_date(rep: &Report, s: usize) -> bool {
    let Some(published) = rep.published.as_deref() else {
        return false;
    };
    rep.notes
        .times
        .iter()
        .filter(|t| t.sentence == s && t.kind == "DATE")
        .any(|t| before_report(&t.value, published))
}

/// Whether a TimeML value is a year or a month ("2024", "2024-08") before the report's.
fn before_report(value: &str, published: &str) -> bool {
    let form = value
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || (i == 4 && b == b'-'));
    form && matches!(value.len(), 4 | 7) && published.get(..value.len()).is_some_and(|p| value < p)
}

/// When a count is said to hold, if not at the report's own time: a month or year before
/// the report's ("in August", "in 2024"), or an earlier figure ("raising an earlier toll
/// of four", "raised the reward from $20 million"). Counts for different times do not
/// conflict. Durations ("since September") and days are not a time of the count.
fn count_time(rep: &Report, q: &QuantityNote) -> Option<String> {
    let sentence = rep.sentences.get(q.sentence)?;
    let before: Vec<&str> = q
        .start
        .checked_sub(sentence.start)
        .and_then(|l| sentence.text.get(..l))
        .map(|t| words::words(t).collect())
        .unwrap_or_default();
    let changed = words::words(&sentence.text).any(words::is_change);
    let last = before.last().map(|w| w.to_lowercase());
    if before.iter().rev().take(6).any(|w| words::is_earlier(w))
        || (changed && last.as_deref() == Some("from"))
    {
        return Some("earlier".into());
    }
    let published = rep.published.as_deref()?;
    rep.notes
        .times
        .iter()
        .filter(|t| t.sentence == q.sentence && t.kind == "DATE")
        .filter(|t| {
            let text = t.text.to_lowercase();
            !text.starts_with("since")
                && !sentence
                    .text
                    .to_lowercase()
                    .contains(&format!("since {text}"))
        })
        .find(|t| before_report(&t.value, published))
        .map(|t| t.value.clone())
}

/// Content-word overlap of two sentences (share of the shorter's words).
fn overlap(x: &[String], y: &[String]) -> f64 {
    let shared = x.iter().filter(|w| y.binary_search(w).is_ok()).count();
    shared as f64 / x.len().min(y.len()).max(1) as f64
}

fn quantity_facts(reports: &[Report], said: &dyn Fn(usize, usize) -> Said) -> Vec<Fact> {
    // key -> version key -> draft
    type Versions = BTreeMap<(Option<String>, String, u64, u64), Draft>;
    let mut by_key: BTreeMap<(String, String), Versions> = BTreeMap::new();
    for (r, rep) in reports.iter().enumerate() {
        for q in &rep.notes.quantities {
            let Some(key) = count_key(rep, q) else {
                continue;
            };
            let (low, high) = interval(q);
            let time = count_time(rep, q);
            let vkey = (
                time.clone(),
                q.modifier.clone(),
                low.map_or(u64::MAX, f64::to_bits),
                high.map_or(u64::MAX, f64::to_bits),
            );
            let d = by_key
                .entry(key)
                .or_default()
                .entry(vkey)
                .or_insert_with(|| Draft {
                    value: say(q),
                    low,
                    high,
                    time,
                    said: Vec::new(),
                });
            d.said.push(said(r, q.sentence));
        }
        // Victims a report names or describes without a number ("Vincent Holt, 27, died",
        // "a man was shot and killed"): one count per outcome for the article, the number
        // of named victims (at least one when an unnamed one is described).
        for (outcome, value, sentence) in implied_victims(rep) {
            let vkey = (None, "=".to_string(), value.to_bits(), value.to_bits());
            let d = by_key
                .entry((outcome.to_string(), "people".to_string()))
                .or_default()
                .entry(vkey)
                .or_insert_with(|| Draft {
                    value: format!("{value}"),
                    low: Some(value),
                    high: Some(value),
                    time: None,
                    said: Vec::new(),
                });
            d.said.push(said(r, sentence));
        }
    }
    // One fact per thing counted and time it is said to hold at: counts for different
    // times ("seven warships in August", "at least ten now") never conflict.
    let mut out = Vec::new();
    for ((outcome, thing), versions) in by_key {
        let mut times: BTreeMap<Option<String>, Vec<Draft>> = BTreeMap::new();
        for d in versions.into_values() {
            times.entry(d.time.clone()).or_default().push(d);
        }
        for (time, drafts) in times {
            out.push(count_fact(
                reports,
                &outcome,
                &thing,
                time.as_deref(),
                &drafts,
            ));
        }
    }
    out
}

/// The verdict on one thing's counts at one time. Two versions differ when they cannot
/// both hold, come from different sources (an outlet's update of its own figure is not a
/// conflict) and, for a count with no stated outcome, are said in similar sentences (so
/// "300 boats fish here" and "11 boats were hit" are not compared).
fn count_fact(
    reports: &[Report],
    outcome: &str,
    thing: &str,
    time: Option<&str>,
    drafts: &[Draft],
) -> Fact {
    // One statement per source and version stands for it (at most 50 sources per version
    // are compared: bounded work however large the story).
    let reps: Vec<Vec<(&Said, Vec<String>)>> = drafts
        .iter()
        .map(|d| {
            let mut seen = BTreeSet::new();
            d.said
                .iter()
                .filter(|s| seen.insert(s.origin.as_str()))
                .take(50)
                .map(|s| {
                    let words = if outcome.is_empty() {
                        words::content(&text_of(reports, s))
                    } else {
                        Vec::new()
                    };
                    (s, words)
                })
                .collect()
        })
        .collect();
    let mut differs = false;
    for (i, a) in drafts.iter().enumerate() {
        for (j, b) in drafts.iter().enumerate().skip(i + 1) {
            if differs || overlap_all(&[(a.low, a.high), (b.low, b.high)]) {
                continue;
            }
            differs = reps[i].iter().any(|(x, xw)| {
                reps[j].iter().any(|(y, yw)| {
                    x.origin != y.origin && (!outcome.is_empty() || overlap(xw, yw) >= 0.35)
                })
            });
        }
    }
    let several = drafts.len() > 1;
    let status = if differs {
        Status::Differs
    } else if several {
        Status::Compatible
    } else {
        Status::Agreed
    };
    let note = if differs {
        Some("versions that cannot all hold".to_string())
    } else if several {
        Some("versions at different precision that can all hold".to_string())
    } else {
        None
    };
    let when = match time {
        None => String::new(),
        Some("earlier") => " (an earlier figure)".to_string(),
        Some(t) => format!(" (as of {t})"),
    };
    let summary = match outcome {
        "" => format!("{thing}{when}"),
        o => format!("{thing} {o}{when}"),
    };
    let key = match time {
        None => format!("{outcome}|{thing}"),
        Some(t) => format!("{outcome}|{thing}|{t}"),
    };
    finish(reports, "quantity", &key, summary, status, note, drafts)
}

/// A speaker as a reader wants it: a pronoun with the person it stands for.
fn speaker_name(speaker: Option<&str>, key: Option<&str>) -> String {
    let Some(s) = speaker else {
        return "speaker unknown".into();
    };
    let pronoun = matches!(
        s.to_lowercase().as_str(),
        "he" | "she" | "they" | "i" | "we"
    );
    match key {
        Some(k) if pronoun => {
            let name: Vec<String> = k
                .split('-')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                })
                .collect();
            format!("{s} ({})", name.join(" "))
        }
        _ => s.to_string(),
    }
}

/// Whether two speaker keys name one person ("lena-varga" and "varga").
fn same_speaker(a: &str, b: &str) -> bool {
    a == b || a.rsplit('-').next() == b.rsplit('-').next()
}

fn quote_facts(reports: &[Report], said: &dyn Fn(usize, usize) -> Said) -> Vec<Fact> {
    struct Group {
        words: BTreeSet<String>,
        text: String,
        quotes: Vec<(usize, usize, Option<String>, Option<String>)>,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (r, rep) in reports.iter().enumerate() {
        for q in &rep.notes.quotes {
            let w: BTreeSet<String> = words::words(&q.text).map(str::to_lowercase).collect();
            if w.len() < 3 {
                continue;
            }
            let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
            for word in &w {
                for &g in index.get(word).into_iter().flatten() {
                    *shared.entry(g).or_default() += 1;
                }
            }
            let at = shared
                .into_iter()
                .find(|&(g, n)| n as f64 >= 0.6 * groups[g].words.len().min(w.len()) as f64)
                .map(|(g, _)| g);
            if at.is_none() {
                for word in &w {
                    index.entry(word.clone()).or_default().push(groups.len());
                }
            }
            let entry = (r, q.sentence, q.speaker_key.clone(), q.speaker.clone());
            match at {
                Some(i) => groups[i].quotes.push(entry),
                None => groups.push(Group {
                    words: w,
                    text: q.text.clone(),
                    quotes: vec![entry],
                }),
            }
        }
    }
    let mut out = Vec::new();
    for g in groups {
        // Versions by speaker: known keys that name one person join.
        let mut drafts: Vec<(Option<String>, Draft)> = Vec::new();
        for (r, s, key, speaker) in &g.quotes {
            let at = drafts.iter().position(|(k, _)| match (k, key) {
                (Some(a), Some(b)) => same_speaker(a, b),
                (None, None) => true,
                _ => false,
            });
            let st = said(*r, *s);
            match at {
                Some(i) => drafts[i].1.said.push(st),
                None => drafts.push((
                    key.clone(),
                    Draft {
                        value: speaker_name(speaker.as_deref(), key.as_deref()),
                        low: None,
                        high: None,
                        time: None,
                        said: vec![st],
                    },
                )),
            }
        }
        let known = drafts.iter().filter(|(k, _)| k.is_some()).count();
        let status = if known >= 2 {
            Status::Differs
        } else if drafts.len() == 1 {
            Status::Agreed
        } else {
            Status::Compatible
        };
        let note = match (known >= 2, drafts.len() > known) {
            (true, _) => Some("the quote is given to different speakers".into()),
            (false, true) if known == 1 => Some("some reports name no speaker".into()),
            _ => None,
        };
        let drafts: Vec<Draft> = drafts.into_iter().map(|(_, d)| d).collect();
        let summary = format!("\u{201c}{}\u{201d}", clip(&g.text, 80));
        out.push(finish(
            reports, "quote", &g.text, summary, status, note, &drafts,
        ));
    }
    out
}

/// A sentence without the wire dateline that opens it ("PORT ALDREN (Coastline Wire) - A
/// ferry ..." reads "A ferry ..."): a place in capitals, an agency in brackets, a dash.
fn without_dateline(s: &str) -> &str {
    crosscheck_model::dateline_end(s).map_or(s, |e| &s[e..])
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Claims: sentences of different reports in similar words (most of their content words
/// shared), or aligned by the copies stage's sentence model (`aligned`). Only claims made by two or more independent sources are facts of their own:
/// a sentence only one source has is that source's report, already counted in its
/// quantities and quotes.
fn claim_facts(
    reports: &[Report],
    said: &dyn Fn(usize, usize) -> Said,
    cfg: &Config,
    aligned: &[AlignedPair],
) -> Vec<Fact> {
    // The earliest articles first, at most the configured number.
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |r: &Report| (when(r), r.id.clone());
        key(&reports[a]).cmp(&key(&reports[b]))
    });
    order.truncate(cfg.max_claim_articles);
    struct Cluster {
        words: Vec<String>,
        said: Vec<Said>,
    }
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for &r in &order {
        for (s, sentence) in reports[r].sentences.iter().enumerate() {
            let w = words::content(&sentence.text);
            if w.len() < cfg.claim_min_shared {
                continue;
            }
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for word in &w {
                for &c in index.get(word).into_iter().flatten() {
                    *shared.entry(c).or_default() += 1;
                }
            }
            let best = shared
                .into_iter()
                .filter(|&(c, n)| {
                    n >= cfg.claim_min_shared
                        && n as f64
                            >= cfg.claim_overlap * clusters[c].words.len().min(w.len()) as f64
                })
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
            match best {
                Some((c, _)) => clusters[c].said.push(said(r, s)),
                None => {
                    let c = clusters.len();
                    for word in &w {
                        index.entry(word.clone()).or_default().push(c);
                    }
                    clusters.push(Cluster {
                        words: w,
                        said: vec![said(r, s)],
                    });
                }
            }
        }
    }
    // Sentences the sentence model aligned state one claim: their clusters join.
    let mut at: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        for s in &c.said {
            at.insert((s.report, s.sentence), i);
        }
    }
    let mut parent: Vec<usize> = (0..clusters.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut extra: Vec<(usize, Said)> = Vec::new();
    for &(a, b) in aligned {
        match (at.get(&a).copied(), at.get(&b).copied()) {
            (Some(x), Some(y)) => {
                let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
                if rx != ry {
                    parent[rx.max(ry)] = rx.min(ry);
                }
            }
            // A short sentence the word rule skipped joins its partner's claim.
            (Some(x), None) if b.0 < reports.len() => extra.push((x, said(b.0, b.1))),
            (None, Some(y)) if a.0 < reports.len() => extra.push((y, said(a.0, a.1))),
            _ => {}
        }
    }
    for (c, s) in extra {
        clusters[c].said.push(s);
    }
    let mut merged: BTreeMap<usize, Cluster> = BTreeMap::new();
    for (i, c) in clusters.into_iter().enumerate() {
        let r = root(&mut parent, i);
        match merged.get_mut(&r) {
            Some(m) => m.said.extend(c.said),
            None => {
                merged.insert(r, c);
            }
        }
    }
    let mut out = Vec::new();
    for c in merged.into_values() {
        let refs: Vec<&Said> = c.said.iter().collect();
        let (n, _) = sources_of(reports, &refs);
        if n < 2 {
            continue;
        }
        let first = first_of(reports, &refs);
        let text = first
            .as_ref()
            .and_then(|f| {
                c.said
                    .iter()
                    .find(|s| reports[s.report].id == f.article)
                    .and_then(|s| reports[s.report].sentences.get(s.sentence))
            })
            .map(|s| s.text.clone())
            .unwrap_or_default();
        // The figures each source's sentences give: a claim in the same words with other
        // numbers is not an agreement on those numbers.
        let mut figures: BTreeMap<&str, BTreeSet<u64>> = BTreeMap::new();
        for s in &c.said {
            let set = figures.entry(&s.origin).or_default();
            for q in reports[s.report]
                .notes
                .quantities
                .iter()
                .filter(|q| q.sentence == s.sentence)
            {
                set.insert(q.value.to_bits());
            }
        }
        // Sources that give no figure do not disagree with those that do.
        let given: Vec<&BTreeSet<u64>> = figures.values().filter(|f| !f.is_empty()).collect();
        let same_figures = given.iter().all(|f| Some(f) == given.first());
        let (status, note) = if same_figures {
            (Status::Agreed, None)
        } else {
            (
                Status::Compatible,
                Some("the same claim with other figures: see the counts".to_string()),
            )
        };
        let text = without_dateline(&text).to_string();
        let drafts = [Draft {
            value: clip(&text, 80),
            low: None,
            high: None,
            time: None,
            said: c.said,
        }];
        out.push(finish(
            reports,
            "claim",
            &c.words.join(" "),
            clip(&text, 100),
            status,
            note,
            &drafts,
        ));
    }
    out
}

/// The story's dated events and each outlet's first report.
fn timeline(reports: &[Report], said: &dyn Fn(usize, usize) -> Said) -> Timeline {
    let mut events: BTreeMap<String, Vec<Said>> = BTreeMap::new();
    for (r, rep) in reports.iter().enumerate() {
        for t in &rep.notes.times {
            let v = t.value.as_str();
            let dated = t.kind == "DATE"
                && (v.len() == 4 || v.len() == 7 || v.len() == 10)
                && v.chars().take(4).all(|c| c.is_ascii_digit())
                && !v.contains('X')
                && !v.contains('W')
                && !v.contains('Q');
            if dated {
                events
                    .entry(v.to_string())
                    .or_default()
                    .push(said(r, t.sentence));
            }
        }
    }
    let events = events
        .into_iter()
        .map(|(when, said)| {
            let refs: Vec<&Said> = said.iter().collect();
            let (n, _) = sources_of(reports, &refs);
            let first = first_of(reports, &refs);
            let text = first
                .and_then(|f| {
                    said.iter()
                        .find(|s| reports[s.report].id == f.article)
                        .and_then(|s| reports[s.report].sentences.get(s.sentence))
                })
                .map(|s| s.text.clone())
                .unwrap_or_default();
            let articles = said.iter().map(|s| s.report).collect::<BTreeSet<_>>().len();
            Dated {
                when,
                text,
                articles,
                independent_sources: n,
            }
        })
        .collect();
    let mut outlets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (r, rep) in reports.iter().enumerate() {
        let name = rep.outlet.clone().unwrap_or_else(|| rep.id.clone());
        outlets.entry(name).or_default().push(r);
    }
    let mut coverage: Vec<Coverage> = outlets
        .into_iter()
        .map(|(outlet, rs)| {
            let first = rs
                .iter()
                .min_by(|&&a, &&b| {
                    let key = |r: &Report| (when(r), r.id.clone());
                    key(&reports[a]).cmp(&key(&reports[b]))
                })
                .copied()
                .unwrap_or(0);
            Coverage {
                outlet,
                first_article: reports[first].id.clone(),
                first_published: reports[first].published.clone(),
                articles: rs.len(),
            }
        })
        .collect();
    // In publication order, as reports are ordered.
    let order = |c: &Coverage| (when_key(c.first_published.as_deref()), c.outlet.clone());
    coverage.sort_by_key(order);
    Timeline { events, coverage }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report of one sentence with one count.
    fn report(
        id: &str,
        outlet: &str,
        family: usize,
        published: &str,
        text: &str,
        q: (&str, f64, Option<f64>, Option<f64>, &str),
    ) -> Report {
        let at = text.find(q.0).unwrap_or(0);
        Report {
            id: id.into(),
            outlet: Some(outlet.into()),
            published: Some(published.into()),
            family,
            origin: true,
            sentences: vec![Sentence {
                start: 0,
                text: text.into(),
            }],
            notes: Notes {
                quantities: vec![QuantityNote {
                    text: q.0.into(),
                    value: q.1,
                    low: q.2,
                    high: q.3,
                    modifier: q.4.into(),
                    unit: "-".into(),
                    counted: Some("boat".into()),
                    start: at,
                    end: at + q.0.len(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        }
    }

    fn boats(reports: &[Report]) -> Fact {
        let rec = Reconciler::default().run(reports);
        rec.facts
            .into_iter()
            .find(|f| f.topic.as_deref() == Some("hit|boat"))
            .expect("the boats fact")
    }

    const SAID: &str = "Twelve boats were hit near the harbour, officials said.";

    #[test]
    fn verdicts_follow_sources_and_intervals() {
        let twelve = ("Twelve boats", 12.0, Some(12.0), Some(12.0), "=");
        let a = report("a", "Wire", 0, "2026-01-01T08:00:00Z", SAID, twelve);
        let copy = report("b", "Paper", 0, "2026-01-01T09:00:00Z", SAID, twelve);
        let other = report("c", "Post", 1, "2026-01-01T07:00:00Z", SAID, twelve);
        // A copy of one report is still one source.
        let f = boats(&[a.clone(), copy.clone()]);
        assert_eq!(f.status, Status::SingleSource);
        assert_eq!(f.versions[0].articles.len(), 2);
        // An independent report with the same figure: agreed, and it was first.
        let f = boats(&[a.clone(), copy, other]);
        assert_eq!((f.status, f.independent_sources), (Status::Agreed, 2));
        assert_eq!(f.first.as_ref().map(|x| x.article.as_str()), Some("c"));
        // "At least 10" can hold beside 12; 9 cannot.
        let text = "At least 10 boats were hit near the harbour, officials said.";
        let ten = report(
            "d",
            "Post",
            1,
            "2026-01-01T10:00:00Z",
            text,
            ("At least 10 boats", 10.0, Some(10.0), None, ">"),
        );
        assert_eq!(boats(&[a.clone(), ten]).status, Status::Compatible);
        let text = "Nine boats were hit near the harbour, officials said.";
        let nine = report(
            "e",
            "Post",
            1,
            "2026-01-01T10:00:00Z",
            text,
            ("Nine boats", 9.0, Some(9.0), Some(9.0), "="),
        );
        assert_eq!(boats(&[a.clone(), nine.clone()]).status, Status::Differs);
        // One outlet updating its own figure is not a conflict.
        let mut update = nine;
        update.family = 0;
        assert_ne!(boats(&[a, update]).status, Status::Differs);
    }

    #[test]
    fn a_claim_credited_to_another_outlet_counts_for_that_outlet() {
        let twelve = ("Twelve boats", 12.0, Some(12.0), Some(12.0), "=");
        let a = report("a", "Wire", 0, "2026-01-01T08:00:00Z", SAID, twelve);
        let text = "Twelve boats were hit near the harbour, the Bay Herald reported.";
        let mut c = report("c", "Post", 1, "2026-01-01T09:00:00Z", text, twelve);
        c.notes.attributions.push(AttributionNote {
            source: Some("the Bay Herald".into()),
            source_kind: "outlet".into(),
            source_key: Some("bay-herald".into()),
            cue: "reported".into(),
            sentence: 0,
        });
        let f = boats(&[a, c]);
        assert_eq!(f.independent_sources, 2);
        assert!(f.versions[0]
            .sources
            .iter()
            .any(|s| s == "the Bay Herald" || s == "Bay Herald"));
        assert!(f.versions[0]
            .articles
            .iter()
            .any(|m| m.credited_to.is_some()));
    }

    #[test]
    fn sentences_aligned_by_the_copies_model_state_one_claim() {
        let one = |id: &str, outlet: &str, family, text: &str| Report {
            id: id.into(),
            outlet: Some(outlet.into()),
            published: Some("2026-01-01".into()),
            family,
            origin: true,
            sentences: vec![Sentence {
                start: 0,
                text: text.into(),
            }],
            notes: Notes::default(),
        };
        let reports = [
            one(
                "a",
                "Wire",
                0,
                "The navy said none of its drones were operating off the coast.",
            ),
            one(
                "b",
                "Post",
                1,
                "The navy has denied that any of its drones were in the area.",
            ),
        ];
        // In different words, no claim by word overlap alone.
        let plain = Reconciler::default().run(&reports);
        assert!(plain.facts.iter().all(|f| f.kind != "claim"));
        let aligned = Reconciler::default().run_aligned(&reports, &[((0, 0), (1, 0))]);
        let claim = aligned
            .facts
            .iter()
            .find(|f| f.kind == "claim")
            .expect("one claim");
        assert_eq!(
            (claim.status, claim.independent_sources),
            (Status::Agreed, 2)
        );
        // Alignments pointing outside the reports are ignored.
        let _ = Reconciler::default().run_aligned(&reports, &[((0, 9), (7, 3))]);
    }

    #[test]
    fn no_reports_and_empty_reports_give_no_facts() {
        assert!(Reconciler::default().run(&[]).facts.is_empty());
        let empty = Report {
            id: "x".into(),
            ..Default::default()
        };
        let rec = Reconciler::default().run(&[empty]);
        assert_eq!(rec.summary.facts, 0);
        assert_eq!(rec.timeline.coverage.len(), 1);
    }

    #[test]
    fn victims_told_without_a_number() {
        let outcomes =
            |t: &str| -> Vec<&str> { implied_counts(t).into_iter().map(|o| o.0).collect() };
        assert_eq!(
            outcomes("The boy accidentally shot himself in the hand."),
            ["shot"]
        );
        assert_eq!(
            outcomes("He was found with a gunshot wound to the thigh."),
            ["shot"]
        );
        assert_eq!(
            outcomes("PORTVALE, Pa.–An 11-year-old was accidentally shot."),
            ["shot"]
        );
        assert_eq!(
            outcomes("Police said he shot his 10-year-old brother."),
            ["shot"]
        );
        assert_eq!(
            outcomes("A man was killed and a woman was wounded."),
            ["killed", "injured"]
        );
        assert_eq!(outcomes("A woman was hit by a stray bullet."), ["shot"]);
        // The one who fired, and a verb that is no toll.
        assert!(outcomes("A man was shooting at the robber.").is_empty());
        assert!(outcomes("Her son was visiting a friend who lives nearby.").is_empty());
        // Deaths by one's own hand, and the shooting of someone.
        assert_eq!(
            outcomes("A girl accidentally shot and killed herself on Tuesday."),
            ["killed"]
        );
        assert_eq!(outcomes("The man then fatally shot himself."), ["killed"]);
        assert_eq!(
            outcomes("Deputies are looking into the accidental shooting of a toddler."),
            ["shot"]
        );
        assert_eq!(
            outcomes("Police made an arrest in the fatal shooting of a young man."),
            ["killed"]
        );
    }

    #[test]
    fn both_victims_count_two() {
        let counts = |t: &str| -> Vec<(&str, usize)> {
            implied_counts(t).into_iter().map(|o| (o.0, o.1)).collect()
        };
        assert_eq!(
            counts("The gunman opened fire on the couple, wounding both."),
            [("injured", 2)]
        );
        assert_eq!(
            counts("Both were taken to the hospital and both were wounded."),
            [("injured", 2)]
        );
        // "both" that is not the victims.
        assert!(counts("Both officers said the car sped away.").is_empty());
    }

    #[test]
    fn a_count_of_more_people() {
        let key = |text: &str| {
            let mut r = report(
                "a",
                "Wire",
                0,
                "2026-01-01",
                text,
                ("three", 3.0, None, None, "="),
            );
            r.notes.quantities[0].counted = None;
            count_key(&r, &r.notes.quantities[0])
        };
        let people = Some(("injured".to_string(), "people".to_string()));
        assert_eq!(key("It left two others dead and three more hurt."), people);
        assert_eq!(key("The gunman fired three more shots."), None);
    }

    #[test]
    fn eliminating_people_is_a_killing_and_eliminating_jobs_is_not() {
        let key = |text: &str, q: &str, counted: &str| {
            let mut r = report(
                "a",
                "Wire",
                0,
                "2026-01-01",
                text,
                (q, 57.0, None, None, "~"),
            );
            r.notes.quantities[0].counted = Some(counted.into());
            count_key(&r, &r.notes.quantities[0])
        };
        assert_eq!(
            key(
                "The strikes hit 14 boats, eliminating roughly 57 narcoterrorists.",
                "roughly 57 narcoterrorists",
                "narcoterrorist"
            ),
            Some(("killed".to_string(), "people".to_string()))
        );
        assert_eq!(
            key("The firm eliminated 57 jobs.", "57 jobs", "job"),
            Some((String::new(), "job".to_string()))
        );
    }

    #[test]
    fn a_tally_of_the_year() {
        assert!(tallies_many(
            "It was the 19th time a child was shot in the city so far this year."
        ));
        assert!(!tallies_many(
            "The child was shot on Friday night this year."
        ));
    }

    #[test]
    fn a_report_that_counts_its_dead_gets_no_implied_one() {
        let text =
            "At least 12 people died after the ferry overturned, a death toll that may rise.";
        let mut r = report(
            "a",
            "Wire",
            0,
            "2026",
            text,
            ("At least 12 people", 12.0, Some(12.0), None, ">"),
        );
        r.notes.quantities[0].counted = Some("people".into());
        assert!(implied_victims(&r).iter().all(|v| v.0 != "killed"));
        r.notes.quantities.clear();
        assert!(implied_victims(&r)
            .iter()
            .any(|v| v.0 == "killed" && v.1 == 1.0));
    }

    #[test]
    fn a_claim_reads_without_its_dateline() {
        assert_eq!(
            without_dateline("PORT ALDREN (Coastline Wire) - A ferry overturned."),
            "A ferry overturned."
        );
        assert_eq!(
            without_dateline("TESSEL \u{2014} Drones hit boats."),
            "Drones hit boats."
        );
        assert_eq!(
            without_dateline("The strike - the first in years - ended."),
            "The strike - the first in years - ended."
        );
    }

    #[test]
    fn a_place_taken_for_a_person_is_no_victim() {
        let victims = |text: &str, name: &str| {
            let mut r = report("a", "Wire", 0, "2026", text, ("x", 1.0, None, None, "="));
            r.notes.quantities.clear();
            r.notes.entities = vec![EntityNote {
                text: name.into(),
                kind: "PER".into(),
                key: name.to_lowercase(),
                media: false,
                sentence: 0,
            }];
            implied_victims(&r)
        };
        assert!(
            victims("A boy shot in downtown Des Moines has died.", "Des Moines")
                .iter()
                .all(|v| v.0 != "killed" || v.1 == 1.0)
        );
        assert_eq!(
            victims("Vincent Holt was shot and killed.", "Vincent Holt"),
            vec![("killed", 1.0, 0)]
        );
        assert!(victims("Police in Des Moines said it was calm.", "Des Moines").is_empty());
    }

    #[test]
    fn tallies_of_many_events_are_told_apart() {
        assert!(tallies_many(
            "At least 35 others have been wounded in shootings across Chicago."
        ));
        assert!(tallies_many("Four were killed across the city on Tuesday."));
        assert!(!tallies_many("A man was shot across 51st Street."));
        assert!(!tallies_many("Two men were shot outside a bar."));
    }

    #[test]
    fn a_death_told_twice_is_one_killed_unless_denied() {
        let told = |sentences: &[&str]| {
            let mut r = report("a", "Wire", 0, "2026", "x", ("x", 1.0, None, None, "="));
            r.notes.quantities.clear();
            r.sentences = sentences
                .iter()
                .map(|t| Sentence {
                    start: 0,
                    text: t.to_string(),
                })
                .collect();
            death_told(&r)
        };
        assert_eq!(
            told(&[
                "Deputies are looking into the death of a teenager.",
                "It is a homicide."
            ]),
            Some(0)
        );
        assert_eq!(told(&["The death of a teenager is investigated."]), None);
        assert_eq!(
            told(&[
                "He faces attempted murder charges.",
                "The wound was non-fatal."
            ]),
            None
        );
    }

    #[test]
    fn offsets_past_a_sentence_never_panic() {
        let mut r = report(
            "a",
            "Wire",
            0,
            "2026",
            "Short.",
            ("Twelve boats", 12.0, None, None, "="),
        );
        r.notes.quantities[0].start = 500;
        r.notes.quantities[0].end = 400;
        r.notes.quantities[0].sentence = 7;
        let _ = Reconciler::default().run(&[r]);
    }
}
