//! A running server with one officer and one operator, and the HTTP calls the server tests make.

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder};
use serde_json::Value;

use crate::{Backend, ServerProcess, add_account_on};

/// A server on loopback with a fresh data directory and state in `backend`.
pub struct ServerFixture {
    /// The data directory (keys, SQLite file).
    pub dir: tempfile::TempDir,
    /// Where the state is.
    pub backend: Backend,
    /// The running server.
    pub server: ServerProcess,
    /// A health officer's token.
    pub officer: String,
    /// A venue operator's token.
    pub operator: String,
    /// The HTTP client.
    pub http: Client,
    extra: Vec<String>,
}

impl ServerFixture {
    /// Starts a server on `backend` with `extra` arguments, after adding one officer and one operator.
    pub fn start(backend: Backend, extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let officer = add_account_on(dir.path(), &backend, "add-officer", "Dr. Sari");
        let operator = add_account_on(dir.path(), &backend, "add-operator", "Mal Bekasi Raya management");
        let server = ServerProcess::start_on(dir.path(), &backend, extra);
        let extra = extra.iter().map(|a| (*a).to_owned()).collect();
        ServerFixture { dir, backend, server, officer, operator, http: Client::new(), extra }
    }

    /// Adds another account of `kind` (`add-officer` or `add-operator`); its token.
    pub fn add_account(&self, kind: &str, name: &str) -> String {
        add_account_on(self.dir.path(), &self.backend, kind, name)
    }

    /// Stops the server gracefully (asserting exit status 0) and starts it again on the same state.
    pub fn restart(&mut self) {
        let extra: Vec<&str> = self.extra.iter().map(String::as_str).collect();
        let fresh = ServerProcess::start_on(self.dir.path(), &self.backend, &extra);
        let old = std::mem::replace(&mut self.server, fresh);
        assert!(old.stop().success(), "graceful shutdown exits 0");
    }

    /// A POST to `path`, with a bearer token if given.
    pub fn post(&self, path: &str, token: Option<&str>) -> RequestBuilder {
        with_token(self.http.post(format!("{}{path}", self.server.url)), token)
    }

    /// A GET of `path`, with a bearer token if given.
    pub fn get(&self, path: &str, token: Option<&str>) -> RequestBuilder {
        with_token(self.http.get(format!("{}{path}", self.server.url)), token)
    }
}

fn with_token(request: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    }
}

/// Sends the request and returns the status and the JSON body.
pub fn reply(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().expect("the server answers");
    let status = response.status();
    let text = response.text().expect("a body");
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: body is not JSON ({e}): {text}")))
}

/// The status and the `error` code of a reply.
pub fn error_of(reply: (StatusCode, Value)) -> (StatusCode, String) {
    (reply.0, reply.1["error"].as_str().unwrap_or_default().to_owned())
}

/// The body of `POST /v1/cases`: the officer's terms for a case (isolate, infectious for the
/// five days up to now).
pub fn case_terms() -> Value {
    let now = chrono::Utc::now();
    serde_json::json!({ "advice": "isolate", "infectious_from": now - chrono::TimeDelta::days(5), "infectious_until": now })
}

/// Slot reports a load generator uploads per submission: a few hours of visits.
pub const LOAD_REPORTS: usize = 4;

/// The body of one upload for load generators: a fixed-size submission of decoy slot reports
/// with `code`, as a phone would send it (`application/octet-stream`).
pub fn load_upload_body(code: &str) -> Vec<u8> {
    let reports = vec![healthpass_core::exposure::SlotReport::decoy(); LOAD_REPORTS];
    let submission = healthpass_core::exposure::Submission {
        kind: healthpass_core::exposure::SubmissionKind::Upload { code: code.to_owned() },
        reports,
    };
    submission.to_bytes().expect("a load upload is a well-formed submission")
}
