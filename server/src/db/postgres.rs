//! The PostgreSQL backend: a small connection pool (plain TCP, meant for loopback or a
//! private network) and prepared statements cached per connection. Methods mirror
//! [`super::Database`]'s, documented there.

use chrono::Utc;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};

use super::queries as q;
use super::records::{
    Approved, DayCounts, Decision, DecisionOutcome, NewUpload, NewVenue, Pending, Redemption, SubmissionKind, VenueOwner,
};
use super::{DbError, schema};
use crate::accounts::{Account, Role};

mod backups;

/// Connections kept open: enough to keep both cores and the database busy.
const POOL_SIZE: usize = 16;

/// Serialises concurrent migrations (server and `add-officer` starting at once).
const MIGRATION_LOCK: i64 = 0x6865_616c_7468;

/// Claims the code and stores the upload in one statement: one round trip, atomic.
const CLAIM_AND_INSERT_UPLOAD: &str = "WITH claimed AS (
        UPDATE upload_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING case_id
    )
    INSERT INTO submissions (kind, case_id, reports_hash, reports, report_count, received_at)
    SELECT 'upload', case_id, $3, $4, $5, $1 FROM claimed RETURNING id";

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
        let latest = schema::POSTGRES.len() as i64;
        let version = found.unwrap_or(0);
        if version > latest {
            return Err(DbError::NewerSchema { found: version, supported: latest });
        }
        for migration in schema::POSTGRES.iter().skip(version as usize) {
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
        let params: [&(dyn ToSql + Sync); 6] = [
            &venue.venue_id.as_slice(),
            &venue.operator_id,
            &venue.poster,
            &Utc::now().timestamp(),
            &venue.location_hash.as_slice(),
            &occupancy,
        ];
        self.execute(q::INSERT_VENUE, &params).await?;
        Ok(())
    }

    pub async fn venue_owner(&self, venue_id: [u8; 16]) -> Result<Option<VenueOwner>, DbError> {
        let row = self.query_opt(q::VENUE_OWNER, &[&venue_id.as_slice()]).await?;
        Ok(row.map(|r| VenueOwner { operator_id: r.get(0), location_hash: r.get(1) }))
    }

    pub async fn insert_case(&self, officer_id: i64, code_hash: &str, expires_at: i64) -> Result<i64, DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let case_id: i64 = tx.query_one(q::INSERT_CASE, &[&officer_id, &Utc::now().timestamp()]).await?.get(0);
        tx.execute(q::INSERT_UPLOAD_CODE, &[&code_hash, &case_id, &expires_at]).await?;
        tx.commit().await?;
        Ok(case_id)
    }

    pub async fn redeem_upload(&self, upload: NewUpload) -> Result<Redemption, DbError> {
        let hash = upload.reports_hash.as_slice();
        let params: [&(dyn ToSql + Sync); 5] = [&upload.now, &upload.code_hash, &hash, &upload.reports, &upload.report_count];
        let replayed = match self.query_opt(CLAIM_AND_INSERT_UPLOAD, &params).await {
            Ok(Some(row)) => return Ok(Redemption::Accepted(row.get(0))),
            Ok(None) => self.query_opt(q::UPLOAD_BY_REPORTS_HASH, &[&hash]).await?.is_some(),
            // The same reports arrived with another code: the statement, claim included, is undone.
            Err(DbError::Postgres(e)) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => true,
            Err(e) => return Err(e),
        };
        let used_at = self.query_opt(q::UPLOAD_CODE_USED_AT, &[&upload.code_hash]).await?.map(|r| r.get(0));
        Ok(Redemption::refusal(replayed, used_at))
    }

    pub async fn insert_venue_warning(&self, venue_id: [u8; 16], report: Vec<u8>, now: i64) -> Result<i64, DbError> {
        let rows = self.query(q::INSERT_VENUE_WARNING, &[&venue_id.as_slice(), &report, &now]).await?;
        rows.first().map(|r| r.get(0)).ok_or(DbError::Task)
    }

    pub async fn pending(&self) -> Result<Vec<Pending>, DbError> {
        let rows = self.query(q::PENDING, &[]).await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                SubmissionKind::from_name(r.get(1)).map(|kind| Pending {
                    id: r.get(0),
                    kind,
                    case_id: r.get(2),
                    venue_id: r.get(3),
                    received_at: r.get(4),
                    report_count: r.get(5),
                })
            })
            .collect())
    }

    pub async fn decide(&self, kind: SubmissionKind, id: i64, decision: Decision) -> Result<DecisionOutcome, DbError> {
        if self.execute(q::DECIDE, &[&decision.state(), &id, &kind.name()]).await? == 1 {
            return Ok(DecisionOutcome::Decided);
        }
        let exists = self.query_opt(q::SUBMISSION_EXISTS, &[&id, &kind.name()]).await?.is_some();
        Ok(if exists { DecisionOutcome::AlreadyDecided } else { DecisionOutcome::NotFound })
    }

    pub async fn approved_unpublished(&self) -> Result<Vec<Approved>, DbError> {
        let rows = self.query(q::APPROVED_UNPUBLISHED, &[]).await?;
        Ok(rows.iter().map(|r| Approved { id: r.get(0), reports: r.get(1) }).collect())
    }

    pub async fn mark_published(&self, ids: Vec<i64>, hour: i64) -> Result<(), DbError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        for id in ids {
            tx.execute(q::MARK_PUBLISHED, &[&hour, &id]).await?;
        }
        tx.commit().await?;
        Ok(())
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
