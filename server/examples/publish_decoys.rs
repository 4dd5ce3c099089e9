//! Publishes one hour bundle of decoy reports into `DATA/warnings` with the server's own
//! publisher key (created if missing) and prints its hour slot; used by
//! `benches/serve_compare.sh`. Usage: `publish_decoys DATA REPORTS`.

use healthpass_core::exposure::ProtectedReport;
use healthpass_server::bundles::BundleDirectory;
use healthpass_server::keys::KeyRing;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(count)) = (args.next(), args.next()) else {
        return Err("usage: publish_decoys DATA REPORTS".into());
    };
    let data = std::path::PathBuf::from(data);
    std::fs::create_dir_all(&data)?;
    let reports: Vec<ProtectedReport> = (0..count.parse::<usize>()?).map(|_| ProtectedReport::decoy()).collect();
    let keys = KeyRing::load_or_create(&data)?;
    let now = chrono::Utc::now();
    let published = BundleDirectory::open(&data, &keys.publisher, now)?.publish(&reports, &keys.publisher, now)?;
    println!("{}", published.hour);
    Ok(())
}
