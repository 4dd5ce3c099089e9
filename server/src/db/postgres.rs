//! The PostgreSQL backend: a small connection pool (plain TCP, meant for loopback or a
//! private network) and prepared statements cached per connection. Methods mirror
//! [`super::Database`]'s, documented there.

use std::collections::HashSet;

use chrono::Utc;
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};

use super::queries as q;
use super::records::{
    CodeLookup, DayCounts, Decision, DecisionOutcome, NewCode, NewSubmission, NewVenue, Redemption, StoredSubmission,
    SubmissionKind,
};
use super::{DbError, schema};
use crate::accounts::{Account, Role};
use crate::vault::Sealed;

mod backups;

/// Connections kept open: enough to keep both cores and the database busy.
const POOL_SIZE: usize = 16;

/// Serialises concurrent migrations (server and `add-officer` starting at once).
const MIGRATION_LOCK: i64 = 0x6865_616c_7468;

/// An open PostgreSQL database.
#[derive(Clone)]
pub struct PostgresState {
    pool: Pool,
}

impl PostgresState {
    /// Connects to `url` and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Self, DbError> {
        let config: tokio_postgres::Config = url.parse()?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        // Building without timeouts or hooks cannot fail; the error type still exists.
        let pool = Pool::builder(manager).max_size(POOL_SIZE).build().map_err(|_| DbError::Task)?;
        let state = PostgresState { pool };
        state.migrate().await?;
        Ok(state)
    }

    /// Applies the migrations this database lacks, all in one transaction.
    async fn migrate(&self) -> Result<(), DbError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)").await?;
        let found: Option<i64> = tx.query_opt("SELECT version FROM schema_version", &[]).await?.map(|r| r.get(0));
        let latest = schema::MIGRATIONS.len() as i64;
        let version = found.unwrap_or(0);
        if version > latest {
            return Err(DbError::NewerSchema { found: version, supported: latest });
        }
        for migration in schema::MIGRATIONS.iter().skip(version as usize) {
            tx.batch_execute(migration).await?;
        }
        if found.is_none() {
            tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&latest]).await?;
        } else {
            tx.execute("UPDATE schema_version SET version = $1", &[&latest]).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn client(&self) -> Result<Object, DbError> {
        Ok(self.pool.get().await?)
    }

    /// Runs one statement; the number of rows it changed.
    pub(super) async fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, DbError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(sql).await?;
        Ok(client.execute(&statement, params).await?)
    }

    /// Runs one query; its rows.
    pub(super) async fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, DbError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(sql).await?;
        Ok(client.query(&statement, params).await?)
    }

    /// Runs one query; its row, if any.
    pub(super) async fn query_opt(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, DbError> {
        let client = self.client().await?;
        let statement = client.prepare_cached(sql).await?;
        Ok(client.query_opt(&statement, params).await?)
    }

    pub async fn insert_account(&self, name: &str, role: Role, token_hash: &str) -> Result<(), DbError> {
        self.execute(q::INSERT_ACCOUNT, &[&name, &role.name(), &token_hash, &Utc::now().timestamp()]).await?;
        Ok(())
    }

    pub async fn account_by_token_hash(&self, token_hash: &str) -> Result<Option<Account>, DbError> {
        let row = self.query_opt(q::ACCOUNT_BY_TOKEN_HASH, &[&token_hash]).await?;
        Ok(row.and_then(|r| Role::from_name(r.get(1)).map(|role| Account { id: r.get(0), role })))
    }

    pub async fn insert_venue(&self, venue: NewVenue) -> Result<(), DbError> {
        let occupancy = venue.occupancy.then_some(0i64);
        let params: [&(dyn ToSql + Sync); 4] =
            [&venue.venue_id.as_slice(), &venue.operator_id, &Utc::now().timestamp(), &occupancy];
        self.execute(q::INSERT_VENUE, &params).await?;
        Ok(())
    }

    pub async fn venue_operator(&self, venue_id: [u8; 16]) -> Result<Option<i64>, DbError> {
        Ok(self.query_opt(q::VENUE_OPERATOR, &[&venue_id.as_slice()]).await?.map(|r| r.get(0)))
    }

    pub async fn insert_case(&self, officer_id: i64, code: NewCode) -> Result<i64, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let case_id: i64 = tx.query_one(q::INSERT_CASE, &[&officer_id, &Utc::now().timestamp()]).await?.get(0);
        tx.execute(q::INSERT_UPLOAD_CODE, &[&code.code_hash, &code.terms, &code.expires_at]).await?;
        tx.commit().await?;
        Ok(case_id)
    }

    pub async fn delete_expired_codes(&self, now: i64) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        tx.execute(q::SPEND_EXPIRED_CODES, &[&now]).await?;
        tx.execute(q::DELETE_EXPIRED_CODES, &[&now]).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn code_lookup(&self, code_hash: &str, now: i64) -> Result<CodeLookup, DbError> {
        if let Some(row) = self.query_opt(q::CODE_TERMS, &[&code_hash, &now]).await? {
            return Ok(CodeLookup::Usable(row.get(0)));
        }
        let spent = self.query_opt(q::SPENT_CODE, &[&code_hash]).await?;
        Ok(spent.map_or(CodeLookup::Unknown, |r| CodeLookup::spent(r.get(0))))
    }

    pub async fn upload_stored(&self, reports_hash: [u8; 32]) -> Result<bool, DbError> {
        Ok(self.query_opt(q::UPLOAD_BY_REPORTS_HASH, &[&reports_hash.as_slice()]).await?.is_some())
    }

    pub async fn redeem_upload(&self, code_hash: &str, now: i64, submission: NewSubmission) -> Result<Redemption, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let hash = submission.reports_hash.as_ref().map(|h| h.as_slice());
        if tx.query_opt(q::UPLOAD_BY_REPORTS_HASH, &[&hash]).await?.is_some() {
            return Ok(Redemption::Replayed);
        }
        if tx.query_opt(q::CLAIM_UPLOAD_CODE, &[&code_hash, &now]).await?.is_none() {
            let spent = tx.query_opt(q::SPENT_CODE, &[&code_hash]).await?;
            return Ok(Redemption::refused(spent.as_ref().map(|r| r.get(0))));
        }
        tx.execute(q::SPEND_USED_CODE, &[&code_hash]).await?;
        let id = match insert_submission(&tx, SubmissionKind::Upload, None, &submission).await {
            Ok(id) => id,
            // The same reports arrived at the same time with another code: that one won.
            Err(DbError::Postgres(e)) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => return Ok(Redemption::Replayed),
            Err(e) => return Err(e),
        };
        tx.commit().await?;
        Ok(Redemption::Accepted(id))
    }

    pub async fn insert_venue_warning(&self, venue_id: [u8; 16], submission: NewSubmission) -> Result<i64, DbError> {
        let client = self.client().await?;
        insert_submission(&client, SubmissionKind::VenueWarning, Some(&venue_id), &submission).await
    }

    pub async fn pending(&self, after: i64, limit: i64) -> Result<Vec<StoredSubmission>, DbError> {
        Ok(self.query(q::PENDING, &[&after, &limit]).await?.iter().filter_map(stored_submission).collect())
    }

    pub async fn approved(&self) -> Result<Vec<StoredSubmission>, DbError> {
        Ok(self.query(q::APPROVED, &[]).await?.iter().filter_map(stored_submission).collect())
    }

    pub async fn decide(&self, kind: SubmissionKind, id: i64, decision: Decision) -> Result<DecisionOutcome, DbError> {
        let decided = match decision {
            Decision::Approve => {
                (self.execute(q::APPROVE, &[&id, &kind.name()]).await? == 1).then_some(DecisionOutcome::Approved)
            }
            Decision::Reject => {
                self.query_opt(q::REJECT, &[&id, &kind.name()]).await?.map(|r| DecisionOutcome::Rejected(r.get(0)))
            }
        };
        if let Some(outcome) = decided {
            return Ok(outcome);
        }
        let exists = self.query_opt(q::SUBMISSION_EXISTS, &[&id, &kind.name()]).await?.is_some();
        Ok(if exists { DecisionOutcome::AlreadyDecided } else { DecisionOutcome::NotFound })
    }

    pub async fn delete_published(&self, ids: Vec<i64>) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        for id in ids {
            tx.execute(q::DELETE_SUBMISSION, &[&id]).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn submission_key_names(&self) -> Result<HashSet<String>, DbError> {
        Ok(self.query(q::SUBMISSION_KEY_NAMES, &[]).await?.iter().map(|r| r.get(0)).collect())
    }

    pub async fn insert_vaccination(&self, vaccinated_on: &str, dose: i64, total_doses: i64) -> Result<(), DbError> {
        self.execute(q::INSERT_VACCINATION, &[&vaccinated_on, &dose, &total_doses]).await?;
        Ok(())
    }

    pub async fn vaccination_counts(&self) -> Result<Vec<DayCounts>, DbError> {
        let rows = self.query(q::VACCINATION_COUNTS, &[]).await?;
        Ok(rows
            .iter()
            .map(|r| DayCounts { date: r.get(0), first_doses: r.get(1), completed_series: r.get(2), boosters: r.get(3) })
            .collect())
    }

    pub async fn change_occupancy(&self, venue_id: [u8; 16], change: i64) -> Result<Option<i64>, DbError> {
        Ok(self.query_opt(q::CHANGE_OCCUPANCY, &[&change, &venue_id.as_slice()]).await?.map(|r| r.get(0)))
    }

    pub async fn occupancy(&self, venue_id: [u8; 16]) -> Result<Option<i64>, DbError> {
        Ok(self.query_opt(q::OCCUPANCY, &[&venue_id.as_slice()]).await?.map(|r| r.get(0)))
    }
}

