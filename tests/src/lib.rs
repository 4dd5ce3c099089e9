//! Helpers for the end-to-end tests: run the real `healthpass` and `healthpass-server` binaries
//! on real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod evidence;
pub mod portal_browser;
pub mod server_client;

/// Path of a binary built into the same target directory as the running test.
///
/// Test executables live in `target/<profile>/deps`; workspace binaries one level up.
/// Build the whole workspace first (`cargo test --workspace` or `cargo nextest run --workspace`).
pub fn workspace_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("test binary sits in target/<profile>/deps");
    let path = profile_dir.join(name);
    assert!(path.is_file(), "{} is missing: build the whole workspace first", path.display());
    path
}

/// The outcome of one `healthpass` run.
#[derive(Debug)]
pub struct Run {
    /// Exit status code.
    pub status: i32,
    /// Standard output as text.
    pub stdout: String,
    /// Standard error as text.
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as one JSON document.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }
}

/// Runs `healthpass` with `args` in `dir` and waits for it.
pub fn healthpass(dir: &Path, args: &[&str]) -> Run {
    run_binary("healthpass", dir, args)
}

/// Runs `healthpass` and asserts it succeeded.
pub fn healthpass_ok(dir: &Path, args: &[&str]) -> Run {
    let run = healthpass(dir, args);
    assert_eq!(run.status, 0, "healthpass {args:?} failed: {run:?}");
    run
}

/// Runs `healthpass-server` with `args` in `dir` and waits for it (account and key commands).
pub fn healthpass_server(dir: &Path, args: &[&str]) -> Run {
    run_binary("healthpass-server", dir, args)
}

/// A registry key (`registry.key`, `registry.pub`) and one poster for a mall called `name`,
/// signed with it by the CLI in `dir` (valid through 2026) and written to `out` (`.png`, `.svg`
/// or `.pdf`); returns the poster's URL.
pub fn offline_poster(dir: &Path, name: &str, out: &str) -> String {
    healthpass_ok(dir, &["registry", "keygen", "--out-dir", "."]);
    #[rustfmt::skip]
    let created = healthpass_ok(dir, &[
        "--json", "venue", "create", "--key", "registry.key", "--name", name, "--address", "Jl. Ahmad Yani 1, Bekasi",
        "--category", "mall", "--stay", "90", "--valid-from", "2026-01-01T00:00:00Z", "--valid-days", "365", "--out", out,
    ]);
    created.json()["url"].as_str().expect("venue create prints the URL").to_owned()
}

/// Runs `healthpass-server` and asserts it succeeded.
pub fn healthpass_server_ok(dir: &Path, args: &[&str]) -> Run {
    let run = healthpass_server(dir, args);
    assert_eq!(run.status, 0, "healthpass-server {args:?} failed: {run:?}");
    run
}

/// Runs the workspace binary `name` with `args` in `dir` and waits for it.
fn run_binary(name: &str, dir: &Path, args: &[&str]) -> Run {
    let Output { status, stdout, stderr } =
        Command::new(workspace_binary(name)).args(args).current_dir(dir).output().expect("the binary starts");
    Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Names the variable holding the PostgreSQL cluster the server tests run against
/// (`postgres://user@host:port/dbname`; scripts/test.sh starts a throw-away cluster and sets it).
pub const POSTGRES_URL_VARIABLE: &str = "HEALTHPASS_TEST_POSTGRES_URL";

/// Where a test server keeps its state.
#[derive(Debug, Clone)]
pub enum Backend {
    /// The default SQLite file under the data directory.
    Sqlite,
    /// A PostgreSQL database (its URL) created for this test alone.
    Postgres(String),
}

impl Backend {
    /// A fresh, empty database in the cluster at `$HEALTHPASS_TEST_POSTGRES_URL`. Fails the test
    /// when the variable is missing: the PostgreSQL variant must never pass without running.
    pub fn fresh_postgres() -> Self {
        let url = std::env::var(POSTGRES_URL_VARIABLE).unwrap_or_else(|_| {
            panic!(
                "{POSTGRES_URL_VARIABLE} is not set: the PostgreSQL variant of the server tests needs a cluster \
                 (scripts/test.sh starts one; see \"A throw-away PostgreSQL\" in shared/RECIPES.md)"
            )
        });
        let mut admin = postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to {POSTGRES_URL_VARIABLE}={url}: {e}"));
        let name: String = healthpass_core::random::bytes::<8>().iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("healthpass_test_{name}");
        admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("a fresh test database");
        let (cluster, _) = url.rsplit_once('/').expect("the URL names a database: postgres://user@host:port/dbname");
        Backend::Postgres(format!("{cluster}/{name}"))
    }

    /// The `healthpass-server` arguments that select this backend.
    pub fn args(&self) -> Vec<&str> {
        match self {
            Backend::Sqlite => Vec::new(),
            Backend::Postgres(url) => vec!["--database", url],
        }
    }
}

/// Runs each named scenario `fn NAME(backend: Backend)` as two tests, `sqlite::NAME` and
/// `postgres::NAME`, so every server behaviour is checked on both backends.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $scenario() { super::$scenario($crate::Backend::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $scenario() { super::$scenario($crate::Backend::fresh_postgres()) } )*
        }
    };
}

