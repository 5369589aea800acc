//! Candidate lookup: which stored articles might a new article copy, found without
//! comparing it to every one of them.
//!
//! Four channels, cheapest first, each bounded:
//! 1. exact: articles whose normalised words hash the same;
//! 2. MinHash LSH: the signature is cut into bands of `rows` values; articles sharing a
//!    whole band are candidates, kept if their signatures agree on at least
//!    `min_estimate` of positions (near-duplicates);
//! 3. lifted sentences: articles sharing at least `min_lifted` whole sentences (of eight
//!    words or more), verbatim after normalisation: passages lifted into other reporting;
//!    a sentence in more than `max_df` articles is boilerplate and stops being indexed;
//! 4. anchors: articles sharing at least `min_anchors` names and numbers, covering at
//!    least `min_anchor_overlap` of the smaller anchor set (rewrites and partial reuse,
//!    which share few shingles).
//!
//! Exact hashes, bands and anchors are read back as a window of their newest `max_df`
//! articles, never capped for good: a name or a number grows common over an archive, and
//! a text reprinted a thousand times has a thousand copies.
//!
//! At most `max_candidates` go on to the full comparison. The index lives in memory; the
//! orchestrator fills it from the store at start-up and as it ingests. It holds the
//! newest articles only: two generations of `window` articles, the older dropped when the
//! newer is full, so its memory is bounded however many articles are stored.
//!
//! ```
//! use crosscheck_dedup::{Index, IndexConfig, SketchConfig};
//! use crosscheck_model::ArticleId;
//! let sketcher = SketchConfig::default().build();
//! let mut index = Index::new(IndexConfig::default());
//! let text = "Coastguard commander Teodor Halm said 163 people were rescued from the Kestrel Strait.";
//! index.insert(&ArticleId::from_stored("a1"), "https://one.example/1", &sketcher.run(text, &[]));
//! let found = index.candidates(&ArticleId::from_stored("b2"), "https://two.example/9", &sketcher.run(text, &[]));
//! assert_eq!(found[0].id.as_str(), "a1");
//! ```

use std::collections::HashMap;

use crosscheck_model::{ArticleId, Sketch};
use serde::{Deserialize, Serialize};

use crate::sketch::estimate;
use crate::text::{mix, FastMap};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexConfig {
    /// Signature values per LSH band. With 64 values, 2 rows (32 bands) finds a pair at
    /// shingle Jaccard 0.3 with probability 0.95 and at 0.5 with 0.9999.
    pub rows: usize,
    /// Least signature agreement for an LSH candidate.
    pub min_estimate: f64,
    /// Least shared sentences for a lifted-passage candidate.
    pub min_lifted: usize,
    /// Least shared anchors for an anchor candidate.
    pub min_anchors: usize,
    /// Least share of the smaller anchor set that must be shared.
    pub min_anchor_overlap: f64,
    /// Sentences found in more articles than this are no longer indexed (boilerplate);
    /// for an LSH band, an anchor or an exact-words hash, the newest this many of its
    /// articles are looked up.
    pub max_df: usize,
    /// Most candidates passed on for comparison, per new article.
    pub max_candidates: usize,
    /// The index holds the newest `window` to `2 * window` articles: copies are made of
    /// recent reporting, and an index of every article ever stored grows without bound
    /// (about 4 KB an article). Articles fill a generation of `window`; when it is full,
    /// the generation before it is dropped. Older articles stay stored, with their
    /// relations, but a new article is no longer compared with them.
    #[serde(default = "default_window")]
    pub window: usize,
}

fn default_window() -> usize {
    100_000
}

impl Default for IndexConfig {
    fn default() -> Self {
        Self {
            rows: 2,
            min_estimate: 0.2,
            min_lifted: 2,
            min_anchors: 3,
            min_anchor_overlap: 0.5,
            max_df: 500,
            max_candidates: 6,
            window: default_window(),
        }
    }
}

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    Exact,
    MinHash,
    Lifted,
    Anchors,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: ArticleId,
    pub via: Via,
    /// Signature agreement (an estimate of shingle Jaccard).
    pub estimate: f64,
    /// Share of the smaller anchor set that is shared.
    pub anchor_overlap: f64,
    /// The candidate's exact-words hash: candidates with equal hashes have the same words,
    /// so one comparison answers for all of them.
    pub exact: u64,
}

/// Posting lists of many keys in two flat vectors: a key maps to its newest slot and its
/// count; a slot holds an article and the previous slot of the same key. Far smaller
/// than a `Vec` per key when most keys (LSH bands, sentences) have one or two articles.
///
/// A key past `max_df` articles either saturates (`Limit::Saturate`: no longer indexed
/// or looked up, for sentences, whose common ones are boilerplate) or keeps growing and
/// is read back only as far as its newest `max_df` (`Limit::Window`, for LSH bands: a
/// near-duplicate of a text reprinted many times must still find some of the reprints).
///
/// Articles loaded in bulk at start-up go to a sorted [`Base`] instead, and the linked
/// slots hold only what was added after: the answers are the same as if every article had
/// been added in turn.
#[derive(Debug)]
struct Postings {
    base: Base,
    /// While true, [`Postings::add`] appends to the base (see [`Postings::begin_load`]).
    loading: bool,
    heads: FastMap<u64, Head>,
    doc: Vec<u32>,
    /// Previous slot + 1 of the same key; 0 ends the list.
    prev: Vec<u32>,
    max_df: u32,
    limit: Limit,
}

