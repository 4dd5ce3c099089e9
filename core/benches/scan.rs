//! Frame decoding at camera resolutions (640×480, 1280×720, 1920×1080), with frames built
//! from the shared corpus: a photo with a code, and a photo without one (the worst case, as
//! every attempt of the escalation plan runs).
//!
//! `cargo bench -p healthpass-core --bench scan`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use healthpass_core::scan::{LumaFrame, Rotation, decode_frame, scan_frame};
use image::imageops::FilterType;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");
const SIZES: [(u32, u32); 3] = [(640, 480), (1280, 720), (1920, 1080)];

/// A camera-sized grey frame from a photo: scaled to cover the frame, centre cropped.
fn frame_from(path: &Path, width: u32, height: u32) -> Option<Vec<u8>> {
    let photo = image::open(path).ok()?;
    Some(photo.resize_to_fill(width, height, FilterType::Triangle).into_luma8().into_raw())
}

/// The manifest's images of the positive (`true`) or negative folders, in manifest order.
fn corpus_images(positive: bool) -> Vec<std::path::PathBuf> {
    let manifest = std::fs::read_to_string(Path::new(CORPUS).join("manifest.tsv")).unwrap_or_default();
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (image, expected) = (cols.next()?, cols.next()?);
            (expected.is_empty() != positive).then(|| Path::new(CORPUS).join(image))
        })
        .collect()
}

/// The first photo (in manifest order) that yields a decodable frame at every size; the
/// first negative photo at least 480 pixels tall.
fn pick_frames() -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let decodes = |pixels: &[u8], (w, h): (u32, u32)| {
        decode_frame(LumaFrame { bytes: pixels, width: w, height: h, row_stride: w }).is_ok_and(|t| !t.is_empty())
    };
    let with_code = corpus_images(true)
        .iter()
        .find_map(|path| {
            let frames: Option<Vec<Vec<u8>>> = SIZES.iter().map(|&(w, h)| frame_from(path, w, h)).collect();
            let frames = frames.filter(|frames| frames.iter().zip(SIZES).all(|(f, size)| decodes(f, size)))?;
            eprintln!("frames with a code from {}", path.display());
            Some(frames)
        })
        .expect("a corpus photo that decodes at every size");
    let without_code = corpus_images(false)
        .iter()
        .filter(|path| image::image_dimensions(path).is_ok_and(|(_, h)| h >= 480))
        .find_map(|path| {
            let frames = SIZES.iter().map(|&(w, h)| frame_from(path, w, h)).collect::<Option<Vec<_>>>()?;
            eprintln!("frames without a code from {}", path.display());
            Some(frames)
        })
        .expect("a negative corpus photo");
    (with_code, without_code)
}

fn frames(c: &mut Criterion) {
    let (with_code, without_code) = pick_frames();
    let mut group = c.benchmark_group("scan_frame");
    group.sample_size(30);
    for (i, &(width, height)) in SIZES.iter().enumerate() {
        for (kind, pixels) in [("code", &with_code[i]), ("no_code", &without_code[i])] {
            let frame = LumaFrame { bytes: pixels, width, height, row_stride: width };
            group.bench_function(format!("{width}x{height}/{kind}"), |b| b.iter(|| scan_frame(black_box(frame), Rotation::None)));
        }
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
