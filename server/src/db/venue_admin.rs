//! An operator's own venues: listing them, keeping the registry's copy of the poster in force
//! (public fields, commitment, signature: no seed) and revoking, on both backends. Every
//! statement names the operator, so no account reaches another's venues.

use rusqlite::{OptionalExtension, params};

use super::postgres::PostgresState;
use super::sqlite::SqliteState;
use super::{Database, DbError};

const VENUES_OF_OPERATOR: &str = "SELECT venue_id, registered, occupancy, revoked_at FROM venues
    WHERE operator_id = $1 ORDER BY created_at, venue_id";
const VENUE_OF_OPERATOR: &str = "SELECT venue_id, registered, occupancy, revoked_at FROM venues
    WHERE venue_id = $1 AND operator_id = $2";
const KEEP_REGISTRY_COPY: &str = "UPDATE venues SET registered = $1
    WHERE venue_id = $2 AND operator_id = $3 AND revoked_at IS NULL";
const REVOKE_VENUE: &str = "UPDATE venues SET revoked_at = $1, occupancy = NULL
    WHERE venue_id = $2 AND operator_id = $3 AND revoked_at IS NULL";

/// A venue as its operator sees it.
#[derive(Debug, Clone)]
pub struct OperatorVenue {
    /// The venue id (16 bytes).
    pub venue_id: Vec<u8>,
    /// The registry's copy of the poster in force (no seed); `None` for a venue registered
    /// before the registry kept copies.
    pub registered: Option<Vec<u8>>,
    /// People inside now, for venues that opted in (and are not revoked).
    pub occupancy: Option<i64>,
    /// Unix time of revocation, if revoked.
    pub revoked_at: Option<i64>,
}

impl Database {
    /// The venues `operator_id` registered, oldest first.
    pub async fn venues_of_operator(&self, operator_id: i64) -> Result<Vec<OperatorVenue>, DbError> {
        dispatch!(self.venues_of_operator(operator_id))
    }

    /// One venue of `operator_id`, or `None` (unknown or someone else's).
    pub async fn venue_of_operator(&self, venue_id: [u8; 16], operator_id: i64) -> Result<Option<OperatorVenue>, DbError> {
        dispatch!(self.venue_of_operator(venue_id, operator_id))
    }

    /// Keeps `registered` (the registry's signed copy of a new poster, without seed) as the
    /// poster in force of an unrevoked venue of `operator_id`; whether such a venue was found.
    pub async fn keep_registry_copy(&self, venue_id: [u8; 16], operator_id: i64, registered: Vec<u8>) -> Result<bool, DbError> {
        dispatch!(self.keep_registry_copy(venue_id, operator_id, registered))
    }

    /// Revokes a venue at `now` (Unix seconds) and stops its occupancy counter; whether an
    /// unrevoked venue of that operator was revoked.
    pub async fn revoke_venue(&self, venue_id: [u8; 16], operator_id: i64, now: i64) -> Result<bool, DbError> {
        dispatch!(self.revoke_venue(venue_id, operator_id, now))
    }
}

fn sqlite_venue(row: &rusqlite::Row<'_>) -> rusqlite::Result<OperatorVenue> {
    Ok(OperatorVenue { venue_id: row.get(0)?, registered: row.get(1)?, occupancy: row.get(2)?, revoked_at: row.get(3)? })
}

fn postgres_venue(row: &tokio_postgres::Row) -> OperatorVenue {
    OperatorVenue { venue_id: row.get(0), registered: row.get(1), occupancy: row.get(2), revoked_at: row.get(3) }
}

impl SqliteState {
    async fn venues_of_operator(&self, operator_id: i64) -> Result<Vec<OperatorVenue>, DbError> {
        self.with(move |conn| {
            let mut statement = conn.prepare_cached(VENUES_OF_OPERATOR)?;
            let rows = statement.query_map([operator_id], sqlite_venue)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    async fn venue_of_operator(&self, venue_id: [u8; 16], operator_id: i64) -> Result<Option<OperatorVenue>, DbError> {
        self.with(move |conn| {
            Ok(conn.query_row(VENUE_OF_OPERATOR, params![venue_id.as_slice(), operator_id], sqlite_venue).optional()?)
        })
        .await
    }

    async fn keep_registry_copy(&self, venue_id: [u8; 16], operator_id: i64, registered: Vec<u8>) -> Result<bool, DbError> {
        self.with(move |conn| Ok(conn.execute(KEEP_REGISTRY_COPY, params![registered, venue_id.as_slice(), operator_id])? == 1))
            .await
    }

    async fn revoke_venue(&self, venue_id: [u8; 16], operator_id: i64, now: i64) -> Result<bool, DbError> {
        self.with(move |conn| Ok(conn.execute(REVOKE_VENUE, params![now, venue_id.as_slice(), operator_id])? == 1)).await
    }
}

impl PostgresState {
    async fn venues_of_operator(&self, operator_id: i64) -> Result<Vec<OperatorVenue>, DbError> {
        Ok(self.query(VENUES_OF_OPERATOR, &[&operator_id]).await?.iter().map(postgres_venue).collect())
    }

    async fn venue_of_operator(&self, venue_id: [u8; 16], operator_id: i64) -> Result<Option<OperatorVenue>, DbError> {
        Ok(self.query_opt(VENUE_OF_OPERATOR, &[&venue_id.as_slice(), &operator_id]).await?.as_ref().map(postgres_venue))
    }

    async fn keep_registry_copy(&self, venue_id: [u8; 16], operator_id: i64, registered: Vec<u8>) -> Result<bool, DbError> {
        Ok(self.execute(KEEP_REGISTRY_COPY, &[&registered, &venue_id.as_slice(), &operator_id]).await? == 1)
    }

    async fn revoke_venue(&self, venue_id: [u8; 16], operator_id: i64, now: i64) -> Result<bool, DbError> {
        Ok(self.execute(REVOKE_VENUE, &[&now, &venue_id.as_slice(), &operator_id]).await? == 1)
    }
}