/// Posting entries loaded in bulk, sorted by key and then article: 12 bytes an entry and
/// no hash table. Inserting the 32 LSH band keys of every stored article into a hash map
/// one at a time (a cache miss and, as the table grows, page faults for each) was most of
/// a start-up's cost over a large store; appending them and sorting once is a fraction of
/// it, and a look-up is a binary search within one of 65,536 buckets.
#[derive(Debug, Default)]
struct Base {
    keys: Vec<u64>,
    docs: Vec<u32>,
    /// Start of each bucket (keys sharing their top [`BUCKET_BITS`] bits) in `keys`, and
    /// the end; empty until sealed.
    starts: Vec<u32>,
}

const BUCKET_BITS: u32 = 16;

fn bucket_of(key: u64) -> usize {
    (key >> (64 - BUCKET_BITS)) as usize
}

impl Base {
    /// Sorts what was pushed into buckets, then each bucket by key and article. Entries
    /// of one key come out oldest article first (articles are numbered in insertion
    /// order), as the linked slots would list them.
    fn seal(&mut self) {
        let buckets = 1usize << BUCKET_BITS;
        let mut starts = vec![0u32; buckets + 1];
        for k in &self.keys {
            starts[bucket_of(*k) + 1] += 1;
        }
        for b in 0..buckets {
            starts[b + 1] += starts[b];
        }
        let n = self.keys.len();
        let (mut keys, mut docs) = (vec![0u64; n], vec![0u32; n]);
        let mut at: Vec<u32> = starts[..buckets].to_vec();
        for (k, d) in self.keys.iter().zip(&self.docs) {
            let slot = &mut at[bucket_of(*k)];
            keys[*slot as usize] = *k;
            docs[*slot as usize] = *d;
            *slot += 1;
        }
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        for b in 0..buckets {
            let range = starts[b] as usize..starts[b + 1] as usize;
            if range.len() < 2 {
                continue;
            }
            pairs.clear();
            pairs.extend(
                keys[range.clone()]
                    .iter()
                    .copied()
                    .zip(docs[range.clone()].iter().copied()),
            );
            pairs.sort_unstable();
            for (i, (k, d)) in range.zip(&pairs) {
                keys[i] = *k;
                docs[i] = *d;
            }
        }
        self.keys = keys;
        self.docs = docs;
        self.starts = starts;
    }

    /// The articles under `key`, oldest first.
    fn run(&self, key: u64) -> &[u32] {
        let b = bucket_of(key);
        let (Some(&start), Some(&end)) = (self.starts.get(b), self.starts.get(b + 1)) else {
            return &[];
        };
        let (start, end) = (start as usize, end as usize);
        let keys = &self.keys[start..end];
        let lo = keys.partition_point(|k| *k < key);
        let hi = lo + keys[lo..].partition_point(|k| *k == key);
        &self.docs[start + lo..start + hi]
    }
}

/// What [`Postings`] does with a key past `max_df` articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    Saturate,
    Window,
}

#[derive(Debug, Clone, Copy)]
struct Head {
    /// Newest slot + 1.
    last: u32,
    /// Articles listed; `SATURATED` once past `max_df` (no longer indexed or looked up).
    count: u32,
}

const SATURATED: u32 = u32::MAX;

impl Postings {
    fn new(max_df: usize, limit: Limit) -> Self {
        Self {
            base: Base::default(),
            loading: false,
            heads: FastMap::default(),
            doc: Vec::new(),
            prev: Vec::new(),
            max_df: max_df.clamp(1, SATURATED as usize - 1) as u32,
            limit,
        }
    }

    /// Makes room for `entries` more in bulk (see [`Postings::begin_load`]).
    fn reserve_load(&mut self, entries: usize) {
        self.base.keys.reserve(entries);
        self.base.docs.reserve(entries);
    }

    /// From now until [`Postings::seal`], entries are appended unsorted to the base. Only
    /// while nothing was ever added: the base's articles must be older than the slots'.
    fn begin_load(&mut self) -> bool {
        self.loading = self.doc.is_empty() && self.heads.is_empty() && self.base.starts.is_empty();
        self.loading
    }

    fn seal(&mut self) {
        if std::mem::take(&mut self.loading) {
            self.base.seal();
        }
    }

    /// How a key's head starts when the slots first see it, from its `n` articles in the
    /// base: counted, or saturated when the base holds more than `max_df` of it (the
    /// sequential adds would have saturated it on the one past `max_df`).
    fn head_from_base(limit: Limit, max_df: u32, n: usize) -> Head {
        let count = if limit == Limit::Saturate && n > max_df as usize {
            SATURATED
        } else {
            n.min(SATURATED as usize - 1) as u32
        };
        Head { last: 0, count }
    }

