//! Named entities as the store indexes them: per article, each entity once.

use serde::{Deserialize, Serialize};

/// One entity of one article: its key (which unites the article's mentions), CoNLL type,
/// the longest name it went by, whether it is a news outlet, and how often it is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityCount {
    pub key: String,
    pub kind: String,
    pub name: String,
    pub media: bool,
    pub mentions: u32,
}

/// One entity across articles: in how many articles it is named, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitySummary {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub media: bool,
    pub articles: u32,
    pub mentions: u32,
}
