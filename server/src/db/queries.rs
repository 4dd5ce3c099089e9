//! SQL both backends run unchanged. Parameters are `$1`, `$2`, … introduced in order: PostgreSQL
//! binds them by number and SQLite by order of first appearance, which is then the same.

pub const INSERT_ACCOUNT: &str = "INSERT INTO accounts (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4)";
pub const ACCOUNT_BY_TOKEN_HASH: &str = "SELECT id, role FROM accounts WHERE token_hash = $1";
pub const INSERT_VENUE: &str = "INSERT INTO venues (venue_id, operator_id, poster, created_at, location_hash, occupancy)
    VALUES ($1, $2, $3, $4, $5, $6)";
pub const VENUE_OWNER: &str = "SELECT operator_id, location_hash FROM venues WHERE venue_id = $1";
pub const INSERT_CASE: &str = "INSERT INTO cases (officer_id, created_at) VALUES ($1, $2) RETURNING id";
pub const INSERT_UPLOAD_CODE: &str = "INSERT INTO upload_codes (code_hash, case_id, expires_at) VALUES ($1, $2, $3)";
/// Marks a usable code used; returns its case, or no row.
pub const CLAIM_UPLOAD_CODE: &str =
    "UPDATE upload_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING case_id";
pub const INSERT_UPLOAD: &str = "INSERT INTO submissions (kind, case_id, reports_hash, reports, report_count, received_at)
    VALUES ('upload', $1, $2, $3, $4, $5) RETURNING id";
pub const UPLOAD_BY_REPORTS_HASH: &str = "SELECT id FROM submissions WHERE reports_hash = $1";
pub const UPLOAD_CODE_USED_AT: &str = "SELECT used_at FROM upload_codes WHERE code_hash = $1";
pub const INSERT_VENUE_WARNING: &str = "INSERT INTO submissions (kind, venue_id, reports, report_count, received_at)
    VALUES ('venue_warning', $1, $2, 1, $3) RETURNING id";
pub const PENDING: &str =
    "SELECT id, kind, case_id, venue_id, received_at, report_count FROM submissions WHERE state = 'pending' ORDER BY id";
pub const DECIDE: &str = "UPDATE submissions SET state = $1 WHERE id = $2 AND kind = $3 AND state = 'pending'";
pub const SUBMISSION_EXISTS: &str = "SELECT id FROM submissions WHERE id = $1 AND kind = $2";
pub const APPROVED_UNPUBLISHED: &str =
    "SELECT id, reports FROM submissions WHERE state = 'approved' AND published_hour IS NULL ORDER BY id";
pub const MARK_PUBLISHED: &str = "UPDATE submissions SET published_hour = $1 WHERE id = $2";
pub const INSERT_VACCINATION: &str = "INSERT INTO vaccinations (vaccinated_on, dose, total_doses) VALUES ($1, $2, $3)";
pub const VACCINATION_COUNTS: &str = "SELECT vaccinated_on,
        COUNT(*) FILTER (WHERE dose = 1),
        COUNT(*) FILTER (WHERE dose = total_doses),
        COUNT(*) FILTER (WHERE dose > total_doses)
    FROM vaccinations GROUP BY vaccinated_on ORDER BY vaccinated_on";
pub const CHANGE_OCCUPANCY: &str = "UPDATE venues SET occupancy = CASE WHEN occupancy + $1 < 0 THEN 0 ELSE occupancy + $1 END
    WHERE venue_id = $2 AND occupancy IS NOT NULL RETURNING occupancy";
pub const OCCUPANCY: &str = "SELECT occupancy FROM venues WHERE venue_id = $1 AND occupancy IS NOT NULL";
/// Returns a backup's version and blob to the holder of its credential, marking it used.
pub const READ_BACKUP: &str =
    "UPDATE backups SET touched_at = $1 WHERE blob_id = $2 AND credential_hash = $3 RETURNING version, blob";
pub const INSERT_BACKUP: &str = "INSERT INTO backups (blob_id, credential_hash, blob, touched_at, version)
    VALUES ($1, $2, $3, $4, 1) ON CONFLICT (blob_id) DO NOTHING";
/// Replaces a backup only while it is still at the version the writer read.
pub const REPLACE_BACKUP: &str = "UPDATE backups SET blob = $1, touched_at = $2, version = version + 1
    WHERE blob_id = $3 AND credential_hash = $4 AND version = $5 RETURNING version";
pub const BACKUP_VERSION: &str = "SELECT version FROM backups WHERE blob_id = $1 AND credential_hash = $2";
pub const DELETE_BACKUP: &str = "DELETE FROM backups WHERE blob_id = $1 AND credential_hash = $2";
pub const DELETE_UNTOUCHED_BACKUPS: &str = "DELETE FROM backups WHERE touched_at < $1";
