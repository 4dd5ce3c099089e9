//! The sync never holds the store while it waits on the network.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use chrono::TimeDelta;

use super::sync_warnings;
use crate::checkin::check_in;
use crate::exposure::PublisherSigningKey;
use crate::remote::ServerClient;
use crate::store::Store;
use crate::venue::RegistrySigningKey;
use crate::venue::tests::{at, signed};

/// Longer than any honest check-in; a check-in still blocked after it waits for the sync.
const DEADLOCK: Duration = Duration::from_secs(60);

#[test]
fn a_check_in_goes_through_while_a_sync_waits_on_a_stalled_server() {
    let dir = tempfile::tempdir().unwrap();
    let store = Mutex::new(Store::open(&dir.path().join("diary.db")).unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = ServerClient::new(&format!("http://{}", listener.local_addr().unwrap()), crate::remote::tests::ureq()).unwrap();
    let (asked, request_arrived) = mpsc::channel();
    let (checked_in, check_in_done) = mpsc::channel();
    // The server takes the request and answers only once the check-in is done (or gives up).
    let server = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(socket.try_clone().unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        asked.send(()).unwrap();
        let waited = check_in_done.recv_timeout(DEADLOCK);
        socket.write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").unwrap();
        waited.is_ok()
    });
    let publisher = PublisherSigningKey::generate().public_key();
    std::thread::scope(|scope| {
        let sync = scope.spawn(|| sync_warnings(|| store.lock().unwrap(), &client, &[publisher], TimeDelta::minutes(15), at(12)));
        request_arrived.recv().unwrap();
        // The sync is now waiting on the server: the citizen checks in at the door.
        check_in(&mut store.lock().unwrap(), &signed(&RegistrySigningKey::generate()), at(12)).unwrap();
        // A server that already gave up has dropped its end; its verdict below says so.
        let _ = checked_in.send(());
        assert!(sync.join().unwrap().is_err(), "the server answered 503");
    });
    assert!(server.join().unwrap(), "the check-in waited for the sync to give up");
}

#[test]
fn the_dummy_schedule_is_kept_in_the_store_and_sends_only_when_due() {
    use crate::exposure::{SUBMISSION_LEN, Submission};
    let dir = tempfile::tempdir().unwrap();
    let store = Mutex::new(Store::open(&dir.path().join("diary.db")).unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = ServerClient::new(&format!("http://{}", listener.local_addr().unwrap()), crate::remote::tests::ureq()).unwrap();
    let server = crate::remote::submission_tests::capture(listener, 1);
    let first = super::run_dummy_schedule(|| store.lock().unwrap(), &client, at(12)).unwrap();
    assert!(first >= at(13), "the first call only schedules, at least an hour ahead");
    let again = super::run_dummy_schedule(|| store.lock().unwrap(), &client, at(12)).unwrap();
    assert_eq!(again, first, "not due yet: nothing sent, the schedule kept");
    let next = super::run_dummy_schedule(|| store.lock().unwrap(), &client, first).unwrap();
    assert!(next > first);
    let requests = server.join().unwrap();
    let body = &requests[0][requests[0].len() - SUBMISSION_LEN..];
    assert_eq!(Submission::from_bytes(body).unwrap(), Submission::dummy(), "one dummy, when it was due");
}

#[test]
fn a_replayed_2021_rule_set_is_not_kept_even_before_any_rule_set_was_installed() {
    use crate::remote::tests::{answer_once, reply};
    use crate::status::RuleSet;
    use crate::trust_list::TrustRootSigningKey;
    let dir = tempfile::tempdir().unwrap();
    let store = Mutex::new(Store::open(&dir.path().join("diary.db")).unwrap());
    let root = TrustRootSigningKey::generate();
    let signed_2021 = RuleSet::peduli_lindungi_2021().sign(&root).unwrap();
    let (url, _server) = answer_once(reply("200 OK", "", &signed_2021));
    let client = ServerClient::new(&url, crate::remote::tests::ureq()).unwrap();
    let synced = super::sync_rule_set(|| store.lock().unwrap(), &client, &[root.public_key()]);
    assert!(matches!(synced, Err(super::SyncError::OutdatedRuleSet)), "{synced:?}");
    assert_eq!(super::cached_rule_set(&store.lock().unwrap(), &[root.public_key()]).unwrap(), None);
}
