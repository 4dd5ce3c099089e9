//! Keys off the API host (issue 18, item 4): the trust root lives on an offline machine, signs
//! the trust list and rule set there (`healthpass-server trust-root | sign`), and the server
//! publishes those files byte for byte (`run --documents DIR --trust-root FILE`) without ever
//! holding, or creating, a trust-root key. A phone syncs and installs them. A forged,
//! foreign-rooted or mismatched document keeps the server from starting, with its own code.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use healthpass_core::certificate::{Algorithm, IssuerKey};
use healthpass_core::passport::HealthPassport;
use healthpass_core::status::RuleSet;
use healthpass_e2e::{Backend, Run, ServerProcess, healthpass_server, healthpass_server_ok, workspace_binary};
use serde_json::{Value, json};

/// The offline machine, the server's data directory and the documents copied between them.
struct Deployment {
    dir: tempfile::TempDir,
}

impl Deployment {
    /// Creates the offline root, exports the server's issuer certificate, and signs a trust
    /// list naming it and `rules` into the documents directory, all with the real binary.
    fn signed(rules: &RuleSet) -> Self {
        let deployment = Deployment { dir: tempfile::tempdir().unwrap() };
        let root = healthpass_server_ok(deployment.path(), &["trust-root", "--keys", "offline-root"]);
        std::fs::write(deployment.root_pub(), root.stdout.lines().next().unwrap()).unwrap();
        std::fs::create_dir(deployment.documents()).unwrap();
        let exported = healthpass_server_ok(deployment.path(), &["export-issuer", "--data", "data", "--out", "exported"]);
        let signers: Vec<&str> = exported.stdout.lines().collect();
        assert_eq!(signers.len(), 1, "one issuer certificate: {exported:?}");
        deployment.sign_list(signers[0]);
        std::fs::write(deployment.path().join("rules.json"), serde_json::to_vec(rules).unwrap()).unwrap();
        healthpass_server_ok(
            deployment.path(),
            &["sign", "rules", "--keys", "offline-root", "--rules", "rules.json", "--out", "documents/rules.signed.json"],
        );
        deployment
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.path().join("data")
    }

    fn documents(&self) -> PathBuf {
        self.path().join("documents")
    }

    fn root_pub(&self) -> PathBuf {
        self.path().join("root.pub")
    }

    /// Signs the trust list naming `signer` (a certificate file) offline.
    fn sign_list(&self, signer: &str) -> Run {
        healthpass_server_ok(
            self.path(),
            &["sign", "trust-list", "--keys", "offline-root", "--signer", signer, "--out", "documents/trust-list.signed.json"],
        )
    }

    /// The arguments that make `run` publish the offline-signed documents.
    fn run_args(&self) -> Vec<String> {
        ["--documents", self.documents().to_str().unwrap(), "--trust-root", self.root_pub().to_str().unwrap()]
            .map(str::to_owned)
            .to_vec()
    }

    /// Starts the server expecting a refusal: its exit status and JSON error (a server that
    /// starts anyway fails the test after 60 s instead of hanging it).
    fn refused_start(&self, root_pub: &Path) -> (i32, Value) {
        let mut child = Command::new(workspace_binary("healthpass-server"))
            .args(["--json", "run", "--listen", "127.0.0.1:0", "--data"])
            .arg(self.data())
            .arg("--documents")
            .arg(self.documents())
            .arg("--trust-root")
            .arg(root_pub)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                child.kill().unwrap();
                panic!("the server started on documents it should refuse");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let error: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout:?}"));
        (status.code().unwrap_or(-1), error)
    }
}

/// The 2022 rules as republished by the health office today: a revision the phone has never
/// seen, so only a rule set actually synced from the server can be in force afterwards.
fn republished_rules() -> RuleSet {
    let mut rules = RuleSet::peduli_lindungi_2022();
    rules.version += 1;
    rules.published_at = Utc::now() - TimeDelta::hours(1);
    rules
}

/// Every file name under `dir`, recursively.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            names.extend(file_names(&entry.path()));
        } else {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names
}

fn assert_no_trust_root_key(data: &Path) {
    let names = file_names(data);
    assert!(names.iter().all(|name| !name.starts_with("trust-root")), "a trust-root key in the data directory: {names:?}");
    assert!(names.contains(&"issuer.key".to_owned()), "the listing did look at the keys: {names:?}");
}

