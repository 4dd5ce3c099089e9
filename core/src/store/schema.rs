//! Schema versions: `PRAGMA user_version` counts the migrations applied, and each migration
//! runs in the same transaction as the version bump, so a crash leaves one version or the next.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Migration `i` takes a file from version `i` to `i + 1`. Never edit a shipped entry; append.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the visit diary and user settings.
    "CREATE TABLE visits (
        id              INTEGER PRIMARY KEY,
        venue_id        BLOB    NOT NULL CHECK (length(venue_id) = 16),
        venue_name      TEXT    NOT NULL,
        venue_address   TEXT    NOT NULL,
        category        TEXT    NOT NULL,
        default_stay_min INTEGER NOT NULL CHECK (default_stay_min BETWEEN 15 AND 1425),
        poster          BLOB    NOT NULL,
        checked_in_at   INTEGER NOT NULL,
        checked_out_at  INTEGER,
        checkout_kind   TEXT CHECK (checkout_kind IN ('manual', 'rescan', 'superseded')),
        CHECK ((checked_out_at IS NULL) = (checkout_kind IS NULL))
    );
    CREATE INDEX visits_by_time ON visits (checked_in_at DESC, id DESC);
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;",
    // 2: the certificate wallet, for several holders (a family).
    "CREATE TABLE certificates (
        id          INTEGER PRIMARY KEY,
        holder      TEXT    NOT NULL CHECK (length(holder) BETWEEN 1 AND 100),
        format      TEXT    NOT NULL CHECK (format IN ('HC1', 'NZCP')),
        qr_text     TEXT    NOT NULL CHECK (length(qr_text) BETWEEN 1 AND 8192),
        fingerprint BLOB    NOT NULL UNIQUE CHECK (length(fingerprint) = 32),
        added_at    INTEGER NOT NULL
    );
    CREATE INDEX certificates_by_holder ON certificates (holder, added_at, id);",
    // 3: visits from unsigned Corona-Warn-App event posters: `poster_kind` says which reader
    // accepted the poster (only 'healthpass' posters are signed), and such visits have no
    // registry venue id. SQLite cannot change a column's constraints, so the table is rebuilt.
    "CREATE TABLE visits_v3 (
        id              INTEGER PRIMARY KEY,
        poster_kind     TEXT    NOT NULL CHECK (poster_kind IN ('healthpass', 'cwa')),
        venue_id        BLOB    CHECK (length(venue_id) = 16),
        venue_name      TEXT    NOT NULL,
        venue_address   TEXT    NOT NULL,
        category        TEXT    NOT NULL,
        default_stay_min INTEGER NOT NULL CHECK (default_stay_min BETWEEN 15 AND 1425),
        poster          BLOB    NOT NULL,
        checked_in_at   INTEGER NOT NULL,
        checked_out_at  INTEGER,
        checkout_kind   TEXT CHECK (checkout_kind IN ('manual', 'rescan', 'superseded')),
        CHECK ((checked_out_at IS NULL) = (checkout_kind IS NULL)),
        CHECK ((poster_kind = 'healthpass') = (venue_id IS NOT NULL))
    );
    INSERT INTO visits_v3 (id, poster_kind, venue_id, venue_name, venue_address, category, default_stay_min, poster,
                           checked_in_at, checked_out_at, checkout_kind)
        SELECT id, 'healthpass', venue_id, venue_name, venue_address, category, default_stay_min, poster,
               checked_in_at, checked_out_at, checkout_kind FROM visits;
    DROP TABLE visits;
    ALTER TABLE visits_v3 RENAME TO visits;
    CREATE INDEX visits_by_time ON visits (checked_in_at DESC, id DESC);",
    // 4: exposure alerts and the warning-sync state. Alerts keep the venue name and times from
    // the local visit, since the visit may be purged first; a warning alerts a visit once.
    "CREATE TABLE alerts (
        id              INTEGER PRIMARY KEY,
        visit_id        INTEGER NOT NULL,
        venue_name      TEXT    NOT NULL,
        visit_start     INTEGER NOT NULL,
        visit_end       INTEGER NOT NULL,
        warning_start   INTEGER NOT NULL,
        warning_end     INTEGER NOT NULL CHECK (warning_end > warning_start),
        advice          TEXT    NOT NULL CHECK (advice IN ('monitor_symptoms', 'get_tested', 'isolate')),
        overlap_minutes INTEGER NOT NULL CHECK (overlap_minutes >= 0),
        bundle_hour     INTEGER NOT NULL,
        received_at     INTEGER NOT NULL,
        UNIQUE (visit_id, warning_start, warning_end)
    );
    CREATE TABLE warning_bundles (
        hour         INTEGER PRIMARY KEY,
        sha256       BLOB    NOT NULL CHECK (length(sha256) = 32),
        processed_at INTEGER NOT NULL
    );",
    // 5: warnings format v2 (issue 14). Hours are matched from signed summaries and their
    // buckets, so the record of v1 bundles means nothing any more: every hour is matched
    // again. Each hour keeps how many reports with the phone's tags the bounds refused.
    // Visits keep their poster bytes: a v1 poster (registry-made seed) still reads and still
    // gives its location id, so old visits stay in the diary and still match.
    "DELETE FROM warning_bundles;
    ALTER TABLE warning_bundles ADD COLUMN ignored INTEGER NOT NULL DEFAULT 0 CHECK (ignored >= 0);",
    // 6: what the phone's background work remembers. An alert is notified once (alerts from
    // before notifications existed were seen on the alerts screen, where sync was started by
    // hand); "still here" moves a visit's automatic check-out; one row schedules the next sync
    // and the check-out reminder already delivered.
    "ALTER TABLE alerts ADD COLUMN notified_at INTEGER;
    UPDATE alerts SET notified_at = received_at;
    ALTER TABLE visits ADD COLUMN stay_extended_to INTEGER;
    CREATE TABLE background (
        id                INTEGER PRIMARY KEY CHECK (id = 1),
        sync_failures     INTEGER NOT NULL CHECK (sync_failures >= 0),
        sync_due_at       INTEGER,
        reminded_visit_id INTEGER,
        reminder_shown_for INTEGER,
        CHECK ((reminded_visit_id IS NULL) = (reminder_shown_for IS NULL))
    );",
];

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the file to [`LATEST_VERSION`], one migration per transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    apply_migrations(conn, MIGRATIONS)
}

/// Applies the `migrations` a file has not seen yet (entry `i` takes version `i` to `i + 1`),
/// each in one transaction with its version bump; a file newer than the list is refused.
pub fn apply_migrations(conn: &mut Connection, migrations: &[&str]) -> Result<(), StoreError> {
    let latest = migrations.len() as u32;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: u32 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > latest {
            return Err(StoreError::NewerSchema { found: version, supported: latest });
        }
        let Some(migration) = migrations.get(version as usize) else {
            return Ok(());
        };
        tx.execute_batch(migration)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}
