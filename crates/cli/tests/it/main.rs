//! Integration tests: the real `crosscheck` binary on fixtures, plus property tests of
//! the pipeline. One binary, one module per area.

mod annotate;
mod browser;
mod cli;
mod copies;
mod props;
mod reconcile;
mod reliability;
mod serve;
mod stories;
mod web;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (two levels above this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// Runs `crosscheck --db DB ARGS...` and returns its output.
pub fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CROSSCHECK_DB")
        .output()
        .expect("run crosscheck")
}

/// A file or folder of the public evaluation data beside the repository
/// (`../shared/eval/REL`), or `None` with a note that the test is skipped: a fresh clone
/// does not have it.
pub fn eval_data(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared/eval").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} not found (public eval data is not part of the repository)",
            p.display()
        );
        None
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}
