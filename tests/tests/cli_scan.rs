//! `healthpass scan FILE... --json`: one JSON line per file, and one bad file never stops the batch.

use healthpass_e2e::healthpass_ok;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus");

#[test]
fn a_batch_with_a_bad_file_reports_every_file_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.png"), b"\x89PNG\r\n\x1a\n truncated").unwrap();
    let photo = format!("{CORPUS}/qrcode-1/1.webp");
    let blank = format!("{CORPUS}/falsepositives-2/01.webp");
    let run = healthpass_ok(dir.path(), &["scan", "--json", &photo, "broken.png", "missing.png", &blank]);
    let lines: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4, "{run:?}");
    let expected = std::fs::read_to_string(format!("{CORPUS}/qrcode-1/1.txt")).unwrap();
    let text = lines[0]["texts"][0].as_str().unwrap();
    assert!(text == expected || Some(text) == expected.strip_suffix('\n'), "{text:?}");
    assert!(lines[0]["ms"].as_f64().unwrap() >= 0.0);
    assert_eq!(lines[1], serde_json::json!({ "file": "broken.png", "error": "unreadable_image" }));
    assert_eq!(lines[2], serde_json::json!({ "file": "missing.png", "error": "unreadable_image" }));
    assert_eq!(lines[3]["texts"], serde_json::json!([]));
}
