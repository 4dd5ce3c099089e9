//! Peak memory of on-device matching: `write DIR` writes the 1,000,000-report bundle once;
//! `match DIR` streams it through a 500-visit matcher and prints the matches and the time.
//! Measure the second step alone:
//!
//! ```sh
//! cargo build --release -p healthpass-core --example exposure_match
//! target/release/examples/exposure_match write /tmp/bundle-dir
//! /usr/bin/time -v target/release/examples/exposure_match match /tmp/bundle-dir   # "Maximum resident set size"
//! ```

#[path = "support/exposure_fixture.rs"]
mod fixture;

use std::path::PathBuf;
use std::time::Instant;

use healthpass_core::exposure::match_bundle;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(step), Some(dir)) = (args.next(), args.next().map(PathBuf::from)) else {
        return Err("usage: exposure_match write|match DIR".into());
    };
    match step.as_str() {
        "write" => fixture::write_bundle(&dir)?,
        "match" => {
            let key = fixture::read_key(&dir)?;
            let started = Instant::now();
            let matcher = fixture::matcher();
            let file = std::fs::File::open(dir.join("bundle"))?;
            let found = match_bundle(file, &[key], fixture::HOUR, &matcher)?;
            println!(
                "{} reports against {} visits: {} matches in {:.3} s",
                found.header.reports,
                fixture::VISITS,
                found.matches.len(),
                started.elapsed().as_secs_f64()
            );
        }
        _ => return Err("usage: exposure_match write|match DIR".into()),
    }
    Ok(())
}
