//! Citizens' requests to be called back by the health office, on both backends. A request
//! holds a phone number, an optional name and a language — nothing about venues or visits. A
//! handled request is deleted; an unhandled one is deleted once older than
//! [`FOLLOW_UP_RETENTION`] (every write and every read of the queue purges first).

use chrono::TimeDelta;
use rusqlite::params;

use super::postgres::PostgresState;
use super::sqlite::SqliteState;
use super::{Database, DbError};

/// How long an unhandled request is kept.
pub const FOLLOW_UP_RETENTION: TimeDelta = TimeDelta::days(14);

const PURGE: &str = "DELETE FROM follow_ups WHERE requested_at <= $1";
const INSERT: &str = "INSERT INTO follow_ups (phone, name, language, requested_at) VALUES ($1, $2, $3, $4) RETURNING id";
const QUEUE: &str = "SELECT id, phone, name, language, requested_at FROM follow_ups ORDER BY requested_at, id";
const DELETE: &str = "DELETE FROM follow_ups WHERE id = $1";

/// A request as received.
#[derive(Debug, Clone)]
pub struct NewFollowUp {
    /// The number to call, as checked by the API.
    pub phone: String,
    /// How to address the caller, if given.
    pub name: Option<String>,
    /// The language to speak (`id` or `en`).
    pub language: String,
    /// Unix time of receipt.
    pub now: i64,
}

/// A request in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// Row id.
    pub id: i64,
    /// The number to call.
    pub phone: String,
    /// How to address the caller, if given.
    pub name: Option<String>,
    /// The language to speak.
    pub language: String,
    /// Unix time of the request.
    pub requested_at: i64,
}

/// Unix time at or before which requests are deleted unhandled.
fn purge_before(now: i64) -> i64 {
    now.saturating_sub(FOLLOW_UP_RETENTION.num_seconds())
}

impl Database {
    /// Stores a request (after purging expired ones); returns its id.
    pub async fn insert_follow_up(&self, request: NewFollowUp) -> Result<i64, DbError> {
        dispatch!(self.insert_follow_up(request))
    }

    /// The queue at `now` (Unix seconds), oldest first, after purging expired requests.
    pub async fn follow_ups(&self, now: i64) -> Result<Vec<FollowUp>, DbError> {
        dispatch!(self.follow_ups(now))
    }

    /// Deletes a handled request; whether it existed.
    pub async fn delete_follow_up(&self, id: i64) -> Result<bool, DbError> {
        dispatch!(self.delete_follow_up(id))
    }
}

impl SqliteState {
    async fn insert_follow_up(&self, r: NewFollowUp) -> Result<i64, DbError> {
        self.with(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(PURGE, [purge_before(r.now)])?;
            let id = tx.query_row(INSERT, params![r.phone, r.name, r.language, r.now], |row| row.get(0))?;
            tx.commit()?;
            Ok(id)
        })
        .await
    }

    async fn follow_ups(&self, now: i64) -> Result<Vec<FollowUp>, DbError> {
        self.with(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(PURGE, [purge_before(now)])?;
            let queue = {
                let mut statement = tx.prepare_cached(QUEUE)?;
                let rows = statement.query_map([], |row| {
                    Ok(FollowUp {
                        id: row.get(0)?,
                        phone: row.get(1)?,
                        name: row.get(2)?,
                        language: row.get(3)?,
                        requested_at: row.get(4)?,
                    })
                })?;
                rows.collect::<Result<Vec<_>, _>>()?
            };
            tx.commit()?;
            Ok(queue)
        })
        .await
    }

    async fn delete_follow_up(&self, id: i64) -> Result<bool, DbError> {
        self.with(move |conn| Ok(conn.execute(DELETE, [id])? == 1)).await
    }
}

impl PostgresState {
    async fn insert_follow_up(&self, r: NewFollowUp) -> Result<i64, DbError> {
        self.execute(PURGE, &[&purge_before(r.now)]).await?;
        let row = self.query_opt(INSERT, &[&r.phone, &r.name, &r.language, &r.now]).await?;
        row.map(|row| row.get(0)).ok_or(DbError::Task)
    }

    async fn follow_ups(&self, now: i64) -> Result<Vec<FollowUp>, DbError> {
        self.execute(PURGE, &[&purge_before(now)]).await?;
        let rows = self.query(QUEUE, &[]).await?;
        Ok(rows
            .iter()
            .map(|row| FollowUp {
                id: row.get(0),
                phone: row.get(1),
                name: row.get(2),
                language: row.get(3),
                requested_at: row.get(4),
            })
            .collect())
    }

    async fn delete_follow_up(&self, id: i64) -> Result<bool, DbError> {
        Ok(self.execute(DELETE, &[&id]).await? == 1)
    }
}
