//! The SQLite backend: one file (`DATA/server.db`, mode 0600, WAL, `synchronous=FULL`) behind
//! one connection used from blocking threads; every write is its own transaction.
//!
//! Deleted rows must not linger: `secure_delete` overwrites them with zeros, and after
//! submissions are deleted the WAL is checkpointed and truncated, so neither the file's free
//! pages nor old WAL frames keep a copy.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use healthpass_core::store::apply_migrations;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::queries as q;
use super::records::{
    CodeLookup, DayCounts, Decision, DecisionOutcome, NewCode, NewSubmission, NewVenue, Redemption, StoredSubmission,
    SubmissionKind,
};
use super::{DbError, schema};
use crate::accounts::{Account, Role};
use crate::vault::Sealed;

mod backups;

/// An open SQLite state file.
#[derive(Clone)]
pub struct SqliteState {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteState {
    /// Opens (or creates) the file at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, DbError> {
        let path = path.to_owned();
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection, DbError> {
            crate::data_dir::create_private_file(&path).map_err(DbError::File)?;
            let mut conn = Connection::open(path)?;
            conn.pragma_update(None, "secure_delete", "ON")?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            let migrations: Vec<String> = schema::MIGRATIONS.iter().map(|m| schema::sqlite(m)).collect();
            apply_migrations(&mut conn, &migrations.iter().map(String::as_str).collect::<Vec<_>>())?;
            Ok(conn)
        })
        .await
        .map_err(|_| DbError::Task)??;
        Ok(SqliteState { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `work` on the connection on a blocking thread.
    pub(super) async fn with<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A poisoned lock means a panic mid-request; SQLite rolled that transaction back.
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut guard)
        })
        .await
        .map_err(|_| DbError::Task)?
    }

    pub async fn insert_account(&self, name: &str, role: Role, token_hash: &str) -> Result<(), DbError> {
        let (name, token_hash) = (name.to_owned(), token_hash.to_owned());
        self.with(move |conn| {
            conn.execute(q::INSERT_ACCOUNT, params![name, role.name(), token_hash, Utc::now().timestamp()])?;
            Ok(())
        })
        .await
    }

    pub async fn account_by_token_hash(&self, token_hash: &str) -> Result<Option<Account>, DbError> {
        let token_hash = token_hash.to_owned();
        self.with(move |conn| {
            let row: Option<(i64, String)> =
                conn.query_row(q::ACCOUNT_BY_TOKEN_HASH, [token_hash], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
            Ok(row.and_then(|(id, role)| Role::from_name(&role).map(|role| Account { id, role })))
        })
        .await
    }

    pub async fn insert_venue(&self, venue: NewVenue) -> Result<(), DbError> {
        self.with(move |conn| {
            let occupancy = venue.occupancy.then_some(0i64);
            let params = params![venue.venue_id.as_slice(), venue.operator_id, Utc::now().timestamp(), occupancy];
            conn.execute(q::INSERT_VENUE, params)?;
            Ok(())
        })
        .await
    }

    pub async fn venue_operator(&self, venue_id: [u8; 16]) -> Result<Option<i64>, DbError> {
        self.with(move |conn| Ok(conn.query_row(q::VENUE_OPERATOR, [venue_id.as_slice()], |r| r.get(0)).optional()?)).await
    }

    pub async fn insert_case(&self, officer_id: i64, code: NewCode) -> Result<i64, DbError> {
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let case_id: i64 = tx.query_row(q::INSERT_CASE, params![officer_id, Utc::now().timestamp()], |r| r.get(0))?;
            tx.execute(q::INSERT_UPLOAD_CODE, params![code.code_hash, code.terms, code.expires_at])?;
            tx.commit()?;
            Ok(case_id)
        })
        .await
    }

    pub async fn delete_expired_codes(&self, now: i64) -> Result<(), DbError> {
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(q::SPEND_EXPIRED_CODES, [now])?;
            tx.execute(q::DELETE_EXPIRED_CODES, [now])?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    pub async fn code_lookup(&self, code_hash: &str, now: i64) -> Result<CodeLookup, DbError> {
        let code_hash = code_hash.to_owned();
        self.with(move |conn| {
            if let Some(terms) = conn.query_row(q::CODE_TERMS, params![code_hash, now], |r| r.get(0)).optional()? {
                return Ok(CodeLookup::Usable(terms));
            }
            let spent: Option<String> = conn.query_row(q::SPENT_CODE, [&code_hash], |r| r.get(0)).optional()?;
            Ok(spent.map_or(CodeLookup::Unknown, |reason| CodeLookup::spent(&reason)))
        })
        .await
    }

    pub async fn upload_stored(&self, reports_hash: [u8; 32]) -> Result<bool, DbError> {
        self.with(move |conn| {
            Ok(conn.query_row(q::UPLOAD_BY_REPORTS_HASH, [reports_hash.as_slice()], |_| Ok(())).optional()?.is_some())
        })
        .await
    }

    pub async fn redeem_upload(&self, code_hash: &str, now: i64, submission: NewSubmission) -> Result<Redemption, DbError> {
        let code_hash = code_hash.to_owned();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let hash = submission.reports_hash.as_ref().map(|h| h.as_slice());
            if tx.query_row(q::UPLOAD_BY_REPORTS_HASH, [hash], |_| Ok(())).optional()?.is_some() {
                return Ok(Redemption::Replayed);
            }
            let claimed = tx.query_row(q::CLAIM_UPLOAD_CODE, params![code_hash, now], |_| Ok(())).optional()?.is_some();
            if !claimed {
                let spent: Option<String> = tx.query_row(q::SPENT_CODE, [&code_hash], |r| r.get(0)).optional()?;
                return Ok(Redemption::refused(spent.as_deref()));
            }
            tx.execute(q::SPEND_USED_CODE, [&code_hash])?;
            let id = insert_submission(&tx, SubmissionKind::Upload, None, &submission)?;
            tx.commit()?;
            Ok(Redemption::Accepted(id))
        })
        .await
    }

    pub async fn insert_venue_warning(&self, venue_id: [u8; 16], submission: NewSubmission) -> Result<i64, DbError> {
        self.with(move |conn| insert_submission(conn, SubmissionKind::VenueWarning, Some(&venue_id), &submission)).await
    }

    pub async fn pending(&self, after: i64, limit: i64) -> Result<Vec<StoredSubmission>, DbError> {
        self.with(move |conn| submissions(conn, q::PENDING, params![after, limit])).await
    }

    pub async fn approved(&self) -> Result<Vec<StoredSubmission>, DbError> {
        self.with(|conn| submissions(conn, q::APPROVED, [])).await
    }

    pub async fn decide(&self, kind: SubmissionKind, id: i64, decision: Decision) -> Result<DecisionOutcome, DbError> {
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let decided = match decision {
                Decision::Approve => {
                    (tx.execute(q::APPROVE, params![id, kind.name()])? == 1).then_some(DecisionOutcome::Approved)
                }
                Decision::Reject => {
                    tx.query_row(q::REJECT, params![id, kind.name()], |r| r.get(0)).optional()?.map(DecisionOutcome::Rejected)
                }
            };
            let outcome = match decided {
                Some(outcome) => outcome,
                None if tx.query_row(q::SUBMISSION_EXISTS, params![id, kind.name()], |_| Ok(())).optional()?.is_some() => {
                    DecisionOutcome::AlreadyDecided
                }
                None => DecisionOutcome::NotFound,
            };
            tx.commit()?;
            if matches!(outcome, DecisionOutcome::Rejected(_)) {
                truncate_wal(conn)?;
            }
            Ok(outcome)
        })
        .await
    }

    pub async fn delete_published(&self, ids: Vec<i64>) -> Result<(), DbError> {
        self.with(move |conn| {
            let tx = conn.transaction()?;
            for id in ids {
                tx.execute(q::DELETE_SUBMISSION, [id])?;
            }
            tx.commit()?;
            truncate_wal(conn)
        })
        .await
    }

    pub async fn submission_key_names(&self) -> Result<HashSet<String>, DbError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(q::SUBMISSION_KEY_NAMES)?;
            let names = statement.query_map([], |r| r.get(0))?;
            Ok(names.collect::<Result<HashSet<String>, _>>()?)
        })
        .await
    }

    pub async fn insert_vaccination(&self, vaccinated_on: &str, dose: i64, total_doses: i64) -> Result<(), DbError> {
        let vaccinated_on = vaccinated_on.to_owned();
        self.with(move |conn| {
            conn.execute(q::INSERT_VACCINATION, params![vaccinated_on, dose, total_doses])?;
            Ok(())
        })
        .await
    }

    pub async fn vaccination_counts(&self) -> Result<Vec<DayCounts>, DbError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(q::VACCINATION_COUNTS)?;
            let rows = statement.query_map([], |r| {
                Ok(DayCounts { date: r.get(0)?, first_doses: r.get(1)?, completed_series: r.get(2)?, boosters: r.get(3)? })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    pub async fn change_occupancy(&self, venue_id: [u8; 16], change: i64) -> Result<Option<i64>, DbError> {
        self.with(move |conn| {
            Ok(conn.query_row(q::CHANGE_OCCUPANCY, params![change, venue_id.as_slice()], |r| r.get(0)).optional()?)
        })
        .await
    }

    pub async fn occupancy(&self, venue_id: [u8; 16]) -> Result<Option<i64>, DbError> {
        self.with(move |conn| Ok(conn.query_row(q::OCCUPANCY, [venue_id.as_slice()], |r| r.get(0)).optional()?)).await
    }
}

/// Stores one submission; its id.
fn insert_submission(
    conn: &Connection,
    kind: SubmissionKind,
    venue_id: Option<&[u8; 16]>,
    submission: &NewSubmission,
) -> Result<i64, DbError> {
    let params = params![
        kind.name(),
        venue_id.map(|v| v.as_slice()),
        submission.reports_hash.as_ref().map(|h| h.as_slice()),
        submission.sealed.key_name,
        submission.sealed.ciphertext,
        submission.report_count,
        submission.received_hour
    ];
    Ok(conn.query_row(q::INSERT_SUBMISSION, params, |r| r.get(0))?)
}

/// The submissions `sql` selects (columns as in [`q::PENDING`]).
fn submissions(conn: &Connection, sql: &str, parameters: impl rusqlite::Params) -> Result<Vec<StoredSubmission>, DbError> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(parameters, |r| {
        let kind: String = r.get(1)?;
        Ok((kind, r.get(0)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
    })?;
    let mut stored = Vec::new();
    for row in rows {
        let (kind, id, venue_id, received_hour, report_count, key_name, ciphertext) = row?;
        if let Some(kind) = SubmissionKind::from_name(&kind) {
            stored.push(StoredSubmission {
                id,
                kind,
                venue_id,
                received_hour,
                report_count,
                sealed: Sealed { key_name, ciphertext },
            });
        }
    }
    Ok(stored)
}

/// Copies the WAL into the file and empties it, so deleted rows leave no old frames behind.
fn truncate_wal(conn: &Connection) -> Result<(), DbError> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}
