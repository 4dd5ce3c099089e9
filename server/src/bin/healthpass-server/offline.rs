//! The offline side of the trust root: its key, the trust lists and rule sets it signs, and the
//! issuer certificates the server exports for them. Everything here but `export-issuer` runs on
//! a machine that is not the server.

use std::path::Path;

use chrono::Utc;
use healthpass_core::certificate::DocumentSigner;
use healthpass_core::keys::KeyId;
use healthpass_core::status::RuleSet;
use healthpass_server::data_dir::create_private_dir;
use healthpass_server::documents::{sign_rules, sign_trust_list};
use healthpass_server::keys::{TrustRootKeys, issuer_certificates_to_export};

use crate::args::{ExportIssuerArgs, SignCommand, SignRulesArgs, SignTrustListArgs, TrustRootArgs};
use crate::failure::Failure;

/// Creates the trust-root key in its directory if missing and prints its public keys, one per
/// line, current first.
pub fn trust_root(args: TrustRootArgs) -> Result<(), Failure> {
    let dir = TrustRootKeys::directory(&args.keys.keys).map_err(Failure::from_key)?;
    let root = TrustRootKeys::load_or_create(&dir).map_err(Failure::from_key)?;
    for key in root.public_keys() {
        println!("{}", key.to_text());
    }
    Ok(())
}

/// Signs a trust list or a rule set with the existing trust-root key.
pub fn sign(command: SignCommand) -> Result<(), Failure> {
    match command {
        SignCommand::TrustList(args) => sign_list(args),
        SignCommand::Rules(args) => sign_rule_set(args),
    }
}

/// Writes the issuer certificates, current first, as `issuer-<key id>.der` under `--out`.
pub fn export_issuer(args: ExportIssuerArgs) -> Result<(), Failure> {
    create_private_dir(&args.data).map_err(|e| Failure::io(&args.data, e))?;
    let certificates = issuer_certificates_to_export(&args.data, Utc::now()).map_err(Failure::from_key)?;
    std::fs::create_dir_all(&args.out).map_err(|e| Failure::io(&args.out, e))?;
    for der in certificates {
        let signer = DocumentSigner::from_der(&der).map_err(|e| Failure::environment("keys", e))?;
        let path = args.out.join(format!("issuer-{}.der", KeyId(signer.key_id())));
        write(&path, &der)?;
        println!("{}", path.display());
    }
    Ok(())
}

fn sign_list(args: SignTrustListArgs) -> Result<(), Failure> {
    let mut signers = Vec::new();
    for path in &args.signers {
        let signer = DocumentSigner::from_file_bytes(&read(path)?)
            .map_err(|e| Failure::refused("invalid_signer", format!("{}: {e}", path.display())))?;
        signers.push(signer.der().to_vec());
    }
    let did_documents = args.did_documents.iter().map(|path| read(path)).collect::<Result<Vec<_>, _>>()?;
    let root = TrustRootKeys::load(&args.keys.keys).map_err(Failure::from_key)?;
    let now = Utc::now();
    let list = sign_trust_list(&root, &signers, &did_documents, now).map_err(Failure::from_document)?;
    write(&args.out, &list)?;
    println!(
        "trust list of {} signer certificates and {} NZ issuers, issued {}, signed by trust root {}:",
        signers.len(),
        did_documents.len(),
        now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        root.current.public_key().key_id()
    );
    println!("{}", args.out.display());
    Ok(())
}

fn sign_rule_set(args: SignRulesArgs) -> Result<(), Failure> {
    let rules = RuleSet::from_json(&read(&args.rules)?).map_err(|e| Failure::refused(e.code(), e))?;
    let root = TrustRootKeys::load(&args.keys.keys).map_err(Failure::from_key)?;
    let signed = sign_rules(&root, &rules, Utc::now()).map_err(Failure::from_document)?;
    write(&args.out, &signed)?;
    println!("rule set {} version {} signed by trust root {}:", rules.id, rules.version, root.current.public_key().key_id());
    println!("{}", args.out.display());
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::io(path, e))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| Failure::io(path, e))
}
