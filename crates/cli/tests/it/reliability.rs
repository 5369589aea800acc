//! Hostile conditions: inputs that cannot be opened, two writers, read-only and foreign
//! databases. Each test is named after what once broke (issue 23).

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crosscheck_store::WriterLock;

use crate::{json, root, run, stdout};

fn spawn(db: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CROSSCHECK_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn crosscheck")
}

/// Waits for a child at most `limit`, killing it (and failing) when it takes longer.
fn wait_at_most(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "{what} ran over {limit:?} (killed); stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A small test file's bytes (a test's own database, a few pages).
fn file_bytes(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .expect("open")
        .take(1 << 24)
        .read_to_end(&mut bytes)
        .expect("read");
    bytes
}

fn write_articles(path: &Path, tag: &str, n: usize) {
    let mut lines = String::new();
    for i in 0..n {
        let line = serde_json::json!({
            "url": format!("https://{tag}.example/news/{i}"),
            "outlet": format!("{tag} Daily"),
            "title": format!("Council {tag} votes on harbour plan number {i}"),
            "text": format!(
                "The {tag} council voted on plan {i} for the harbour on Tuesday.\n\n\
                 Members said the plan number {i} would move the ferry pier {i} metres north."
            ),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    std::fs::write(path, lines).expect("write jsonl");
}

/// Regression (critical): an input whose open failed was opened again without end, and
/// memory grew until the kernel killed the process. A socket cannot be opened as a file.
#[test]
fn regression_an_input_that_cannot_be_opened_is_rejected_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sock = dir.path().join("wo.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind");
    let db = dir.path().join("t.db");
    let s = sock.to_str().expect("utf8");
    for args in [
        vec!["ingest", s],
        vec!["ingest", "--dry-run", s],
        vec!["extract", s],
    ] {
        let out = wait_at_most(spawn(&db, &args), Duration::from_secs(60), &args.join(" "));
        let said = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert_eq!(said.matches("wo.txt").count(), 1, "{args:?}: {said}");
    }
}

/// Regression: two ingests on one store, one always died with "database is locked" (or,
/// on a new store, "table articles already exists"). Both must finish.
#[test]
fn regression_two_ingests_on_one_new_store_both_finish() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    write_articles(&a, "north", 300);
    write_articles(&b, "south", 300);
    let db = dir.path().join("new.db");
    let first = spawn(&db, &["ingest", "--json", a.to_str().expect("utf8")]);
    let second = spawn(&db, &["ingest", "--json", b.to_str().expect("utf8")]);
    for child in [first, second] {
        let out = wait_at_most(child, Duration::from_secs(300), "ingest");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(json(&out)["new"], 300);
    }
    let listed = json(&run(&db, &["articles", "--json"]));
    assert_eq!(listed.as_array().map(Vec::len), Some(600));
}

/// A second writer says that it waits, and goes on when the first is done.
#[test]
fn a_second_writer_says_it_waits_then_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.jsonl");
    write_articles(&a, "east", 3);
    let db = dir.path().join("t.db");
    let held = WriterLock::acquire(&db, "a test holding the store", |_| {}).expect("lock");
    let child = spawn(&db, &["ingest", "--json", a.to_str().expect("utf8")]);
    std::thread::sleep(Duration::from_millis(1500));
    drop(held);
    let out = wait_at_most(child, Duration::from_secs(60), "ingest");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("waiting") && stderr.contains("a test holding the store"),
        "{stderr}"
    );
    assert_eq!(json(&out)["new"], 3);
}

/// Makes a path immutable (`chattr +i`) for the guard's life; `None` where the file
/// system or the tool does not allow it.
struct Immutable<'a>(&'a Path);

impl<'a> Immutable<'a> {
    fn set(path: &'a Path) -> Option<Self> {
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Self(path))
    }
}

impl Drop for Immutable<'_> {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(self.0).status();
    }
}

