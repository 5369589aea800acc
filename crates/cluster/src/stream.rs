//! The streaming clusterer: each article joins the most similar active story or starts a
//! new one.
//!
//! Similarity is the cosine of TF-IDF vectors (the article's terms against the story's
//! centroid, both weighted by the IDF learned so far), scaled down by the time between
//! the article and the story's latest article. Candidate stories come from an inverted
//! index over the centroids' terms, queried with the article's most telling terms. A
//! copy of an article joins that article's story whatever the words say. When an article
//! is close to two stories whose centroids are close to each other, the two merge: the
//! older id survives and the younger points to it. Stories inactive for longer than the
//! window leave memory (the store keeps them), so memory follows the active window, not
//! the archive.

use std::collections::{BTreeMap, HashMap};

use crosscheck_model::{ArticleId, StoryId};
use serde::{Deserialize, Serialize};

use crate::background::Background;
use crate::idf::DocFreq;
use crate::story::StoryState;
use crate::terms::{Extractor, Term, TermMap, Terms, TermsConfig};

const DAY: f64 = 86_400.0;

/// How many of an article's query terms (the rarest) are read however long their lists.
const ALWAYS_READ: usize = 2;

/// Assignments between sweeps of old stories out of memory.
const SWEEP_EVERY: u32 = 1024;
/// A story joined within this many assignments is not swept.
const KEEP_TOUCHED: u64 = 4 * SWEEP_EVERY as u64;

/// The cluster stage's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClusterConfig {
    pub terms: TermsConfig,
    /// An article joins a story whose similarity reaches this.
    pub join_threshold: f32,
    /// Two stories an article joins both merge when their centroids are this similar.
    pub merge_threshold: f32,
    /// Days without a new article after which a story is closed.
    pub window_days: f64,
    /// Similarity is divided by `1 + gap / decay_days`, the gap being the days between
    /// the article and the story's latest article.
    pub decay_days: f64,
    /// Terms a story's centroid keeps.
    pub centroid_terms: usize,
    /// How many of an article's heaviest terms look up candidate stories.
    pub query_terms: usize,
    /// A term in more open stories than this is too common to find candidates with (the
    /// two rarest query terms are read all the same, their newest entries up to this).
    pub max_postings: usize,
    /// Stories sharing the most query weight with an article that get the full cosine.
    pub candidates: usize,
    /// Similarity is multiplied by this when the article and the story both name places
    /// and share none (1: places are not read).
    pub place_penalty: f32,
    /// How many general articles the shipped background document frequencies stand for
    /// ([`crate::background`]); 0 learns IDF from the store alone.
    pub background_docs: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        Self {
            terms: TermsConfig::default(),
            join_threshold: 0.18,
            merge_threshold: 0.25,
            window_days: 7.0,
            decay_days: 3.0,
            centroid_terms: 200,
            query_terms: 12,
            max_postings: 500,
            candidates: 12,
            place_penalty: 1.0,
            background_docs: 30,
        }
    }
}

impl ClusterConfig {
    pub fn build(self) -> Clusterer {
        let background_docs = self.background_docs;
        Clusterer {
            extractor: self.terms.clone().build(),
            cfg: self,
            df: DocFreq::with_background(Background::shipped(), background_docs),
            slots: Vec::new(),
            free: Vec::new(),
            by_id: HashMap::new(),
            postings: TermMap::default(),
            aliases: HashMap::new(),
            now: i64::MIN,
            dirty: BTreeMap::new(),
            closed: Vec::new(),
            merges: Vec::new(),
            since_sweep: 0,
            acc: Vec::new(),
            posted: 0,
            assigned: 0,
        }
    }
}

/// Where one article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub story: StoryId,
    /// The article started the story.
    pub created: bool,
    /// Its similarity to the story it joined (1 for a copy, 0 for a new story).
    pub similarity: f32,
    /// Stories merged into another because of it: `(merged, survivor)`.
    pub merged: Vec<(StoryId, StoryId)>,
}

/// What the store must save after some assignments.
#[derive(Debug, Clone, Default)]
pub struct ClusterDelta {
    /// Stories created or changed, in id order.
    pub stories: Vec<StoryState>,
    pub centroid_due: Vec<bool>,
    /// For each of `stories`: whether its centroid is due to be saved. A centroid is saved
    /// when its story is new, closes, merges, or has doubled its articles since the last
    /// save, and for every open story at the end of a run ([`Clusterer::finish`]); between
    /// saves the store keeps a slightly older centroid, which only a crash would expose.
    /// `(merged, survivor)` pairs in the order they happened.
    pub merged: Vec<(StoryId, StoryId)>,
    /// Articles counted, and each term's document-frequency increment.
    pub docs: u64,
    pub df: Vec<(Term, u32)>,
}

