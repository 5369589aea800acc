//! Ingest jobs: a body posted to `/api/v1/ingest` is spooled to a file beside the store
//! and ingested by the engine's orchestrator on one worker thread, one job at a time (the
//! store has one writer). A job's state is kept in memory for `GET /api/v1/jobs/{id}`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};

use crosscheck_engine::pipeline::{self, IngestReport, Progress};
use crosscheck_engine::settings::Settings;
use serde::Serialize;

/// Jobs kept for `GET jobs/{id}`; the oldest finished ones are forgotten beyond this.
const KEPT: usize = 1000;

#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    pub id: u64,
    /// `queued`, `waiting` (for another process writing the store), `running`, `done`
    /// or `failed`.
    pub status: &'static str,
    pub received_bytes: usize,
    pub created: String,
    /// The other writer this job waits for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_for: Option<String>,
    /// The ingest summary (`crosscheck ingest --json`), once done: rejected documents
    /// are listed one by one with their reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<IngestReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

struct Work {
    id: u64,
    file: PathBuf,
    /// Keeps the spool folder until the job is done.
    _dir: tempfile::TempDir,
}

type Table = Arc<Mutex<BTreeMap<u64, JobView>>>;

pub struct Jobs {
    table: Table,
    queue: mpsc::Sender<Work>,
    spool: PathBuf,
}

/// Tells the job table that the job waits for another writer.
struct JobProgress {
    table: Table,
    id: u64,
}

impl Progress for JobProgress {
    fn waiting(&self, holder: &str) {
        set(&self.table, self.id, |j| {
            j.status = "waiting";
            j.waiting_for = Some(holder.to_string());
        });
    }
}

fn set(table: &Table, id: u64, f: impl FnOnce(&mut JobView)) {
    if let Ok(mut t) = table.lock() {
        if let Some(j) = t.get_mut(&id) {
            f(j);
        }
    }
}

impl Jobs {
    /// Starts the worker thread.
    pub fn start(settings: Settings) -> Self {
        let table: Table = Arc::new(Mutex::new(BTreeMap::new()));
        let (tx, rx) = mpsc::channel::<Work>();
        let spool = settings
            .db
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let worker_table = table.clone();
        std::thread::Builder::new()
            .name("ingest-jobs".into())
            .spawn(move || {
                for work in rx {
                    set(&worker_table, work.id, |j| j.status = "running");
                    let progress = JobProgress {
                        table: worker_table.clone(),
                        id: work.id,
                    };
                    let result =
                        pipeline::ingest(&settings, std::slice::from_ref(&work.file), &progress);
                    set(&worker_table, work.id, |j| match result {
                        Ok(report) => {
                            j.status = "done";
                            j.waiting_for = None;
                            j.report = Some(report);
                        }
                        Err(e) => {
                            j.status = "failed";
                            j.error = Some(e.to_string());
                        }
                    });
                }
            })
            .ok();
        Self {
            table,
            queue: tx,
            spool,
        }
    }

    /// Spools a body and queues its ingest; `ext` tells the reader its format
    /// (`jsonl`, `html`, `warc`, `xml`, `txt`).
    pub fn submit(&self, body: &[u8], ext: &str) -> Result<JobView, String> {
        let dir = tempfile::Builder::new()
            .prefix(".crosscheck-upload-")
            .tempdir_in(&self.spool)
            .or_else(|_| tempfile::tempdir())
            .map_err(|e| format!("cannot spool the upload: {e}"))?;
        let mut table = self
            .table
            .lock()
            .map_err(|_| "the job table is unusable".to_string())?;
        let id = table.keys().next_back().map_or(1, |k| k + 1);
        let file = dir.path().join(format!("upload-{id}.{ext}"));
        std::fs::write(&file, body).map_err(|e| format!("cannot spool the upload: {e}"))?;
        let view = JobView {
            id,
            status: "queued",
            received_bytes: body.len(),
            created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            waiting_for: None,
            report: None,
            error: None,
        };
        table.insert(id, view.clone());
        while table.len() > KEPT {
            let oldest_done = table
                .iter()
                .find(|(_, j)| j.status == "done" || j.status == "failed")
                .map(|(k, _)| *k);
            match oldest_done {
                Some(k) => table.remove(&k),
                None => break,
            };
        }
        drop(table);
        self.queue
            .send(Work {
                id,
                file,
                _dir: dir,
            })
            .map_err(|_| "the ingest worker has stopped".to_string())?;
        Ok(view)
    }

    pub fn get(&self, id: u64) -> Option<JobView> {
        self.table.lock().ok()?.get(&id).cloned()
    }
}
