//! Health certificates through the real `healthpass` binary: the `cert verify` contract on the
//! shared vectors, our issuer, the family wallet, status and counter checks, trust lists.
use healthpass_e2e::{healthpass, healthpass_ok, issue_vaccination};
use serde_json::json;

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/certs");

fn nz(file: &str) -> String {
    std::fs::read_to_string(format!("{CERTS}/nzcp/{file}")).unwrap().trim().to_owned()
}

fn did() -> String {
    format!("{CERTS}/nzcp/valid/did.json")
}

#[test]
fn verify_prints_the_contract_object_and_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let did = did();
    let ok =
        healthpass_ok(dir, &["cert", "verify", &nz("valid/nzcp.txt"), "--did", &did, "--at", "2021-11-03T00:00:00Z", "--json"]);
    assert_eq!(
        ok.json(),
        json!({"ok": true, "format": "NZCP", "signature": "valid", "time": "valid", "error": null,
               "holder": {"name": "Jack Sparrow", "dob": "1960-04-16"}})
    );
    let picture = format!("{CERTS}/nzcp/valid/nzcp.png");
    let scanned = healthpass_ok(dir, &["cert", "verify", &picture, "--did", &did, "--at", "2021-11-03T00:00:00Z", "--json"]);
    assert_eq!(scanned.json()["ok"], true);

    let expired = healthpass(
        dir,
        &["cert", "verify", &nz("invalid/nzcp-expired-payload.txt"), "--did", &did, "--at", "2021-11-03T00:00:00Z", "--json"],
    );
    assert_eq!(expired.status, 1);
    assert_eq!(
        expired.json(),
        json!({"ok": false, "format": "NZCP", "signature": "valid", "time": "expired", "error": "expired", "holder": null})
    );
    let forged = healthpass(
        dir,
        &["cert", "verify", &nz("invalid/nzcp-modified-sig.txt"), "--did", &did, "--at", "2021-11-03T00:00:00Z", "--json"],
    );
    assert_eq!((forged.status, forged.json()["signature"].clone()), (1, json!("invalid")));
    let garbage = healthpass(dir, &["cert", "verify", "HC1:not base45!", "--json"]);
    assert_eq!(garbage.status, 1);
    assert_eq!(garbage.json()["error"], "malformed_base45");
    assert_eq!(garbage.json()["signature"], serde_json::Value::Null);
}

#[test]
fn verify_takes_a_dsc_file_and_every_clock_shape() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let case: serde_json::Value = serde_json::from_slice(&std::fs::read(format!("{CERTS}/dcc/CH/1.json")).unwrap()).unwrap();
    std::fs::write(dir.join("dsc.b64"), case["TESTCTX"]["CERTIFICATE"].as_str().unwrap()).unwrap();
    let text = case["PREFIX"].as_str().unwrap();
    for clock in
        ["2021-08-18T16:36:53+02:00", "2021-08-18T16:36:53+0200", "2021-08-18T14:36:53", "2021-08-18T14:36:53.123456789Z"]
    {
        let run = healthpass_ok(dir, &["cert", "verify", text, "--dsc", "dsc.b64", "--at", clock, "--json"]);
        assert_eq!(run.json()["signature"], "valid", "at {clock}");
        assert_eq!(run.json()["time"], "valid", "at {clock}");
    }
    let unknown = healthpass(dir, &["cert", "verify", text, "--at", "2021-08-18T14:36:53Z", "--json"]);
    assert_eq!((unknown.status, unknown.json()["error"].clone()), (1, json!("unknown_key")));
}

