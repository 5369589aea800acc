//! `crosscheck`: news articles in; clean text, copies, stories and sources out.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use crosscheck_engine::settings::{Settings, DEFAULT_DB, ENV_DB, ENV_MAX_DOC_BYTES};

mod cmd;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ABOUT: &str =
    "Turns a pile of news articles into clean, searchable text, finds who copied whom and \
groups the articles into stories with their independent sources.";

const LONG_ABOUT: &str = "\
crosscheck reads news articles (web pages, RSS/Atom feeds, WARC archives, JSON lines and plain-text
scrapes), strips the page furniture (section labels, tag lists, \"Read more:\" lines, ad-blocker
nags, share prompts, footers), finds copies (exact, near-duplicate, rewritten, partly lifted) and
which one is the source, groups articles into stories, and keeps it all in one embedded database
file.

Start here:
  crosscheck demo                      ingest the bundled example corpus and show what was found
  crosscheck ingest pages/ feed.xml crawl.warc.gz articles.jsonl
  crosscheck stories                   stories, newest first, with their independent sources
  crosscheck story 3f2a                one story: who reported what, who copied whom
  crosscheck copies                    copy families and their origins
  crosscheck article 3f2a              one article (any unique id prefix), with every removed line
  crosscheck search \"ferry capsized\"   ranked full-text hits with snippets

Every read command takes --json for a stable machine-readable form (see README.md).";

#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about = ABOUT, long_about = LONG_ABOUT)]
struct Cli {
    /// Database file (created if missing).
    #[arg(long, global = true, env = ENV_DB, default_value = DEFAULT_DB, value_name = "PATH")]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read articles from files, folders (recursively) or `-` (stdin) into the database.
    ///
    /// Inputs: `.txt`/`.text` plain-text scrapes (one article per file; the outlet is the
    /// folder's name); `.jsonl`/`.ndjson`/`.json` (one article per object with fields
    /// url, outlet, title, published, and text or html; other fields are kept as
    /// metadata); web pages `.html`/`.htm`; WARC archives `.warc` (their HTML responses);
    /// RSS and Atom feeds `.rss`/`.atom`/`.xml` (one article per item). Web formats may
    /// be gzipped (`.html.gz`, `.warc.gz`).
    /// Re-ingesting the same input changes nothing; the same URL with new text is stored
    /// as a new version linked to the old one.
    ///
    /// Exit status: 0 if every input went in, 1 if some were rejected (each is listed with
    /// its reason), 2 on usage or fatal errors.
    Ingest(cmd::ingest::Args),
    /// Print what would be stored from each input (web pages, archives, feeds, JSON lines,
    /// text), without storing it: title, byline, publication date, outlet, URL, language
    /// and the article text. Exit status 1 when some document gave no article.
    Extract(cmd::extract::Args),
    /// Print what the annotate stage finds in each input, without storing: entities
    /// (with keys that unite an article's mentions, outlets flagged), quantities (value as
    /// an interval with its modifier, unit, counted thing, change), attributions (source,
    /// cue, content), quotes with their speakers, and time expressions resolved against
    /// the article's date, marked in the text.
    Annotate(cmd::annotate::Args),
    /// Entities named in the stored articles (or one story's), most widely named first.
    Entities(cmd::entities::Args),
    /// A story's facts lined up across its sources: agreed, compatible, differing or
    /// single-source, by how many independent sources, with each source's words and who
    /// said it first.
    Facts(cmd::facts::Args),
    /// A story's dated events and each outlet's first report, in order.
    Timeline(cmd::facts::TimelineArgs),
    /// List stored articles in ingestion order.
    Articles(cmd::articles::Args),
    /// Show one article: metadata, body, paragraphs, sentences and every removed line.
    Article(cmd::article::Args),
    /// Full-text search over titles and bodies, best hits first.
    Search(cmd::search::Args),
    /// Is one article a copy of the other (exact, near-duplicate, rewrite, partial) or
    /// independent, and which is the source? A and B are files or stored ids.
    Compare(cmd::compare::Args),
    /// Who copied whom: copy families found at ingest, their origins, and how many
    /// independent sources the stored articles come from.
    Copies(cmd::copies::Args),
    /// Stories, newest activity first: articles grouped by the event they report, with
    /// how many independent sources each has.
    Stories(cmd::stories::ListArgs),
    /// One story's coverage: each article with outlet, time and title, who copied whom,
    /// and which articles are independent.
    Story(cmd::stories::ShowArgs),
    /// Write every stored article out, losslessly; ingesting the export elsewhere gives the same ids.
    Export(cmd::export::Args),
    /// Ingest the bundled example corpus and print what crosscheck found in it.
    Demo(cmd::demo::Args),
    /// Serve the web UI and the HTTP JSON API (`/api/v1`, described at
    /// `/api/openapi.json`) over the database until Ctrl-C.
    Serve(cmd::serve::Args),
    /// Measure a stage against labelled data; prints one JSON object of metrics.
    #[command(subcommand)]
    Eval(cmd::eval::Eval),
    /// Benchmarks and the synthetic corpus they use (see BENCHMARKS.md).
    #[command(subcommand)]
    Bench(cmd::bench::Bench),
    /// Build a shipped model from labelled data (the commands README.md documents).
    #[command(subcommand)]
    Train(cmd::eval::Train),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = Settings::new(cli.db);
    if let Some(cap) = std::env::var(ENV_MAX_DOC_BYTES)
        .ok()
        .and_then(|v| v.parse().ok())
    {
        settings.ingest.max_doc_bytes = cap;
    }
    let db = settings.db.clone();
    let result = match cli.command {
        Command::Ingest(a) => cmd::ingest::run(&mut settings, a),
        Command::Extract(a) => cmd::extract::run(&settings, a),
        Command::Annotate(a) => cmd::annotate::run(&settings, a),
        Command::Entities(a) => cmd::entities::run(&settings, a),
        Command::Facts(a) => cmd::facts::run(&settings, a),
        Command::Timeline(a) => cmd::facts::timeline(&settings, a),
        Command::Articles(a) => cmd::articles::run(&settings, a),
        Command::Article(a) => cmd::article::run(&settings, a),
        Command::Search(a) => cmd::search::run(&settings, a),
        Command::Export(a) => cmd::export::run(&settings, a),
        Command::Compare(a) => cmd::compare::run(&settings, a),
        Command::Copies(a) => cmd::copies::run(&settings, a),
        Command::Stories(a) => cmd::stories::list(&settings, a),
        Command::Story(a) => cmd::stories::show(&settings, a),
        Command::Demo(a) => cmd::demo::run(&mut settings, a),
        Command::Serve(a) => cmd::serve::run(settings, a),
        Command::Eval(e) => cmd::eval::run(&settings, e),
        Command::Bench(b) => cmd::bench::run(&settings, b),
        Command::Train(t) => cmd::eval::train(t),
    };
    cmd::finish(result, &db)
}
