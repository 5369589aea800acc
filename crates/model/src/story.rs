//! Stories: what the cluster stage groups articles into.

use serde::{Deserialize, Serialize};

use crate::ArticleId;

/// A story's id: the id of the article that started it. Stable for the life of the store;
/// when two stories merge, the younger id points to the survivor.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(String);

impl StoryId {
    pub fn founded_by(article: &ArticleId) -> Self {
        Self(article.as_str().to_owned())
    }

    /// An id as stored or typed; not checked.
    pub fn from_raw(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for StoryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A story as the store keeps it. `state` is the cluster stage's own encoding of what it
/// needs to resume (the centroid); the store does not read it. Written with an empty
/// `state`, a story keeps the state stored before (the stage saves centroids now and then,
/// not at every change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryRow {
    pub id: StoryId,
    pub title: String,
    /// Unix seconds of its earliest and latest article.
    pub first_seen: i64,
    pub last_seen: i64,
    pub article_count: u32,
    #[serde(skip)]
    pub state: Vec<u8>,
}

/// What one chunk changed in the stories, written with the chunk's articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryWrite {
    /// Each new article and the story it joined (as named when it joined).
    pub members: Vec<(ArticleId, StoryId)>,
    /// Stories created or changed (their latest state).
    pub stories: Vec<StoryRow>,
    /// `(merged, survivor)`, in the order the merges happened.
    pub merged: Vec<(StoryId, StoryId)>,
    /// Articles counted into the document frequencies, and each term's increment.
    pub docs: u64,
    pub df: Vec<(u64, u32)>,
}

impl StoryWrite {
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
            && self.stories.is_empty()
            && self.merged.is_empty()
            && self.docs == 0
            && self.df.is_empty()
    }
}

/// What the cluster stage needs to resume a stream.
#[derive(Debug, Clone, Default)]
pub struct ClusterSnapshot {
    pub docs: u64,
    pub df: Vec<(u64, u32)>,
    /// Every merged id and its survivor.
    pub aliases: Vec<(StoryId, StoryId)>,
    /// Surviving stories active since the given time.
    pub stories: Vec<StoryRow>,
}
