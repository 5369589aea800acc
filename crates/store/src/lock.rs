//! One writer per store, across processes: [`WriterLock`] is an advisory lock on a file
//! beside the database (`<db>.lock`). A second writer finds it held, says so through its
//! callback, and waits for the first to finish, instead of failing half-way with
//! "database is locked" or interleaving its chunks with another ingest's stories.
//!
//! Readers never take it: SQLite's WAL lets them read while the writer writes.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::StoreError;

/// Held while a process writes to a store; released when dropped (or when the process
/// dies, killed or not: the kernel drops the lock with the file).
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
    path: PathBuf,
}

impl WriterLock {
    /// The lock file of the store at `db`.
    pub fn path_for(db: &Path) -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".lock");
        PathBuf::from(name)
    }

    /// Takes the write lock of the store at `db`. When another process holds it,
    /// `waiting` is called once with what that process wrote in the lock file (its pid
    /// and command), then this call blocks until the lock is free. `me` is what this
    /// process writes there for the next one.
    pub fn acquire(db: &Path, me: &str, waiting: impl FnOnce(&str)) -> Result<Self, StoreError> {
        let path = Self::path_for(db);
        let failed = |source| StoreError::Lock {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(failed)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                // The holder's note; empty if it has not written it yet.
                let _ = file.read_to_string(&mut holder);
                waiting(holder.trim());
                file.lock().map_err(failed)?;
            }
            Err(TryLockError::Error(e)) => return Err(failed(e)),
        }
        file.set_len(0).map_err(failed)?;
        file.rewind().map_err(failed)?;
        writeln!(file, "pid {}: {me}", std::process::id()).map_err(failed)?;
        Ok(Self { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_writer_is_told_and_waits_for_the_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("s.db");
        let first = WriterLock::acquire(&db, "ingest a", |_| panic!("free")).expect("first");
        assert!(first.path().ends_with("s.db.lock"));
        let (told_tx, told_rx) = mpsc::channel();
        let (got_tx, got_rx) = mpsc::channel();
        let db2 = db.clone();
        let second = std::thread::spawn(move || {
            let lock = WriterLock::acquire(&db2, "ingest b", |holder| {
                told_tx.send(holder.to_string()).expect("send");
            })
            .expect("second");
            got_tx.send(()).expect("send");
            drop(lock);
        });
        let holder = told_rx.recv_timeout(Duration::from_secs(10)).expect("told");
        assert!(holder.contains("ingest a"), "{holder}");
        // Still held: the second must not have it.
        assert!(got_rx.recv_timeout(Duration::from_millis(200)).is_err());
        drop(first);
        got_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the second gets it once the first is gone");
        second.join().expect("join");
    }
}
