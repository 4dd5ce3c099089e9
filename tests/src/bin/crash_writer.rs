//! Writes check-ins into a diary as fast as it can and prints `ack ID` after each commit,
//! until it is killed. The crash-safety test SIGKILLs it at random moments and then checks
//! that every acknowledged visit is in the file.
//!
//! Usage: `crash_writer DB_PATH`. Restarting on the same file continues after its last visit.
//! On a full disk (benches/fault_load.sh puts the file on a tiny tmpfs) the store must refuse
//! with its typed error: the writer then prints `full VISITS`, reopens the file, checks its
//! integrity and that every acknowledged visit is there, prints `intact`, and exits 0.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};
use healthpass_core::checkin::{self, CheckInError, CheckInOutcome};
use healthpass_core::store::{Store, StoreError};
use healthpass_core::venue::{DefaultStay, RegistrySigningKey, SignedPoster, VenueCategory, VenueDetails, VenuePoster};

/// Upper bound on check-ins per run, so a writer nobody kills still stops.
const MAX_CHECK_INS: u32 = 100_000;

fn main() {
    let path: PathBuf = std::env::args_os().nth(1).expect("usage: crash_writer DB_PATH").into();
    let mut store = Store::open(&path).expect("the diary opens");
    // Long retention: a soak of many runs must never purge what it checks for.
    checkin::set_retention_days(&mut store, 365).expect("retention is set");
    let start = DateTime::from_timestamp(1_800_000_000, 0).expect("fixed start instant");
    let latest = checkin::history(&store, start).expect("history reads").first().map(|v| v.checked_in_at);
    let mut now = latest.map_or(start, |t| t + TimeDelta::minutes(1));
    let key = RegistrySigningKey::generate();
    let posters = [poster(&key, "Mal A", start), poster(&key, "Toko B", start)];
    let mut stdout = std::io::stdout().lock();
    for (acknowledged, i) in (0..MAX_CHECK_INS).enumerate() {
        // Alternating venues: every check-in is a new visit that closes the previous one.
        match checkin::check_in(&mut store, &posters[i as usize % 2], now) {
            Ok(CheckInOutcome::CheckedIn { visit, .. }) => writeln!(stdout, "ack {}", visit.id).expect("stdout is open"),
            Ok(other) => panic!("unexpected outcome {other:?}"),
            Err(CheckInError::Store(StoreError::DiskFull)) => {
                writeln!(stdout, "full {acknowledged}").expect("stdout is open");
                drop(store);
                let reopened = Store::open(&path).expect("the full diary reopens");
                reopened.check_integrity().expect("the full diary is intact");
                let visits = checkin::history(&reopened, now).expect("history reads").len();
                assert!(visits >= acknowledged, "{visits} visits on file, {acknowledged} acknowledged in this run");
                writeln!(stdout, "intact {visits}").expect("stdout is open");
                return;
            }
            Err(error) => panic!("check-in failed: {error}"),
        }
        stdout.flush().expect("stdout is open");
        now += TimeDelta::minutes(1);
    }
}

fn poster(key: &RegistrySigningKey, name: &str, start: DateTime<Utc>) -> SignedPoster {
    let details = VenueDetails {
        name: name.into(),
        address: "Jl. Uji 1".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(60).expect("valid stay"),
        valid_from: start - TimeDelta::days(1),
        valid_until: start + TimeDelta::days(3650),
    };
    key.sign_poster(VenuePoster::for_new_venue(details).expect("valid poster"))
}
