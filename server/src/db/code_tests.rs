//! Upload-code rows on a real SQLite state file (PostgreSQL runs the same statements from
//! `queries.rs`): an expired code's row, with its sealed terms, is deleted by the sweep, and
//! only its HMAC stays behind as spent.

use rusqlite::Connection;
use rusqlite::types::FromSql;

use super::{CodeLookup, Database, DatabaseLocation, NewCode};
use crate::accounts::Role;

fn code(hash: &str, expires_at: i64) -> NewCode {
    NewCode { code_hash: hash.to_owned(), terms: b"sealed terms".to_vec(), expires_at }
}

/// The two columns `sql` selects, row by row, read from the file as a thief would.
fn pairs<A: FromSql, B: FromSql>(dir: &tempfile::TempDir, sql: &str) -> Vec<(A, B)> {
    let conn = Connection::open(dir.path().join("server.db")).unwrap();
    let mut statement = conn.prepare(sql).unwrap();
    statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn codes(dir: &tempfile::TempDir) -> Vec<(String, Vec<u8>)> {
    pairs(dir, "SELECT code_hash, terms FROM upload_codes ORDER BY code_hash")
}

fn spent(dir: &tempfile::TempDir) -> Vec<(String, String)> {
    pairs(dir, "SELECT code_hash, reason FROM spent_codes ORDER BY code_hash")
}

#[tokio::test]
async fn the_sweep_deletes_expired_codes_with_their_terms_and_keeps_live_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(&DatabaseLocation::SqliteIn(dir.path().to_owned())).await.unwrap();
    db.add_account("Dr. Sari", Role::HealthOfficer).await.unwrap();
    db.insert_case(1, code("expiring", 1_000)).await.unwrap();
    db.insert_case(1, code("live", 2_000)).await.unwrap();

    db.delete_expired_codes(999).await.unwrap();
    assert_eq!(codes(&dir).len(), 2, "nothing expired yet");
    db.delete_expired_codes(1_000).await.unwrap();
    assert_eq!(codes(&dir), vec![("live".to_owned(), b"sealed terms".to_vec())], "the expired code's row and terms are gone");
    assert_eq!(spent(&dir), vec![("expiring".to_owned(), "expired".to_owned())], "only its HMAC stays, as spent");
    assert_eq!(db.code_lookup("expiring", 1_000).await.unwrap(), CodeLookup::Expired);
    assert!(matches!(db.code_lookup("live", 1_000).await.unwrap(), CodeLookup::Usable(_)));
}
