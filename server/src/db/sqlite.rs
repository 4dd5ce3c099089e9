//! The SQLite backend: one file (`DATA/server.db`, WAL, `synchronous=FULL`) behind one
//! connection used from blocking threads; every write is its own transaction.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use healthpass_core::store::apply_migrations;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::queries as q;
use super::records::{
    Approved, DayCounts, Decision, DecisionOutcome, NewUpload, NewVenue, Pending, Redemption, SubmissionKind, VenueOwner,
};
use super::{DbError, schema};
use crate::accounts::{Account, Role};

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
            let mut conn = Connection::open(path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            apply_migrations(&mut conn, schema::SQLITE)?;
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
            conn.execute(
                q::INSERT_VENUE,
                params![
                    venue.venue_id.as_slice(),
                    venue.operator_id,
                    venue.poster,
                    Utc::now().timestamp(),
                    venue.location_hash.as_slice(),
                    occupancy
                ],
            )?;
            Ok(())
        })
        .await
    }

    pub async fn venue_owner(&self, venue_id: [u8; 16]) -> Result<Option<VenueOwner>, DbError> {
        self.with(move |conn| {
            Ok(conn
                .query_row(q::VENUE_OWNER, [venue_id.as_slice()], |r| {
                    Ok(VenueOwner { operator_id: r.get(0)?, location_hash: r.get(1)? })
                })
                .optional()?)
        })
        .await
    }

    pub async fn insert_case(&self, officer_id: i64, code_hash: &str, expires_at: i64) -> Result<i64, DbError> {
        let code_hash = code_hash.to_owned();
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let case_id: i64 = tx.query_row(q::INSERT_CASE, params![officer_id, Utc::now().timestamp()], |r| r.get(0))?;
            tx.execute(q::INSERT_UPLOAD_CODE, params![code_hash, case_id, expires_at])?;
            tx.commit()?;
            Ok(case_id)
        })
        .await
    }

    pub async fn redeem_upload(&self, upload: NewUpload) -> Result<Redemption, DbError> {
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let hash = upload.reports_hash.as_slice();
            let replayed = tx.query_row(q::UPLOAD_BY_REPORTS_HASH, [hash], |_| Ok(())).optional()?.is_some();
            let case_id: Option<i64> = if replayed {
                None
            } else {
                tx.query_row(q::CLAIM_UPLOAD_CODE, params![upload.now, upload.code_hash], |r| r.get(0)).optional()?
            };
            let Some(case_id) = case_id else {
                let used_at = tx.query_row(q::UPLOAD_CODE_USED_AT, [&upload.code_hash], |r| r.get(0)).optional()?;
                return Ok(Redemption::refusal(replayed, used_at));
            };
            let id =
                tx.query_row(q::INSERT_UPLOAD, params![case_id, hash, upload.reports, upload.report_count, upload.now], |r| {
                    r.get(0)
                })?;
            tx.commit()?;
            Ok(Redemption::Accepted(id))
        })
        .await
    }

    pub async fn insert_venue_warning(&self, venue_id: [u8; 16], report: Vec<u8>, now: i64) -> Result<i64, DbError> {
        self.with(move |conn| {
            Ok(conn.query_row(q::INSERT_VENUE_WARNING, params![venue_id.as_slice(), report, now], |r| r.get(0))?)
        })
        .await
    }

    pub async fn pending(&self) -> Result<Vec<Pending>, DbError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(q::PENDING)?;
            let rows = statement.query_map([], |r| {
                let kind: String = r.get(1)?;
                Ok((kind, r.get(0)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?;
            let mut pending = Vec::new();
            for row in rows {
                let (kind, id, case_id, venue_id, received_at, report_count) = row?;
                if let Some(kind) = SubmissionKind::from_name(&kind) {
                    pending.push(Pending { id, kind, case_id, venue_id, received_at, report_count });
                }
            }
            Ok(pending)
        })
        .await
    }

    pub async fn decide(&self, kind: SubmissionKind, id: i64, decision: Decision) -> Result<DecisionOutcome, DbError> {
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let outcome = if tx.execute(q::DECIDE, params![decision.state(), id, kind.name()])? == 1 {
                DecisionOutcome::Decided
            } else if tx.query_row(q::SUBMISSION_EXISTS, params![id, kind.name()], |_| Ok(())).optional()?.is_some() {
                DecisionOutcome::AlreadyDecided
            } else {
                DecisionOutcome::NotFound
            };
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    pub async fn approved_unpublished(&self) -> Result<Vec<Approved>, DbError> {
        self.with(|conn| {
            let mut statement = conn.prepare_cached(q::APPROVED_UNPUBLISHED)?;
            let rows = statement.query_map([], |r| Ok(Approved { id: r.get(0)?, reports: r.get(1)? }))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    pub async fn mark_published(&self, ids: Vec<i64>, hour: i64) -> Result<(), DbError> {
        self.with(move |conn| {
            let tx = conn.transaction()?;
            for id in ids {
                tx.execute(q::MARK_PUBLISHED, params![hour, id])?;
            }
            tx.commit()?;
            Ok(())
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
