//! Peers measured side by side: a Python script from `benches/peers/` run on the same
//! inputs, in the same run, with a user-given interpreter (a virtualenv outside the
//! repository). The script reads JSON lines from a temporary file and prints one JSON
//! object.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde_json::Value;

/// Runs `benches/peers/<script> <args...> <LISTING>` where LISTING holds `lines`.
pub fn run(
    python: &Path,
    script: &str,
    args: &[&str],
    lines: impl IntoIterator<Item = Value>,
) -> anyhow::Result<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../benches/peers")
        .join(script);
    let mut all = vec![path.into_os_string()];
    all.extend(args.iter().map(std::ffi::OsString::from));
    run_command(python, script.trim_end_matches(".py"), &all, lines)
}

/// Runs a peer program `<program> <args...> <LISTING>` (a binary built from
/// `benches/peers/`, such as rs-trafilatura-peer).
pub fn run_command(
    program: &Path,
    name: &str,
    args: &[std::ffi::OsString],
    lines: impl IntoIterator<Item = Value>,
) -> anyhow::Result<Value> {
    let listing = std::env::temp_dir().join(format!(
        "crosscheck-peer-{name}-{}.jsonl",
        std::process::id()
    ));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&listing)?);
    for line in lines {
        writeln!(f, "{line}")?;
    }
    f.flush()?;
    drop(f);
    let out = std::process::Command::new(program)
        .args(args)
        .arg(&listing)
        .output()
        .with_context(|| format!("running {}", program.display()));
    let _ = std::fs::remove_file(&listing);
    let out = out?;
    anyhow::ensure!(
        out.status.success(),
        "the peer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).context("the peer's output is not JSON")
}
