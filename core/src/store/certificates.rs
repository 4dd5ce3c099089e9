//! Certificate rows of the wallet: the QR text exactly as added, who it belongs to, and its
//! fingerprint, which is unique so the same certificate cannot be stored twice.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;

/// A certificate to insert.
#[derive(Debug, Clone)]
pub struct NewCertificate<'a> {
    /// The family member it belongs to (a label the user chose, or the holder's name).
    pub holder: &'a str,
    /// `HC1` or `NZCP`.
    pub format: &'a str,
    /// The QR text.
    pub qr_text: &'a str,
    /// SHA-256 over the signed bytes and signature.
    pub fingerprint: [u8; 32],
    /// When it was added (UTC, whole seconds).
    pub added_at: DateTime<Utc>,
}

/// A certificate as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct CertificateRecord {
    /// Row id, stable for the life of the row.
    pub id: i64,
    /// The family member it belongs to.
    pub holder: String,
    /// `HC1` or `NZCP`.
    pub format: String,
    /// The QR text.
    pub qr_text: String,
    /// SHA-256 over the signed bytes and signature.
    pub fingerprint: [u8; 32],
    /// When it was added (UTC).
    pub added_at: DateTime<Utc>,
}

impl std::fmt::Debug for CertificateRecord {
    // The QR text and holder label are personal data: keep them out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateRecord").field("id", &self.id).field("format", &self.format).finish_non_exhaustive()
    }
}

/// Inserts a certificate; `Ok(None)` when one with the same fingerprint is already stored.
pub(crate) fn insert(conn: &Connection, new: &NewCertificate<'_>) -> Result<Option<i64>, StoreError> {
    let inserted = conn.execute(
        "INSERT INTO certificates (holder, format, qr_text, fingerprint, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (fingerprint) DO NOTHING",
        params![new.holder, new.format, new.qr_text, &new.fingerprint[..], new.added_at.timestamp()],
    )?;
    Ok((inserted == 1).then(|| conn.last_insert_rowid()))
}

/// The stored certificate with this fingerprint.
pub(crate) fn by_fingerprint(conn: &Connection, fingerprint: &[u8; 32]) -> Result<Option<CertificateRecord>, StoreError> {
    conn.query_row(&select("WHERE fingerprint = ?1"), [&fingerprint[..]], read_row).optional()?.transpose()
}

/// The stored certificate with this id.
pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<CertificateRecord>, StoreError> {
    conn.query_row(&select("WHERE id = ?1"), [id], read_row).optional()?.transpose()
}

/// Every certificate, by holder, then oldest first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<CertificateRecord>, StoreError> {
    let mut statement = conn.prepare(&select("ORDER BY holder, added_at, id"))?;
    let rows = statement.query_map([], read_row)?;
    rows.map(|row| row?).collect()
}

/// Deletes a certificate; whether a row was deleted.
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<bool, StoreError> {
    Ok(conn.execute("DELETE FROM certificates WHERE id = ?1", [id])? == 1)
}

/// Deletes every certificate.
pub(crate) fn delete_all(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM certificates", [])?;
    Ok(())
}

fn select(rest: &str) -> String {
    format!("SELECT id, holder, format, qr_text, fingerprint, added_at FROM certificates {rest}")
}

fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<CertificateRecord, StoreError>> {
    let fingerprint: Vec<u8> = row.get(4)?;
    let added_at: i64 = row.get(5)?;
    let record = (|| -> Result<CertificateRecord, StoreError> {
        Ok(CertificateRecord {
            id: row.get(0)?,
            holder: row.get(1)?,
            format: row.get(2)?,
            qr_text: row.get(3)?,
            fingerprint: fingerprint.as_slice().try_into().map_err(|_| StoreError::InvalidRow("fingerprint"))?,
            added_at: DateTime::from_timestamp(added_at, 0).ok_or(StoreError::InvalidRow("added_at"))?,
        })
    })();
    Ok(record)
}
