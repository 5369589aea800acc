//! One module per subcommand. Each `run` returns the exit code or an error; [`finish`]
//! turns errors into messages and exit codes in one place.

pub mod annotate;
pub mod article;
pub mod articles;
pub mod bench;
pub mod bench_annotate;
pub mod bench_copies;
pub mod bench_serve;
pub mod bench_stories;
pub mod compare;
pub mod copies;
pub mod demo;
pub mod entities;
pub mod eval;
pub mod eval_clustering;
pub mod eval_events;
pub mod eval_extraction;
pub mod eval_facts;
pub mod eval_ner;
pub mod eval_quantities;
pub mod eval_quotes;
pub mod eval_time;
pub mod export;
pub mod extract;
pub mod facts;
pub mod ingest;
pub mod peer;
pub mod search;
pub mod serve;
pub mod stories;

use std::io::{self, Write};
use std::process::ExitCode;

use crosscheck_store::{SqliteStore, StoreError};

/// Exit status of a command that partly failed (some inputs rejected, article not found).
pub const EXIT_PARTIAL: u8 = 1;
/// Exit status of usage and fatal errors.
pub const EXIT_FATAL: u8 = 2;

/// Maps a command's result to an exit code. User errors (an unknown id) exit 1, system
/// errors exit 2; a closed pipe (`| head`) is not an error. `db` is named in a database
/// error that does not name its file.
pub fn finish(result: anyhow::Result<ExitCode>, db: &std::path::Path) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(is_broken_pipe) {
                return ExitCode::SUCCESS;
            }
            let mut message = error_message(&e);
            let user = e
                .downcast_ref::<StoreError>()
                .is_some_and(StoreError::is_user_error)
                || e.downcast_ref::<crosscheck_engine::read::ReadError>()
                    .is_some_and(crosscheck_engine::read::ReadError::is_user_error);
            let store = e.chain().any(|c| {
                c.downcast_ref::<StoreError>().is_some()
                    || c.downcast_ref::<crosscheck_engine::read::ReadError>()
                        .is_some_and(|r| matches!(r, crosscheck_engine::read::ReadError::Store(_)))
            });
            let db = db.display().to_string();
            if store && !user && !message.contains(&db) {
                message.push_str(&format!(" (database {db})"));
            }
            eprintln!("error: {message}");
            ExitCode::from(if user { EXIT_PARTIAL } else { EXIT_FATAL })
        }
    }
}

/// An error and its causes joined by `: `, each said once: SQLite's errors carry their
/// message in both the error and its source, and our wrappers print their source too.
pub fn error_message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if text.is_empty() || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// A closed stdout (`crosscheck ... | head`), directly or inside a JSON writer's error.
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let pipe = |k: Option<io::ErrorKind>| k == Some(io::ErrorKind::BrokenPipe);
    pipe(e.downcast_ref::<io::Error>().map(io::Error::kind))
        || pipe(
            e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind),
        )
}

/// Opens the store for reading: read-only, never created, migrated or tuned.
pub fn open_store(settings: &crosscheck_engine::settings::Settings) -> anyhow::Result<SqliteStore> {
    Ok(SqliteStore::open_read(&settings.db)?)
}

/// Progress that shows nothing but the one thing a user must hear: that this command
/// waits for another process writing to the same store.
pub struct Notes;

impl crosscheck_engine::pipeline::Progress for Notes {
    fn waiting(&self, holder: &str) {
        eprintln!("{}", waiting_message(holder));
    }
}

/// What a progress bar counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Input bytes (ingest).
    Bytes,
    /// Stored articles (the rebuilds).
    Articles,
}

/// A progress bar on stderr when it is a terminal, else [`Notes`] (the waiting message
/// only).
pub fn progress(measure: Measure) -> Box<dyn crosscheck_engine::pipeline::Progress> {
    use std::io::IsTerminal;
    if !io::stderr().is_terminal() {
        return Box::new(Notes);
    }
    let template = match measure {
        Measure::Bytes => "{spinner} {bar:40} {bytes}/{total_bytes} {msg} ({eta})",
        Measure::Articles => "{spinner} {bar:40} {pos}/{len} articles ({eta})",
    };
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Box::new(Bar {
        bar,
        docs: std::sync::atomic::AtomicU64::new(0),
        measure,
    })
}

struct Bar {
    bar: indicatif::ProgressBar,
    docs: std::sync::atomic::AtomicU64,
    measure: Measure,
}

impl crosscheck_engine::pipeline::Progress for Bar {
    fn waiting(&self, holder: &str) {
        self.bar
            .suspend(|| eprintln!("{}", waiting_message(holder)));
    }
    fn start(&self, total: u64) {
        self.bar.set_length(total);
    }
    fn advance(&self, amount: u64, docs: u64) {
        use std::sync::atomic::Ordering;
        let n = self.docs.fetch_add(docs, Ordering::Relaxed) + docs;
        self.bar.inc(amount);
        if self.measure == Measure::Bytes {
            self.bar.set_message(format!("{n} documents read"));
        }
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// What a command says while it waits for the store's write lock.
pub fn waiting_message(holder: &str) -> String {
    let who = if holder.is_empty() {
        "another crosscheck process".to_string()
    } else {
        format!("another crosscheck process ({holder})")
    };
    format!("waiting: {who} is writing to this database; this one goes on when it finishes")
}

/// Writes pretty JSON and a newline to stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Cuts `s` to at most `max` characters, marking the cut with `…`.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Like [`clip`], but keeps the end: for paths, whose file name matters most.
pub fn clip_left(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let tail: String = s.chars().skip(n - max.saturating_sub(1)).collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn clip_counts_characters() {
        assert_eq!(super::clip("ééééé", 3), "éé…");
        assert_eq!(super::clip("abc", 3), "abc");
        assert_eq!(super::clip_left("a/b/file.txt", 6), "…e.txt");
    }
}
