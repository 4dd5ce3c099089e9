//! Helpers for the end-to-end tests: run the real `healthpass` binary on real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
    let Output { status, stdout, stderr } =
        Command::new(workspace_binary("healthpass")).args(args).current_dir(dir).output().expect("healthpass starts");
    Run {
        status: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Runs `healthpass` and asserts it succeeded.
pub fn healthpass_ok(dir: &Path, args: &[&str]) -> Run {
    let run = healthpass(dir, args);
    assert_eq!(run.status, 0, "healthpass {args:?} failed: {run:?}");
    run
}

/// A running `healthpass server` on a free loopback port; stopped (SIGTERM) when dropped.
pub struct ServerProcess {
    child: std::process::Child,
    /// Base URL, e.g. `http://127.0.0.1:41234`.
    pub url: String,
}

impl ServerProcess {
    /// Starts the server on `data_dir` and waits for its `listening on …` line.
    pub fn start(data_dir: &Path) -> Self {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new(workspace_binary("healthpass"))
            .args(["server", "--listen", "127.0.0.1:0", "--data"])
            .arg(data_dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the server prints its address");
        let url =
            line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
        ServerProcess { child, url }
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

/// Adds an account with `healthpass server add-officer|add-operator` and returns its token
/// (the last line of standard output).
pub fn add_account(data_dir: &Path, kind: &str, name: &str) -> String {
    let run = healthpass_ok(data_dir, &["server", kind, name, "--data", "."]);
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