    fn add(&mut self, key: u64, doc: u32) {
        if self.loading {
            self.base.keys.push(key);
            self.base.docs.push(doc);
            return;
        }
        let Self {
            base,
            heads,
            limit,
            max_df,
            ..
        } = self;
        let h = heads
            .entry(key)
            .or_insert_with(|| Self::head_from_base(*limit, *max_df, base.run(key).len()));
        if h.count == SATURATED {
            return;
        }
        if h.count >= self.max_df && self.limit == Limit::Saturate {
            // The slots already written stay: at most `max_df` per key.
            h.count = SATURATED;
            return;
        }
        self.doc.push(doc);
        self.prev.push(h.last);
        h.last = self.doc.len() as u32;
        h.count = h.count.saturating_add(1).min(SATURATED - 1);
    }

    /// The articles under `key`, newest first; `None` when the key is saturated.
    fn get(&self, key: u64) -> Option<impl Iterator<Item = u32> + '_> {
        let older = self.base.run(key);
        let h = match self.heads.get(&key) {
            Some(h) => *h,
            None => Self::head_from_base(self.limit, self.max_df, older.len()),
        };
        if h.count == SATURATED {
            return None;
        }
        let mut at = h.last;
        let walk = std::iter::from_fn(move || {
            let slot = at.checked_sub(1)? as usize;
            at = self.prev[slot];
            Some(self.doc[slot])
        });
        Some(
            walk.chain(older.iter().rev().copied())
                .take(self.max_df as usize),
        )
    }
}

/// Posting lists as one contiguous vector per key: for keys with long lists (anchors:
/// the names and numbers of an event recur in hundreds of articles), where walking the
/// linked slots of [`Postings`] is a cache miss per article.
///
/// A list never saturates: it keeps the newest `window` articles of its key. Names and
/// numbers recur without end in an archive ("212" or a common surname is in thousands of
/// articles after a few years), and a list that stopped at its 500th article would leave
/// every later copy without the anchors it shares with its source. Copies are made of
/// recent articles, so the newest articles of each anchor are where a source is. The
/// exact-words channel uses it too: a press release reprinted a thousand times is a
/// thousand copies, not 500 copies and 500 independent reports.
#[derive(Debug)]
struct Lists {
    lists: FastMap<u64, Vec<u32>>,
    window: usize,
}

impl Lists {
    fn new(window: usize) -> Self {
        Self {
            lists: FastMap::default(),
            window: window.max(1),
        }
    }

    fn add(&mut self, key: u64, doc: u32) {
        let list = self.lists.entry(key).or_default();
        list.push(doc);
        // Trimmed once it holds two windows, so each article costs O(1) amortised.
        if list.len() >= 2 * self.window {
            list.drain(..list.len() - self.window);
        }
    }

    /// The newest `window` articles under `key`, oldest first.
    fn get(&self, key: u64) -> Option<impl DoubleEndedIterator<Item = u32> + '_> {
        let list = self.lists.get(&key).map_or(&[][..], Vec::as_slice);
        Some(
            list[list.len().saturating_sub(self.window)..]
                .iter()
                .copied(),
        )
    }
}

/// One generation of the candidate index (see [`Index`]). Articles are numbered in
/// insertion order.
#[derive(Debug)]
struct Segment {
    cfg: IndexConfig,
    ids: Vec<ArticleId>,
    by_id: HashMap<ArticleId, u32>,
    version_keys: Vec<u64>,
    exact_of: Vec<u64>,
    anchor_counts: Vec<u16>,
    signatures: Vec<u32>,
    perms: usize,
    exact: Lists,
    bands: Postings,
    anchors: Lists,
    sentences: Postings,
    counter: Counter,
}

/// Per-article counters for [`count_shared`], reused across lookups: a dense array indexed
/// by article number (one `u16` each) and the list of entries to reset. Far faster than a
/// hash map when posting lists run to hundreds of articles.
#[derive(Debug, Default)]
struct Counter {
    counts: Vec<u16>,
    touched: Vec<u32>,
}

impl Counter {
    /// For each article sharing keys with `keys`: how many it shares (in first-seen order);
    /// and how many of `keys` are usable (not saturated).
    fn count_shared<I: Iterator<Item = u32>>(
        &mut self,
        get: impl Fn(u64) -> Option<I>,
        keys: &[u64],
        docs: usize,
    ) -> (Vec<(u32, usize)>, usize) {
        if self.counts.len() < docs {
            self.counts.resize(docs, 0);
        }
        let mut usable = 0usize;
        for k in keys {
            let Some(list) = get(*k) else {
                continue;
            };
            usable += 1;
            for d in list {
                let c = &mut self.counts[d as usize];
                if *c == 0 {
                    self.touched.push(d);
                }
                *c = c.saturating_add(1);
            }
        }
        let out = self
            .touched
            .drain(..)
            .map(|d| {
                let n = std::mem::take(&mut self.counts[d as usize]);
                (d, usize::from(n))
            })
            .collect();
        (out, usable)
    }
}

