//! The server's schema, written once: entry `i` of [`MIGRATIONS`] takes version `i` to `i + 1`,
//! append only. It is written in PostgreSQL's dialect and [`sqlite`] spells it SQLite's way, so
//! both backends hold the same tables with the same meaning.

/// The migrations in PostgreSQL's dialect (version kept in table `schema_version`); SQLite
/// runs [`sqlite`] of each (version kept in `PRAGMA user_version`).
pub const MIGRATIONS: &[&str] = &[
    "CREATE TABLE accounts (
        id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name        TEXT   NOT NULL,
        role        TEXT   NOT NULL CHECK (role IN ('health_officer', 'venue_operator')),
        token_hash  TEXT   NOT NULL UNIQUE,
        created_at  BIGINT NOT NULL
    );
    CREATE TABLE venues (
        venue_id    BYTEA  PRIMARY KEY CHECK (length(venue_id) = 16),
        operator_id BIGINT NOT NULL REFERENCES accounts (id),
        poster      BYTEA  NOT NULL,
        created_at  BIGINT NOT NULL
    );
    CREATE TABLE cases (
        id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        officer_id  BIGINT NOT NULL REFERENCES accounts (id),
        created_at  BIGINT NOT NULL
    );
    CREATE TABLE upload_codes (
        code_hash   TEXT   PRIMARY KEY,
        case_id     BIGINT NOT NULL REFERENCES cases (id),
        expires_at  BIGINT NOT NULL,
        used_at     BIGINT
    );",
    "ALTER TABLE venues ADD COLUMN location_hash BYTEA CHECK (length(location_hash) = 32);
    ALTER TABLE venues ADD COLUMN occupancy BIGINT;
    CREATE TABLE submissions (
        id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind           TEXT   NOT NULL CHECK (kind IN ('upload', 'venue_warning')),
        case_id        BIGINT REFERENCES cases (id),
        venue_id       BYTEA  REFERENCES venues (venue_id),
        reports_hash   BYTEA  UNIQUE,
        reports        BYTEA  NOT NULL,
        report_count   BIGINT NOT NULL,
        received_at    BIGINT NOT NULL,
        state          TEXT   NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
        published_hour BIGINT
    );
    -- Reports are ciphertext: trying to compress them only costs time.
    ALTER TABLE submissions ALTER COLUMN reports SET STORAGE EXTERNAL;
    CREATE INDEX submissions_by_state ON submissions (state, published_hour);
    CREATE TABLE vaccinations (
        id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        vaccinated_on TEXT   NOT NULL,
        dose          BIGINT NOT NULL,
        total_doses   BIGINT NOT NULL
    );",
    "CREATE TABLE backups (
        blob_id         BYTEA  PRIMARY KEY CHECK (length(blob_id) = 16),
        credential_hash BYTEA  NOT NULL CHECK (length(credential_hash) = 32),
        version         BIGINT NOT NULL CHECK (version >= 1),
        blob            BYTEA  NOT NULL,
        touched_at      BIGINT NOT NULL
    );
    -- Backups are ciphertext: trying to compress them only costs time.
    ALTER TABLE backups ALTER COLUMN blob SET STORAGE EXTERNAL;
    CREATE INDEX backups_by_touch ON backups (touched_at);",
    // Issue 14: the server keeps nothing that could derive a location id or link a report to a
    // case. Posters and location hashes go; codes are found by HMAC and carry the officer's
    // sealed terms; submissions carry no case and are kept sealed under per-submission key
    // files (see `vault`). Nothing ran v1 in production: its codes (plain SHA-256) and
    // reports (v1 format) cannot be used any more and are dropped with their tables.
    "DROP TABLE submissions;
    DROP TABLE upload_codes;
    ALTER TABLE venues DROP COLUMN poster;
    ALTER TABLE venues DROP COLUMN location_hash;
    CREATE TABLE upload_codes (
        code_hash   TEXT   PRIMARY KEY,
        terms       BYTEA  NOT NULL,
        expires_at  BIGINT NOT NULL
    );
    CREATE INDEX upload_codes_by_expiry ON upload_codes (expires_at);
    CREATE TABLE spent_codes (
        code_hash   TEXT   PRIMARY KEY,
        reason      TEXT   NOT NULL CHECK (reason IN ('used', 'expired'))
    );
    CREATE TABLE submissions (
        id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind           TEXT   NOT NULL CHECK (kind IN ('upload', 'venue_warning')),
        venue_id       BYTEA  REFERENCES venues (venue_id),
        reports_hash   BYTEA  UNIQUE,
        key_name       TEXT   NOT NULL UNIQUE,
        sealed         BYTEA  NOT NULL,
        report_count   BIGINT NOT NULL,
        received_hour  BIGINT NOT NULL,
        state          TEXT   NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved'))
    );
    ALTER TABLE submissions ALTER COLUMN sealed SET STORAGE EXTERNAL;
    CREATE INDEX submissions_by_state ON submissions (state);",
    // Issue 15 (web portal): revoked venues; the registry's copy of the poster in force (public
    // fields, commitment and signature, never a seed) so the operator's venue list can show
    // name, category and validity; citizens' follow-up requests.
    "ALTER TABLE venues ADD COLUMN revoked_at BIGINT;
    ALTER TABLE venues ADD COLUMN registered BYTEA;
    CREATE TABLE follow_ups (
        id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        phone        TEXT   NOT NULL,
        name         TEXT,
        language     TEXT   NOT NULL,
        requested_at BIGINT NOT NULL
    );
    CREATE INDEX follow_ups_by_age ON follow_ups (requested_at);",
];

/// `migration` in SQLite's dialect: identity keys become `INTEGER PRIMARY KEY` (the rowid),
/// `BIGINT` becomes `INTEGER` and `BYTEA` `BLOB`; PostgreSQL's storage settings
/// (`ALTER TABLE … SET STORAGE …`, one statement per line) and `--` comments are left out.
pub fn sqlite(migration: &str) -> String {
    migration
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            let storage = line.starts_with("ALTER TABLE") && line.contains(" SET STORAGE ");
            !(line.starts_with("--") || storage)
        })
        .map(|line| {
            line.replace("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "INTEGER PRIMARY KEY")
                .replace("BIGINT", "INTEGER")
                .replace("BYTEA", "BLOB")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_spells_the_types_its_way_and_leaves_postgres_storage_out() {
        let migration = "CREATE TABLE t (
        id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        n    BIGINT NOT NULL,
        blob BYTEA  NOT NULL
    );
    -- ciphertext
    ALTER TABLE t ALTER COLUMN blob SET STORAGE EXTERNAL;
    ALTER TABLE t ADD COLUMN m BIGINT;";
        let expected = "CREATE TABLE t (
        id   INTEGER PRIMARY KEY,
        n    INTEGER NOT NULL,
        blob BLOB  NOT NULL
    );
    ALTER TABLE t ADD COLUMN m INTEGER;";
        assert_eq!(sqlite(migration), expected);
    }

    #[test]
    fn every_migration_runs_on_sqlite_and_leaves_no_postgres_word() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for migration in MIGRATIONS {
            let translated = sqlite(migration);
            for word in ["BIGINT", "BYTEA", "IDENTITY", "STORAGE"] {
                assert!(!translated.contains(word), "{word} in {translated}");
            }
            conn.execute_batch(&translated).unwrap();
        }
    }
}
