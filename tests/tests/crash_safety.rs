//! A committed check-in survives the process being killed at any moment.
//!
//! `CRASH_KILLS` sets how many kills (default 30); `tests/crash-soak.sh` runs a thousand.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use healthpass_core::checkin;
use healthpass_core::store::Store;
use healthpass_e2e::workspace_binary;

/// A small xorshift generator: the seed is printed so a failing run can be repeated.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn every_acknowledged_check_in_survives_sigkill() {
    let kills: u32 = std::env::var("CRASH_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1);
    println!("CRASH_SEED={seed} CRASH_KILLS={kills}");
    let mut random = Xorshift(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let mut acknowledged = Vec::new();
    for round in 0..kills {
        let mut child = Command::new(workspace_binary("crash_writer")).arg(&db).stdout(Stdio::piped()).spawn().unwrap();
        // Kill between 5 and 80 ms in: sometimes while opening or migrating, mostly mid-write.
        std::thread::sleep(Duration::from_micros(5_000 + random.next() % 75_000));
        child.kill().unwrap(); // SIGKILL on Unix
        let stdout = child.stdout.take().unwrap();
        child.wait().unwrap();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            // A line cut by the kill has no trailing digits to trust; whole lines only.
            if let Some(id) = line.strip_prefix("ack ").and_then(|id| id.parse::<i64>().ok()) {
                acknowledged.push(id);
            }
        }
        let store = Store::open(&db).unwrap_or_else(|e| panic!("round {round}: the file does not open: {e}"));
        store.check_integrity().unwrap_or_else(|e| panic!("round {round}: {e}"));
        let present: std::collections::HashSet<i64> =
            checkin::history(&store, chrono::Utc::now()).unwrap().into_iter().map(|v| v.id).collect();
        let lost: Vec<_> = acknowledged.iter().filter(|id| !present.contains(id)).collect();
        assert!(lost.is_empty(), "round {round}: acknowledged visits lost: {lost:?}");
    }
    println!("{} check-ins acknowledged across {kills} kills", acknowledged.len());
    assert!(acknowledged.len() > kills as usize, "the writer acknowledged only {} check-ins", acknowledged.len());
}