/// The runtime stage. Feed it articles in stream order with [`Clusterer::assign`].
#[derive(Debug)]
pub struct Clusterer {
    cfg: ClusterConfig,
    extractor: Extractor,
    df: DocFreq,
    slots: Vec<Option<Slot>>,
    free: Vec<u32>,
    by_id: HashMap<StoryId, u32>,
    /// Term -> slots whose centroid has it (may hold stale slots; checked on use).
    postings: TermMap<Vec<u32>>,
    /// Merged id -> the id it was merged into.
    aliases: HashMap<StoryId, StoryId>,
    /// The latest article time seen.
    now: i64,
    /// Stories changed since the last delta, by id (so the delta is in id order).
    dirty: BTreeMap<StoryId, ()>,
    /// Changed stories that left memory before the next delta.
    closed: Vec<StoryState>,
    /// Merges since the last delta.
    merges: Vec<(StoryId, StoryId)>,
    since_sweep: u32,
    /// Entries in the posting lists, stale ones included.
    posted: usize,
    /// Per-slot scratch for candidate scoring (all zero between calls).
    acc: Vec<f32>,
    /// Articles assigned so far.
    assigned: u64,
}

#[derive(Debug)]
struct Slot {
    story: StoryState,
    /// The centroid's length under the IDF of `norm_docs` articles.
    norm: f32,
    norm_docs: u64,
    /// The assignment count when an article last joined it (or it was reopened).
    touched: u64,
    /// Its article count when its centroid was last handed out to be saved (0: never).
    saved: u32,
    /// Hashes of the places its articles name (sorted, at most `MAX_PLACES`; empty for a
    /// story reopened from the store).
    places: Vec<u64>,
}

/// Places a story remembers.
const MAX_PLACES: usize = 64;

impl Clusterer {
    pub fn config(&self) -> &ClusterConfig {
        &self.cfg
    }

    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    pub fn doc_freq(&self) -> &DocFreq {
        &self.df
    }

    /// The latest article time seen, if any: the stream's clock.
    pub fn now(&self) -> Option<i64> {
        (self.now != i64::MIN).then_some(self.now)
    }

    /// Stories in memory (the active window).
    pub fn active(&self) -> usize {
        self.by_id.len()
    }

    /// The story an id now belongs to, following merges.
    pub fn resolve(&self, id: &StoryId) -> StoryId {
        let mut cur = id;
        let mut hops = 0;
        while let Some(next) = self.aliases.get(cur) {
            cur = next;
            hops += 1;
            if hops > 64 {
                break;
            }
        }
        cur.clone()
    }

    /// Counts an article's terms in the document frequencies without placing it: to warm
    /// the IDF from an archive before a stream starts.
    pub fn learn(&mut self, terms: &Terms) {
        self.df.add(terms);
    }

    /// A story loaded from the store: its centroid there is current.
    fn mark_saved(&mut self, slot: u32) {
        if let Some(s) = self.slots[slot as usize].as_mut() {
            s.saved = s.story.articles;
        }
    }

    /// Whether a story is in memory (open to new articles).
    pub fn is_open(&self, id: &StoryId) -> bool {
        self.by_id.contains_key(id)
    }

    /// The time before which stories are closed: the window before the stream's clock.
    pub fn horizon(&self) -> Option<i64> {
        self.now()
            .map(|n| n.saturating_sub((self.cfg.window_days * DAY) as i64))
    }

    /// Brings stories the store kept back into memory: the story of an old article a
    /// new one copies, or the stories around the time of an old article arriving late.
    /// Stories open already, or merged into another, are skipped.
    pub fn reopen(&mut self, stories: impl IntoIterator<Item = StoryState>) {
        for s in stories {
            if self.by_id.contains_key(&s.id) || self.aliases.contains_key(&s.id) {
                continue;
            }
            let slot = self.insert(s);
            self.mark_saved(slot);
        }
    }

    /// Loads what the store kept: document frequencies, merges, and the stories of the
    /// active window.
    pub fn restore(
        &mut self,
        docs: u64,
        df: impl IntoIterator<Item = (Term, u32)>,
        aliases: impl IntoIterator<Item = (StoryId, StoryId)>,
        stories: impl IntoIterator<Item = StoryState>,
    ) {
        self.df.restore(docs, df);
        self.aliases.extend(aliases);
        for s in stories {
            self.now = self.now.max(s.last_seen);
            if !self.by_id.contains_key(&s.id) {
                let slot = self.insert(s);
                self.mark_saved(slot);
            }
        }
        self.dirty.clear();
    }