fn key_hash(version_key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(version_key.as_bytes())
}

impl Segment {
    fn new(cfg: IndexConfig) -> Self {
        Self {
            ids: Vec::new(),
            by_id: HashMap::new(),
            version_keys: Vec::new(),
            exact_of: Vec::new(),
            anchor_counts: Vec::new(),
            signatures: Vec::new(),
            perms: 0,
            exact: Lists::new(cfg.max_df),
            bands: Postings::new(cfg.max_df, Limit::Window),
            anchors: Lists::new(cfg.max_df),
            sentences: Postings::new(cfg.max_df, Limit::Saturate),
            counter: Counter::default(),
            cfg,
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn contains(&self, id: &ArticleId) -> bool {
        self.by_id.contains_key(id)
    }

    fn band_keys<'a>(&self, minhash: &'a [u32]) -> impl Iterator<Item = u64> + 'a {
        let rows = self.cfg.rows.max(1);
        minhash
            .chunks_exact(rows)
            .enumerate()
            .map(|(b, band)| band.iter().fold(b as u64 + 1, |h, v| mix(h, u64::from(*v))))
    }

    fn signature(&self, doc: u32) -> &[u32] {
        let start = doc as usize * self.perms;
        self.signatures
            .get(start..start + self.perms)
            .unwrap_or(&[])
    }

    /// Makes room for `articles` more to be [`Index::load`]ed, with the default sketch's
    /// sizes (64 signature values in 32 bands, a few lifted sentences each).
    fn reserve(&mut self, articles: usize) {
        const SIGNATURE: usize = 64;
        const BANDS: usize = 32;
        const SENTENCES: usize = 8;
        self.ids.reserve(articles);
        self.by_id.reserve(articles);
        self.version_keys.reserve(articles);
        self.exact_of.reserve(articles);
        self.anchor_counts.reserve(articles);
        self.signatures.reserve(articles * SIGNATURE);
        self.exact.lists.reserve(articles);
        self.bands.reserve_load(articles * BANDS);
        self.sentences.reserve_load(articles * SENTENCES);
    }

    /// From now until [`Segment::seal`], band and sentence keys are appended and sorted
    /// once (see [`Base`]); only on an empty segment.
    fn begin_load(&mut self) {
        if self.is_empty() {
            self.bands.begin_load();
            self.sentences.begin_load();
        }
    }

    fn seal(&mut self) {
        self.bands.seal();
        self.sentences.seal();
    }

    /// Adds an article; returns false (and changes nothing) if its id is indexed already.
    fn insert(&mut self, id: &ArticleId, version_key: &str, sketch: &Sketch) -> bool {
        if self.by_id.contains_key(id) {
            return false;
        }
        if self.ids.is_empty() {
            self.perms = sketch.minhash.len();
        }
        let doc = self.ids.len() as u32;
        self.ids.push(id.clone());
        self.by_id.insert(id.clone(), doc);
        self.version_keys.push(key_hash(version_key));
        self.exact_of.push(sketch.exact);
        self.anchor_counts
            .push(sketch.anchors.len().min(u16::MAX as usize) as u16);
        // Signatures of another length (a changed config) are kept out of LSH.
        let mut sig = sketch.minhash.clone();
        sig.resize(self.perms, u32::MAX);
        self.signatures.extend_from_slice(&sig);
        self.exact.add(sketch.exact, doc);
        if sketch.minhash.len() == self.perms {
            let keys: Vec<u64> = self.band_keys(&sketch.minhash).collect();
            for k in keys {
                self.bands.add(k, doc);
            }
        }
        for a in &sketch.anchors {
            self.anchors.add(*a, doc);
        }
        for h in &sketch.sentences {
            self.sentences.add(*h, doc);
        }
        true
    }

