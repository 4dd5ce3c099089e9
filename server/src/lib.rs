//! healthpass reference backend: one binary (`healthpass-server`) that signs venue
//! posters as the venue registry, hands health officers one-time upload codes, and serves
//! its public keys, the signed trust list and rule set, and the signed warning bundles
//! (`DATA/warnings/`); it takes citizens' uploads and venues' warnings for review. State lives
//! in a SQLite file under the data directory or in PostgreSQL (`--database`).
//!
//! Citizens stay anonymous: only officers and operators have accounts.

pub mod accounts;
mod api;
pub mod batch;
pub mod bundles;
pub mod case_confirmation;
pub mod config;
pub mod connections;
pub mod data_dir;
mod db;
pub mod documents;
pub mod keys;
pub mod portal;
pub mod reply_delay;
pub mod static_file;
pub mod submission;
pub mod tokens;
pub mod vault;

use std::net::SocketAddr;

use thiserror::Error;
use tokio::net::TcpListener;

pub use api::ClientAddress;
pub use config::ServerConfig;
pub use db::{Database, DatabaseLocation};

/// Why the server could not start or stopped with an error.
#[derive(Debug, Error)]
pub enum ServerError {
    /// A file under the data directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A key file exists but cannot be read as a key.
    #[error("{0}: not a valid key file")]
    InvalidKeyFile(std::path::PathBuf),
    /// A key file that must already exist (the offline trust root's, when signing) is missing.
    #[error("{0}: no such key; create it first (healthpass-server trust-root --keys DIR)")]
    MissingTrustRootKey(std::path::PathBuf),
    /// A new key could not be generated.
    #[error("key generation failed: {0}")]
    KeyGeneration(String),
    /// The key to retire is the current one; rotate first.
    #[error("key {0} is the current key; rotate before retiring it")]
    CurrentKey(String),
    /// No retained key has that id.
    #[error("no retained key with id {0}")]
    UnknownKey(String),
    /// A signed document (trust list, rule set) could not be made, or a document signed
    /// offline was refused at start.
    #[error(transparent)]
    Documents(#[from] documents::DocumentError),
    /// The warnings directory could not be read or written.
    #[error("warnings directory: {0}")]
    Bundles(#[from] bundles::BundleDirError),
    /// The state database failed.
    #[error("database: {0}")]
    Database(#[from] db::DbError),
    /// The submission vault could not be opened or tidied.
    #[error("submission vault: {0}")]
    Vault(#[from] vault::VaultError),
    /// The listen address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// The address asked for.
        address: SocketAddr,
        /// The socket error.
        source: std::io::Error,
    },
}

/// Opens the state and keys under `config.data_dir`, listens, and serves until SIGINT or
/// SIGTERM. In-flight requests finish before it returns, so every acknowledged write is
/// committed (each is its own transaction) before the process exits.
pub async fn serve(config: ServerConfig) -> Result<(), ServerError> {
    data_dir::create_private_dir(&config.data_dir).map_err(|source| ServerError::Io { path: config.data_dir.clone(), source })?;
    let now = chrono::Utc::now();
    // A trust list signed offline names the issuer certificate, so there the operator rotates
    // the issuer (`export-issuer` does when it is ending) and has a new list signed.
    if matches!(config.documents, documents::DocumentSource::SignedAtStart { .. })
        && let Some(key_id) = keys::rotate_ending_issuer(&config.data_dir, now)?
    {
        tracing::info!(%key_id, "issuer key rotated: the previous one was ending");
    }
    let keys = keys::KeyRing::load_or_create(&config.data_dir)?;
    let bundles = bundles::BundleDirectory::open(&config.data_dir, &keys.publisher, now)?;
    let documents = documents::SignedDocuments::publish(&config.documents, &config.data_dir, &keys, now)?;
    let database = Database::open(&config.database()).await?;
    let vault = vault::SubmissionVault::open(&config.data_dir)?;
    vault.keep_only(&database.submission_key_names().await?)?;
    tokio::spawn(delete_expired_codes(database.clone()));
    let listener =
        TcpListener::bind(config.listen).await.map_err(|source| ServerError::Listen { address: config.listen, source })?;
    let address = listener.local_addr().map_err(|source| ServerError::Listen { address: config.listen, source })?;
    // The one line scripts wait for: the port is open from here on.
    println!("listening on http://{address}");
    tracing::info!(%address, "listening");
    let state = api::AppState::new(database, keys, bundles, documents, vault, &config);
    let app = api::router(state.clone()).merge(portal::router(state, config.portal_zone.clone()));
    connections::serve(listener, app, config.header_read_timeout, shutdown_signal()).await;
    tracing::info!("stopped");
    Ok(())
}

/// Deletes expired upload codes every minute, so a code is gone within a minute of its expiry
/// even if nobody presents it again. A failure is logged and tried again next minute.
async fn delete_expired_codes(database: Database) {
    let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        every_minute.tick().await;
        if let Err(error) = database.delete_expired_codes(chrono::Utc::now().timestamp()).await {
            tracing::error!(%error, "deleting expired upload codes failed");
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(signal) => signal,
        Err(_) => {
            let _ = interrupt.await;
            return;
        }
    };
    tokio::select! {
        _ = interrupt => {}
        _ = terminate.recv() => {}
    }
}
