//! The web UI in a real browser: `crosscheck serve` over the example corpus, read by
//! headless Chromium as a person would meet it. Pages are loaded, links followed from
//! what the browser rendered, a search submitted (the form's GET), and screenshots saved
//! to `target/tmp/screenshots/` for a person to look at.
//!
//! `.ci/run` installs Chromium and sets `CROSSCHECK_BROWSER=required`, so there a missing
//! browser fails the test; elsewhere it is skipped with a note.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::serve::serve;
use super::{root, run};

/// The browser on this machine, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

struct Browser {
    exe: PathBuf,
    profile: tempfile::TempDir,
    shots: PathBuf,
}

impl Browser {
    fn command(&self, width: u32, height: u32) -> Command {
        let mut c = Command::new(&self.exe);
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", self.profile.path().display()))
        .arg(format!("--window-size={width},{height}"))
        .stderr(Stdio::null());
        c
    }

    /// The page's DOM after the browser rendered it.
    fn dom(&self, url: &str) -> String {
        let out = self
            .command(1280, 900)
            .arg("--dump-dom")
            .arg(url)
            .output()
            .expect("run chromium");
        assert!(out.status.success(), "chromium failed on {url}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Saves a screenshot and checks it is a real, non-blank PNG.
    fn shot(&self, url: &str, name: &str, width: u32, height: u32) -> PathBuf {
        let file = self.shots.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&file);
        let status = self
            .command(width, height)
            .arg(format!("--screenshot={}", file.display()))
            .arg(url)
            .stdout(Stdio::null())
            .status()
            .expect("run chromium");
        assert!(status.success(), "chromium failed on {url}");
        let mut head = [0u8; 4];
        std::fs::File::open(&file)
            .and_then(|mut f| f.read_exact(&mut head))
            .expect("screenshot written");
        assert_eq!(&head, b"\x89PNG", "{name} is not a PNG");
        let size = std::fs::metadata(&file).map_or(0, |m| m.len());
        assert!(size > 20_000, "{name} looks blank ({size} bytes)");
        file
    }
}

/// Every `href` of a rendered page that starts with `prefix`.
fn links(dom: &str, prefix: &str) -> Vec<String> {
    let needle = format!("href=\"{prefix}");
    dom.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &dom[i + 6..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

#[test]
fn a_reader_browses_stories_follows_links_and_searches() {
    let Some(exe) = chromium() else {
        assert!(
            std::env::var("CROSSCHECK_BROWSER").as_deref() != Ok("required"),
            "no Chromium on PATH, and CROSSCHECK_BROWSER=required"
        );
        eprintln!("skipped: no Chromium on PATH (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("b.db");
    let examples = root().join("examples");
    assert!(run(&db, &["ingest", examples.to_str().expect("utf8")])
        .status
        .success());
    let server = serve(&db, &["--read-only"]);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let browser = Browser {
        exe,
        profile: tempfile::tempdir().expect("profile"),
        shots,
    };
    let base = &server.base;

    // The stories list: every story links to its page, and each shows its sources.
    let home = browser.dom(&format!("{base}/"));
    assert!(home.contains("<h1>Stories</h1>"), "{home}");
    let stories = links(&home, "/stories/");
    assert!(stories.len() >= 4, "{home}");
    assert!(home.contains("class=\"sources\""), "{home}");
    browser.shot(&format!("{base}/"), "stories", 1280, 1000);
    browser.shot(&format!("{base}/"), "stories-phone", 390, 1200);

    // A story with copies: families folded under their origin, a compare link, facts.
    let ferry = stories
        .iter()
        .find(|l| {
            let dom = browser.dom(&format!("{base}{l}"));
            dom.contains("repeat") && dom.contains("compare with the origin")
        })
        .expect("a story with a copy family");
    let story = browser.dom(&format!("{base}{ferry}"));
    assert!(story.contains("First reported by"), "{story}");
    assert!(story.contains("Facts across the sources"), "{story}");
    assert!(story.contains("<svg class=\"coverage\""), "{story}");
    browser.shot(&format!("{base}{ferry}"), "story", 1280, 2600);
    browser.shot(&format!("{base}{ferry}"), "story-phone", 390, 2600);

    // Follow an article and the compare link the story page rendered.
    let article = links(&story, "/articles/")
        .into_iter()
        .next()
        .expect("an article link");
    let page = browser.dom(&format!("{base}{article}"));
    assert!(page.contains("class=\"sent\""), "{page}");
    assert!(page.contains("class=\"ent "), "annotations marked: {page}");
    browser.shot(&format!("{base}{article}"), "article", 1280, 2000);
    let compare = links(&story, "/compare?")
        .into_iter()
        .next()
        .expect("a compare link");
    let cmp = browser.dom(&format!("{base}{compare}"));
    assert!(cmp.contains("<del>") || cmp.contains("<ins>"), "{cmp}");
    browser.shot(&format!("{base}{compare}"), "compare", 1280, 1300);

    // Submitting the search form is a GET of its action with the words typed.
    assert!(home.contains("action=\"/search\""));
    let found = browser.dom(&format!("{base}/search?q=ferry"));
    assert!(found.contains("<mark>"), "{found}");
    assert!(!links(&found, "/articles/").is_empty());
    browser.shot(&format!("{base}/search?q=ferry"), "search", 1280, 1000);

    // Outlets, from the navigation the page rendered.
    assert!(home.contains("href=\"/outlets\""));
    let outlets = browser.dom(&format!("{base}/outlets"));
    let one = links(&outlets, "/outlets/")
        .into_iter()
        .next()
        .expect("an outlet");
    let outlet = browser.dom(&format!("{base}{one}"));
    assert!(outlet.contains("Whom it copies"), "{outlet}");
    browser.shot(&format!("{base}{one}"), "outlet", 1280, 1000);
}
