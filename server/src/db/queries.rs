//! SQL both backends run unchanged. Parameters are `$1`, `$2`, … introduced in order: PostgreSQL
//! binds them by number and SQLite by order of first appearance, which is then the same.

pub const INSERT_ACCOUNT: &str = "INSERT INTO accounts (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4)";
pub const ACCOUNT_BY_TOKEN_HASH: &str = "SELECT id, role FROM accounts WHERE token_hash = $1";
pub const INSERT_VENUE: &str = "INSERT INTO venues (venue_id, operator_id, created_at, occupancy) VALUES ($1, $2, $3, $4)";
pub const VENUE_OPERATOR: &str = "SELECT operator_id FROM venues WHERE venue_id = $1";
pub const INSERT_CASE: &str = "INSERT INTO cases (officer_id, created_at) VALUES ($1, $2) RETURNING id";
pub const INSERT_UPLOAD_CODE: &str = "INSERT INTO upload_codes (code_hash, terms, expires_at) VALUES ($1, $2, $3)";
/// Records every code whose lifetime is over as spent, before [`DELETE_EXPIRED_CODES`].
pub const SPEND_EXPIRED_CODES: &str = "INSERT INTO spent_codes (code_hash, reason)
    SELECT code_hash, 'expired' FROM upload_codes WHERE expires_at <= $1 ON CONFLICT DO NOTHING";
pub const DELETE_EXPIRED_CODES: &str = "DELETE FROM upload_codes WHERE expires_at <= $1";
pub const CODE_TERMS: &str = "SELECT terms FROM upload_codes WHERE code_hash = $1 AND expires_at > $2";
pub const SPENT_CODE: &str = "SELECT reason FROM spent_codes WHERE code_hash = $1";
/// Deletes a usable code; a row back means this redemption claimed it.
pub const CLAIM_UPLOAD_CODE: &str = "DELETE FROM upload_codes WHERE code_hash = $1 AND expires_at > $2 RETURNING code_hash";
pub const SPEND_USED_CODE: &str = "INSERT INTO spent_codes (code_hash, reason) VALUES ($1, 'used')";
pub const INSERT_SUBMISSION: &str =
    "INSERT INTO submissions (kind, venue_id, reports_hash, key_name, sealed, report_count, received_hour)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
pub const UPLOAD_BY_REPORTS_HASH: &str = "SELECT id FROM submissions WHERE reports_hash = $1";
pub const PENDING: &str = "SELECT id, kind, venue_id, received_hour, report_count, key_name, sealed
    FROM submissions WHERE state = 'pending' AND id > $1 ORDER BY id LIMIT $2";
pub const APPROVED: &str = "SELECT id, kind, venue_id, received_hour, report_count, key_name, sealed
    FROM submissions WHERE state = 'approved' ORDER BY id";
pub const APPROVE: &str = "UPDATE submissions SET state = 'approved' WHERE id = $1 AND kind = $2 AND state = 'pending'";
/// Deletes a pending submission; its key name comes back to be shredded.
pub const REJECT: &str = "DELETE FROM submissions WHERE id = $1 AND kind = $2 AND state = 'pending' RETURNING key_name";
pub const SUBMISSION_EXISTS: &str = "SELECT id FROM submissions WHERE id = $1 AND kind = $2";
pub const DELETE_SUBMISSION: &str = "DELETE FROM submissions WHERE id = $1";
pub const SUBMISSION_KEY_NAMES: &str = "SELECT key_name FROM submissions";
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
