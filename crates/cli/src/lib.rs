//! The `crosscheck` binary's library: the synthetic corpus used by benchmarks and tests.
//! The orchestrator, settings and shared reads live in `crosscheck-engine`.

pub mod corpus;
