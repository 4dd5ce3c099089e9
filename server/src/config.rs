//! How the server is started.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the server keeps its state and where it listens.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Directory for keys (mode 0600) and the SQLite state file.
    pub data_dir: PathBuf,
    /// Address to listen on (port 0 picks a free port, printed at start).
    pub listen: SocketAddr,
}
