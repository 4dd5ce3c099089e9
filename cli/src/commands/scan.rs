//! `healthpass scan FILE...`: the QR texts in image files, one line per file, so the scanner
//! can be checked and timed from scripts. One unreadable file never stops the batch; its line
//! carries the error code instead, and the exit status stays 0.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use healthpass_core::scan::{LumaFrame, Rotation, ScanError, load_grey, scan_frame};
use serde_json::json;

use crate::failure::Failure;
use crate::output::Output;

/// What `scan` reads.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Image files (PNG, JPEG or WebP).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Prints one line per file: its texts and the decode time (file reading and image decoding
/// excluded), or its error code.
pub fn run(args: ScanArgs, out: &Output) -> Result<(), Failure> {
    for file in args.files {
        let name = file.display().to_string();
        match scan_file(&file) {
            Ok((texts, ms)) => {
                let human = format!("{name}: {texts:?}");
                out.print(&human, json!({ "file": name, "texts": texts, "ms": ms }));
            }
            Err(error) => {
                let human = format!("{name}: error {}", error.code());
                out.print(&human, json!({ "file": name, "error": error.code() }));
            }
        }
    }
    Ok(())
}

/// The texts in one file and the milliseconds the frame decoder took.
fn scan_file(file: &std::path::Path) -> Result<(Vec<String>, f64), ScanError> {
    let bytes = std::fs::read(file).map_err(|e| ScanError::UnreadableImage(e.kind().to_string()))?;
    let (pixels, width, height) = load_grey(&bytes)?;
    let start = Instant::now();
    let codes = scan_frame(LumaFrame { bytes: &pixels, width, height, row_stride: width }, Rotation::None)?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    Ok((codes.into_iter().map(|c| c.text).collect(), ms))
}