/// Regression: `articles`, `stories`, `search` on a read-only store failed with "attempt
/// to write a readonly database": read commands migrated and tuned the store.
#[test]
fn regression_a_read_only_store_can_be_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).expect("mkdir");
    let db = folder.join("t.db");
    let examples = root().join("examples");
    assert!(run(&db, &["ingest", examples.to_str().expect("utf8")])
        .status
        .success());
    let mut perms = std::fs::metadata(&db).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&db, perms).expect("chmod 444");
    // Root ignores permission bits; an immutable file and folder bind root too.
    let guards = [Immutable::set(&db), Immutable::set(&folder)];
    if guards.iter().any(Option::is_none) {
        eprintln!("note: chattr +i unavailable; only the 0444 file is tried");
    }
    let stories = json(&run(&db, &["stories", "--json"]));
    let story = stories[0]["id"].as_str().expect("story id").to_string();
    for args in [
        vec!["articles"],
        vec!["stories"],
        vec!["story", story.as_str()],
        vec!["search", "ferry"],
        vec!["copies"],
        vec!["export", "-o", "-"],
    ] {
        let out = run(&db, &args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // `-o -` is stdout, not a file named "-" in the working folder.
    assert!(!run(&db, &["export", "-o", "-"]).stdout.is_empty());
    assert!(!std::path::Path::new("-").exists());
}

/// Regression: `crosscheck --db other.db articles` silently added 13 tables to another
/// program's database. Every command refuses it and leaves it byte for byte.
#[test]
fn regression_a_foreign_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('mine');")
            .expect("fill");
    }
    let before = file_bytes(&db);
    let examples = root().join("examples");
    for args in [
        vec!["articles"],
        vec!["stories"],
        vec!["search", "ferry"],
        vec!["ingest", examples.to_str().expect("utf8")],
    ] {
        let out = run(&db, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is not a crosscheck database"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(file_bytes(&db), before);
}

/// Regression: database errors repeated their text two or three times and did not say
/// which file.
#[test]
fn regression_a_database_error_says_its_text_once_and_names_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("no-such-folder").join("t.db");
    let examples = root().join("examples");
    let out = run(&db, &["ingest", examples.to_str().expect("utf8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(db.to_str().expect("utf8")), "{stderr}");
    assert_eq!(stderr.matches("No such file").count(), 1, "{stderr}");
}

fn page(title: &str, canonical: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<html><head><title>{title}</title><link rel=\"canonical\" href=\"{canonical}\"></head>\
         <body><article><h1>{title}</h1>\n{body}</article></body></html>"
    )
}

/// Regression: two articles of one site that both declare the site root as canonical
/// were stored as versions of each other.
#[test]
fn regression_pages_declaring_the_site_root_canonical_are_not_versions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).expect("mkdir");
    let root_url = "https://ledger.example/";
    std::fs::write(
        pages.join("budget.html"),
        page(
            "Harbour budget passes",
            root_url,
            &[
                "The harbour council approved the dredging budget on Tuesday after a debate \
                 that ran past midnight, with eleven votes in favour and four against.",
                "Opponents said the cost of moving the ferry terminal had been underestimated \
                 and promised to bring the matter back before the regional auditor.",
            ],
        ),
    )
    .expect("write");
    std::fs::write(
        pages.join("floods.html"),
        page(
            "Floods close valley schools",
            root_url,
            &[
                "Floodwater closed three schools in the upper valley on Monday, and parents \
                 were asked to collect their children before noon as the river kept rising.",
                "The regional weather office expects more rain overnight and has extended \
                 its warning for the lower villages until Thursday morning.",
            ],
        ),
    )
    .expect("write");
    let db = dir.path().join("t.db");
    let out = json(&run(
        &db,
        &["ingest", "--json", pages.to_str().expect("utf8")],
    ));
    assert_eq!(
        (out["new"].as_u64(), out["new_versions"].as_u64()),
        (Some(2), Some(0)),
        "{out}"
    );
}

