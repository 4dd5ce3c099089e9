//! Publishes one hour bundle (summary and buckets) of decoy reports into `DATA/warnings` with the server's own
//! publisher key (created if missing) and prints its hour slot; used by
//! `benches/serve_compare.sh`. Usage: `publish_decoys DATA REPORTS`.

use healthpass_core::exposure::{Advice, InfectiousPeriod, ReportGroup, SlotReport, WarningTerms};
use healthpass_server::bundles::BundleDirectory;
use healthpass_server::keys::KeyRing;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(count)) = (args.next(), args.next()) else {
        return Err("usage: publish_decoys DATA REPORTS".into());
    };
    let data = std::path::PathBuf::from(data);
    std::fs::create_dir_all(&data)?;
    let now = chrono::Utc::now();
    let end = chrono::DateTime::from_timestamp(now.timestamp() / 3600 * 3600, 0).ok_or("clock before 1970")?;
    let period = InfectiousPeriod::new(end - chrono::TimeDelta::days(3), end)?;
    let terms = WarningTerms { advice: Advice::GetTested, period };
    let reports = (0..count.parse::<usize>()?).map(|_| SlotReport::decoy()).collect();
    let groups = [ReportGroup { terms, reports }];
    let keys = KeyRing::load_or_create(&data)?;
    let published = BundleDirectory::open(&data, &keys.publisher, now)?.publish(&groups, &keys.publisher, now)?;
    println!("{}", published.hour);
    Ok(())
}
