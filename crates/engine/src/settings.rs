//! Settings resolve once, in layers (flags > environment > defaults), into one struct
//! passed by reference. Environment variable names live here and nowhere else.

use crosscheck_cluster::ClusterConfig;
use std::path::PathBuf;

use crosscheck_dedup::CopiesConfig;
use crosscheck_extract::CleanConfig;
use crosscheck_ingest::IngestConfig;

/// Path of the database file.
pub const ENV_DB: &str = "CROSSCHECK_DB";
/// Largest single document in bytes.
pub const ENV_MAX_DOC_BYTES: &str = "CROSSCHECK_MAX_DOC_BYTES";

pub const DEFAULT_DB: &str = "crosscheck.db";

/// Everything a command needs to know, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub db: PathBuf,
    pub ingest: IngestConfig,
    pub clean: CleanConfig,
    pub copies: CopiesConfig,
    pub cluster: ClusterConfig,
    /// Look for copies of each new article among those stored (`ingest --no-copies` turns
    /// it off; a dry run never does it).
    pub find_copies: bool,
    /// Place each new article in a story (`ingest --no-stories` turns it off; a dry run
    /// never does it).
    pub find_stories: bool,
    /// Articles per chunk: the unit of parallel cleaning and of one write transaction.
    pub batch_size: usize,
    /// Threads cleaning documents and comparing candidate copies; default: one per core.
    pub clean_threads: Option<usize>,
    /// Read and clean but store nothing (`ingest --dry-run`).
    pub dry_run: bool,
}

impl Settings {
    pub fn new(db: PathBuf) -> Self {
        Self {
            db,
            ingest: IngestConfig::default(),
            // A publication date later than the run's start is not one.
            clean: CleanConfig {
                latest_date: Some(chrono::Utc::now().timestamp()),
                ..CleanConfig::default()
            },
            copies: CopiesConfig::default(),
            cluster: ClusterConfig::default(),
            find_copies: true,
            find_stories: true,
            batch_size: 2048,
            dry_run: false,
            clean_threads: None,
        }
    }
}
