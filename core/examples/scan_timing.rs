//! Times the frame decoder on image files for `benches/scan_compare.py`: each file is decoded
//! to 8-bit grey first (not timed), then only `scan_frame` is timed, best of `--repeat` runs.
//! Prints one JSON line per file: `{"file":…,"texts":[…],"ms":…}` or `{"file":…,"error":CODE}`.
//!
//! `cargo run --release -p healthpass-core --example scan_timing -- [--repeat N] FILE...`

use std::time::Instant;

use healthpass_core::scan::{LumaFrame, Rotation, load_grey, scan_frame};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1usize;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(1).max(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    for file in args {
        let line = match std::fs::read(&file)
            .map_err(|_| "unreadable_image")
            .and_then(|bytes| load_grey(&bytes).map_err(|e| e.code()))
        {
            Err(code) => serde_json::json!({ "file": file, "error": code }),
            Ok((pixels, width, height)) => {
                let frame = LumaFrame { bytes: &pixels, width, height, row_stride: width };
                let mut best = f64::INFINITY;
                let mut outcome = Ok(Vec::new());
                for _ in 0..repeat {
                    let start = Instant::now();
                    outcome = scan_frame(frame, Rotation::None);
                    best = best.min(start.elapsed().as_secs_f64() * 1000.0);
                }
                match outcome {
                    Ok(codes) => serde_json::json!({
                        "file": file,
                        "texts": codes.into_iter().map(|c| c.text).collect::<Vec<_>>(),
                        "ms": best,
                    }),
                    Err(e) => serde_json::json!({ "file": file, "error": e.code() }),
                }
            }
        };
        println!("{line}");
    }
}
