//! Stories: the cluster stage. Articles, in stream order, join the story they belong to
//! or start a new one.
//!
//! ```text
//! Article ─ terms::Extractor ─> Terms ─ Clusterer::assign (+ copy links) ─> Assignment
//!                                          │ DocFreq (IDF learned as the store grows)
//!                                          └ take_delta ─> ClusterDelta (for the store)
//! ```
//!
//! ```
//! use crosscheck_cluster::ClusterConfig;
//! use crosscheck_model::ArticleId;
//! let mut c = ClusterConfig::default().build();
//! let x = c.extractor().clone();
//! let day = 86_400;
//! let a = c.assign(&ArticleId::from_stored("a"), "Ferry sinks off Tarsin", Some(0), 0,
//!     &x.terms(Some("Ferry sinks off Tarsin"), "A ferry sank off Tarsin harbour."), &[], &[], &[]);
//! let b = c.assign(&ArticleId::from_stored("b"), "Tarsin ferry sinking", Some(day / 2), 0,
//!     &x.terms(Some("Tarsin ferry sinking"), "Divers searched the ferry off Tarsin."), &[], &[], &[]);
//! assert_eq!(a.story, b.story);
//! ```

pub mod background;
pub mod idf;
pub mod score;
pub mod story;
pub mod stream;
pub mod terms;

pub use idf::DocFreq;
pub use story::StoryState;
pub use stream::{Assignment, ClusterConfig, ClusterDelta, Clusterer};
pub use terms::{Extractor, Lang, Term, Terms, TermsConfig};
