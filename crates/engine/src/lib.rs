//! crosscheck's engine: the one orchestrator that runs the stages in order over a store
//! ([`pipeline`]: ingest, rebuilds, a story's reconciliation input), the settings it runs
//! with, the lossless export line, and the reads the CLI and the server both show
//! ([`read`]: story lists and story pages with copy families and independent sources).
//! The binary and the server are thin callers; neither runs a stage itself.
//!
//! ```text
//! discover ─> reader ─(bounded)─> rayon: extract + sketch (ordered chunks) ─(bounded)─> copies ─(bounded)─> writer ─> Store
//! ```

pub mod export;
pub mod pipeline;
pub mod read;
pub mod settings;