/// Regression: `export` then `ingest` elsewhere changed an outlet the folder gave (`html`
/// became `w`); and text on stdin had no way to say its outlet.
#[test]
fn regression_export_keeps_folder_outlets_and_outlet_names_stdin() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = dir.path().join("harbour-gazette");
    std::fs::create_dir(&site).expect("mkdir");
    std::fs::write(
        site.join("pilots.html"),
        page(
            "Harbour pilots walk out over night rotas",
            "",
            &[
                "Harbour pilots walked out on Friday over new night-shift rotas, leaving three \
                 cargo ships waiting at anchor outside the port for most of the day.",
                "The union said talks with the port authority would resume next week and that \
                 its members would staff the morning tides in the meantime.",
            ],
        ),
    )
    .expect("write");
    let db = dir.path().join("a.db");
    assert!(run(&db, &["ingest", site.to_str().expect("utf8")])
        .status
        .success());
    let outlet = |db: &Path| json(&run(db, &["articles", "--json"]))[0]["outlet"].clone();
    assert_eq!(outlet(&db), "harbour-gazette");
    let w = dir.path().join("w");
    std::fs::create_dir(&w).expect("mkdir");
    let dump = w.join("all.jsonl");
    assert!(run(&db, &["export", "-o", dump.to_str().expect("utf8")])
        .status
        .success());
    let elsewhere = dir.path().join("b.db");
    let out = json(&run(
        &elsewhere,
        &["ingest", "--json", dump.to_str().expect("utf8")],
    ));
    assert_eq!(out["new"], 1, "{out}");
    assert_eq!(outlet(&elsewhere), "harbour-gazette");

    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("--db")
        .arg(dir.path().join("c.db"))
        .args(["ingest", "--json", "--outlet", "Port Radio", "-"])
        .env_remove("CROSSCHECK_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"Pilots strike\n\nHarbour pilots walked out on Friday over rotas.\n")
            .expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    assert_eq!(outlet(&dir.path().join("c.db")), "Port Radio");
}

/// Smaller things a new user met (issue 23, item 18), each said plainly.
#[test]
fn regression_small_messages_say_what_is_wrong() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let examples = root().join("examples");
    assert!(run(&db, &["ingest", examples.to_str().expect("utf8")])
        .status
        .success());
    let said = |args: &[&str]| {
        let out = run(&db, args);
        (
            out.status.code(),
            format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr)),
        )
    };
    let (code, text) = said(&["compare", "nonexist.txt", "c86d"]);
    assert_eq!(code, Some(2));
    assert!(text.contains("no such file"), "{text}");
    let (code, text) = said(&["story", "9999"]);
    assert_eq!(code, Some(1));
    assert!(text.contains("no story with id 9999"), "{text}");
    let (code, text) = said(&["search", ""]);
    assert_eq!(code, Some(2));
    assert!(text.contains("at least one word"), "{text}");
    let (_, text) = said(&["articles", "--limit", "5"]);
    assert!(text.contains("5 of 15 articles"), "{text}");
    let (_, text) = said(&["articles", "--outlet", "coastline WIRE"]);
    assert!(text.contains("3 articles"), "{text}");

    let dated = dir.path().join("dated.jsonl");
    std::fs::write(
        &dated,
        "{\"title\":\"Pier reopens\",\"published\":\"sometime last spring\",\
         \"text\":\"The old pier reopened to walkers on Saturday after repairs.\"}\n",
    )
    .expect("write");
    let out = json(&run(
        &db,
        &["ingest", "--json", dated.to_str().expect("utf8")],
    ));
    let note = out["dates_unused"][0]["reason"]
        .as_str()
        .unwrap_or_default();
    assert!(note.contains("sometime last spring"), "{out}");
}

