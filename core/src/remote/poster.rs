//! Registering a poster (format v2): the operator's machine makes the seed, sends only its
//! commitment with the venue's public fields, and puts the registry's signed reply and the
//! seed together into the poster's QR text. The registry never sees the seed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{RemoteError, ServerClient};
use crate::venue::{
    PosterBaseUrl, PosterCommitment, PosterError, PosterSeed, RegistryPublicKey, SignedPoster, TrustedRegistries, assemble_poster,
};

/// The body of `POST /v1/venues` (a new venue) and `POST /v1/venues/{venue_id}/posters` (a
/// reprint of it with a fresh seed): public fields and the commitment, nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PosterRegistration {
    /// The venue's name as printed on the poster.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Category name (`mall`, `shop`, …).
    pub category: String,
    /// Default stay in minutes (a multiple of 15).
    pub default_stay_minutes: u32,
    /// Days the poster is valid, at most 365; the registry's default (90) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_days: Option<u32>,
    /// The commitment to the operator's seed, unpadded base64url ([`PosterCommitment`]).
    pub commitment: String,
    /// Whether the venue opts in to the anonymous occupancy counter.
    #[serde(default)]
    pub occupancy: bool,
}

/// The registry's reply: the signed public part of the poster and what the operator needs to
/// finish it. Holds no seed and nothing a location id or tag can be derived from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisteredPoster {
    /// Venue id (hex), kept across reprints.
    pub venue_id: String,
    /// The signed public part ([`SignedPoster::bytes`] of the registry's copy), base64url.
    pub signed: String,
    /// The base URL the registry signed the poster for.
    pub base_url: String,
    /// The registry public key that signed it (text form), to check the reply with.
    pub registry_key: String,
    /// Start of the poster's validity (UTC).
    pub valid_from: DateTime<Utc>,
    /// End of the poster's validity (UTC, exclusive).
    pub valid_until: DateTime<Utc>,
}

impl RegisteredPoster {
    /// The registry's reply for `signed` (its own copy, without seed), printed at `base`.
    pub fn new(signed: &SignedPoster, base: &PosterBaseUrl, registry_key: &RegistryPublicKey) -> Self {
        RegisteredPoster {
            venue_id: signed.poster().venue_id().to_string(),
            signed: URL_SAFE_NO_PAD.encode(signed.bytes()),
            base_url: base.as_str().to_owned(),
            registry_key: registry_key.to_text(),
            valid_from: signed.poster().valid_from(),
            valid_until: signed.poster().valid_until(),
        }
    }

    /// The finished poster: the reply checked against `trusted` (or, when the operator pins
    /// none, the key the reply names) and the operator's `seed` at `now`.
    pub fn assemble(
        &self,
        seed: &PosterSeed,
        trusted: Option<&TrustedRegistries>,
        now: DateTime<Utc>,
    ) -> Result<(SignedPoster, String), PosterError> {
        let malformed = |_| PosterError::Malformed(crate::venue::MalformedReason::Encoding);
        let bytes = URL_SAFE_NO_PAD.decode(&self.signed).map_err(malformed)?;
        let base = PosterBaseUrl::new(&self.base_url).map_err(|_| crate::venue::MalformedReason::NotAPosterUrl)?;
        let named;
        let trusted = match trusted {
            Some(trusted) => trusted,
            None => {
                let key = RegistryPublicKey::from_text(&self.registry_key).map_err(|_| PosterError::ForgedSignature)?;
                named = TrustedRegistries::new(vec![key]);
                &named
            }
        };
        let poster = assemble_poster(&bytes, seed, &base, trusted, now)?;
        let text = poster.to_url(&base);
        Ok((poster, text))
    }
}

impl PosterRegistration {
    /// The commitment this registration carries.
    pub fn commitment(&self) -> Result<PosterCommitment, RemoteError> {
        PosterCommitment::from_base64url(&self.commitment).map_err(|_| RemoteError::UnexpectedReply("commitment"))
    }
}

/// `POST /v1/venues` (`venue_id` absent) or `POST /v1/venues/{venue_id}/posters` (a reprint):
/// sends `registration` and returns the registry's signed reply.
pub fn register_poster(
    client: &ServerClient,
    venue_id: Option<&str>,
    registration: &PosterRegistration,
) -> Result<RegisteredPoster, RemoteError> {
    let body = serde_json::to_value(registration).map_err(|_| RemoteError::UnexpectedReply("registration"))?;
    match venue_id {
        None => client.post_json("/v1/venues", &body),
        Some(id) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
            client.post_json(&format!("/v1/venues/{id}/posters"), &body)
        }
        Some(_) => Err(RemoteError::Refused { status: 404, code: "not_found".to_owned() }),
    }
}
