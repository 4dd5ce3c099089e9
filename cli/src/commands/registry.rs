//! `healthpass registry …`: the venue registry's signing key.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use healthpass_core::venue::RegistrySigningKey;
use serde_json::json;

use crate::failure::Failure;
use crate::files::write_new_file;
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