    /// The articles most likely to be copies of (or copied by) the one sketched, best
    /// first: exact copies, then near-duplicates by signature agreement, then anchor
    /// matches by overlap. Never the article itself or another version of it.
    fn candidates(&mut self, id: &ArticleId, version_key: &str, sketch: &Sketch) -> Vec<Candidate> {
        let own_key = key_hash(version_key);
        let skip =
            |doc: u32| self.ids[doc as usize] == *id || self.version_keys[doc as usize] == own_key;
        let mut seen: FastMap<u32, ()> = FastMap::default();
        let mut out = Vec::new();
        let max = self.cfg.max_candidates;
        if let Some(docs) = self.exact.get(sketch.exact) {
            // Newest first: one of them answers for all (they have the same words).
            for d in docs.rev().filter(|d| !skip(*d)).take(max) {
                seen.insert(d, ());
                out.push(Candidate {
                    id: self.ids[d as usize].clone(),
                    via: Via::Exact,
                    estimate: 1.0,
                    anchor_overlap: 1.0,
                    exact: self.exact_of[d as usize],
                });
            }
        }
        if out.len() >= max {
            return out;
        }
        let mut near: Vec<(u32, f64)> = Vec::new();
        if sketch.minhash.len() == self.perms {
            for k in self.band_keys(&sketch.minhash) {
                for d in self.bands.get(k).into_iter().flatten() {
                    if skip(d) || seen.contains_key(&d) {
                        continue;
                    }
                    let e = estimate(&sketch.minhash, self.signature(d));
                    if e >= self.cfg.min_estimate {
                        near.push((d, e));
                        seen.insert(d, ());
                    }
                }
            }
        }
        near.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        for (d, e) in near.into_iter().take(max - out.len()) {
            out.push(Candidate {
                id: self.ids[d as usize].clone(),
                via: Via::MinHash,
                estimate: e,
                anchor_overlap: 0.0,
                exact: self.exact_of[d as usize],
            });
        }
        if out.len() >= max {
            return out;
        }
        let n = self.ids.len();
        let (lifted, _) =
            self.counter
                .count_shared(|k| self.sentences.get(k), &sketch.sentences, n);
        let mut by_lifted: Vec<(u32, usize)> = lifted
            .into_iter()
            .filter(|(d, n)| *n >= self.cfg.min_lifted && !skip(*d) && !seen.contains_key(d))
            .collect();
        by_lifted.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        for (d, _) in by_lifted.into_iter().take(max - out.len()) {
            seen.insert(d, ());
            out.push(Candidate {
                id: self.ids[d as usize].clone(),
                via: Via::Lifted,
                estimate: estimate(&sketch.minhash, self.signature(d)),
                anchor_overlap: 0.0,
                exact: self.exact_of[d as usize],
            });
        }
        if out.len() >= max {
            return out;
        }
        let (shared, usable) =
            self.counter
                .count_shared(|k| self.anchors.get(k), &sketch.anchors, n);
        let mut by_anchor: Vec<(u32, usize, f64)> = shared
            .into_iter()
            .filter(|(d, n)| *n >= self.cfg.min_anchors && !skip(*d) && !seen.contains_key(d))
            .map(|(d, n)| {
                let smaller = usable.min(self.anchor_counts[d as usize] as usize).max(1);
                (d, n, n as f64 / smaller as f64)
            })
            .filter(|c| c.2 >= self.cfg.min_anchor_overlap)
            .collect();
        by_anchor.sort_by(|x, y| y.1.cmp(&x.1).then(y.2.total_cmp(&x.2)).then(x.0.cmp(&y.0)));
        for (d, _, overlap) in by_anchor.into_iter().take(max - out.len()) {
            out.push(Candidate {
                id: self.ids[d as usize].clone(),
                via: Via::Anchors,
                estimate: estimate(&sketch.minhash, self.signature(d)),
                anchor_overlap: overlap,
                exact: self.exact_of[d as usize],
            });
        }
        out
    }
}

/// The in-memory candidate index: where a new article looks for the articles it might copy
/// (or be copied by). It holds the newest articles only, in two generations of at most
/// `window` articles (see [`IndexConfig::window`]), so its memory is bounded however many
/// articles are stored. A look-up asks both generations and keeps the best candidates.
#[derive(Debug)]
pub struct Index {
    cfg: IndexConfig,
    current: Segment,
    previous: Option<Segment>,
    /// Inside [`Index::load`]: a new generation starts loading in bulk too.
    loading: bool,
}

impl Index {
    pub fn new(cfg: IndexConfig) -> Self {
        Self {
            current: Segment::new(cfg.clone()),
            previous: None,
            loading: false,
            cfg,
        }
    }

    fn window(&self) -> usize {
        self.cfg.window.max(1)
    }

