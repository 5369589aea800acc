//! `crosscheck serve`: the web UI and the HTTP JSON API over the database.

use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on. Use 0.0.0.0:PORT to serve other machines.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Refuse every write: `POST /api/v1/ingest` answers 403.
    #[arg(long)]
    read_only: bool,
    /// A file holding the bearer token `POST /api/v1/ingest` requires (its first line).
    /// Without it, ingest over HTTP is off.
    #[arg(long, value_name = "PATH")]
    token_file: Option<PathBuf>,
    /// Largest request body in bytes, after gzip is undone.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    max_body_bytes: usize,
    /// Seconds a request may take before it is answered 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
}

pub fn run(settings: Settings, args: Args) -> anyhow::Result<ExitCode> {
    let token = match &args.token_file {
        None => None,
        Some(p) => {
            let text = super::eval::read_text(p)?;
            let t = text.lines().next().unwrap_or("").trim().to_string();
            if t.len() < 16 {
                anyhow::bail!(
                    "{}: the token must be at least 16 characters on the first line",
                    p.display()
                );
            }
            Some(t)
        }
    };
    let mut config = crosscheck_server::Config::new(settings);
    config.read_only = args.read_only;
    config.token = token;
    config.max_body_bytes = args.max_body_bytes;
    config.timeout = std::time::Duration::from_secs(args.timeout);
    let db = config.settings.db.display().to_string();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let addr = args.addr.clone();
    let note = if args.read_only {
        "; read-only"
    } else if config.token.is_some() {
        "; ingest on with a bearer token"
    } else {
        "; ingest over HTTP off (no --token-file)"
    };
    runtime.block_on(async move {
        let listener = crosscheck_server::bind(&config, &addr).await?;
        let at = listener.local_addr().map_or(addr, |a| a.to_string());
        eprintln!(
            "crosscheck serving {db} at http://{at}/ (API: /api/v1, described at /api/openapi.json){note}; Ctrl-C stops"
        );
        crosscheck_server::serve_on(config, listener).await
    })?;
    Ok(ExitCode::SUCCESS)
}