#[test]
fn documents_signed_offline_are_served_byte_for_byte_and_installed_by_a_phone() {
    let rules = republished_rules();
    let deployment = Deployment::signed(&rules);
    let args = deployment.run_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let server = ServerProcess::start_on(&deployment.data(), &Backend::Sqlite, &args);

    let trust_list = std::fs::read(deployment.documents().join("trust-list.signed.json")).unwrap();
    let signed_rules = std::fs::read(deployment.documents().join("rules.signed.json")).unwrap();
    let get = |path: &str| reqwest::blocking::get(format!("{}{path}", server.url)).unwrap();
    assert_eq!(get("/v1/trust-list").bytes().unwrap().as_ref(), trust_list.as_slice());
    assert_eq!(get("/v1/rules").bytes().unwrap().as_ref(), signed_rules.as_slice());
    let root = std::fs::read_to_string(deployment.root_pub()).unwrap();
    let keys: Value = get("/v1/keys").json().unwrap();
    assert_eq!(keys["trust_root"], json!([root]), "the pinned root, not one of the server's own");
    assert_no_trust_root_key(&deployment.data());
    assert!(ServerProcess::log(&deployment.data()).contains("listening"));
    assert!(!ServerProcess::log(&deployment.data()).contains("development mode"));

    let phone = HealthPassport::open(
        &deployment.path().join("phone.db"),
        std::sync::Arc::new(healthpass_core::remote::UreqTransport::new()),
    )
    .unwrap();
    phone.set_trust_roots(&[root.as_str()]).unwrap();
    let update = phone.sync_documents(&server.url).unwrap();
    let exported = std::fs::read_dir(deployment.path().join("exported")).unwrap().next().unwrap().unwrap().path();
    let issuer = std::fs::read(exported).unwrap();
    let list = update.trust_list.expect("the trust list is installed");
    assert_eq!(list.trust_store().signers().iter().map(|s| s.der().to_vec()).collect::<Vec<_>>(), vec![issuer]);
    assert_eq!(update.status_rules, Some(rules.clone()));
    assert_eq!(phone.status_rules(), rules);
    drop(server);
    assert_no_trust_root_key(&deployment.data());
}

#[test]
fn a_forged_foreign_or_mismatched_document_keeps_the_server_from_starting() {
    let deployment = Deployment::signed(&republished_rules());
    let list_path = deployment.documents().join("trust-list.signed.json");
    let genuine = std::fs::read_to_string(&list_path).unwrap();

    // Forged: the signed content altered by one character.
    let mut envelope: Value = serde_json::from_str(&genuine).unwrap();
    let content = envelope["content"].as_str().unwrap().to_owned();
    let flipped = if content.ends_with('A') { 'B' } else { 'A' };
    envelope["content"] = json!(format!("{}{flipped}", &content[..content.len() - 1]));
    std::fs::write(&list_path, envelope.to_string()).unwrap();
    let (status, error) = deployment.refused_start(&deployment.root_pub());
    assert_eq!((status, error["error"].clone()), (1, json!("forged_signature")), "{error}");
    std::fs::write(&list_path, &genuine).unwrap();

    // Foreign: the server pins another root than the one that signed.
    let other_root = healthpass_server_ok(deployment.path(), &["trust-root", "--keys", "other-root"]);
    std::fs::write(deployment.path().join("other.pub"), other_root.stdout.lines().next().unwrap()).unwrap();
    let (status, error) = deployment.refused_start(&deployment.path().join("other.pub"));
    assert_eq!((status, error["error"].clone()), (1, json!("unknown_root_key")), "{error}");

    // Mismatched: a genuine list that names some other issuer, not this server's.
    let stranger = IssuerKey::generate(Algorithm::Es256, "ID", Utc::now(), Utc::now() + TimeDelta::days(700)).unwrap();
    std::fs::write(deployment.path().join("stranger.der"), stranger.certificate_der()).unwrap();
    deployment.sign_list("stranger.der");
    let (status, error) = deployment.refused_start(&deployment.root_pub());
    assert_eq!((status, error["error"].clone()), (1, json!("issuer_not_listed")), "{error}");
    assert!(error["message"].as_str().unwrap().contains("export-issuer"), "the message says what to do: {error}");

    // Swapped: the trust list where the rule set belongs.
    std::fs::write(&list_path, &genuine).unwrap();
    std::fs::copy(&list_path, deployment.documents().join("rules.signed.json")).unwrap();
    let (status, error) = deployment.refused_start(&deployment.root_pub());
    assert_eq!((status, error["error"].clone()), (1, json!("forged_signature")), "{error}");
    assert!(error["message"].as_str().unwrap().starts_with("rule set"), "{error}");
    assert_no_trust_root_key(&deployment.data());
}

