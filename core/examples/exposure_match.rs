//! Peak memory of on-device matching: `write DIR` writes the hour of 1,000,000 slot reports
//! once; `match DIR` reads every bucket through a 500-visit matcher and prints the matches and
//! the time. Measure the second step alone:
//!
//! ```sh
//! cargo build --release -p healthpass-core --example exposure_match
//! target/release/examples/exposure_match write /tmp/hour-dir
//! /usr/bin/time -v target/release/examples/exposure_match match /tmp/hour-dir   # "Maximum resident set size"
//! ```

// The peak-day workload in the fixture is the bench's; this example uses the hour.
#[allow(dead_code)]
#[path = "support/exposure_fixture.rs"]
mod fixture;

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(step), Some(dir)) = (args.next(), args.next().map(PathBuf::from)) else {
        return Err("usage: exposure_match write|match DIR".into());
    };
    match step.as_str() {
        "write" => fixture::write_hour(&dir)?,
        "match" => {
            let key = fixture::read_key(&dir)?;
            let started = Instant::now();
            let matcher = fixture::matcher();
            let found = fixture::match_every_bucket(&dir, &key, &matcher)?;
            println!(
                "{} reports against {} visits: {} matches in {:.3} s",
                found.reports_checked,
                fixture::VISITS,
                found.matches,
                started.elapsed().as_secs_f64()
            );
        }
        _ => return Err("usage: exposure_match write|match DIR".into()),
    }
    Ok(())
}
