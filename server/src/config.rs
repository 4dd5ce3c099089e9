//! How the server is started.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use chrono::TimeDelta;
use healthpass_core::venue::PosterBaseUrl;

use crate::api::ClientAddress;
use crate::db::DatabaseLocation;
use crate::documents::DocumentSource;

/// How long upload codes stay valid unless configured otherwise.
pub const DEFAULT_UPLOAD_CODE_LIFETIME: TimeDelta = TimeDelta::hours(24);

/// How long one request may take, body read and handling included, before it gets 408.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the server keeps its state and where it listens.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Directory for keys (mode 0600), the SQLite state file and published bundles.
    pub data_dir: PathBuf,
    /// A PostgreSQL URL for the state; `None` keeps it in SQLite under `data_dir`.
    pub database_url: Option<String>,
    /// Address to listen on (port 0 picks a free port, printed at start).
    pub listen: SocketAddr,
    /// How long an upload code can be used after the case is confirmed.
    pub upload_code_lifetime: TimeDelta,
    /// Where the published trust list and status rule set come from: signed offline (a
    /// deployment) or signed at start with a trust-root key in the data directory (development).
    pub documents: DocumentSource,
    /// How a request's client address is found: the peer, or the trusted proxy's header.
    pub client_address: ClientAddress,
    /// How long a client has to send a request head.
    pub header_read_timeout: Duration,
    /// How long a request may take, body included (408 after).
    pub request_timeout: Duration,
    /// Submissions every published bundle holds at least; the server adds decoy submissions
    /// when fewer are approved ([`crate::batch::DEFAULT_MIN_SUBMISSIONS`] by default).
    pub min_submissions: usize,
    /// The base URL posters are printed for; the registry signs it into every poster, so a
    /// poster verifies only under this deployment's URL.
    pub poster_base_url: PosterBaseUrl,
    /// The zone the web portal shows times in (WIB unless configured).
    pub portal_zone: crate::portal::DisplayZone,
}

impl ServerConfig {
    /// Where the state lives.
    pub fn database(&self) -> DatabaseLocation {
        database_location(&self.data_dir, self.database_url.as_deref())
    }
}

/// PostgreSQL at `url` when given, else SQLite under `data_dir`.
pub fn database_location(data_dir: &std::path::Path, url: Option<&str>) -> DatabaseLocation {
    match url {
        Some(url) => DatabaseLocation::Postgres(url.to_owned()),
        None => DatabaseLocation::SqliteIn(data_dir.to_owned()),
    }
}
