//! Portal sessions: signing in with the account token opens a session whose random id lives in
//! an HttpOnly, SameSite=Strict cookie; each session has its own CSRF token that every form
//! carries. Sessions live in memory (a restart signs everyone out, which is safe) and end after
//! [`IDLE_LIMIT`] without a request, after [`LIFETIME`] in any case, or at sign-out.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};

use super::Portal;
use super::cookies::cookie;
use super::error::{PortalError, Problem};
use super::html::escape;
use super::i18n::{Lang, Text};
use crate::accounts::{Account, Role};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "hp_session";

/// A session ends after this long without a request.
pub const IDLE_LIMIT: TimeDelta = TimeDelta::minutes(30);

/// A session ends this long after sign-in, however active.
pub const LIFETIME: TimeDelta = TimeDelta::hours(12);

/// Sessions above this many are pruned of expired ones on the next sign-in.
const PRUNE_ABOVE: usize = 10_000;

/// The open sessions, keyed by the SHA-256 of their id (the id itself is only in the cookie).
#[derive(Default)]
pub struct Sessions {
    open: Mutex<HashMap<[u8; 32], Session>>,
}

/// One signed-in browser.
struct Session {
    account: Account,
    csrf: String,
    signed_in_at: DateTime<Utc>,
    last_seen: DateTime<Utc>,
}

impl Session {
    fn is_live(&self, now: DateTime<Utc>) -> bool {
        now - self.last_seen < IDLE_LIMIT && now - self.signed_in_at < LIFETIME
    }
}

/// What a page knows about the signed-in user.
#[derive(Debug, Clone)]
pub struct SessionView {
    /// The account signed in.
    pub account: Account,
    /// This session's CSRF token.
    pub csrf: String,
}

impl SessionView {
    /// The account, if it has `role`; a "not allowed" page otherwise.
    pub fn require(&self, role: Role, lang: Lang) -> Result<&Account, PortalError> {
        if self.account.role == role { Ok(&self.account) } else { Err(PortalError::new(Problem::WrongRole, lang)) }
    }

    /// The hidden form field carrying the CSRF token.
    pub fn csrf_field(&self) -> String {
        format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", escape(&self.csrf))
    }

    /// The pages of this account's role, for the navigation.
    pub fn role_links(&self) -> &'static [(&'static str, Text)] {
        match self.account.role {
            Role::VenueOperator => &[("/portal/venues", Text::Venues), ("/portal/venues/new", Text::RegisterVenue)],
            Role::HealthOfficer => &[
                ("/portal/cases", Text::Cases),
                ("/portal/review", Text::Review),
                ("/portal/follow-ups", Text::FollowUps),
                ("/portal/vaccinations", Text::Vaccinations),
            ],
        }
    }
}

/// A fresh random value for session ids and CSRF tokens: 32 bytes, base64url.
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(healthpass_core::random::bytes::<32>())
}

fn key(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

impl Sessions {
    /// Opens a session for `account` at `now`; returns the id to put in the cookie.
    pub fn open(&self, account: Account, now: DateTime<Utc>) -> String {
        let id = random_token();
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if open.len() > PRUNE_ABOVE {
            open.retain(|_, session| session.is_live(now));
        }
        open.insert(key(&id), Session { account, csrf: random_token(), signed_in_at: now, last_seen: now });
        id
    }

    /// The live session with this id at `now` (which counts as activity), if any; an expired
    /// one is removed.
    pub fn find(&self, id: &str, now: DateTime<Utc>) -> Option<SessionView> {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = key(id);
        let session = open.get_mut(&key)?;
        if !session.is_live(now) {
            open.remove(&key);
            return None;
        }
        session.last_seen = now;
        Some(SessionView { account: session.account.clone(), csrf: session.csrf.clone() })
    }

    /// Ends the session with this id.
    pub fn close(&self, id: &str) {
        self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&key(id));
    }
}

/// A request from a signed-in browser (pages that only show things).
pub struct SignedIn(pub SessionView);

impl FromRequestParts<Portal> for SignedIn {
    type Rejection = PortalError;

    async fn from_request_parts(parts: &mut Parts, portal: &Portal) -> Result<Self, PortalError> {
        let lang = Lang::from_request_parts(parts, portal).await.unwrap_or(Lang::Id);
        session_of(&parts.headers, portal, lang).map(SignedIn)
    }
}

/// The live session named by the request's cookie, or the "session not valid" page.
pub fn session_of(headers: &axum::http::HeaderMap, portal: &Portal, lang: Lang) -> Result<SessionView, PortalError> {
    cookie(headers, SESSION_COOKIE)
        .and_then(|id| portal.sessions.find(&id, Utc::now()))
        .ok_or(PortalError::new(Problem::SessionMissing, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officer() -> Account {
        Account { id: 1, role: Role::HealthOfficer }
    }

    #[test]
    fn a_session_ends_when_idle_too_long_or_too_old() {
        let sessions = Sessions::default();
        let start = Utc::now();
        let id = sessions.open(officer(), start);
        let mut now = start;
        while now + TimeDelta::minutes(25) < start + LIFETIME {
            now += TimeDelta::minutes(25);
            assert!(sessions.find(&id, now).is_some(), "an active session stays open until its lifetime ends");
        }
        assert!(start + LIFETIME - now < IDLE_LIMIT, "the last request was recent");
        assert!(sessions.find(&id, start + LIFETIME).is_none());
        let idle = sessions.open(officer(), start);
        assert!(sessions.find(&idle, start + IDLE_LIMIT).is_none());
    }

    #[test]
    fn closing_ends_the_session_and_ids_are_not_guessable_from_each_other() {
        let sessions = Sessions::default();
        let now = Utc::now();
        let (a, b) = (sessions.open(officer(), now), sessions.open(officer(), now));
        assert_ne!(a, b);
        assert_ne!(sessions.find(&a, now).unwrap().csrf, sessions.find(&b, now).unwrap().csrf);
        sessions.close(&a);
        assert!(sessions.find(&a, now).is_none());
        assert!(sessions.find(&b, now).is_some());
    }
}
