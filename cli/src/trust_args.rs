//! Trust anchors on the command line: signer files (`--dsc`, `--did`, `--trust-list`) and the
//! pinned trust root (`--trust-root` or `$HEALTHPASS_TRUST_ROOT`).

use std::path::PathBuf;

use clap::Args;
use healthpass_core::certificate::{DidDocument, DocumentSigner, TrustStore};
use healthpass_core::passport::HealthPassport;
use healthpass_core::trust_list::{TrustList, TrustRootKey};

use crate::failure::Failure;
use crate::files::{existing_passport_path, read, read_text};

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
    /// Only the pinned root (`trust install`).
    pub fn root_only(trust_root: Option<PathBuf>) -> Self {
        TrustArgs { dsc: Vec::new(), did: Vec::new(), trust_list: None, trust_root }
    }

    /// Builds the trust store from the signer files given; also the trust list, when one was
    /// given, for its age.
    pub fn load(&self) -> Result<(TrustStore, Option<TrustList>), Failure> {
        let mut trust = TrustStore::new();
        let mut list = None;
        if let Some(path) = &self.trust_list {
            let verified = TrustList::verify(&read(path)?, &[self.root_key()?])?;
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

    /// Sets up the passport's certificate trust: pins the root when one is known (loading the
    /// trust list and rule set kept in the store), and trusts exactly the signer files when
    /// any is given. Returns the trust list in use.
    pub fn apply(&self, passport: &HealthPassport) -> Result<Option<TrustList>, Failure> {
        if let Some(root) = self.root_key_text()? {
            passport.set_trust_roots(&[root])?;
        }
        if self.gives_signers() {
            let (signers, list) = self.load()?;
            passport.use_trust_store(signers);
            return Ok(list);
        }
        Ok(passport.trust_list())
    }

    /// Like [`TrustArgs::load`], but when no signer file is given, the trust list kept in the
    /// passport at `db` (else the default file, if it exists), verified again against the
    /// pinned root.
    pub fn load_or_kept(&self, db: Option<PathBuf>) -> Result<(TrustStore, Option<TrustList>), Failure> {
        let (Some(root), Some(path), false) = (self.root_key_text()?, existing_passport_path(db), self.gives_signers()) else {
            return self.load();
        };
        match HealthPassport::open(&path, crate::account_args::transport())?.set_trust_roots(&[root])? {
            Some(list) => Ok((list.trust_store().clone(), Some(list))),
            None => self.load(),
        }
    }

    /// The pinned root key: `--trust-root`, else the file named by $HEALTHPASS_TRUST_ROOT.
    pub fn root_key(&self) -> Result<TrustRootKey, Failure> {
        let text = self
            .root_key_text()?
            .ok_or_else(|| Failure::refused("no_trust_root", "give --trust-root FILE or set HEALTHPASS_TRUST_ROOT"))?;
        Ok(TrustRootKey::from_text(&text)?)
    }

    /// The text of the pinned root key file, `None` when neither `--trust-root` nor
    /// $HEALTHPASS_TRUST_ROOT names one.
    fn root_key_text(&self) -> Result<Option<String>, Failure> {
        let path = match &self.trust_root {
            Some(path) => path.clone(),
            None => match std::env::var_os(TRUST_ROOT_ENV) {
                Some(path) => PathBuf::from(path),
                None => return Ok(None),
            },
        };
        read_text(&path).map(Some)
    }

    fn gives_signers(&self) -> bool {
        !self.dsc.is_empty() || !self.did.is_empty() || self.trust_list.is_some()
    }
}
