//! Adding, listing, showing and removing certificates, and the status of one family member.

use chrono::{DateTime, Utc};

use super::WalletError;
use crate::certificate::{HealthCertificate, TrustStore, decode_certificate, verify_certificate};
use crate::status::{HealthFacts, RuleSet, StatusDecision};
use crate::store::{CertificateRecord, NewCertificate, Store, StoreError, certificates};

/// Longest holder label, in characters.
pub const MAX_HOLDER_LABEL_CHARS: usize = 100;

/// A certificate in the wallet, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletEntry {
    /// Row id, for show and remove.
    pub id: i64,
    /// The family member it belongs to.
    pub holder: String,
    /// When it was added (UTC).
    pub added_at: DateTime<Utc>,
    /// The QR text, to show the code again at a counter.
    pub qr_text: String,
    /// The decoded certificate (verify it before relying on it).
    pub certificate: HealthCertificate,
}

/// Adds a certificate from its QR text under `holder` (default: the holder's name on the
/// certificate). The text must decode; the same certificate twice is refused as
/// [`WalletError::Duplicate`], and a label that already holds another person's certificates
/// as [`WalletError::HolderMismatch`]. Nothing is stored on any error.
pub fn add_certificate(
    store: &mut Store,
    qr_text: &str,
    holder: Option<&str>,
    now: DateTime<Utc>,
) -> Result<WalletEntry, WalletError> {
    let qr_text = qr_text.trim();
    let certificate = decode_certificate(qr_text)?;
    let holder = match holder {
        Some(label) => label.trim().to_owned(),
        None => certificate.holder().display_name(),
    };
    if holder.is_empty() || holder.chars().count() > MAX_HOLDER_LABEL_CHARS || holder.chars().any(char::is_control) {
        return Err(WalletError::InvalidHolder);
    }
    let added_at = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    let tx = store.write()?;
    let labelled = certificates::all(&tx)?.into_iter().filter(|r| r.holder == holder);
    for record in labelled {
        if !decode_record(record)?.certificate.holder().same_person(certificate.holder()) {
            return Err(WalletError::HolderMismatch);
        }
    }
    let new = NewCertificate {
        holder: &holder,
        format: certificate.format.name(),
        qr_text,
        fingerprint: certificate.fingerprint,
        added_at,
    };
    let Some(id) = certificates::insert(&tx, &new)? else {
        let existing = certificates::by_fingerprint(&tx, &certificate.fingerprint)?;
        return Err(WalletError::Duplicate { existing_id: existing.map_or(0, |r| r.id) });
    };
    tx.commit().map_err(StoreError::from)?;
    Ok(WalletEntry { id, holder, added_at, qr_text: qr_text.to_owned(), certificate })
}

/// Every certificate, by holder, then oldest first.
pub fn list_certificates(store: &Store) -> Result<Vec<WalletEntry>, WalletError> {
    certificates::all(store.read())?.into_iter().map(decode_record).collect()
}

/// One certificate.
pub fn show_certificate(store: &Store, id: i64) -> Result<WalletEntry, WalletError> {
    let record = certificates::by_id(store.read(), id)?.ok_or(WalletError::NotFound(id))?;
    decode_record(record)
}

/// Removes one certificate.
pub fn remove_certificate(store: &mut Store, id: i64) -> Result<(), WalletError> {
    let tx = store.write()?;
    if !certificates::delete(&tx, id)? {
        return Err(WalletError::NotFound(id));
    }
    tx.commit().map_err(StoreError::from)?;
    Ok(())
}

/// The holders with at least one certificate, in order.
pub fn holders(store: &Store) -> Result<Vec<String>, WalletError> {
    let mut names: Vec<String> = certificates::all(store.read())?.into_iter().map(|r| r.holder).collect();
    names.dedup();
    Ok(names)
}

/// The status colour of one family member: only their certificates that verify against
/// `trust` at `now` count, and only those naming the same person as the label's first
/// certificate (a store filled before labels were checked may mix people); `extra` adds what
/// the app knows besides (a confirmed positive, a close contact).
pub fn holder_status(
    store: &Store,
    holder: &str,
    trust: &TrustStore,
    rules: &RuleSet,
    extra: impl FnOnce(&mut HealthFacts),
    now: DateTime<Utc>,
) -> Result<StatusDecision, WalletError> {
    let labelled: Vec<WalletEntry> = certificates::all(store.read())?
        .into_iter()
        .filter(|r| r.holder == holder)
        .map(decode_record)
        .collect::<Result<_, _>>()?;
    let person = labelled.first().map(|entry| entry.certificate.holder().clone());
    let verified: Vec<HealthCertificate> = labelled
        .iter()
        .filter(|entry| person.as_ref().is_some_and(|p| p.same_person(entry.certificate.holder())))
        .filter_map(|entry| verify_certificate(&entry.qr_text, trust, now).ok())
        .collect();
    let mut facts = HealthFacts::from_certificates(&verified);
    // The phone's exposure alerts concern everyone who travels on it, as its visits do; the
    // rule set decides which advice makes a close contact.
    facts.close_contact_at = crate::exposure::latest_close_contact(store, &rules.close_contact_advice())?;
    extra(&mut facts);
    Ok(rules.evaluate(&facts, now))
}

fn decode_record(record: CertificateRecord) -> Result<WalletEntry, WalletError> {
    // Rows were decoded before they were stored; one that no longer decodes was tampered with.
    let certificate = decode_certificate(&record.qr_text).map_err(|_| StoreError::InvalidRow("qr_text"))?;
    Ok(WalletEntry { id: record.id, holder: record.holder, added_at: record.added_at, qr_text: record.qr_text, certificate })
}
