//! `crosscheck serve` as a process: started on a free port, stopped when dropped; and a
//! server and a CLI ingest writing one store side by side.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{root, run};

/// Stops the server when the test ends, however it ends.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A plain HTTP GET, for waiting until the server answers.
pub fn http_get(base: &str, path: &str) -> Option<String> {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

/// Starts `crosscheck serve EXTRA...` on a free port and waits until it answers.
pub fn serve(db: &Path, extra: &[&str]) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("--db")
        .arg(db)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(extra)
        .env_remove("CROSSCHECK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start crosscheck serve");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let start = Instant::now();
    while http_get(&server.base, "/api/v1/health").is_none_or(|r| !r.contains("200 OK")) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not answer"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

/// A POST with a bearer token; the whole response.
fn http_post(base: &str, path: &str, token: &str, ctype: &str, body: &[u8]) -> Option<String> {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .ok()?;
    s.write_all(body).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

fn body_json(response: &str) -> serde_json::Value {
    let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {response}"))
}

/// A server that ingests over HTTP and a CLI `ingest` on the same store both finish, and
/// every article of both is stored: one writer at a time, neither fails as "locked".
#[test]
fn a_server_job_and_a_cli_ingest_on_one_store_both_finish() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    let token = dir.path().join("token");
    std::fs::write(&token, "a-test-token-of-some-length\n").expect("token");
    let server = serve(&db, &["--token-file", token.to_str().expect("utf8")]);
    let lines: String = (0..40)
        .map(|i| {
            format!(
                "{{\"outlet\":\"Quay Radio\",\"url\":\"https://quay.example/{i}\",\"title\":\"Tide notice {i}\",\
                 \"text\":\"Harbour notice number {i}: the east quay closes for {i} hours while divers inspect pile {i}.\"}}\n"
            )
        })
        .collect();
    let posted = http_post(
        &server.base,
        "/api/v1/ingest",
        "a-test-token-of-some-length",
        "application/x-ndjson",
        lines.as_bytes(),
    )
    .expect("post");
    assert!(posted.starts_with("HTTP/1.1 202"), "{posted}");
    let job = body_json(&posted)["id"].as_u64().expect("job id");
    // The CLI writes the example corpus meanwhile.
    let examples = root().join("examples");
    let out = run(&db, &["ingest", examples.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let start = Instant::now();
    loop {
        let j = body_json(&http_get(&server.base, &format!("/api/v1/jobs/{job}")).expect("job"));
        if j["status"] == "done" {
            assert_eq!(j["report"]["new"], 40, "{j}");
            break;
        }
        assert_ne!(j["status"], "failed", "{j}");
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the job did not finish: {j}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let health = body_json(&http_get(&server.base, "/api/v1/health").expect("health"));
    assert_eq!(health["articles"], 15 + 40, "{health}");
}
