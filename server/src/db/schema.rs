//! The server's schema, once per backend. Entry `i` of each list takes version `i` to `i + 1`;
//! both lists are append only and always the same length, so the two backends hold the same
//! tables with the same meaning (SQLite spells types its way, PostgreSQL its own).

/// SQLite migrations (version kept in `PRAGMA user_version`).
pub const SQLITE: &[&str] = &[
    "CREATE TABLE accounts (
        id          INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        role        TEXT    NOT NULL CHECK (role IN ('health_officer', 'venue_operator')),
        token_hash  TEXT    NOT NULL UNIQUE,
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE venues (
        venue_id    BLOB    PRIMARY KEY CHECK (length(venue_id) = 16),
        operator_id INTEGER NOT NULL REFERENCES accounts (id),
        poster      BLOB    NOT NULL,
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE cases (
        id          INTEGER PRIMARY KEY,
        officer_id  INTEGER NOT NULL REFERENCES accounts (id),
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE upload_codes (
        code_hash   TEXT    PRIMARY KEY,
        case_id     INTEGER NOT NULL REFERENCES cases (id),
        expires_at  INTEGER NOT NULL,
        used_at     INTEGER
    );",
    "ALTER TABLE venues ADD COLUMN location_hash BLOB CHECK (length(location_hash) = 32);
    ALTER TABLE venues ADD COLUMN occupancy INTEGER;
    CREATE TABLE submissions (
        id             INTEGER PRIMARY KEY,
        kind           TEXT    NOT NULL CHECK (kind IN ('upload', 'venue_warning')),
        case_id        INTEGER REFERENCES cases (id),
        venue_id       BLOB    REFERENCES venues (venue_id),
        reports_hash   BLOB    UNIQUE,
        reports        BLOB    NOT NULL,
        report_count   INTEGER NOT NULL,
        received_at    INTEGER NOT NULL,
        state          TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
        published_hour INTEGER
    );
    CREATE INDEX submissions_by_state ON submissions (state, published_hour);
    CREATE TABLE vaccinations (
        id            INTEGER PRIMARY KEY,
        vaccinated_on TEXT    NOT NULL,
        dose          INTEGER NOT NULL,
        total_doses   INTEGER NOT NULL
    );",
    "CREATE TABLE backups (
        blob_id         BLOB    PRIMARY KEY CHECK (length(blob_id) = 16),
        credential_hash BLOB    NOT NULL CHECK (length(credential_hash) = 32),
        version         INTEGER NOT NULL CHECK (version >= 1),
        blob            BLOB    NOT NULL,
        touched_at      INTEGER NOT NULL
    );
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
        code_hash   TEXT    PRIMARY KEY,
        terms       BLOB    NOT NULL,
        expires_at  INTEGER NOT NULL
    );
    CREATE INDEX upload_codes_by_expiry ON upload_codes (expires_at);
    CREATE TABLE spent_codes (
        code_hash   TEXT    PRIMARY KEY,
        reason      TEXT    NOT NULL CHECK (reason IN ('used', 'expired'))
    );
    CREATE TABLE submissions (
        id             INTEGER PRIMARY KEY,
        kind           TEXT    NOT NULL CHECK (kind IN ('upload', 'venue_warning')),
        venue_id       BLOB    REFERENCES venues (venue_id),
        reports_hash   BLOB    UNIQUE,
        key_name       TEXT    NOT NULL UNIQUE,
        sealed         BLOB    NOT NULL,
        report_count   INTEGER NOT NULL,
        received_hour  INTEGER NOT NULL,
        state          TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved'))
    );
    CREATE INDEX submissions_by_state ON submissions (state);",
];

/// PostgreSQL migrations (version kept in table `schema_version`).
pub const POSTGRES: &[&str] = &[
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
];

#[cfg(test)]
mod tests {
    #[test]
    fn both_backends_have_the_same_number_of_migrations() {
        assert_eq!(super::SQLITE.len(), super::POSTGRES.len());
    }
}
