//! The backup's pure parts: recovery code, keys, blob format, contents, schedule, transfer, sheet.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::BackupError;
use super::contents::{BackedUpAlert, BackedUpVisit, BackupContents, CONTENTS_VERSION};
use super::format::{
    ContentKey, FORMAT_VERSION, LARGEST_BUCKET, SMALLEST_BUCKET, bucket_for, needs_passphrase, open, open_with, seal,
};
use super::keys::{BackupKeys, PassphraseCost, WriteCredential};
use super::recovery_code::{CODE_SYMBOLS, RecoveryCode, RecoveryCodeError};
use super::schedule::{BackupHistory, FIRST_RETRY, LONGEST_RETRY, NextBackup, QUIET_PERIOD, REFRESH_PERIOD, next_backup};
use super::sheet::{recovery_sheet_pdf, recovery_sheet_png};
use super::transfer::TransferOffer;

/// A cheap Argon2id cost so tests stay fast; phones use [`PassphraseCost::PHONE`].
const TEST_COST: PassphraseCost = PassphraseCost { memory_kib: 64, iterations: 1 };

const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).single().unwrap_or_default() + TimeDelta::minutes(minutes)
}

fn code() -> RecoveryCode {
    RecoveryCode::from_secret(*b"0123456789abcdef")
}

fn visit(name: &str, checked_in_at: i64, checked_out_at: Option<i64>) -> BackedUpVisit {
    BackedUpVisit {
        poster_kind: "cwa".to_owned(),
        venue_id: None,
        venue_name: name.to_owned(),
        venue_address: "Jl. Ijen 1, Malang".to_owned(),
        category: "shop".to_owned(),
        default_stay_min: 60,
        poster: format!("poster-of-{name}"),
        checked_in_at,
        checked_out_at,
        checkout_kind: checked_out_at.map(|_| "manual".to_owned()),
    }
}

fn contents(made_at: i64, visits: Vec<BackedUpVisit>) -> BackupContents {
    BackupContents { version: CONTENTS_VERSION, made_at, retention_days: None, visits, certificates: vec![], alerts: vec![] }
}

// --- recovery code -------------------------------------------------------------------------

#[test]
fn a_recovery_code_reads_back_as_written_in_seven_groups_of_four() {
    for _ in 0..200 {
        let code = RecoveryCode::generate();
        let text = code.to_text();
        assert_eq!(text.len(), CODE_SYMBOLS + 6);
        assert!(text.split('-').all(|group| group.len() == 4 && group.chars().all(|c| ALPHABET.contains(c))), "{text}");
        assert_eq!(RecoveryCode::parse(&text), Ok(code));
    }
}

#[test]
fn every_single_wrong_symbol_is_caught() {
    let text: Vec<char> = code().to_text().chars().filter(|c| *c != '-').collect();
    for position in 0..text.len() {
        for replacement in ALPHABET.chars().filter(|c| *c != text[position]) {
            let mut typed = text.clone();
            typed[position] = replacement;
            let typed: String = typed.into_iter().collect();
            assert_eq!(RecoveryCode::parse(&typed), Err(RecoveryCodeError::Typo), "position {position}");
        }
    }
}

#[test]
fn every_swap_of_two_neighbouring_symbols_is_caught() {
    for _ in 0..50 {
        let text: Vec<char> = RecoveryCode::generate().to_text().chars().filter(|c| *c != '-').collect();
        for position in 0..text.len() - 1 {
            if text[position] == text[position + 1] {
                continue;
            }
            let mut typed = text.clone();
            typed.swap(position, position + 1);
            let typed: String = typed.into_iter().collect();
            assert_eq!(RecoveryCode::parse(&typed), Err(RecoveryCodeError::Typo), "swap at {position}");
        }
    }
}

#[test]
fn a_code_read_aloud_and_typed_loosely_still_reads() {
    let text = code().to_text();
    let loose = text.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
    assert_eq!(RecoveryCode::parse(&format!("  {loose}\n")), Ok(code()));
}