    /// Articles held (at most twice the window).
    pub fn len(&self) -> usize {
        self.current.len() + self.previous.as_ref().map_or(0, Segment::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, id: &ArticleId) -> bool {
        self.current.contains(id) || self.previous.as_ref().is_some_and(|p| p.contains(id))
    }

    /// Of `stored` articles loaded in turn into an empty index, how many of the oldest it
    /// would have dropped: whole generations, so that an index loaded from a store holds
    /// the same generations as one that saw every article ingested.
    pub fn dropped_of(&self, stored: u64) -> u64 {
        let w = self.window() as u64;
        // Generation g holds articles g*w ..= g*w + w - 1; the last one and the one
        // before it stay.
        let last = stored.saturating_sub(1) / w;
        last.saturating_sub(1) * w
    }

    /// Makes room for `articles` more to be [`Index::load`]ed, with the default sketch's
    /// sizes (64 signature values in 32 bands, a few lifted sentences each), up to one
    /// generation.
    pub fn reserve(&mut self, articles: usize) {
        let room = self.window() - self.current.len().min(self.window());
        self.current.reserve(articles.min(room));
    }

    /// Fills the index in bulk, as [`Index::insert`] of each article `fill` hands over, in
    /// turn, would: the same candidates for every later look-up, in a fraction of the
    /// time and memory (band and sentence keys are appended and sorted once, see
    /// [`Base`]). For start-up, from the store; on an index that holds articles already,
    /// the articles are simply inserted. Only the newest two generations are kept.
    /// `fill`'s error is returned after the index is made whole with what it handed over.
    pub fn load<E>(
        &mut self,
        fill: impl FnOnce(&mut dyn FnMut(&ArticleId, &str, &Sketch)) -> Result<(), E>,
    ) -> Result<(), E> {
        self.loading = true;
        self.current.begin_load();
        let result = fill(&mut |id, key, sketch| {
            self.insert(id, key, sketch);
        });
        self.current.seal();
        self.loading = false;
        result
    }

    /// Adds an article; returns false (and changes nothing) if its id is indexed already.
    /// When the current generation is full, the one before it is dropped.
    pub fn insert(&mut self, id: &ArticleId, version_key: &str, sketch: &Sketch) -> bool {
        if self.contains(id) {
            return false;
        }
        if self.current.len() >= self.window() {
            let mut next = Segment::new(self.cfg.clone());
            if self.loading {
                self.current.seal();
                next.begin_load();
            }
            self.previous = Some(std::mem::replace(&mut self.current, next));
        }
        self.current.insert(id, version_key, sketch)
    }

    /// The articles most likely to be copies of (or copied by) the one sketched, best
    /// first: exact copies, then near-duplicates by signature agreement, then articles
    /// sharing lifted sentences, then anchor matches by overlap; within a kind, the newer
    /// generation's first. Never the article itself or another version of it.
    pub fn candidates(
        &mut self,
        id: &ArticleId,
        version_key: &str,
        sketch: &Sketch,
    ) -> Vec<Candidate> {
        let mut out = self.current.candidates(id, version_key, sketch);
        let Some(previous) = self.previous.as_mut() else {
            return out;
        };
        out.extend(previous.candidates(id, version_key, sketch));
        // Stable: each generation's own order stays within a kind.
        out.sort_by(|a, b| {
            a.via.cmp(&b.via).then(if a.via == Via::MinHash {
                b.estimate.total_cmp(&a.estimate)
            } else {
                std::cmp::Ordering::Equal
            })
        });
        out.truncate(self.cfg.max_candidates);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SketchConfig;

    fn id(s: &str) -> ArticleId {
        ArticleId::from_stored(s)
    }

    const STORY: &str = "The passenger ferry Aldren Star capsized in the Kestrel Strait late on Friday, killing at least 14 people, the coastguard said. The vessel was carrying 212 passengers and 11 crew when it left Port Aldren at 9.15 p.m., according to Velmar Lines. Coastguard commander Teodor Halm said 163 people had been pulled from the water alive. The Maritime Safety Office said the ship, built in 1989, passed its last inspection in November.";
    const REWRITE: &str = "At least 14 people were killed when the Aldren Star, a passenger ferry, overturned in the Kestrel Strait on Friday night, officials said. According to Velmar Lines, it had 212 passengers and 11 crew aboard when it sailed from Port Aldren at 9.15 p.m. A total of 163 people were rescued alive, said Teodor Halm, the Coastguard commander. Built in 1989, the ship passed its last inspection in November, the Maritime Safety Office said.";
    const OTHER: &str = "Dock workers in Tessel Harbour walked out on Wednesday over pay, the Harbour Workers Union said. Union leader Mira Osk said 400 members had voted for the strike.";

    #[test]
    fn each_channel_finds_its_kind_and_never_the_article_itself() {
        let s = SketchConfig::default().build();
        let mut ix = Index::new(IndexConfig::default());
        ix.insert(&id("story"), "u/story", &s.run(STORY, &[]));
        ix.insert(&id("other"), "u/other", &s.run(OTHER, &[]));
        let exact = ix.candidates(&id("copy"), "u/copy", &s.run(STORY, &[]));
        assert_eq!((exact[0].id.as_str(), exact[0].via), ("story", Via::Exact));
        let edited = STORY.replace("163", "165");
        let near = ix.candidates(&id("near"), "u/near", &s.run(&edited, &[]));
        assert_eq!((near[0].id.as_str(), near[0].via), ("story", Via::MinHash));
        let rw = ix.candidates(&id("rw"), "u/rw", &s.run(REWRITE, &[]));
        assert_eq!(rw.len(), 1, "{rw:?}");
        assert_eq!((rw[0].id.as_str(), rw[0].via), ("story", Via::Anchors));
        assert!(ix
            .candidates(&id("story"), "u/story", &s.run(STORY, &[]))
            .is_empty());
        // Another version of the same URL is a version, not a copy.
        assert!(ix
            .candidates(&id("story-v2"), "u/story", &s.run(&edited, &[]))
            .is_empty());
        assert!(!ix.insert(&id("story"), "u/story", &s.run(STORY, &[])));
    }

    #[test]
    fn lifted_sentences_find_partial_reuse() {
        let s = SketchConfig::default().build();
        let mut ix = Index::new(IndexConfig::default());
        let wire: Vec<&str> = STORY.split_inclusive(". ").map(str::trim).collect();
        ix.insert(&id("wire"), "u/wire", &s.run(STORY, &wire));
        let own = [
            "Families waited at the harbour gates through the night for any word of relatives.",
            wire[0],
            wire[2],
            "The town council opened the sports hall as a shelter for survivors and their families.",
            "Shops near the port stayed shut on Saturday and church bells rang out at noon.",
            "Fishermen said they had taken their own boats out at first light to help the search.",
            "A vigil is planned for Sunday evening on the sea wall below the old lighthouse.",
            "Teachers said the island school would stay closed on Monday and open for counselling.",
            "Volunteers from three villages brought blankets, soup and dry clothes to the quay.",
            "Local radio read out the names of those rescued every hour through the night.",
        ];
        let found = ix.candidates(&id("local"), "u/local", &s.run(&own.join(" "), &own));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].id.as_str(), found[0].via), ("wire", Via::Lifted));
    }

    #[test]
    fn a_band_match_below_the_estimate_does_not_hide_an_anchor_match() {
        // Regression: LSH used to mark every band match as seen, accepted or not, so a
        // rewrite sharing a few shingles with its source was never looked up by anchors.
        let s = SketchConfig::default().build();
        let mut ix = Index::new(IndexConfig {
            min_estimate: 1.01,
            ..IndexConfig::default()
        });
        ix.insert(&id("story"), "u/story", &s.run(STORY, &[]));
        let edited = STORY.replace("163", "165");
        let found = ix.candidates(&id("near"), "u/near", &s.run(&edited, &[]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].via, Via::Anchors);
    }

    #[test]
    fn postings_list_newest_first_and_saturate() {
        let mut p = Postings::new(3, Limit::Saturate);
        for (k, d) in [(7, 0), (8, 1), (7, 2), (7, 3)] {
            p.add(k, d);
        }
        assert_eq!(
            p.get(7).map(Iterator::collect::<Vec<_>>),
            Some(vec![3, 2, 0])
        );
        assert_eq!(p.get(9).map(|i| i.count()), Some(0));
        p.add(7, 4);
        assert!(p.get(7).is_none(), "a fourth article saturates the key");
        assert_eq!(p.get(8).map(Iterator::collect::<Vec<_>>), Some(vec![1]));
    }

    #[test]
    fn windowed_postings_read_back_their_newest() {
        let mut p = Postings::new(3, Limit::Window);
        for d in 0..6 {
            p.add(7, d);
        }
        assert_eq!(
            p.get(7).map(Iterator::collect::<Vec<_>>),
            Some(vec![5, 4, 3])
        );
    }

    #[test]
    fn a_bulk_loaded_base_answers_as_the_adds_would() {
        // Keys from a small range so lists grow past the window and saturate; the first
        // `split` entries loaded in bulk, the rest added after, against all added in turn.
        let mut next = crate::test_rng(5);
        for round in 0..200 {
            let limit = if round % 2 == 0 {
                Limit::Saturate
            } else {
                Limit::Window
            };
            let entries: Vec<(u64, u32)> = (0..next(120) as u32)
                .flat_map(|doc| {
                    let keys: Vec<u64> =
                        (0..1 + next(3)).map(|_| next(9) << 60 | next(4)).collect();
                    crate::text::sorted(keys).into_iter().map(move |k| (k, doc))
                })
                .collect();
            let split = next(entries.len() as u64 + 1) as usize;
            let (mut bulk, mut each) = (Postings::new(3, limit), Postings::new(3, limit));
            assert!(bulk.begin_load());
            for (i, (k, d)) in entries.iter().enumerate() {
                if i == split {
                    bulk.seal();
                }
                bulk.add(*k, *d);
                each.add(*k, *d);
            }
            bulk.seal();
            for k in entries.iter().map(|e| e.0).chain([1, u64::MAX]) {
                assert_eq!(
                    bulk.get(k).map(Iterator::collect::<Vec<_>>),
                    each.get(k).map(Iterator::collect::<Vec<_>>),
                    "key {k:x}, split {split} of {entries:?}"
                );
            }
        }
    }

    #[test]
    fn an_index_loaded_in_bulk_finds_what_one_filled_in_turn_finds() {
        bulk_and_in_turn_agree(IndexConfig::default().window);
        // Generations of 5: the load passes from one to the next and drops the first.
        bulk_and_in_turn_agree(5);
    }

    fn bulk_and_in_turn_agree(window: usize) {
        let s = SketchConfig::default().build();
        let cfg = IndexConfig {
            max_df: 3,
            window,
            ..IndexConfig::default()
        };
        let texts: Vec<String> = (0..12)
            .map(|i| match i % 3 {
                0 => STORY.to_string(),
                1 => REWRITE.replace("163", &format!("{}", 150 + i)),
                _ => format!("{OTHER} Story number {i}."),
            })
            .collect();
        let sketches: Vec<Sketch> = texts.iter().map(|t| s.run(t, &[])).collect();
        let mut each = Index::new(cfg.clone());
        for (i, sk) in sketches.iter().enumerate() {
            each.insert(&id(&format!("d{i}")), &format!("u/{i}"), sk);
        }
        let mut bulk = Index::new(cfg);
        bulk.reserve(sketches.len());
        bulk.load(|add| {
            for (i, sk) in sketches.iter().enumerate() {
                add(&id(&format!("d{i}")), &format!("u/{i}"), sk);
            }
            Ok::<(), ()>(())
        })
        .unwrap_or(());
        assert_eq!(bulk.len(), each.len());
        let edited = STORY.replace("163", "165");
        for (n, probe) in [STORY, REWRITE, OTHER, edited.as_str()].iter().enumerate() {
            let sk = s.run(probe, &[]);
            let (who, key) = (id(&format!("p{n}")), format!("u/p{n}"));
            let found = bulk.candidates(&who, &key, &sk);
            assert!(!found.is_empty());
            assert_eq!(found, each.candidates(&who, &key, &sk), "{probe}");
            // Articles inserted after the load join the same lists.
            bulk.insert(&who, &key, &sk);
            each.insert(&who, &key, &sk);
        }
    }

    #[test]
    fn the_index_holds_two_generations_and_forgets_older_articles() {
        let s = SketchConfig::default().build();
        let mut ix = Index::new(IndexConfig {
            window: 2,
            ..IndexConfig::default()
        });
        let other = |i: usize| s.run(&format!("{OTHER} Filler report number {i}."), &[]);
        ix.insert(&id("story"), "u/story", &s.run(STORY, &[]));
        ix.insert(&id("o1"), "u/o1", &other(1));
        // A third article opens a second generation: the story is still found.
        ix.insert(&id("o2"), "u/o2", &other(2));
        assert_eq!(ix.len(), 3);
        let copy = s.run(STORY, &[]);
        let found = ix.candidates(&id("copy"), "u/copy", &copy);
        assert_eq!((found[0].id.as_str(), found[0].via), ("story", Via::Exact));
        // Both generations answer, newer first within a kind.
        let rw = ix.candidates(&id("x"), "u/x", &other(9));
        assert!(rw.len() >= 2, "{rw:?}");
        assert!(rw.len() <= IndexConfig::default().max_candidates);
        // A fifth opens a third generation: the first (story, o1) is dropped.
        ix.insert(&id("o3"), "u/o3", &other(3));
        ix.insert(&id("o4"), "u/o4", &other(4));
        assert_eq!(ix.len(), 3);
        assert!(!ix.contains(&id("story")) && ix.contains(&id("o2")));
        assert!(ix
            .candidates(&id("copy"), "u/copy", &copy)
            .iter()
            .all(|c| c.id.as_str() != "story"));
        // Loaded from a store of the same five, the index holds the same three.
        assert_eq!(ix.dropped_of(5), 2);
        assert_eq!(
            (ix.dropped_of(0), ix.dropped_of(4), ix.dropped_of(6)),
            (0, 0, 2)
        );
        assert_eq!(ix.dropped_of(7), 4);
    }

    /// An index with a window (and saturation) of 3, holding `texts` as d0, d1, ...
    fn small_index(texts: impl IntoIterator<Item = String>) -> (Index, crate::Sketcher) {
        let s = SketchConfig::default().build();
        let mut ix = Index::new(IndexConfig {
            max_df: 3,
            ..IndexConfig::default()
        });
        for (i, t) in texts.into_iter().enumerate() {
            ix.insert(&id(&format!("d{i}")), &format!("u/{i}"), &s.run(&t, &[]));
        }
        (ix, s)
    }

    #[test]
    fn near_duplicates_of_a_much_reprinted_text_find_the_reprints() {
        let text = "the council said the road would stay shut while repairs went on, and that drivers should use the coast road instead until the work was done in the spring.";
        let (mut ix, s) = small_index((0..7).map(|_| text.to_string()));
        let edited = text.replace("in the spring", "by the end of the summer");
        let found = ix.candidates(&id("p"), "u/p", &s.run(&edited, &[]));
        assert!(found.iter().any(|c| c.via == Via::MinHash), "{found:?}");
    }

    #[test]
    fn exact_copies_past_the_window_still_find_one_another() {
        // No names or numbers: only the exact channel can find these.
        let text = "the council said the road would stay shut while repairs went on.";
        let (mut ix, s) = small_index((0..7).map(|_| text.to_string()));
        let found = ix.candidates(&id("p"), "u/p", &s.run(text, &[]));
        assert_eq!(
            found.first().map(|c| (c.id.as_str(), c.via)),
            Some(("d6", Via::Exact)),
            "{found:?}"
        );
    }

    #[test]
    fn anchors_look_back_over_a_window_of_their_newest_articles() {
        let (mut ix, s) = small_index((40..48).map(|i| {
            format!("Officials in Kestrel Strait and Port Aldren said {i} boats and 77 nets were lost, story number {i}.")
        }));
        // Eight articles share the anchors, more than the window of three: the lists keep
        // going, and a new article finds the newest of them.
        let probe = s.run(
            "Fishermen in Kestrel Strait and Port Aldren counted 77 nets.",
            &[],
        );
        let found: Vec<String> = ix
            .candidates(&id("p"), "u/p", &probe)
            .iter()
            .map(|c| c.id.as_str().to_string())
            .collect();
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|d| ["d5", "d6", "d7"].contains(&d.as_str())),
            "{found:?}"
        );
    }
}