    fn insert(&mut self, story: StoryState) -> u32 {
        let norm = self.norm(&story.centroid);
        let id = story.id.clone();
        let slot = Slot {
            story,
            norm,
            norm_docs: self.df.docs(),
            touched: self.assigned,
            saved: 0,
            places: Vec::new(),
        };
        let slot = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(slot);
                i
            }
            None => {
                self.slots.push(Some(slot));
                (self.slots.len() - 1) as u32
            }
        };
        let terms: Vec<Term> = self.slots[slot as usize]
            .as_ref()
            .map(|s| s.story.centroid.iter().map(|&(t, _)| t).collect())
            .unwrap_or_default();
        self.index(slot, &terms);
        self.by_id.insert(id, slot);
        slot
    }

    /// Adds a slot to the posting lists of `terms` (new to its centroid). Lists are
    /// rebuilt at every sweep, which drops closed slots and trimmed terms.
    fn index(&mut self, slot: u32, terms: &[Term]) {
        for &t in terms {
            let list = self.postings.entry(t).or_default();
            if list.last() != Some(&slot) {
                list.push(slot);
                self.posted += 1;
            }
        }
    }

    fn reindex_all(&mut self) {
        self.postings.clear();
        self.posted = 0;
        for (i, s) in self.slots.iter().enumerate() {
            if let Some(s) = s {
                for &(t, _) in &s.story.centroid {
                    self.postings.entry(t).or_default().push(i as u32);
                }
                self.posted += s.story.centroid.len();
            }
        }
    }

    fn norm(&self, v: &[(Term, f32)]) -> f32 {
        v.iter()
            .map(|&(t, w)| {
                let x = w * self.df.idf(t);
                x * x
            })
            .sum::<f32>()
            .sqrt()
    }

    /// The article's terms, IDF-weighted and of unit length.
    fn weighted(&self, terms: &Terms) -> Vec<(Term, f32)> {
        self.weighted_slice(&terms.0)
    }

    /// [`Clusterer::weighted`] of any term vector (an article's or a centroid).
    fn weighted_slice(&self, terms: &[(Term, f32)]) -> Vec<(Term, f32)> {
        let mut v: Vec<(Term, f32)> = terms
            .iter()
            .map(|&(t, w)| (t, w * self.df.idf(t)))
            .collect();
        let n = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if n > 0.0 {
            for (_, w) in &mut v {
                *w /= n;
            }
        }
        v
    }

    /// Cosine of an IDF-weighted unit vector against a stored centroid.
    fn cosine(&self, a: &[(Term, f32)], slot: &Slot) -> f32 {
        if slot.norm <= 0.0 {
            return 0.0;
        }
        let c = &slot.story.centroid;
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < a.len() && j < c.len() {
            match a[i].0.cmp(&c[j].0) {
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * c[j].1 * self.df.idf(c[j].0);
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        dot / slot.norm
    }

    /// The time decay of a story for an article: by the days between the article and the
    /// story's latest article, or, when the article names an earlier day or month
    /// (`referenced`, unix-second intervals: "the April 15 shooting"), the days between
    /// that and the story's span, whichever is less. A follow-up weeks later that names
    /// the day of the event is as near to it as a report of the day.
    fn decay(&self, time: Option<i64>, referenced: &[(i64, i64)], slot: &Slot) -> f32 {
        let Some(time) = time else {
            return 1.0;
        };
        let (first, last) = (slot.story.first_seen, slot.story.last_seen);
        // An article published within the story's span (a late arrival) is at no
        // distance from it.
        let mut gap = if time < first {
            first - time
        } else {
            (time - last).max(0)
        }
        .unsigned_abs();
        for &(lo, hi) in referenced {
            let apart = if hi < first {
                first - hi
            } else if lo > last {
                lo - last
            } else {
                0
            };
            gap = gap.min(apart.unsigned_abs());
        }
        let gap = gap as f64 / DAY;
        (1.0 / (1.0 + gap / self.cfg.decay_days.max(1e-3))) as f32
    }

    /// Places one article. `time` is its publication time in unix seconds; an undated
    /// article is compared without time decay and leaves the times of the story it joins
    /// alone; a story it starts begins at the stream's clock (the latest time seen), or
    /// at `undated` when the stream has seen no time yet. `copies_of` are the stories of
    /// the articles it copies; `referenced` the earlier days or months its text names
    /// (see `decay`).
    #[allow(clippy::too_many_arguments)]
    pub fn assign(
        &mut self,
        article: &ArticleId,
        title: &str,
        time: Option<i64>,
        undated: i64,
        terms: &Terms,
        copies_of: &[StoryId],
        referenced: &[(i64, i64)],
        places: &[u64],
    ) -> Assignment {
        self.df.add(terms);
        if let Some(t) = time {
            self.now = self.now.max(t);
        }
        let a = self.weighted(terms);

        // Candidates: the stories sharing the article's most telling terms.
        let mut query: Vec<&(Term, f32)> = a.iter().collect();
        query.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        query.truncate(self.cfg.query_terms);
        // Stories sharing the most of the article's telling weight go on to the full
        // cosine; the rest cannot be close.
        if self.acc.len() < self.slots.len() {
            self.acc.resize(self.slots.len(), 0.0);
        }
        let mut hit: Vec<u32> = Vec::new();
        // The rarest query terms are always read (their newest entries, when long), so an
        // article whose every telling term is common still finds its story.
        let mut lists: Vec<(f32, &[u32])> = query
            .iter()
            .filter_map(|&&(t, w)| self.postings.get(&t).map(|l| (w, l.as_slice())))
            .collect();
        lists.sort_by_key(|(_, l)| l.len());
        for (k, (w, list)) in lists.into_iter().enumerate() {
            let list = if list.len() <= self.cfg.max_postings {
                list
            } else if k < ALWAYS_READ {
                &list[list.len() - self.cfg.max_postings..]
            } else {
                continue;
            };
            {
                {
                    for &slot in list {
                        let cell = &mut self.acc[slot as usize];
                        if *cell == 0.0 {
                            hit.push(slot);
                        }
                        *cell += w;
                    }
                }
            }
        }
        let mut ranked: Vec<(f32, u32)> = hit
            .iter()
            .map(|&slot| (std::mem::take(&mut self.acc[slot as usize]), slot))
            .collect();
        if ranked.len() > self.cfg.candidates {
            ranked.select_nth_unstable_by(self.cfg.candidates - 1, |x, y| {
                y.0.total_cmp(&x.0).then(x.1.cmp(&y.1))
            });
            ranked.truncate(self.cfg.candidates);
        }
        let mut cands: Vec<u32> = ranked.into_iter().map(|(_, s)| s).collect();
        cands.sort_unstable();
        for &c in &cands {
            self.freshen(c);
        }
        let mut scored: Vec<(f32, u32)> = cands
            .into_iter()
            .filter_map(|slot| {
                let s = self.slots[slot as usize].as_ref()?;
                let mut sim = self.cosine(&a, s) * self.decay(time, referenced, s);
                let conflict = !places.is_empty()
                    && !s.places.is_empty()
                    && !places.iter().any(|p| s.places.binary_search(p).is_ok());
                if conflict {
                    sim *= self.cfg.place_penalty;
                }
                Some((sim, slot))
            })
            .collect();
        // Best first; ties go to the older story, then the smaller id (deterministic).
        scored.sort_by(|x, y| {
            y.0.total_cmp(&x.0).then_with(|| {
                let (sx, sy) = (self.story(x.1), self.story(y.1));
                sx.first_seen
                    .cmp(&sy.first_seen)
                    .then_with(|| sx.id.cmp(&sy.id))
            })
        });

        let linked: Vec<u32> = {
            let mut v: Vec<u32> = copies_of
                .iter()
                .filter_map(|id| self.by_id.get(&self.resolve(id)).copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for &l in &linked {
            self.freshen(l);
        }
        let joined: Option<(u32, f32)> = if let Some(&first) = linked.first() {
            // The linked story the article is closest to.
            let best = linked
                .iter()
                .copied()
                .max_by(|&x, &y| {
                    let sx = self.slots[x as usize]
                        .as_ref()
                        .map_or(0.0, |s| self.cosine(&a, s));
                    let sy = self.slots[y as usize]
                        .as_ref()
                        .map_or(0.0, |s| self.cosine(&a, s));
                    sx.total_cmp(&sy).then(y.cmp(&x))
                })
                .unwrap_or(first);
            Some((best, 1.0))
        } else {
            scored
                .first()
                .filter(|(sim, _)| *sim >= self.cfg.join_threshold)
                .map(|&(sim, slot)| (slot, sim))
        };

        let mut merged = Vec::new();
        let (slot, created, similarity) = match joined {
            Some((slot, sim)) => {
                let keep = self.cfg.centroid_terms;
                let cos_rep = self.slots[slot as usize]
                    .as_ref()
                    .map_or(0.0, |s| self.cosine(&a, s));
                let mut added = Vec::new();
                if let Some(s) = self.slots[slot as usize].as_mut() {
                    added = s.story.absorb(&terms.0, &self.df, keep);
                    s.story.articles += 1;
                    s.touched = self.assigned;
                    // An undated article leaves the story's times alone.
                    if let Some(time) = time {
                        s.story.first_seen = s.story.first_seen.min(time);
                        s.story.last_seen = s.story.last_seen.max(time);
                    }
                    // The title follows the article most central to the story so far.
                    if s.story.title.is_empty() || (cos_rep > 0.5 && !title.is_empty()) {
                        s.story.title = title.to_owned();
                    }
                }
                self.refresh(slot, &added);
                (slot, false, sim)
            }
            None => {
                let story = StoryState::new(
                    StoryId::founded_by(article),
                    title.to_owned(),
                    time.or(self.now()).unwrap_or(undated),
                    terms,
                );
                (self.insert(story), true, 0.0)
            }
        };

        if !places.is_empty() {
            if let Some(sl) = self.slots[slot as usize].as_mut() {
                for &p in places {
                    if let Err(i) = sl.places.binary_search(&p) {
                        if sl.places.len() < MAX_PLACES {
                            sl.places.insert(i, p);
                        }
                    }
                }
            }
        }
        // Merges: other linked stories always; close stories when their centroids agree.
        let mut others: Vec<u32> = linked.iter().copied().filter(|&s| s != slot).collect();
        // The joined story's weighted centroid, made once if any other story is close.
        let mut joined_vec: Option<Vec<(Term, f32)>> = None;
        for &(sim, other) in &scored {
            if sim < self.cfg.join_threshold {
                break;
            }
            if other != slot && !others.contains(&other) {
                if joined_vec.is_none() {
                    joined_vec = self.slots[slot as usize]
                        .as_ref()
                        .map(|x| self.weighted_slice(&x.story.centroid));
                }
                let close = match (&joined_vec, &self.slots[other as usize]) {
                    (Some(wx), Some(y)) => self.cosine(wx, y) >= self.cfg.merge_threshold,
                    _ => false,
                };
                if close {
                    others.push(other);
                }
            }
        }
        let mut survivor = slot;
        for other in others {
            if let Some((gone, kept)) = self.merge(survivor, other) {
                survivor = self.by_id.get(&kept).copied().unwrap_or(survivor);
                merged.push((gone, kept));
            }
        }
        let story = self.story(survivor).id.clone();
        self.dirty.insert(story.clone(), ());

        self.assigned += 1;
        self.since_sweep += 1;
        if self.since_sweep >= SWEEP_EVERY {
            self.sweep();
        }
        Assignment {
            story,
            created,
            similarity,
            merged,
        }
    }

    fn story(&self, slot: u32) -> &StoryState {
        match &self.slots[slot as usize] {
            Some(s) => &s.story,
            None => unreachable!("a live slot was asked for"),
        }
    }

    /// After a centroid changed: its length under the current IDF, and postings for the
    /// terms it gained.
    fn refresh(&mut self, slot: u32, added: &[Term]) {
        self.measure(slot);
        self.index(slot, added);
    }

    /// Recomputes a centroid's length when the IDF has moved since (5% more articles):
    /// early in a stream IDF changes fast, and a stale length inflates similarity.
    fn freshen(&mut self, slot: u32) {
        let docs = self.df.docs();
        let stale = self.slots[slot as usize]
            .as_ref()
            .is_some_and(|s| docs > s.norm_docs + s.norm_docs / 20);
        if stale {
            self.measure(slot);
        }
    }

    /// A centroid's length under the current IDF.
    fn measure(&mut self, slot: u32) {
        let norm = match &self.slots[slot as usize] {
            Some(s) => self.norm(&s.story.centroid),
            None => return,
        };
        let docs = self.df.docs();
        if let Some(s) = self.slots[slot as usize].as_mut() {
            s.norm = norm;
            s.norm_docs = docs;
        }
    }

    /// Merges two live stories; the older survives. Returns `(merged, survivor)`.
    fn merge(&mut self, x: u32, y: u32) -> Option<(StoryId, StoryId)> {
        let (sx, sy) = (
            self.slots[x as usize].as_ref()?,
            self.slots[y as usize].as_ref()?,
        );
        let x_first = (sx.story.first_seen, &sx.story.id) <= (sy.story.first_seen, &sy.story.id);
        let (keep, gone) = if x_first { (x, y) } else { (y, x) };
        let gone_story = self.slots[gone as usize].take()?.story;
        self.free.push(gone);
        self.by_id.remove(&gone_story.id);
        let keep_terms = self.cfg.centroid_terms;
        let (kept_id, added) = {
            let k = self.slots[keep as usize].as_mut()?;
            let added = k.story.absorb(&gone_story.centroid, &self.df, keep_terms);
            k.saved = 0;
            k.story.articles += gone_story.articles;
            k.story.first_seen = k.story.first_seen.min(gone_story.first_seen);
            k.story.last_seen = k.story.last_seen.max(gone_story.last_seen);
            (k.story.id.clone(), added)
        };
        self.refresh(keep, &added);
        self.aliases.insert(gone_story.id.clone(), kept_id.clone());
        self.dirty.remove(&gone_story.id);
        self.merges.push((gone_story.id.clone(), kept_id.clone()));
        Some((gone_story.id, kept_id))
    }

    /// Closes stories older than the window and drops their postings.
    fn sweep(&mut self) {
        self.since_sweep = 0;
        let Some(now) = self.now() else {
            // No time seen yet: nothing can be old.
            return;
        };
        let horizon = now.saturating_sub((self.cfg.window_days * DAY) as i64);
        for i in 0..self.slots.len() {
            // A story in use by recent articles stays, however old (a backfill of an
            // archive works on old stories).
            let old = self.slots[i].as_ref().is_some_and(|s| {
                s.story.last_seen < horizon && self.assigned - s.touched > KEEP_TOUCHED
            });
            if old {
                if let Some(s) = self.slots[i].take() {
                    self.by_id.remove(&s.story.id);
                    if self.dirty.remove(&s.story.id).is_some() {
                        self.closed.push(s.story);
                    }
                    self.free.push(i as u32);
                }
            }
        }
        // Posting lists keep entries of closed stories and trimmed terms until they are
        // rebuilt: once they hold twice what the open centroids need.
        let live: usize = self
            .slots
            .iter()
            .flatten()
            .map(|s| s.story.centroid.len())
            .sum();
        if self.posted > 2 * live + 1024 {
            self.reindex_all();
        }
    }

    /// Everything changed since the last call, for the store.
    pub fn take_delta(&mut self) -> ClusterDelta {
        self.delta(false)
    }

    /// The last delta of a run: also every open story whose saved centroid is behind.
    pub fn finish(&mut self) -> ClusterDelta {
        self.delta(true)
    }

    fn delta(&mut self, all: bool) -> ClusterDelta {
        let mut ids: Vec<StoryId> = std::mem::take(&mut self.dirty).into_keys().collect();
        if all {
            ids.extend(
                self.slots
                    .iter()
                    .flatten()
                    .filter(|s| s.saved < s.story.articles)
                    .map(|s| s.story.id.clone()),
            );
            ids.sort();
            ids.dedup();
        }
        let mut changed: Vec<(StoryState, bool)> = std::mem::take(&mut self.closed)
            .into_iter()
            .map(|s| (s, true))
            .collect();
        for id in &ids {
            let Some(&slot) = self.by_id.get(id) else {
                continue;
            };
            if let Some(s) = self.slots[slot as usize].as_mut() {
                let due = all || s.saved == 0 || s.story.articles >= 2 * s.saved;
                if due {
                    s.saved = s.story.articles;
                }
                changed.push((s.story.clone(), due));
            }
        }
        changed.sort_by(|x, y| x.0.id.cmp(&y.0.id));
        let (stories, centroid_due) = changed.into_iter().unzip();
        let (docs, df) = self.df.take_delta();
        ClusterDelta {
            stories,
            centroid_due,
            merged: std::mem::take(&mut self.merges),
            docs,
            df,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY_S: i64 = 86_400;

    fn id(s: &str) -> ArticleId {
        ArticleId::from_stored(s)
    }

    struct Feed {
        c: Clusterer,
        x: Extractor,
    }

    impl Feed {
        fn new(cfg: ClusterConfig) -> Self {
            let c = cfg.build();
            let x = c.extractor().clone();
            Self { c, x }
        }

        fn add(&mut self, name: &str, title: &str, body: &str, time: Option<i64>) -> Assignment {
            let t = self.x.terms(Some(title), body);
            self.c.assign(&id(name), title, time, 0, &t, &[], &[], &[])
        }
    }

    fn ferry(i: usize) -> (String, String) {
        (
            format!("Ferry sinks off Tarsin, update {i}"),
            "The ferry Kestrel sank off Tarsin harbour; divers searched the wreck and the coastguard counted survivors.".into(),
        )
    }

    fn budget(i: usize) -> (String, String) {
        (
            format!("Parliament delays budget vote, report {i}"),
            "Lawmakers in Velmora postponed the budget vote after the finance minister resigned over tax plans.".into(),
        )
    }

    #[test]
    fn articles_on_one_event_share_a_story_and_others_do_not() {
        let mut f = Feed::new(ClusterConfig::default());
        let (t, b) = ferry(1);
        let a = f.add("a", &t, &b, Some(0));
        let (t, b) = budget(1);
        let c = f.add("c", &t, &b, Some(10));
        let (t, b) = ferry(2);
        let d = f.add("d", &t, &b, Some(20));
        assert!(a.created && c.created);
        assert_eq!(d.story, a.story);
        assert_ne!(c.story, a.story);
        assert_eq!(
            a.story,
            StoryId::founded_by(&id("a")),
            "ids come from the founder"
        );
    }

    #[test]
    fn a_follow_up_weeks_later_joins_the_story_whose_day_it_names() {
        let day = 86_400;
        let mut f = Feed::new(ClusterConfig::default());
        let (t, b) = ferry(1);
        let a = f.add("a", &t, &b, Some(10 * day));
        let later = f.x.terms(
            Some("Arrest after the Tarsin ferry sinking"),
            "Police arrested the owner of the ferry Kestrel that sank off Tarsin harbour.",
        );
        // Forty days on, naming nothing earlier: too far to join.
        let mut g = Feed::new(ClusterConfig::default());
        let (t, b) = ferry(1);
        let ga = g.add("a", &t, &b, Some(10 * day));
        let alone =
            g.c.assign(&id("b"), "x", Some(50 * day), 0, &later, &[], &[], &[]);
        assert_ne!(alone.story, ga.story);
        // The same text naming the day of the sinking joins it.
        let named = [(10 * day, 11 * day)];
        let got =
            f.c.assign(&id("b"), "x", Some(50 * day), 0, &later, &[], &named, &[]);
        assert_eq!(got.story, a.story);
    }

    #[test]
    fn with_a_place_penalty_a_report_naming_only_other_places_stays_apart() {
        let (t, b) = ferry(1);
        let (t2, b2) = ferry(2);
        for (penalty, joins) in [(1.0, true), (0.1, false)] {
            let mut f = Feed::new(ClusterConfig {
                place_penalty: penalty,
                ..ClusterConfig::default()
            });
            let x = f.x.terms(Some(&t), &b);
            let a = f.c.assign(&id("a"), &t, Some(0), 0, &x, &[], &[], &[1]);
            let y = f.x.terms(Some(&t2), &b2);
            let got = f.c.assign(&id("b"), &t2, Some(10), 0, &y, &[], &[], &[2]);
            assert_eq!(got.story == a.story, joins, "penalty {penalty}");
            // A shared place is no conflict.
            let z = f.x.terms(Some(&t2), &b2);
            let same =
                f.c.assign(&id("c"), &t2, Some(20), 0, &z, &[], &[], &[1, 3]);
            assert_eq!(same.story, a.story);
        }
    }

    #[test]
    fn a_copy_joins_its_source_story_whatever_its_words() {
        let mut f = Feed::new(ClusterConfig::default());
        let (t, b) = ferry(1);
        let a = f.add("a", &t, &b, Some(0));
        let (t, b) = budget(1);
        let terms = f.x.terms(Some(&t), &b);
        let got = f.c.assign(
            &id("b"),
            &t,
            Some(5),
            0,
            &terms,
            std::slice::from_ref(&a.story),
            &[],
            &[],
        );
        assert_eq!(got.story, a.story);
        assert!(!got.created);
    }

    #[test]
    fn a_bridging_copy_merges_two_stories_into_the_older() {
        let mut f = Feed::new(ClusterConfig::default());
        let (t, b) = ferry(1);
        let a = f.add("a", &t, &b, Some(0));
        let (t, b) = budget(1);
        let c = f.add("c", &t, &b, Some(10));
        let terms = f.x.terms(Some("x"), "y");
        let got = f.c.assign(
            &id("d"),
            "x",
            Some(20),
            0,
            &terms,
            &[c.story.clone(), a.story.clone()],
            &[],
            &[],
        );
        assert_eq!(got.story, a.story, "the older story survives");
        assert_eq!(got.merged, vec![(c.story.clone(), a.story.clone())]);
        assert_eq!(f.c.resolve(&c.story), a.story);
        let delta = f.c.take_delta();
        assert_eq!(delta.merged, got.merged);
        assert!(delta.stories.iter().all(|s| s.id != c.story));
    }

    #[test]
    fn stories_past_the_window_leave_memory() {
        let mut f = Feed::new(ClusterConfig::default());
        // 12,000 unrelated stories, one a day: what stays is bounded by the recently
        // used stories, not by the stream.
        let n = 12_000;
        for i in 0..n {
            let word = format!("topic{i}x");
            f.add(&format!("a{i}"), &word, &word, Some(i as i64 * DAY_S));
        }
        let bound = (KEEP_TOUCHED + SWEEP_EVERY as u64) as usize;
        assert!(f.c.active() <= bound, "{} active", f.c.active());
        let delta = f.c.take_delta().stories.len();
        assert_eq!(delta, n, "closed stories still reach the store");
    }

    #[test]
    fn closed_stories_can_be_reopened_but_merged_ones_cannot() {
        let mut f = Feed::new(ClusterConfig::default());
        let (t, b) = ferry(1);
        let a = f.add("a", &t, &b, Some(0));
        let snapshot = f.c.take_delta().stories;
        let mut g = Feed::new(ClusterConfig::default());
        assert!(!g.c.is_open(&a.story));
        g.c.reopen(snapshot.clone());
        assert!(g.c.is_open(&a.story));
        let (t, b) = ferry(2);
        assert_eq!(g.add("b", &t, &b, Some(10)).story, a.story);
        let mut h = Feed::new(ClusterConfig::default());
        h.c.restore(0, [], [(a.story.clone(), StoryId::from_raw("other"))], []);
        h.c.reopen(snapshot);
        assert!(!h.c.is_open(&a.story));
    }

    #[test]
    fn centroids_are_due_when_new_doubled_or_at_the_end() {
        let mut f = Feed::new(ClusterConfig::default());
        let mut due = Vec::new();
        for i in 0..5 {
            let (t, b) = ferry(i);
            f.add(&format!("a{i}"), &t, &b, Some(i as i64));
            let d = f.c.take_delta();
            assert_eq!(d.stories.len(), 1);
            due.push(d.centroid_due[0]);
        }
        // Saved at 1, 2 and 4 articles; the 3rd and 5th wait.
        assert_eq!(due, vec![true, true, false, true, false]);
        let last = f.c.finish();
        assert_eq!(last.centroid_due, vec![true]);
        assert_eq!(last.stories[0].articles, 5);
        assert!(f.c.finish().stories.is_empty(), "nothing left behind");
    }

    #[test]
    fn an_undated_stream_closes_nothing() {
        let mut f = Feed::new(ClusterConfig::default());
        for i in 0..1100 {
            let word = format!("topic{i}x");
            f.add(&format!("a{i}"), &word, &word, None);
        }
        assert_eq!(f.c.active(), 1100);
    }

    #[test]
    fn time_decay_keeps_a_later_event_apart() {
        let mut f = Feed::new(ClusterConfig::default());
        let (t, b) = ferry(1);
        let a = f.add("a", &t, &b, Some(0));
        // Same words a season later: a window of 7 days has closed the first story.
        for i in 0..1100 {
            let word = format!("filler{i}x");
            f.add(&format!("f{i}"), &word, &word, Some(DAY_S * 10 + i as i64));
        }
        let (t, b) = ferry(2);
        let later = f.add("z", &t, &b, Some(DAY_S * 90));
        assert_ne!(later.story, a.story, "{later:?}");
    }

    #[test]
    fn a_restored_clusterer_places_the_next_article_as_the_original_would() {
        let cfg = ClusterConfig::default();
        let mut f = Feed::new(cfg.clone());
        let (t, b) = ferry(1);
        f.add("a", &t, &b, Some(0));
        let (t, b) = budget(1);
        f.add("c", &t, &b, Some(10));
        let delta = f.c.take_delta();
        let mut g = Feed::new(cfg);
        g.c.restore(delta.docs, delta.df, Vec::new(), delta.stories);
        let (t, b) = budget(2);
        let want = f.add("d", &t, &b, Some(20));
        let got = g.add("d", &t, &b, Some(20));
        assert_eq!(got, want);
    }
}