#[test]
fn issued_certificates_fill_the_family_wallet_and_decide_status_and_services() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    healthpass_ok(dir, &["issuer", "keygen", "--valid-from", "2026-01-01T00:00:00Z", "--out-dir", "."]);
    issue_vaccination(dir, "Budi", "1985-11-02", "3", "budi.png");
    issue_vaccination(dir, "Ani", "2012-05-01", "1", "ani.txt");
    let at = "2026-08-01T10:00:00Z";
    let verified = healthpass_ok(dir, &["cert", "verify", "budi.png", "--dsc", "issuer-dsc.pem", "--at", at, "--json"]);
    assert_eq!(verified.json()["holder"], json!({"name": "Budi Santoso", "dob": "1985-11-02"}));

    let db = ["--json", "--db", "wallet.db"];
    let ani_text = std::fs::read_to_string(dir.join("ani.txt")).unwrap();
    healthpass_ok(dir, &[&db[..], &["wallet", "add", "budi.png", "--at", at]].concat());
    healthpass_ok(dir, &[&db[..], &["wallet", "add", ani_text.trim(), "--holder", "Ani", "--at", at]].concat());
    let again = healthpass(dir, &[&db[..], &["wallet", "add", "budi.png", "--at", at]].concat());
    assert_eq!((again.status, again.json()["error"].clone()), (1, json!("duplicate")));
    let list = healthpass_ok(dir, &[&db[..], &["wallet", "list"]].concat()).json();
    let holders: Vec<_> = list["certificates"].as_array().unwrap().iter().map(|c| c["holder"].clone()).collect();
    assert_eq!(holders, [json!("Ani"), json!("Budi Santoso")]);

    let status = healthpass_ok(dir, &[&db[..], &["status", "--dsc", "issuer-dsc.pem", "--at", at]].concat()).json();
    let colours: Vec<_> =
        status["statuses"].as_array().unwrap().iter().map(|s| (s["holder"].clone(), s["colour"].clone())).collect();
    assert_eq!(colours, [(json!("Ani"), json!("yellow")), (json!("Budi Santoso"), json!("green"))]);

    let allowed = healthpass_ok(
        dir,
        &["--json", "verify-service", "--rule", "public-service", ani_text.trim(), "--dsc", "issuer-dsc.pem", "--at", at],
    );
    assert_eq!(allowed.json()["allowed"], true);
    assert_eq!(allowed.json()["holder"], json!({"name": "Ani Santoso", "dob": "2012-05-01"}));
    let mall =
        healthpass(dir, &["--json", "verify-service", "--rule", "mall", ani_text.trim(), "--dsc", "issuer-dsc.pem", "--at", at]);
    assert_eq!((mall.status, mall.json()["status"].clone()), (1, json!({"colour": "yellow", "reason": "child_one_dose"})));

    let id = list["certificates"][0]["id"].as_i64().unwrap().to_string();
    healthpass_ok(dir, &[&db[..], &["wallet", "remove", &id]].concat());
    let after = healthpass_ok(dir, &[&db[..], &["wallet", "list"]].concat()).json();
    assert_eq!(after["certificates"].as_array().unwrap().len(), 1);
}

#[test]
fn a_signed_trust_list_replaces_dsc_and_did_files() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let did = did();
    healthpass_ok(dir, &["trust", "keygen", "--out-dir", "."]);
    healthpass_ok(
        dir,
        &["trust", "sign", "--root-key", "trust-root.key", "--did", &did, "--at", "2021-11-01T00:00:00Z", "--out", "trust.json"],
    );
    let args = ["--trust-list", "trust.json", "--trust-root", "trust-root.pub", "--at", "2021-11-03T00:00:00Z", "--json"];
    let ok = healthpass_ok(dir, &[&["cert", "verify", nz("valid/nzcp.txt").as_str()][..], &args[..]].concat());
    assert_eq!(ok.json()["ok"], true);
    // A list signed by another root is refused before anything in it is trusted.
    healthpass_ok(dir, &["trust", "keygen", "--out-dir", "other"]);
    let refused = healthpass(
        dir,
        &[
            "--json",
            "cert",
            "verify",
            &nz("valid/nzcp.txt"),
            "--trust-list",
            "trust.json",
            "--trust-root",
            "other/trust-root.pub",
        ],
    );
    assert_eq!((refused.status, refused.json()["error"].clone()), (1, json!("unknown_root_key")));

    // Installed on the device, the list is used offline when no trust file is given.
    healthpass_ok(dir, &["--db", "device.db", "trust", "install", "trust.json", "--trust-root", "trust-root.pub"]);
    let cached = healthpass_ok(
        dir,
        &[
            "--db",
            "device.db",
            "cert",
            "verify",
            &nz("valid/nzcp.txt"),
            "--trust-root",
            "trust-root.pub",
            "--at",
            "2021-11-03T00:00:00Z",
            "--json",
        ],
    );
    assert_eq!(cached.json()["ok"], true);
}