/// A running `healthpass-server run` on a free loopback port; stopped (SIGTERM) when dropped.
pub struct ServerProcess {
    child: std::process::Child,
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
}

impl ServerProcess {
    /// Starts the server on `data_dir` and waits for its `listening on …` line.
    pub fn start(data_dir: &Path) -> Self {
        Self::start_on(data_dir, &Backend::Sqlite, &[])
    }

    /// Starts the server on `data_dir` with its state in `backend` and `extra` arguments. Unless
    /// `extra` names documents signed offline (`--documents`), the server signs its own at
    /// start (development mode).
    pub fn start_on(data_dir: &Path, backend: &Backend, extra: &[&str]) -> Self {
        use std::io::{BufRead, BufReader};
        let documents: &[&str] = if extra.contains(&"--documents") { &[] } else { &["--sign-documents-at-start"] };
        let mut child = Command::new(workspace_binary("healthpass-server"))
            .args(["run", "--listen", "127.0.0.1:0", "--data"])
            .arg(data_dir)
            .args(documents)
            .args(backend.args())
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(log_file(data_dir))
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the server prints its address");
        let url =
            line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
        ServerProcess { child, url }
    }

    /// The server's log (standard error) so far: `DATA/server.log`, appended across restarts.
    pub fn log(data_dir: &Path) -> String {
        std::fs::read_to_string(data_dir.join("server.log")).unwrap_or_default()
    }

    /// Stops the server with SIGTERM (graceful shutdown) and waits for it to exit.
    pub fn stop(mut self) -> std::process::ExitStatus {
        self.terminate()
    }

    fn terminate(&mut self) -> std::process::ExitStatus {
        // SIGTERM via the kill command: the graceful path the server handles.
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        self.child.wait().expect("the server exits")
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.terminate();
        }
    }
}

/// `DATA/server.log`, opened for appending, for the server's standard error.
fn log_file(data_dir: &Path) -> std::fs::File {
    std::fs::OpenOptions::new().create(true).append(true).open(data_dir.join("server.log")).expect("the server log opens")
}

/// Adds an account with `healthpass-server add-officer|add-operator` and returns its token
/// (the last line of standard output).
pub fn add_account(data_dir: &Path, kind: &str, name: &str) -> String {
    add_account_on(data_dir, &Backend::Sqlite, kind, name)
}

/// [`add_account`] for a server whose state is in `backend`.
pub fn add_account_on(data_dir: &Path, backend: &Backend, kind: &str, name: &str) -> String {
    let mut args = vec![kind, name, "--data", "."];
    args.extend(backend.args());
    let run = healthpass_server_ok(data_dir, &args);
    run.stdout.lines().last().expect("a token line").trim().to_owned()
}

/// Issues a two-dose-series vaccination certificate for `given` Santoso with the issuer key
/// `issuer.key` in `dir` (from `healthpass issuer keygen`), written to `out` (PNG or text).
pub fn issue_vaccination(dir: &Path, given: &str, dob: &str, dose: &str, out: &str) {
    healthpass_ok(
        dir,
        &[
            "cert",
            "issue",
            "vaccination",
            "--key",
            "issuer.key",
            "--family-name",
            "Santoso",
            "--given-name",
            given,
            "--dob",
            dob,
            "--dose",
            dose,
            "--doses",
            "2",
            "--date",
            "2026-07-01",
            "--at",
            "2026-07-02T00:00:00Z",
            "--out",
            out,
        ],
    );
}

/// When an exposure story that publishes now starts its visits: two days ago, on a whole hour
/// (so the 10-minute windows are the visits themselves). A phone trusts only a window that
/// ended before the hour that publishes it, so a story's visits must lie in the past.
pub fn exposure_story_start() -> chrono::DateTime<chrono::Utc> {
    let two_days_ago = chrono::Utc::now().timestamp() - 2 * 86_400;
    chrono::DateTime::from_timestamp(two_days_ago - two_days_ago.rem_euclid(3600), 0).expect("an instant two days ago")
}