/// Regression: texts that were only page furniture (a sign-in wall, a notification
/// widget) became exact and near-duplicate "copies" of each other across years and
/// outlets, collapsing independent sources. Lines that recur over weeks are learned as
/// furniture: taken out, never counted as copying; a text of nothing else is refused.
/// Wire copy within days stays a copy.
#[test]
fn regression_page_furniture_is_not_copying() {
    let dir = tempfile::tempdir().expect("tempdir");
    let widget = "Just One More Thing...\n\nWe have sent you a verification email. Please check \
                  your email and click on the link to activate your profile.\n\nIf you do not \
                  receive the message within a few minutes, please check your Spam folder.";
    let wire = "The harbour authority closed the northern channel on Tuesday after a cargo ship \
                lost power and drifted onto a sandbank near the breakwater.\n\nTugs pulled the \
                vessel free at high tide, and divers found no damage to its hull, the authority \
                said.";
    let story = "Harbour pilots walked out on Friday over new night-shift rotas, leaving three \
                 cargo ships at anchor outside the port.\n\nThe union said talks would resume \
                 next week.";
    let rows = [
        ("Herald", "2015-01-10", "Ferry fares", widget.to_string()),
        ("Courier", "2015-06-10", "Bridge works", widget.to_string()),
        (
            "Herald",
            "2015-09-01",
            "Pilots strike",
            format!("{story}\n\n{widget}"),
        ),
        ("Wire", "2016-02-02", "Channel closed", wire.to_string()),
        ("Gazette", "2016-02-03", "Channel closed", wire.to_string()),
    ];
    let mut lines = String::new();
    for (i, (outlet, day, title, text)) in rows.iter().enumerate() {
        let row = serde_json::json!({
            "url": format!("https://{}.example/news/{i}-{}", outlet.to_lowercase(), title.replace(' ', "-")),
            "outlet": outlet, "published": day, "title": title, "text": text,
        });
        lines.push_str(&row.to_string());
        lines.push('\n');
    }
    let input = dir.path().join("mixed.jsonl");
    std::fs::write(&input, lines).expect("write");
    let db = dir.path().join("t.db");
    let out = json(&run(
        &db,
        &["ingest", "--json", input.to_str().expect("utf8")],
    ));
    assert_eq!(out["new"], 4, "{out}");
    let rejected = out["rejected"].as_array().expect("rejected");
    assert_eq!(rejected.len(), 1, "{out}");
    assert!(rejected[0]["source"]
        .as_str()
        .unwrap_or_default()
        .ends_with(":2"));
    assert!(rejected[0]["reason"]
        .as_str()
        .unwrap_or_default()
        .contains("page furniture"));
    // Only the wire copy is a copy.
    let copies = json(&run(&db, &["copies", "--json"]));
    let families: Vec<&serde_json::Value> = copies["families"]
        .as_array()
        .expect("families")
        .iter()
        .filter(|f| f["members"].as_array().is_some_and(|m| m.len() > 1))
        .collect();
    assert_eq!(families.len(), 1, "{copies:#}");
    let outlets: Vec<&str> = families[0]["members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|m| m["outlet"].as_str())
        .collect();
    assert_eq!(outlets.len(), 2);
    assert!(
        outlets.contains(&"Wire") && outlets.contains(&"Gazette"),
        "{outlets:?}"
    );
    // The strike story keeps its text; the widget lines are set aside as furniture.
    let list = json(&run(&db, &["articles", "--json"]));
    let strike = list
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["title"] == "Pilots strike")
        .and_then(|a| a["id"].as_str())
        .expect("stored")
        .to_string();
    let art = json(&run(&db, &["article", "--json", &strike]));
    assert!(!art["body"]
        .as_str()
        .unwrap_or_default()
        .contains("verification email"));
    assert!(art["body"]
        .as_str()
        .unwrap_or_default()
        .contains("pilots walked out"));
    assert!(art["removed"]
        .as_array()
        .expect("removed")
        .iter()
        .any(|r| r["reason"] == "furniture"));
}