#[test]
fn the_offline_steps_refuse_what_phones_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let missing = healthpass_server(path, &["--json", "sign", "rules", "--keys", "root", "--rules", "x.json", "--out", "y"]);
    assert_eq!((missing.status, missing.json()["error"].clone()), (3, json!("io")), "no rule file to read: {missing:?}");
    std::fs::write(path.join("future.json"), {
        let mut rules = RuleSet::peduli_lindungi_2022();
        rules.published_at = Utc::now() + TimeDelta::days(1);
        serde_json::to_vec(&rules).unwrap()
    })
    .unwrap();
    let args = ["--json", "sign", "rules", "--keys", "root", "--rules", "future.json", "--out", "signed.json"];
    let no_root = healthpass_server(path, &args);
    assert_eq!((no_root.status, no_root.json()["error"].clone()), (1, json!("missing_trust_root_key")), "{no_root:?}");
    assert!(!path.join("root/trust-root.key").exists(), "signing never creates a root");
    healthpass_server_ok(path, &["trust-root", "--keys", "root"]);
    let future = healthpass_server(path, &args);
    assert_eq!((future.status, future.json()["error"].clone()), (1, json!("not_yet_valid")), "{future:?}");
    assert!(!path.join("signed.json").exists());
    std::fs::write(path.join("garbage.pem"), "not a certificate").unwrap();
    let garbage = healthpass_server(
        path,
        &["--json", "sign", "trust-list", "--keys", "root", "--signer", "garbage.pem", "--out", "list.json"],
    );
    assert_eq!((garbage.status, garbage.json()["error"].clone()), (1, json!("invalid_signer")), "{garbage:?}");
    let other_key = healthpass_server(path, &["--json", "rotate-key", "registry", "--keys", "root"]);
    assert_eq!((other_key.status, other_key.json()["error"].clone()), (1, json!("usage")), "{other_key:?}");
}

#[test]
fn without_documents_the_server_signs_at_start_only_when_told_and_says_it_is_for_development() {
    let dir = tempfile::tempdir().unwrap();
    let unsaid = healthpass_server(dir.path(), &["run", "--data", ".", "--listen", "127.0.0.1:0"]);
    assert_eq!(unsaid.status, 2, "neither --documents nor --sign-documents-at-start: {unsaid:?}");
    assert!(unsaid.stderr.contains("--sign-documents-at-start") && !dir.path().join("keys").exists(), "{unsaid:?}");
    let server = ServerProcess::start(dir.path());
    let keys: Value = reqwest::blocking::get(format!("{}/v1/keys", server.url)).unwrap().json().unwrap();
    let root = std::fs::read_to_string(dir.path().join("keys/trust-root.key")).unwrap();
    assert!(root.starts_with("healthpass-trust-root-secret-v1:"));
    assert_eq!(keys["trust_root"].as_array().map(Vec::len), Some(1));
    drop(server);
    assert!(ServerProcess::log(dir.path()).contains("development mode"), "{}", ServerProcess::log(dir.path()));
}

#[test]
fn an_issuer_is_revoked_by_an_offline_signed_list_without_it() {
    let deployment = Deployment::signed(&republished_rules());
    let args = deployment.run_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = std::fs::read_to_string(deployment.root_pub()).unwrap();
    let phone = HealthPassport::open(
        &deployment.path().join("phone.db"),
        std::sync::Arc::new(healthpass_core::remote::UreqTransport::new()),
    )
    .unwrap();
    phone.set_trust_roots(&[root.as_str()]).unwrap();
    let trusted = |phone: &HealthPassport| -> Vec<Vec<u8>> {
        phone.trust_list().unwrap().trust_store().signers().iter().map(|s| s.der().to_vec()).collect()
    };

    let server = ServerProcess::start_on(&deployment.data(), &Backend::Sqlite, &args);
    phone.sync_documents(&server.url).unwrap();
    let old = trusted(&phone);
    assert_eq!(old.len(), 1);
    drop(server);

    let new_id = healthpass_server_ok(deployment.path(), &["rotate-key", "issuer", "--data", "data"]).stdout;
    let exported = healthpass_server_ok(deployment.path(), &["export-issuer", "--data", "data", "--out", "rotated"]).stdout;
    let current = exported.lines().next().unwrap();
    assert!(current.contains(new_id.lines().last().unwrap()), "current first: {exported}");
    assert_eq!(exported.lines().count(), 2, "the retained certificate is exported too");
    deployment.sign_list(current);
    let server = ServerProcess::start_on(&deployment.data(), &Backend::Sqlite, &args);
    let update = phone.sync_documents(&server.url).unwrap();
    assert!(update.trust_list.is_some());
    let now_trusted = trusted(&phone);
    assert_eq!(now_trusted, vec![std::fs::read(deployment.path().join(current)).unwrap()]);
    assert!(!now_trusted.contains(&old[0]), "the revoked signer is no longer trusted");
}
