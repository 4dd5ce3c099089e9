//! Trust anchors on the command line (`--dsc`, `--did`, `--trust-list`) and the trust-list
//! publisher's commands: `healthpass trust keygen`, `healthpass trust sign`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use healthpass_core::certificate::{DidDocument, DocumentSigner, TrustStore};
use healthpass_core::store::Store;
use healthpass_core::trust_list::{
    TrustCacheError, TrustList, TrustRootKey, TrustRootSigningKey, cached_trust_list, install_trust_list,
};
use serde_json::json;

use super::registry::write_new_file;
use crate::failure::Failure;
use crate::output::Output;

/// Environment variable naming the pinned trust-root public key file, when `--trust-root` is
/// not given.
pub const TRUST_ROOT_ENV: &str = "HEALTHPASS_TRUST_ROOT";

/// Which signers and issuers to trust.
#[derive(Debug, Args)]
pub struct TrustArgs {
    /// A document signer certificate: DER, PEM or base64 DER (repeatable).
    #[arg(long = "dsc", value_name = "FILE")]
    pub dsc: Vec<PathBuf>,
    /// An NZ Pass issuer's DID document (JSON, repeatable).
    #[arg(long = "did", value_name = "FILE")]
    pub did: Vec<PathBuf>,
    /// A signed trust list (checked against --trust-root or $HEALTHPASS_TRUST_ROOT).
    #[arg(long, value_name = "FILE")]
    pub trust_list: Option<PathBuf>,
    /// The pinned trust-root public key file that signs trust lists and rule sets.
    #[arg(long, value_name = "FILE")]
    pub trust_root: Option<PathBuf>,
}

impl TrustArgs {
    /// Builds the trust store; also the trust list, when one was given, for its age.
    pub fn load(&self) -> Result<(TrustStore, Option<TrustList>), Failure> {
        let mut trust = TrustStore::new();
        let mut list = None;
        if let Some(path) = &self.trust_list {
            let roots = vec![self.root_key()?];
            let bytes = read(path)?;
            let verified = TrustList::verify(&bytes, &roots)?;
            for signer in verified.trust_store().signers() {
                trust.add_signer(signer.clone());
            }
            for issuer in verified.trust_store().issuers() {
                trust.add_issuer(issuer.clone());
            }
            list = Some(verified);
        }
        for path in &self.dsc {
            let signer = DocumentSigner::from_file_bytes(&read(path)?)
                .map_err(|e| Failure::refused("invalid_dsc", format!("{}: {e}", path.display())))?;
            trust.add_signer(signer);
        }
        for path in &self.did {
            let document = DidDocument::from_json(&read(path)?)
                .map_err(|e| Failure::refused("invalid_did", format!("{}: {e}", path.display())))?;
            trust.add_issuer(document);
        }
        Ok((trust, list))
    }

    /// Like [`TrustArgs::load`], but when no `--dsc`, `--did` or `--trust-list` is given, the
    /// trust list installed in the store (`healthpass trust install`) is used, verified again
    /// against the pinned root. The store is `--db`, else the default file if it exists.
    pub fn load_or_cached(&self, db: Option<PathBuf>) -> Result<(TrustStore, Option<TrustList>), Failure> {
        if !self.dsc.is_empty() || !self.did.is_empty() || self.trust_list.is_some() {
            return self.load();
        }
        let Ok(root) = self.root_key() else { return self.load() };
        let path = match db {
            Some(path) => path,
            None => match dirs::data_dir().map(|d| d.join("healthpass").join("healthpass.db")) {
                Some(path) if path.is_file() => path,
                _ => return self.load(),
            },
        };
        let store = Store::open(&path)?;
        match cached_trust_list(&store, &[root]).map_err(cache_failure)? {
            Some(list) => Ok((list.trust_store().clone(), Some(list))),
            None => self.load(),
        }
    }

    /// The pinned root key: `--trust-root`, else the file named by $HEALTHPASS_TRUST_ROOT.
    pub fn root_key(&self) -> Result<TrustRootKey, Failure> {
        let path = match &self.trust_root {
            Some(path) => path.clone(),
            None => std::env::var_os(TRUST_ROOT_ENV)
                .map(PathBuf::from)
                .ok_or_else(|| Failure::refused("no_trust_root", "give --trust-root FILE or set HEALTHPASS_TRUST_ROOT"))?,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| Failure::io(&path, e))?;
        Ok(TrustRootKey::from_text(&text)?)
    }
}

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::io(path, e))
}

