//! What reconciliation reads: a story's reports, each with its outlet, publication time,
//! copy family, sentences and the annotations the annotate stage stored (read from their
//! JSON form, so this stage needs no tagger).

use serde::Deserialize;

/// One article of the story.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub id: String,
    pub outlet: Option<String>,
    /// ISO 8601 (a date or a date and time), when known.
    pub published: Option<String>,
    /// Index of the article's copy family within the story: copies share it.
    pub family: usize,
    /// Whether it is an origin of its family (no relation names it as a copy).
    pub origin: bool,
    /// The sentences of the body, in order, with their byte offsets into it.
    pub sentences: Vec<Sentence>,
    pub notes: Notes,
}

/// Two sentences of different reports that say the same thing in their own words, as the
/// copies stage's sentence model aligns them: (report, sentence) and (report, sentence),
/// indices into the reports given to the reconciler.
pub type AlignedPair = ((usize, usize), (usize, usize));

/// A sentence of a report and where it starts in the body (annotation offsets are into
/// the body).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub text: String,
}

/// The stored annotations of an article (the fields reconciliation uses).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Notes {
    /// The annotate stage's version that wrote them (0 when the JSON has none: before
    /// versions were stored).
    #[serde(default)]
    pub version: u32,
    #[serde(default)]
    pub entities: Vec<EntityNote>,
    #[serde(default)]
    pub quantities: Vec<QuantityNote>,
    #[serde(default)]
    pub quotes: Vec<QuoteNote>,
    #[serde(default)]
    pub attributions: Vec<AttributionNote>,
    #[serde(default)]
    pub times: Vec<TimeNote>,
}

impl Notes {
    /// Reads the annotations JSON the store keeps; a malformed document is an error the
    /// caller reports with the article's id.
    pub fn from_json(json: &str) -> Result<Notes, serde_json::Error> {
        serde_json::from_str(json)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EntityNote {
    pub text: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub key: String,
    #[serde(default)]
    pub media: bool,
    pub sentence: usize,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct QuantityNote {
    pub text: String,
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub modifier: String,
    pub unit: String,
    pub counted: Option<String>,
    pub change: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct QuoteNote {
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_key: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AttributionNote {
    pub source: Option<String>,
    #[serde(default)]
    pub source_kind: String,
    pub source_key: Option<String>,
    #[serde(default)]
    pub cue: String,
    pub sentence: usize,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TimeNote {
    pub text: String,
    pub kind: String,
    pub value: String,
    pub sentence: usize,
}
