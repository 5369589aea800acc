//! Content-derived article ids.

use std::fmt;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::InputRecord;

/// A stable article id: 128-bit xxh3 of the canonical input fields, as 32 lowercase hex
/// characters. Commands accept any unique prefix of it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(String);

impl ArticleId {
    /// Derives the id from the fields that define an article's identity: URL, outlet,
    /// title, publication date and text exactly as given. Extra metadata does not count.
    pub fn derive(rec: &InputRecord) -> Self {
        let mut h = Xxh3::new();
        // Each field is length-prefixed and tagged so that moving bytes between fields
        // can never produce the same hash input.
        for (tag, field) in [
            (b'u', rec.url.as_deref()),
            (b'o', rec.outlet.as_deref()),
            (b't', rec.title.as_deref()),
            (b'p', rec.published.as_deref()),
            (b'x', Some(rec.text.as_str())),
        ] {
            h.update(&[tag]);
            match field {
                Some(s) => {
                    h.update(&(s.len() as u64).to_le_bytes());
                    h.update(s.as_bytes());
                }
                None => h.update(&u64::MAX.to_le_bytes()),
            }
        }
        // Web pages add their HTML; records without it hash exactly as before.
        if let Some(html) = &rec.html {
            h.update(b"h");
            h.update(&(html.len() as u64).to_le_bytes());
            h.update(html.as_bytes());
        }
        Self(format!("{:032x}", h.digest128()))
    }

    /// Wraps an id read back from storage.
    pub fn from_stored(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 12 characters, for tables meant for people.
    pub fn short(&self) -> &str {
        &self.0[..self.0.len().min(12)]
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(text: &str) -> InputRecord {
        InputRecord {
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn same_input_same_id_and_text_changes_id() {
        assert_eq!(ArticleId::derive(&rec("a")), ArticleId::derive(&rec("a")));
        assert_ne!(ArticleId::derive(&rec("a")), ArticleId::derive(&rec("b")));
    }

    #[test]
    fn moving_bytes_between_fields_changes_id() {
        let a = InputRecord {
            title: Some("ab".into()),
            text: "c".into(),
            ..Default::default()
        };
        let b = InputRecord {
            title: Some("a".into()),
            text: "bc".into(),
            ..Default::default()
        };
        assert_ne!(ArticleId::derive(&a), ArticleId::derive(&b));
    }

    #[test]
    fn missing_field_differs_from_empty_field() {
        let a = InputRecord {
            url: Some(String::new()),
            ..rec("x")
        };
        assert_ne!(ArticleId::derive(&a), ArticleId::derive(&rec("x")));
    }

    #[test]
    fn metadata_does_not_change_id() {
        let mut a = rec("x");
        a.meta.insert("section".into(), "World".into());
        assert_eq!(ArticleId::derive(&a), ArticleId::derive(&rec("x")));
    }
}
