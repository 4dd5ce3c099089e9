//! Regression floor over the shared corpus of real QR photos (zxing-cpp's test samples):
//! exact-text matches per folder must not fall below what the pipeline measured, and the
//! negative folders must yield nothing.

use std::collections::BTreeMap;
use std::path::Path;

use healthpass_core::scan::decode_image_file;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");

/// Fewest exact-text matches accepted per folder (measured: see the scan module's docs).
const FLOORS: &[(&str, usize)] =
    &[("qrcode-1", 8), ("qrcode-2", 55), ("qrcode-3", 18), ("qrcode-4", 17), ("qrcode-5", 16), ("qrcode-6", 15)];

/// Whether `decoded` is the expected text, ignoring one trailing newline of the file.
fn matches(decoded: &str, expected: &str) -> bool {
    decoded == expected || expected.strip_suffix('\n').is_some_and(|e| decoded == e)
}

#[test]
fn corpus_reads_at_least_the_measured_floor_and_no_false_positives() {
    let manifest = std::fs::read_to_string(Path::new(CORPUS).join("manifest.tsv")).expect("corpus manifest");
    let mut correct: BTreeMap<String, usize> = BTreeMap::new();
    let mut false_positives = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [image, expected, folder] = cols[..] else { panic!("bad manifest line {line:?}") };
        let decoded = decode_image_file(&Path::new(CORPUS).join(image)).unwrap_or_default();
        if expected.is_empty() {
            if !decoded.is_empty() {
                false_positives.push(image.to_owned());
            }
            continue;
        }
        let expected = std::fs::read_to_string(Path::new(CORPUS).join(expected)).expect("expected text");
        let hit = decoded.iter().any(|d| matches(d, &expected));
        *correct.entry(folder.to_owned()).or_default() += usize::from(hit);
    }
    println!("correct per folder: {correct:?}");
    assert!(false_positives.is_empty(), "false positives: {false_positives:?}");
    for (folder, floor) in FLOORS {
        let got = correct.get(*folder).copied().unwrap_or(0);
        assert!(got >= *floor, "{folder}: {got} correct, floor {floor}");
    }
}

#[test]
fn trailing_newline_rule_accepts_both_forms_only() {
    assert!(matches("a\r\n", "a\r\n"));
    assert!(matches("a", "a\n"));
    assert!(!matches("a", "a\n\n"));
    assert!(!matches("b", "a\n"));
}
