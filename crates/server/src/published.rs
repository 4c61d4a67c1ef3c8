//! Links published by wallets this server does not host (`microcred wallet share
//! --server`): `POST /shares` keeps a link's sealed record, `/s/{token}` then serves it
//! like a hosted wallet's link, and `DELETE /shares/{id}` with the link's end secret
//! removes it at once.
//!
//! The server keeps only what a hosted wallet keeps for a link — the token's hash, the
//! expiry, the content sealed under a key derived from the token — plus the hash of the
//! end secret. Each link is a file (0600) under `DATA/published-shares/`, named by the
//! token's hash; expired ones are removed when met. Publishing is anonymous, so it is
//! rate-limited per address, bounded in size and lifetime, and capped in number.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use microcred_core::ct::ct_eq;
use microcred_wallet::publish::{end_key_hash, PublishRequest, MAX_SEALED};
use microcred_wallet::share::{open_public, public_expiry, token_hash, Lookup, SharedContent};

use crate::error::{ApiError, ApiResult};
use crate::issuer_api::json_body;
use crate::state::Shared;

/// Most links kept at once.
pub const MAX_PUBLISHED: usize = 20_000;
/// Longest lifetime taken: a year, and a day for clocks and time zones.
const MAX_LIFETIME: i64 = 366 * 24 * 3600;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/shares", post(publish))
        .route("/shares/{id}", delete(end))
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    public: String,
    end_key_hash: String,
    published: i64,
}

fn dir(state: &Shared) -> PathBuf {
    state.config.data.join("published-shares")
}

fn hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn path_of(state: &Shared, id: &str) -> Option<PathBuf> {
    hex64(id).then(|| dir(state).join(format!("{id}.json")))
}

fn read(state: &Shared, id: &str) -> Option<Stored> {
    let bytes = std::fs::read(path_of(state, id)?).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// What a published link shows, if `token` is one and still active.
pub fn find(state: &Shared, token: &str) -> Option<SharedContent> {
    let id = token_hash(token);
    let stored = read(state, &id)?;
    match open_public(
        token,
        stored.public.as_bytes(),
        chrono::Utc::now().timestamp(),
    ) {
        Ok(Lookup::Found(c)) => Some(c),
        Ok(Lookup::Gone) => {
            if let Some(p) = path_of(state, &id) {
                let _ = std::fs::remove_file(p);
            }
            None
        }
        _ => None,
    }
}

async fn publish(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> ApiResult<Response> {
    if !state.protocol_limiter.allow(addr.ip()) {
        return Err(ApiError::too_many());
    }
    let req: PublishRequest = json_body(&body)?;
    if !hex64(&req.id) || !hex64(&req.end_key_hash) {
        return Err(ApiError::bad_request(
            "id and endKeyHash are SHA-256 hashes in lower-case hex",
        ));
    }
    if req.public.len() > MAX_SEALED {
        return Err(ApiError::bad_request("the sealed link is too large"));
    }
    let expires =
        public_expiry(req.public.as_bytes()).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let now = chrono::Utc::now().timestamp();
    if expires != req.expires || expires <= now || expires > now + MAX_LIFETIME {
        return Err(ApiError::bad_request(
            "the link must expire in the future, within a year, as its record says",
        ));
    }
    let id = req.id.clone();
    let path = path_of(&state, &id).ok_or_else(|| ApiError::bad_request("bad id"))?;
    let stored = Stored {
        public: req.public,
        end_key_hash: req.end_key_hash,
        published: now,
    };
    let text = serde_json::to_vec(&stored).map_err(ApiError::internal)?;
    let d = dir(&state);
    crate::issuer_api::blocking(move || {
        std::fs::create_dir_all(&d).map_err(ApiError::internal)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o700));
        }
        if path.exists() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "exists",
                "a link with this id is published already",
            ));
        }
        let count = std::fs::read_dir(&d).map(|r| r.count()).unwrap_or(0);
        if count >= MAX_PUBLISHED && sweep_dir(&d) >= MAX_PUBLISHED {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "full",
                "this server holds as many published links as it may; try later",
            ));
        }
        microcred_core::files::write_atomic(&path, &text, true).map_err(ApiError::internal)
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "expires": expires })),
    )
        .into_response())
}

/// Removes expired links; returns how many remain.
fn sweep_dir(d: &std::path::Path) -> usize {
    let now = chrono::Utc::now().timestamp();
    let Ok(entries) = std::fs::read_dir(d) else {
        return 0;
    };
    let mut left = 0;
    for e in entries.flatten() {
        let live = std::fs::read(e.path())
            .ok()
            .and_then(|b| serde_json::from_slice::<Stored>(&b).ok())
            .and_then(|s| public_expiry(s.public.as_bytes()).ok())
            .is_some_and(|exp| exp > now);
        if live {
            left += 1;
        } else {
            let _ = std::fs::remove_file(e.path());
        }
    }
    left
}

/// Ends a published link: the bearer must hold its end secret. An unknown id and a wrong
/// secret get the same 404, so nobody learns which links exist.
async fn end(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    if !state.protocol_limiter.allow(addr.ip()) {
        return Err(ApiError::too_many());
    }
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let stored = read(&state, &id).ok_or_else(ApiError::not_found)?;
    if !ct_eq(
        end_key_hash(secret).as_bytes(),
        stored.end_key_hash.as_bytes(),
    ) {
        return Err(ApiError::not_found());
    }
    let path = path_of(&state, &id).ok_or_else(ApiError::not_found)?;
    std::fs::remove_file(path).map_err(ApiError::internal)?;
    Ok((StatusCode::OK, Json(json!({ "ended": id }))).into_response())
}
