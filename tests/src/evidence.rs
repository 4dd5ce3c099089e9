//! What an adversary who seized the server holds: every file under its data directory (keys,
//! the SQLite file with its WAL, the submission vault, published bundles) and its log; for
//! PostgreSQL also a `pg_dump` of the database and the cluster's own files for it (heap,
//! TOAST, free space) and every WAL segment, read after a checkpoint. The tests search all of
//! it for secrets in the forms a careless server could have written them: raw bytes, hex and
//! base64.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

use crate::Backend;

/// One file or dump the adversary holds.
#[derive(Debug)]
pub struct Exhibit {
    /// Where it came from (a path, or `pg_dump`).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Everything the adversary holds.
#[derive(Debug)]
pub struct Evidence {
    /// The files and dumps.
    pub exhibits: Vec<Exhibit>,
}

impl Evidence {
    /// Seizes the server whose data directory is `data_dir` and whose state is in `backend`.
    pub fn seize(data_dir: &Path, backend: &Backend) -> Self {
        let mut exhibits = Vec::new();
        files_under(data_dir, &mut exhibits);
        if let Backend::Postgres(url) = backend {
            let mut client = postgres::Client::connect(url, postgres::NoTls).expect("the test database answers");
            client.batch_execute("CHECKPOINT").expect("a superuser may checkpoint");
            let cluster: String = client.query_one("SHOW data_directory", &[]).unwrap().get(0);
            let oid: postgres::types::Oid =
                client.query_one("SELECT oid FROM pg_database WHERE datname = current_database()", &[]).unwrap().get(0);
            files_under(&Path::new(&cluster).join("base").join(oid.to_string()), &mut exhibits);
            files_under(&Path::new(&cluster).join("pg_wal"), &mut exhibits);
            let dump = Command::new("pg_dump").arg("--dbname").arg(url).output().expect("pg_dump runs");
            assert!(dump.status.success(), "pg_dump: {}", String::from_utf8_lossy(&dump.stderr));
            exhibits.push(Exhibit { name: "pg_dump".into(), bytes: dump.stdout });
        }
        Evidence { exhibits }
    }

    /// The exhibits whose name does not start with `prefix` (e.g. everything but the
    /// published bundles, which are public anyway).
    pub fn without(&self, prefix: &Path) -> Evidence {
        let prefix = prefix.to_string_lossy();
        let kept = self.exhibits.iter().filter(|e| !e.name.starts_with(prefix.as_ref()));
        Evidence { exhibits: kept.map(|e| Exhibit { name: e.name.clone(), bytes: e.bytes.clone() }).collect() }
    }

    /// For each secret (at least 12 bytes) that appears anywhere, raw, as hex (either case) or
    /// as base64 (standard or URL-safe, at any alignment): the secret's index and the exhibit.
    pub fn find(&self, secrets: &[Vec<u8>]) -> Vec<(usize, String)> {
        let mut forms: Vec<(usize, Vec<u8>)> = Vec::new();
        for (index, secret) in secrets.iter().enumerate() {
            assert!(secret.len() >= 12, "secret {index} is too short to search for without false alarms");
            forms.extend(encodings(secret).into_iter().map(|form| (index, form)));
        }
        let mut by_prefix: HashMap<[u8; 8], Vec<usize>> = HashMap::new();
        for (position, (_, form)) in forms.iter().enumerate() {
            by_prefix.entry(form[..8].try_into().unwrap()).or_default().push(position);
        }
        let mut found = Vec::new();
        for exhibit in &self.exhibits {
            for (at, window) in exhibit.bytes.windows(8).enumerate() {
                let Some(candidates) = by_prefix.get(window) else { continue };
                for &position in candidates {
                    let (index, form) = &forms[position];
                    if exhibit.bytes[at..].starts_with(form) {
                        found.push((*index, exhibit.name.clone()));
                    }
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// Every 32-byte value the adversary could try as a key: each exhibit read at every offset
    /// that is a multiple of 8 (rows, pages and WAL records are 8-byte aligned), plus each
    /// 43-character base64url or 64-digit hex run decoded (key files, logs, dumps).
    pub fn candidate_keys(&self) -> Vec<[u8; 32]> {
        let mut keys = Vec::new();
        for exhibit in &self.exhibits {
            let bytes = &exhibit.bytes;
            keys.extend(
                (0..bytes.len().saturating_sub(31)).step_by(8).map(|at| <[u8; 32]>::try_from(&bytes[at..at + 32]).unwrap()),
            );
            for token in bytes.split(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')) {
                for start in 0..token.len().saturating_sub(42) {
                    if let Ok(key) = URL_SAFE_NO_PAD.decode(&token[start..start + 43]) {
                        keys.extend(<[u8; 32]>::try_from(key.as_slice()));
                    }
                }
                for start in 0..token.len().saturating_sub(63) {
                    let hex = &token[start..start + 64];
                    if let Some(key) = decode_hex(hex) {
                        keys.push(key);
                    }
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// Reads every regular file under `dir` (recursively) into `exhibits`.
fn files_under(dir: &Path, exhibits: &mut Vec<Exhibit>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, exhibits);
        } else if let Ok(bytes) = std::fs::read(&path) {
            exhibits.push(Exhibit { name: path.to_string_lossy().into_owned(), bytes });
        }
    }
}

/// `secret` raw, as lower- and upper-case hex, and as the base64 characters that stay the
/// same whatever bytes precede or follow it (three alignments, two alphabets).
fn encodings(secret: &[u8]) -> Vec<Vec<u8>> {
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let mut forms = vec![secret.to_vec(), hex.clone().into_bytes(), hex.to_uppercase().into_bytes()];
    for skip in 0..3 {
        // Bytes after `skip` start a fresh base64 group: whole groups of 3 bytes encode alike
        // wherever they sit in a longer text, given the text's groups start where these do.
        let aligned = &secret[skip..];
        let whole = &aligned[..aligned.len() / 3 * 3];
        forms.push(STANDARD_NO_PAD.encode(whole).into_bytes());
        forms.push(URL_SAFE_NO_PAD.encode(whole).into_bytes());
    }
    forms.sort();
    forms.dedup();
    forms
}

/// 64 hex digits as 32 bytes.
fn decode_hex(text: &[u8]) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(text.chunks(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_found_in_every_form_and_keys_are_offered() {
        let secret: Vec<u8> = (1..=32).collect();
        let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        let written = |bytes: Vec<u8>| Evidence { exhibits: vec![Exhibit { name: "x".into(), bytes }] };
        for prefix in [&b""[..], b"a", b"ab"] {
            let text = format!("key={}", URL_SAFE_NO_PAD.encode([prefix, &secret[..]].concat()));
            assert_eq!(written(text.into_bytes()).find(std::slice::from_ref(&secret)), vec![(0, "x".to_owned())]);
        }
        assert_eq!(written(hex.to_uppercase().into_bytes()).find(std::slice::from_ref(&secret)).len(), 1);
        assert_eq!(written([&[0u8; 5][..], &secret].concat()).find(std::slice::from_ref(&secret)).len(), 1);
        assert!(written(vec![7; 100]).find(std::slice::from_ref(&secret)).is_empty());
        let key: [u8; 32] = secret.clone().try_into().unwrap();
        assert!(written(format!("k:{}\n", URL_SAFE_NO_PAD.encode(key)).into_bytes()).candidate_keys().contains(&key));
        assert!(written(hex.into_bytes()).candidate_keys().contains(&key));
        assert!(written([vec![0u8; 16], secret].concat()).candidate_keys().contains(&key));
    }
}