#[test]
fn a_short_or_foreign_code_is_refused_with_its_reason() {
    let text = code().to_text();
    assert_eq!(RecoveryCode::parse(&text[..text.len() - 1]), Err(RecoveryCodeError::WrongLength { found: CODE_SYMBOLS - 1 }));
    assert_eq!(RecoveryCode::parse(&format!("{text}U")), Err(RecoveryCodeError::InvalidCharacter));
    assert_eq!(RecoveryCode::parse(""), Err(RecoveryCodeError::WrongLength { found: 0 }));
}

#[test]
fn a_code_whose_value_exceeds_128_bits_is_refused() {
    // 26 symbols of 31 hold 130 bits; with a matching check value only the range check refuses it.
    let data = [31u8; 26];
    let remainder = data.iter().fold(0u32, |rest, &s| (rest * 32 + u32::from(s)) % 1021);
    let symbols: String = data
        .iter()
        .chain(&[(remainder / 32) as u8, (remainder % 32) as u8])
        .map(|&s| ALPHABET.as_bytes()[usize::from(s)] as char)
        .collect();
    assert_eq!(RecoveryCode::parse(&symbols), Err(RecoveryCodeError::Typo));
}

#[test]
fn the_debug_form_hides_the_secret() {
    let shown = format!("{:?} {:?}", code(), BackupKeys::derive(&code()).credential);
    assert!(!shown.contains(&code().to_text()[..4]) && !shown.contains(&BackupKeys::derive(&code()).credential.to_text()));
}

// --- keys ----------------------------------------------------------------------------------

#[test]
fn keys_are_fixed_by_the_code_and_differ_between_codes() {
    let (a, b) = (BackupKeys::derive(&code()), BackupKeys::derive(&code()));
    assert_eq!((a.blob_id, &a.credential), (b.blob_id, &b.credential));
    let other = BackupKeys::derive(&RecoveryCode::generate());
    assert_ne!(a.blob_id, other.blob_id);
    assert_ne!(a.credential, other.credential);
    assert_ne!(a.blob_id.0[..], a.credential.0[..16], "the id does not reveal the credential");
    assert_eq!(super::keys::BlobId::from_hex(&a.blob_id.to_hex()), Some(a.blob_id));
    assert_eq!(a.blob_id.to_hex().len(), 32);
}

#[test]
fn the_server_keeps_only_a_hash_of_the_credential() {
    let keys = BackupKeys::derive(&code());
    let hash = WriteCredential::hash_of_text(&keys.credential.to_text()).unwrap();
    assert_ne!(hash, keys.credential.0);
    assert_eq!(WriteCredential::hash_of_text("not-a-credential"), None);
}

// --- blob format ---------------------------------------------------------------------------

#[test]
fn a_sealed_backup_opens_with_its_code_and_hides_its_contents() {
    let keys = BackupKeys::derive(&code());
    let json = contents(100, vec![visit("Warung Bu Sri", 1_000, None)]).to_json();
    let blob = seal(&json, &ContentKey::plain(&keys)).unwrap();
    assert!(!blob.windows(b"Warung".len()).any(|w| w == b"Warung"), "no venue name in clear");
    let (opened, key) = open(&blob, &keys, None).unwrap();
    assert_eq!(opened, json);
    assert_eq!(key, ContentKey::plain(&keys));
    assert_eq!(open_with(&blob, &key).unwrap(), json);
    assert_ne!(seal(&json, &key).unwrap(), blob, "a fresh nonce every time");
}

#[test]
fn a_wrong_code_is_told_apart_from_a_damaged_blob() {
    let keys = BackupKeys::derive(&code());
    let blob = seal(b"{}", &ContentKey::plain(&keys)).unwrap();
    let other = BackupKeys::derive(&RecoveryCode::generate());
    assert!(matches!(open(&blob, &other, None), Err(BackupError::WrongRecoveryCode)));
    for position in [30, blob.len() / 2, blob.len() - 1] {
        let mut tampered = blob.clone();
        tampered[position] ^= 1;
        assert!(matches!(open(&tampered, &keys, None), Err(BackupError::Tampered)), "byte {position}");
    }
}

