//! The data directory is the server user's alone: the directory is mode 0700 and the files
//! that hold state or secrets (the SQLite file and its WAL, key files) are 0600, whatever the
//! umask. Published bundles under `warnings/` are public by nature and stay 0644; a web server
//! running as another user serves a copy of that directory, not the data directory itself.
//! PostgreSQL keeps its files in its own data directory, owned by its own service user: the
//! database administrator protects those (PostgreSQL itself refuses a group- or world-readable
//! data directory).

use std::fs::OpenOptions;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Creates `dir` if missing and makes it readable by its owner only (0700).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// Creates `path` empty if missing, in a private directory, and makes it 0600; an existing
/// file keeps its contents. SQLite gives the file's WAL and shared-memory index the same mode.
pub fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    OpenOptions::new().write(true).create(true).truncate(false).mode(0o600).open(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn state_files_and_their_directory_are_private() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        let file = data.join("server.db");
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(&file, b"kept").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        create_private_file(&file).unwrap();
        assert_eq!((mode(&data), mode(&file)), (0o700, 0o600));
        assert_eq!(std::fs::read(&file).unwrap(), b"kept");
        let fresh = root.path().join("other/server.db");
        create_private_file(&fresh).unwrap();
        assert_eq!((mode(&root.path().join("other")), mode(&fresh)), (0o700, 0o600));
    }
}
