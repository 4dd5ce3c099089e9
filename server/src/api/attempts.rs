//! Limits on what anonymous clients may try: the guessing limit on upload codes (at most
//! [`MAX_FAILURES`] failed codes from one client within [`WINDOW`], and
//! [`MAX_GLOBAL_FAILURES`] from everyone together) and the rate of occupancy changes
//! ([`OCCUPANCY_LIMITS`]), each write of which costs the database an fsync. An attempt is
//! reserved before the database is asked, under one lock, so N parallel requests from one
//! client get at most the client's limit of lookups; a redeemed code gives its reservation back.
//! The same limiter, keyed by backup id, bounds how often one backup may be written, and keyed
//! by address, how many backup credentials one client may get wrong.
//!
//! A client is an IPv4 address or an IPv6 /64 (one subscriber usually holds a whole /64).
//! Behind a TLS proxy every request comes from the proxy, so the client's address is read from
//! the proxy's header when the request comes from the configured proxy ([`ClientAddress`]).
//! Kept in memory: a restart forgets it, which costs a guesser at most another ten tries per
//! address out of 2^60 codes.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName};

/// Failed attempts allowed per client within [`WINDOW`].
pub const MAX_FAILURES: usize = 10;

/// Failed attempts allowed from all clients together within [`WINDOW`]: at most 144,000 a
/// day against 2^60 codes. Reaching it delays every upload until attempts age out, which is
/// the price of a bound that does not depend on how many addresses a guesser holds.
pub const MAX_GLOBAL_FAILURES: usize = 1_000;

/// How long a failed attempt counts.
pub const WINDOW: Duration = Duration::from_secs(600);

/// Keys tracked before a sweep forgets those whose attempts all aged out.
const SWEEP_ABOVE_KEYS: usize = 10_000;

/// How many attempts a limiter allows within its window, per client and from all together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Attempts one client may make within the window.
    pub per_client: usize,
    /// Attempts all clients together may make within the window; every tracked client holds
    /// one, so this also bounds the limiter's memory.
    pub global: usize,
    /// How long an attempt counts.
    pub window: Duration,
}

/// The guessing limit on upload codes.
pub const UPLOAD_CODE_LIMITS: Limits = Limits { per_client: MAX_FAILURES, global: MAX_GLOBAL_FAILURES, window: WINDOW };

/// Occupancy changes: a phone sends two per visit, and one carrier-grade NAT address may
/// carry many phones, hence 120 a minute per client; all together at most 100 a second, well
/// within what one database file fsyncs.
pub const OCCUPANCY_LIMITS: Limits = Limits { per_client: 120, global: 6_000, window: Duration::from_secs(60) };

/// A client as the limit counts it: an IPv4 address, or the /64 prefix of an IPv6 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    /// The key of `address`: IPv4 as is (also when mapped into IPv6), IPv6 cut to its /64.
    pub fn of(address: IpAddr) -> Self {
        match address {
            IpAddr::V4(v4) => ClientKey(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    ClientKey(IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0)))
                }
            },
        }
    }
}

/// Where the client's address comes from: the connection's peer, or, for requests from the
/// trusted TLS proxy, the last address in the proxy's header (`X-Forwarded-For` appends the
/// address the proxy saw last; anything before it was written by the client).
#[derive(Debug, Clone, Default)]
pub struct ClientAddress {
    proxy: Option<(IpAddr, HeaderName)>,
}

impl ClientAddress {
    /// Reads the client from `header` on requests whose peer is `proxy`.
    pub fn behind_proxy(proxy: IpAddr, header: HeaderName) -> Self {
        ClientAddress { proxy: Some((proxy, header)) }
    }

    /// The client of a request from `peer` with `headers`. A request from the proxy without a
    /// readable header counts as the proxy itself, which only makes the limit stricter.
    pub fn of(&self, peer: IpAddr, headers: &HeaderMap) -> ClientKey {
        let forwarded = self.proxy.as_ref().filter(|(proxy, _)| *proxy == peer).and_then(|(_, header)| {
            let last = headers.get_all(header).iter().next_back()?.to_str().ok()?.rsplit(',').next()?;
            last.trim().parse::<IpAddr>().ok()
        });
        ClientKey::of(forwarded.unwrap_or(peer))
    }
}