#[test]
fn truncated_foreign_and_newer_blobs_are_typed_errors() {
    let keys = BackupKeys::derive(&code());
    let blob = seal(b"{}", &ContentKey::plain(&keys)).unwrap();
    for cut in [3, 10, 40, 60] {
        assert!(matches!(open(&blob[..cut], &keys, None), Err(BackupError::Truncated)), "cut at {cut}");
    }
    assert!(matches!(open(&blob[..blob.len() - 1], &keys, None), Err(BackupError::Tampered)));
    assert!(matches!(open(b"PK\x03\x04 a zip file", &keys, None), Err(BackupError::NotABackup)));
    let mut newer = blob.clone();
    newer[4] = FORMAT_VERSION + 1;
    assert!(matches!(open(&newer, &keys, None), Err(BackupError::NewerFormat { found }) if found == FORMAT_VERSION + 1));
    let mut unknown_flag = blob;
    unknown_flag[5] |= 0x80;
    assert!(matches!(open(&unknown_flag, &keys, None), Err(BackupError::NotABackup)));
}

#[test]
fn a_passphrase_wrapped_backup_needs_the_code_and_the_passphrase() {
    let keys = BackupKeys::derive(&code());
    let key = ContentKey::with_passphrase(&keys, "kucing oren 7", TEST_COST).unwrap();
    let blob = seal(b"{\"a\":1}", &key).unwrap();
    assert!(needs_passphrase(&blob).unwrap());
    assert!(matches!(open(&blob, &keys, None), Err(BackupError::PassphraseRequired)));
    assert!(matches!(open(&blob, &keys, Some("kucing oren 8")), Err(BackupError::WrongPassphrase)));
    let (opened, reopened_key) = open(&blob, &keys, Some("kucing oren 7")).unwrap();
    assert_eq!((opened.as_slice(), &reopened_key), (&b"{\"a\":1}"[..], &key));
    assert!(matches!(
        open(&blob, &BackupKeys::derive(&RecoveryCode::generate()), Some("kucing oren 7")),
        Err(BackupError::WrongRecoveryCode)
    ));
    assert!(matches!(open_with(&blob, &ContentKey::plain(&keys)), Err(BackupError::WrongPassphrase)));
}

#[test]
fn a_blob_asking_for_an_unreasonable_passphrase_cost_is_refused_before_stretching() {
    let keys = BackupKeys::derive(&code());
    let blob = seal(b"{}", &ContentKey::with_passphrase(&keys, "p", TEST_COST).unwrap()).unwrap();
    let mut greedy = blob.clone();
    // Memory KiB sits after magic, version, flags, code check and salt.
    greedy[38..42].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(open(&greedy, &keys, Some("p")), Err(BackupError::UnacceptablePassphraseCost)));
    assert!(matches!(
        ContentKey::with_passphrase(&keys, "p", PassphraseCost { memory_kib: 1, iterations: 1 }),
        Err(BackupError::UnacceptablePassphraseCost)
    ));
}

#[test]
fn a_kept_content_key_reads_back() {
    let keys = BackupKeys::derive(&code());
    for key in [ContentKey::plain(&keys), ContentKey::with_passphrase(&keys, "p", TEST_COST).unwrap()] {
        assert_eq!(ContentKey::from_bytes(&key.to_bytes()), Some(key.clone()));
        assert_eq!(ContentKey::from_bytes(&key.to_bytes()[1..]), None);
    }
}

#[test]
fn blobs_are_padded_so_diaries_of_similar_size_look_alike() {
    let keys = ContentKey::plain(&BackupKeys::derive(&code()));
    let small = seal(&contents(1, vec![visit("A", 1, None)]).to_json(), &keys).unwrap();
    let larger = seal(&contents(1, (0..20).map(|i| visit(&format!("Toko {i}"), i, None)).collect()).to_json(), &keys).unwrap();
    assert_eq!(small.len(), larger.len());
    assert_eq!(bucket_for(1), Some(SMALLEST_BUCKET));
    assert_eq!(bucket_for(SMALLEST_BUCKET + 1), Some(2 * SMALLEST_BUCKET));
    assert_eq!(bucket_for(LARGEST_BUCKET), Some(LARGEST_BUCKET));
    assert_eq!(bucket_for(LARGEST_BUCKET + 1), None);
    let random: Vec<u8> = (0..LARGEST_BUCKET as u32).flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()).collect();
    assert!(matches!(seal(&random, &keys), Err(BackupError::TooLarge { .. })));
}

