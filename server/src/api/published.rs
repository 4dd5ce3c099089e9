//! What phones download, all public and cacheable:
//! `GET /v1/keys` (public keys by kind, current first), `GET /v1/trust-list`, `GET /v1/rules`,
//! `GET /v1/warnings/index`, `GET /v1/warnings/{hour}` and `GET /v1/warnings/{hour}/{bucket}`.
//!
//! Files carry a strong ETag; a request whose `If-None-Match` names it gets 304 without a
//! body. Hour bundles (summaries and buckets) never change (`immutable`, one year) and are
//! served from memory; the index changes with every publication (one minute).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use healthpass_core::api::PublicKeys;

use super::AppState;
use super::error::ApiError;
use crate::bundles::Part;
use crate::static_file::StaticFile;

/// Cache lifetime of an hour bundle: it never changes.
const BUNDLE_CACHE: &str = "public, max-age=31536000, immutable";
/// Cache lifetime of the warning index, rewritten at every publication.
const INDEX_CACHE: &str = "public, max-age=60";
/// Cache lifetime of the trust list and rule set, replaced when the server restarts.
const DOCUMENT_CACHE: &str = "public, max-age=300";
const OCTET_STREAM: &str = "application/octet-stream";
const JSON: &str = "application/json";

/// The public keys of every kind phones verify with, current first (the trust root's: those
/// the served documents were checked against, or signed with in development).
pub async fn keys(State(state): State<AppState>) -> Json<PublicKeys> {
    let keys = &state.keys;
    Json(PublicKeys {
        registry: keys.registry_public_keys().iter().map(|k| k.to_text()).collect(),
        publisher: keys.publisher_public_keys().iter().map(|k| k.to_text()).collect(),
        trust_root: state.documents.roots.iter().map(|k| k.to_text()).collect(),
    })
}

/// The signed trust list.
pub async fn trust_list(State(state): State<AppState>, request: HeaderMap) -> Response {
    conditional(&state.documents.trust_list, &request, JSON, DOCUMENT_CACHE)
}

/// The signed status rule set.
pub async fn rules(State(state): State<AppState>, request: HeaderMap) -> Response {
    conditional(&state.documents.rules, &request, JSON, DOCUMENT_CACHE)
}

/// The signed warning index.
pub async fn warning_index(State(state): State<AppState>, request: HeaderMap) -> Response {
    conditional(&state.bundles.index(), &request, JSON, INDEX_CACHE)
}

/// One hour bundle's summary; 404 `not_found` unless `hour` is a listed slot written in plain
/// decimal.
pub async fn warning_bundle(
    State(state): State<AppState>,
    Path(hour): Path<String>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    let hour = decimal(&hour).ok_or(ApiError::NotFound)?;
    published_file(&state, hour, Part::Summary, &request).await
}

/// One bucket of a listed hour; 404 `not_found` for anything else.
pub async fn warning_bucket(
    State(state): State<AppState>,
    Path((hour, index)): Path<(String, String)>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    let (hour, index) = decimal(&hour).zip(decimal(&index)).ok_or(ApiError::NotFound)?;
    published_file(&state, hour, Part::Bucket(index), &request).await
}

/// A number written in plain decimal (no sign, no leading zero): one URL per file.
fn decimal<N: std::str::FromStr + ToString>(text: &str) -> Option<N> {
    text.parse::<N>().ok().filter(|n| n.to_string() == text)
}

/// `part` of slot `hour`, served from memory on this thread; only a file beyond the cache
/// budget (or an unlisted hour) costs a trip to the blocking pool, which is dear at tens of
/// thousands of requests a second.
async fn published_file(state: &AppState, hour: u64, part: Part, request: &HeaderMap) -> Result<Response, ApiError> {
    let file = match state.bundles.cached(hour, part) {
        Some(file) => file,
        None => {
            let bundles = state.bundles.clone();
            let read = tokio::task::spawn_blocking(move || bundles.file(hour, part)).await.map_err(|_| ApiError::Internal)?;
            let file = read.map_err(|error| {
                tracing::error!(%error, "reading a published warning file failed");
                ApiError::Internal
            })?;
            file.ok_or(ApiError::NotFound)?
        }
    };
    Ok(conditional(&file, request, OCTET_STREAM, BUNDLE_CACHE))
}

/// 304 when `If-None-Match` names the file's tag (or `*`), else the file.
fn conditional(file: &StaticFile, request: &HeaderMap, content_type: &'static str, cache_control: &'static str) -> Response {
    let etag = HeaderValue::from_str(&file.etag).unwrap_or(HeaderValue::from_static("\"\""));
    let cache = [(ETAG, etag), (CACHE_CONTROL, HeaderValue::from_static(cache_control))];
    let unchanged =
        request.get_all(IF_NONE_MATCH).iter().filter_map(|value| value.to_str().ok()).any(|value| {
            value.split(',').map(str::trim).any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == file.etag)
        });
    if unchanged {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (cache, [(CONTENT_TYPE, HeaderValue::from_static(content_type))], file.bytes.clone()).into_response()
}
