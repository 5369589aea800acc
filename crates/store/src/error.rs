use std::path::PathBuf;

/// Errors of the store. `NotFound`, `Ambiguous` and `BadId` are the user's; the rest
/// are the system's.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot lock {path} for writing: {source}")]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no database at {path} (run `crosscheck ingest PATH...` first, or pass --db)")]
    Missing { path: PathBuf },
    #[error("{path} is not a crosscheck database (another program's SQLite file, or not SQLite); crosscheck leaves it untouched: pass --db with a new path")]
    Foreign { path: PathBuf },
    #[error("the database at {path} has schema version {found} and this crosscheck reads {latest}: upgrade it by writing to it once (`crosscheck ingest` of new inputs, or `crosscheck annotate --rebuild`), which needs write access")]
    OlderSchema {
        path: PathBuf,
        found: u32,
        latest: u32,
    },
    #[error("database schema version {found} is newer than this crosscheck supports ({supported}); upgrade crosscheck")]
    NewerSchema { found: u32, supported: u32 },
    #[error("migration {version} failed: {source}")]
    Migration {
        version: u32,
        #[source]
        source: rusqlite::Error,
    },
    #[error("no article with id {id}")]
    NotFound { id: String },
    #[error("no story with id {id} (`crosscheck stories` lists them)")]
    NoStory { id: String },
    #[error("id prefix {prefix} matches {count} articles; give more characters")]
    Ambiguous { prefix: String, count: usize },
    #[error("`{id}` is not an id (4 to 32 hex characters)")]
    BadId { id: String },
    #[error("stored article {id} has an unreadable `{field}`: {message}")]
    Corrupt {
        id: String,
        field: &'static str,
        message: String,
    },
    #[error("cannot encode article {id} for storage: {message}")]
    Encode { id: String, message: String },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Callback(String),
}

impl StoreError {
    /// Names the database file in an error that does not say which it is.
    pub fn at(self, path: &std::path::Path) -> Self {
        match self {
            Self::Sqlite(source) => Self::Open {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        }
    }

    /// Errors caused by what the user asked for, not by the system.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Self::NotFound { .. }
                | Self::NoStory { .. }
                | Self::Ambiguous { .. }
                | Self::BadId { .. }
        )
    }
}