// --- contents ------------------------------------------------------------------------------

#[test]
fn contents_from_a_newer_app_are_refused() {
    let mut json: serde_json::Value = serde_json::from_slice(&contents(1, vec![]).to_json()).unwrap();
    json["version"] = serde_json::json!(CONTENTS_VERSION + 1);
    assert!(matches!(BackupContents::from_json(json.to_string().as_bytes()), Err(BackupError::NewerFormat { .. })));
    assert!(matches!(BackupContents::from_json(b"[1, 2]"), Err(BackupError::MalformedContents(_))));
}

#[test]
fn retention_removes_what_ended_before_the_cutoff() {
    let now = t(0);
    let day = 86_400;
    let mut backup = contents(
        now.timestamp(),
        vec![
            visit("old", now.timestamp() - 30 * day, Some(now.timestamp() - 30 * day + 600)),
            visit("recent", now.timestamp() - 2 * day, None),
        ],
    );
    backup.alerts.push(alert(None, now.timestamp() - 40 * day));
    let kept = backup.within_retention(now, 21);
    assert_eq!(kept.visits.iter().map(|v| v.venue_name.as_str()).collect::<Vec<_>>(), ["recent"]);
    assert!(kept.alerts.is_empty());
}

fn alert(visit_key: Option<String>, warning_start: i64) -> BackedUpAlert {
    BackedUpAlert {
        visit_key,
        venue_name: "Warung".to_owned(),
        visit_start: warning_start,
        visit_end: warning_start + 3600,
        warning_start,
        warning_end: warning_start + 3600,
        advice: "get_tested".to_owned(),
        overlap_minutes: 60,
        bundle_hour: 1,
        received_at: warning_start + 7200,
    }
}

#[test]
fn two_devices_backups_merge_without_duplicates() {
    let shared = visit("Pasar Besar", 1_000, None);
    let phone = contents(10, vec![shared.clone(), visit("Apotek", 2_000, Some(2_600))]);
    let mut closed = shared.clone();
    closed.checked_out_at = Some(1_900);
    closed.checkout_kind = Some("manual".to_owned());
    let mut tablet = contents(20, vec![closed.clone(), visit("Masjid", 3_000, None)]);
    tablet.alerts.push(alert(Some(shared.key()), 1_000));
    let merged = phone.clone().merge(tablet.clone());
    assert_eq!(merged.visits.iter().map(|v| v.venue_name.as_str()).collect::<Vec<_>>(), ["Masjid", "Apotek", "Pasar Besar"]);
    assert_eq!(merged.visits[2], closed, "the visit closed on one device is closed");
    assert_eq!(merged.alerts.len(), 1);
    assert_eq!(merged, tablet.merge(phone), "merging is symmetric");
}

// --- schedule ------------------------------------------------------------------------------

#[test]
fn a_change_is_backed_up_after_a_quiet_period_and_nothing_is_due_after_success() {
    let history = BackupHistory { last_change: Some(t(0)), ..BackupHistory::default() };
    assert_eq!(next_backup(t(0), &history, false), NextBackup::At(t(0) + QUIET_PERIOD));
    let later = BackupHistory { last_change: Some(t(1)), ..history };
    assert_eq!(next_backup(t(1), &later, false), NextBackup::At(t(1) + QUIET_PERIOD), "a second change restarts the wait");
    let done = BackupHistory { last_success: Some(t(2)), last_attempt: Some(t(2)), ..later };
    assert_eq!(next_backup(t(3), &done, false), NextBackup::At(t(2) + REFRESH_PERIOD));
    assert_eq!(next_backup(t(3), &BackupHistory::default(), false), NextBackup::UpToDate);
}

#[test]
fn failures_back_off_and_offline_waits_for_the_network() {
    let failed =
        |n| BackupHistory { last_change: Some(t(0)), last_attempt: Some(t(1)), consecutive_failures: n, last_success: None };
    assert_eq!(next_backup(t(1), &failed(1), false), NextBackup::At(t(1) + FIRST_RETRY));
    assert_eq!(next_backup(t(1), &failed(3), false), NextBackup::At(t(1) + FIRST_RETRY * 4));
    assert_eq!(next_backup(t(1), &failed(40), false), NextBackup::At(t(1) + LONGEST_RETRY));
    assert_eq!(next_backup(t(1) + LONGEST_RETRY, &failed(40), true), NextBackup::WhenOnline);
    assert_eq!(next_backup(t(0), &failed(40), true), NextBackup::At(t(1) + LONGEST_RETRY), "not due yet: keep the timer");
}

