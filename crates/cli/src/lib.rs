//! The `crosscheck` binary's library: settings, the one orchestrator that runs the
//! stages in order, and the synthetic corpus used by benchmarks and tests.
//!
//! ```text
//! discover ─> reader ─(bounded)─> rayon: extract + sketch (ordered chunks) ─(bounded)─> copies ─(bounded)─> writer ─> Store
//! ```

pub mod corpus;
pub mod export;
pub mod pipeline;
pub mod settings;
