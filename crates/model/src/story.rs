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