// --- transfer ------------------------------------------------------------------------------

#[test]
fn a_transfer_qr_reads_back_and_stays_on_the_local_network() {
    let offer = TransferOffer::new("192.168.1.20:41234".parse().unwrap()).unwrap();
    let text = offer.to_qr_text();
    assert!(text.starts_with("HPTX1:") && text.ends_with("@192.168.1.20:41234"));
    assert_eq!(TransferOffer::parse(&text).unwrap(), offer);
    assert!(TransferOffer::new("8.8.8.8:443".parse().unwrap()).is_err());
    let public = text.replace("192.168.1.20", "203.0.113.9");
    assert!(matches!(TransferOffer::parse(&public), Err(BackupError::InvalidTransferCode(_))));
    for broken in ["HPTX2:", "HPTX1:ABC@10.0.0.1:80", &text.replace('@', "#"), &text[..text.len() - 6]] {
        assert!(matches!(TransferOffer::parse(broken), Err(BackupError::InvalidTransferCode(_))), "{broken}");
    }
}

// --- recovery sheet ------------------------------------------------------------------------

#[test]
fn the_recovery_sheet_png_scans_back_to_the_code() {
    let png = recovery_sheet_png(&code()).unwrap();
    let texts = crate::scan::decode_image_bytes(&png).unwrap();
    assert_eq!(texts, vec![code().to_text()]);
}

#[test]
fn the_recovery_sheet_pdf_is_one_a4_page_with_the_code() {
    let pdf = recovery_sheet_pdf(&code()).unwrap();
    let text = String::from_utf8(pdf.clone()).unwrap();
    assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
    assert!(text.contains("/MediaBox [0 0 595 842]") && text.contains(&format!("({})", code().to_text())));
    // Every cross-reference entry points at its object.
    let xref = text.rfind("\nxref\n").unwrap() + 1;
    for (i, line) in text[xref..].lines().skip(3).take(6).enumerate() {
        let offset: usize = line[..10].parse().unwrap();
        assert!(text[offset..].starts_with(&format!("{} 0 obj", i + 1)), "object {}", i + 1);
    }
    let startxref: usize = text.lines().rev().nth(1).unwrap().parse().unwrap();
    assert_eq!(startxref, xref);
}

#[test]
fn the_recovery_sheet_pdf_qr_scans_back_to_the_code() {
    let pdf = String::from_utf8(recovery_sheet_pdf(&code()).unwrap()).unwrap();
    // Paints the page's filled rectangles (`x y w h re`, PDF points from the bottom left) at
    // two pixels per point, as a printer would, and scans the page like a photo of it.
    let (scale, width, height) = (2.0_f32, 1190_usize, 1684_usize);
    let mut page = vec![255u8; width * height];
    let rectangles: Vec<[f32; 4]> = pdf
        .lines()
        .filter_map(|line| line.strip_suffix(" re"))
        .map(|numbers| {
            let values: Vec<f32> = numbers.split(' ').map(|n| n.parse().unwrap()).collect();
            [values[0], values[1], values[2], values[3]]
        })
        .collect();
    assert!(rectangles.len() > 100, "the QR is drawn as filled rectangles: {}", rectangles.len());
    for [x, y, w, h] in rectangles {
        let columns = (x * scale).round() as usize..((x + w) * scale).round() as usize;
        let rows = ((842.0 - y - h) * scale).round() as usize..((842.0 - y) * scale).round() as usize;
        for row in rows {
            page[row * width + columns.start..row * width + columns.end].fill(0);
        }
    }
    let frame = crate::scan::LumaFrame { bytes: &page, width: width as u32, height: height as u32, row_stride: width as u32 };
    assert_eq!(crate::scan::decode_frame(frame).unwrap(), vec![code().to_text()]);
}
