//! `healthpass registry …`: the venue registry's signing key.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use healthpass_core::keys::{KeyPurpose, PublicKey};
use healthpass_core::venue::RegistrySigningKey;
use serde_json::json;

use crate::failure::Failure;
use crate::output::Output;

/// Commands on registry keys.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Create a registry key pair: DIR/registry.key (secret, mode 0600) and DIR/registry.pub.
    Keygen {
        /// Directory to write the two files into.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out_dir: PathBuf,
    },
}

/// Runs a registry command.
pub fn run(command: RegistryCommand, out: &Output) -> Result<(), Failure> {
    match command {
        RegistryCommand::Keygen { out_dir } => keygen(&out_dir, out),
    }
}

fn keygen(dir: &Path, out: &Output) -> Result<(), Failure> {
    let key = RegistrySigningKey::generate();
    let public = key.public_key();
    let (secret_path, public_path) = (dir.join("registry.key"), dir.join("registry.pub"));
    write_new_file(&secret_path, &key.to_text(), 0o600)?;
    write_new_file(&public_path, &public.to_text(), 0o644)?;
    let key_id = public.key_id().to_string();
    out.print(
        &format!("Registry key {key_id}\n  secret: {}\n  public: {}", secret_path.display(), public_path.display()),
        json!({ "key_id": key_id, "secret": secret_path, "public": public_path }),
    );
    Ok(())
}

/// Writes a new file with `mode`; an existing file is never overwritten (it may be a live key).
pub(crate) fn write_new_file(path: &Path, text: &str, mode: u32) -> Result<(), Failure> {
    let mut file = OpenOptions::new().write(true).create_new(true).mode(mode).open(path).map_err(|e| Failure::io(path, e))?;
    writeln!(file, "{text}").and_then(|()| file.sync_all()).map_err(|e| Failure::io(path, e))
}

/// Reads a secret registry key file.
pub fn read_signing_key(path: &Path) -> Result<RegistrySigningKey, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::io(path, e))?;
    Ok(RegistrySigningKey::from_text(&text)?)
}

/// Reads a public key file of purpose `P` (registry, publisher, trust root).
pub fn read_public_key<P: KeyPurpose>(path: &Path) -> Result<PublicKey<P>, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::io(path, e))?;
    Ok(PublicKey::from_text(&text)?)
}