/// A reserved attempt: counted unless [`AttemptLimiter::give_back`] returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reservation<K = ClientKey> {
    key: K,
    at: Instant,
}

/// Attempts (failed, or reserved and not given back) per key (a client, by default), within
/// [`Limits`].
pub struct AttemptLimiter<K = ClientKey> {
    limits: Limits,
    counted: Mutex<Counted<K>>,
}

/// The attempts in the window: per key, and how many in all (attempts of keys not asked about
/// since they aged out are still in `total` until the next sweep).
struct Counted<K> {
    per_key: HashMap<K, VecDeque<Instant>>,
    total: usize,
}

impl<K: Hash + Eq + Copy> AttemptLimiter<K> {
    /// An empty limiter that allows `limits`.
    pub fn new(limits: Limits) -> Self {
        AttemptLimiter { limits, counted: Mutex::new(Counted { per_key: HashMap::new(), total: 0 }) }
    }

    /// Reserves an attempt for `key` at `now`, or says how many seconds it must wait (this
    /// key's limit, or everyone's, is used up). Checking and counting are one step, so
    /// parallel requests cannot all pass the check before any is counted.
    pub fn reserve(&self, key: K, now: Instant) -> Result<Reservation<K>, u64> {
        let mut counted = self.lock();
        counted.admit(key, now, self.limits)?;
        counted.per_key.entry(key).or_default().push_back(now);
        counted.total += 1;
        Ok(Reservation { key, at: now })
    }

    /// Returns a reservation that turned out not to count (a valid code, a database failure).
    pub fn give_back(&self, reservation: Reservation<K>) {
        let mut guard = self.lock();
        let counted = &mut *guard;
        let Some(times) = counted.per_key.get_mut(&reservation.key) else { return };
        if let Some(index) = times.iter().rposition(|t| *t == reservation.at) {
            times.remove(index);
            counted.total -= 1;
        }
        if counted.per_key.get(&reservation.key).is_some_and(VecDeque::is_empty) {
            counted.per_key.remove(&reservation.key);
        }
    }

    /// `Ok` if `key` may try now, or the seconds it must wait; counts nothing (for limits on
    /// what happened, counted afterwards with [`AttemptLimiter::record`]).
    pub fn check(&self, key: K, now: Instant) -> Result<(), u64> {
        self.lock().admit(key, now, self.limits)
    }

    /// Counts an attempt by `key` that happened at `now`.
    pub fn record(&self, key: K, now: Instant) {
        let mut counted = self.lock();
        counted.per_key.entry(key).or_default().push_back(now);
        counted.total += 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counted<K>> {
        self.counted.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<K: Hash + Eq> Counted<K> {
    /// `Ok` if `key` may make an attempt at `now` within `limits`, else the seconds to wait.
    fn admit(&mut self, key: K, now: Instant, limits: Limits) -> Result<(), u64> {
        let Limits { per_client, global, window } = limits;
        let wait = |oldest: Instant| window.saturating_sub(now.saturating_duration_since(oldest)).as_secs().max(1);
        if let Some(times) = self.per_key.get_mut(&key) {
            self.total -= forget_old(times, now, window);
            if times.len() >= per_client {
                return Err(times.front().map_or(1, |oldest| wait(*oldest)));
            }
        }
        if self.total >= global || self.per_key.len() > SWEEP_ABOVE_KEYS {
            // Near a bound only: recount every key, forgetting what aged out.
            let mut aged = 0;
            for times in self.per_key.values_mut() {
                aged += forget_old(times, now, window);
            }
            self.per_key.retain(|_, times| !times.is_empty());
            self.total -= aged;
            if self.total >= global {
                let oldest = self.per_key.values().filter_map(|times| times.front()).min().copied();
                return Err(oldest.map_or(1, wait));
            }
        }
        Ok(())
    }
}

/// Drops attempts older than `window`; returns how many were dropped.
fn forget_old(times: &mut VecDeque<Instant>, now: Instant, window: Duration) -> usize {
    let before = times.len();
    while times.front().is_some_and(|t| now.saturating_duration_since(*t) >= window) {
        times.pop_front();
    }
    before - times.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(last: u8) -> ClientKey {
        ClientKey::of(IpAddr::from([192, 0, 2, last]))
    }

    #[test]
    fn the_eleventh_attempt_waits_until_the_first_ages_out() {
        let (limiter, address, start) = (AttemptLimiter::new(UPLOAD_CODE_LIMITS), client(1), Instant::now());
        for i in 0..MAX_FAILURES as u64 {
            assert!(limiter.reserve(address, start + Duration::from_secs(i)).is_ok());
        }
        let later = start + Duration::from_secs(100);
        assert_eq!(limiter.reserve(address, later), Err(500));
        assert!(limiter.reserve(client(2), later).is_ok(), "other addresses are not affected");
        assert!(limiter.reserve(address, start + WINDOW).is_ok());
    }

    #[test]
    fn forty_parallel_reservations_from_one_address_get_ten() {
        let (limiter, start) = (AttemptLimiter::new(UPLOAD_CODE_LIMITS), Instant::now());
        let granted = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..40).map(|_| scope.spawn(|| limiter.reserve(client(1), start).is_ok())).collect();
            threads.into_iter().filter_map(|t| t.join().ok()).filter(|granted| *granted).count()
        });
        assert_eq!(granted, MAX_FAILURES);
    }