fn cache_failure(error: TrustCacheError) -> Failure {
    match error {
        TrustCacheError::TrustList(e) => e.into(),
        TrustCacheError::Store(e) => e.into(),
    }
}

/// Trust-list commands: install one on this device, or (for the publisher) make and sign one.
#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Verify a trust list against the pinned root and cache it in the store for offline use.
    Install {
        /// The signed trust-list file.
        file: PathBuf,
        /// The pinned trust-root public key file (else $HEALTHPASS_TRUST_ROOT).
        #[arg(long, value_name = "FILE")]
        trust_root: Option<PathBuf>,
    },
    /// Create a trust-root key pair: DIR/trust-root.key (secret, mode 0600) and DIR/trust-root.pub.
    Keygen {
        /// Directory to write the two files into.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out_dir: PathBuf,
    },
    /// Sign a trust list of document signers and NZ Pass issuers.
    Sign {
        /// The secret trust-root key file.
        #[arg(long, value_name = "FILE")]
        root_key: PathBuf,
        /// A document signer certificate: DER, PEM or base64 DER (repeatable).
        #[arg(long = "dsc", value_name = "FILE")]
        dsc: Vec<PathBuf>,
        /// An NZ Pass issuer's DID document (repeatable).
        #[arg(long = "did", value_name = "FILE")]
        did: Vec<PathBuf>,
        /// The issue instant written into the list (default: now).
        #[arg(long, value_name = "INSTANT", value_parser = super::cert::parse_clock)]
        at: Option<DateTime<Utc>>,
        /// The trust-list file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Runs a trust command.
pub fn run(db: Option<PathBuf>, command: TrustCommand, out: &Output) -> Result<(), Failure> {
    match command {
        TrustCommand::Install { file, trust_root } => {
            let args = TrustArgs { dsc: Vec::new(), did: Vec::new(), trust_list: None, trust_root };
            let root = args.root_key()?;
            let mut store = super::diary::open_store(db)?;
            let list = install_trust_list(&mut store, &read(&file)?, &[root]).map_err(cache_failure)?;
            let (signers, issuers) = (list.trust_store().signers().len(), list.trust_store().issuers().len());
            let issued = list.issued_at().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            out.print(
                &format!("Installed trust list of {issued}: {signers} signers, {issuers} NZ issuers"),
                json!({ "issued_at": issued, "signers": signers, "nz_issuers": issuers }),
            );
            Ok(())
        }
        TrustCommand::Keygen { out_dir } => {
            let key = TrustRootSigningKey::generate();
            std::fs::create_dir_all(&out_dir).map_err(|e| Failure::io(&out_dir, e))?;
            let (secret, public) = (out_dir.join("trust-root.key"), out_dir.join("trust-root.pub"));
            write_new_file(&secret, &key.to_text(), 0o600)?;
            write_new_file(&public, &key.public_key().to_text(), 0o644)?;
            let key_id = key.public_key().key_id().to_string();
            out.print(
                &format!("Trust root {key_id}\n  secret: {}\n  public: {}", secret.display(), public.display()),
                json!({ "key_id": key_id, "secret": secret, "public": public }),
            );
            Ok(())
        }
        TrustCommand::Sign { root_key, dsc, did, at, out: path } => {
            let text = std::fs::read_to_string(&root_key).map_err(|e| Failure::io(&root_key, e))?;
            let root = TrustRootSigningKey::from_text(&text)?;
            let signers = dsc
                .iter()
                .map(|p| {
                    let signer = DocumentSigner::from_file_bytes(&read(p)?)
                        .map_err(|e| Failure::refused("invalid_dsc", format!("{}: {e}", p.display())))?;
                    Ok(signer.der().to_vec())
                })
                .collect::<Result<Vec<_>, Failure>>()?;
            let documents = did.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
            let issued_at = at.unwrap_or_else(Utc::now);
            let bytes = TrustList::sign(&signers, &documents, issued_at, &root)?;
            std::fs::write(&path, bytes).map_err(|e| Failure::io(&path, e))?;
            out.print(
                &format!(
                    "Trust list with {} signers and {} issuers written to {}",
                    signers.len(),
                    documents.len(),
                    path.display()
                ),
                json!({ "signers": signers.len(), "nz_issuers": documents.len(), "out": path }),
            );
            Ok(())
        }
    }
}