/// Stores one submission through `client` (a connection or a transaction); its id.
async fn insert_submission(
    client: &impl GenericClient,
    kind: SubmissionKind,
    venue_id: Option<&[u8; 16]>,
    submission: &NewSubmission,
) -> Result<i64, DbError> {
    let venue_id = venue_id.map(|v| v.as_slice());
    let reports_hash = submission.reports_hash.as_ref().map(|h| h.as_slice());
    let params: [&(dyn ToSql + Sync); 7] = [
        &kind.name(),
        &venue_id,
        &reports_hash,
        &submission.sealed.key_name,
        &submission.sealed.ciphertext,
        &submission.report_count,
        &submission.received_hour,
    ];
    Ok(client.query_one(q::INSERT_SUBMISSION, &params).await?.get(0))
}

/// A row of [`q::PENDING`] or [`q::APPROVED`]; `None` for a kind this build does not know.
fn stored_submission(r: &Row) -> Option<StoredSubmission> {
    SubmissionKind::from_name(r.get(1)).map(|kind| StoredSubmission {
        id: r.get(0),
        kind,
        venue_id: r.get(2),
        received_hour: r.get(3),
        report_count: r.get(4),
        sealed: Sealed { key_name: r.get(5), ciphertext: r.get(6) },
    })
}