    #[test]
    fn a_valid_code_gives_its_reservation_back() {
        let (limiter, start) = (AttemptLimiter::new(UPLOAD_CODE_LIMITS), Instant::now());
        for _ in 0..3 * MAX_FAILURES {
            let reservation = limiter.reserve(client(1), start).unwrap();
            limiter.give_back(reservation);
        }
        assert!(limiter.reserve(client(1), start).is_ok());
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_and_mapped_ipv4_as_ipv4() {
        let address = |text: &str| ClientKey::of(text.parse().unwrap());
        assert_eq!(address("2001:db8:1:2:aaaa::1"), address("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_ne!(address("2001:db8:1:2::1"), address("2001:db8:1:3::1"));
        assert_eq!(address("::ffff:192.0.2.1"), client(1));
        let (limiter, start) = (AttemptLimiter::new(UPLOAD_CODE_LIMITS), Instant::now());
        for host in 0..MAX_FAILURES {
            assert!(limiter.reserve(address(&format!("2001:db8:1:2::{host:x}")), start).is_ok());
        }
        assert!(limiter.reserve(address("2001:db8:1:2::ffff"), start).is_err(), "a new host in the same /64");
    }

    #[test]
    fn all_clients_together_stop_at_the_global_bound() {
        let (limiter, start) = (AttemptLimiter::new(UPLOAD_CODE_LIMITS), Instant::now());
        for i in 0..MAX_GLOBAL_FAILURES {
            let [_, _, high, low] = u32::try_from(i).unwrap().to_be_bytes();
            assert!(limiter.reserve(ClientKey::of(IpAddr::from([10, 0, high, low])), start).is_ok());
        }
        assert_eq!(limiter.reserve(client(9), start + Duration::from_secs(60)), Err(540));
        assert!(limiter.reserve(client(9), start + WINDOW).is_ok(), "the bound frees up as attempts age out");
    }

    #[test]
    fn the_client_behind_the_trusted_proxy_is_read_from_its_header() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let addresses = ClientAddress::behind_proxy(proxy, HeaderName::from_static("x-forwarded-for"));
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.9, 192.0.2.1".parse().unwrap());
        assert_eq!(addresses.of(proxy, &headers), client(1), "the address the proxy appended");
        let elsewhere: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(addresses.of(elsewhere, &headers), ClientKey::of(elsewhere), "only the proxy is believed");
        assert_eq!(addresses.of(proxy, &HeaderMap::new()), ClientKey::of(proxy));
        assert_eq!(ClientAddress::default().of(proxy, &headers), ClientKey::of(proxy), "no proxy configured");
    }
}
