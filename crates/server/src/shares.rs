//! Share links: `GET /s/{token}`. An unknown, ended or expired token gets the same 404,
//! so nobody learns which tokens once existed. Tokens are never compared as strings:
//! each is looked up by its SHA-256 hash. Requests are rate-limited per address.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use microcred_wallet::share::{Lookup, SharedContent};

use crate::error::{ApiError, ApiResult};
use crate::state::Shared;
use crate::web::PageLang;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/s/{token}", get(shared))
        .route("/s/{token}/print", get(print))
        .route("/s/{token}/certificate.pdf", get(certificate_pdf))
}

/// The content behind a token, from the hosted wallet the index names.
pub fn find_share(state: &Shared, token: &str) -> ApiResult<Option<SharedContent>> {
    let Some(w) = &state.wallets else {
        return Ok(None);
    };
    if !microcred_wallet::share::token_well_formed(token) {
        return Ok(None);
    }
    let now = chrono::Utc::now().timestamp();
    match w.accounts.find_share(token, now)? {
        Some(Lookup::Found(c)) => Ok(Some(c)),
        Some(Lookup::Gone | Lookup::NotFound) => Ok(None),
        // Not a hosted wallet's: perhaps a link a wallet elsewhere published here.
        None => Ok(crate::published::find(state, token)),
    }
}

/// A shared credential as JSON: Data Integrity as the credential object, the others as
/// their compact text, each with its format.
pub fn shared_json(c: &microcred_wallet::share::Shared) -> serde_json::Value {
    let credential = match c.format.as_str() {
        "di" => serde_json::from_str(&c.credential)
            .unwrap_or_else(|_| serde_json::Value::String(c.credential.clone())),
        _ => serde_json::Value::String(c.credential.clone()),
    };
    json!({ "format": c.format, "credential": credential })
}

async fn print(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    pl: PageLang,
    Path(token): Path<String>,
) -> ApiResult<Response> {
    rate_limited(&state, &addr)?;
    let content = find_share(&state, &token)?;
    Ok(crate::web::employer::print_page(&state, &token, content, pl).await)
}

/// The printable certificate as a PDF file to download.
async fn certificate_pdf(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    pl: PageLang,
    Path(token): Path<String>,
) -> ApiResult<Response> {
    rate_limited(&state, &addr)?;
    let Some(content) = find_share(&state, &token)? else {
        return Ok(crate::web::employer::gone(pl));
    };
    let results = crate::web::employer::verified_share(&state, &content, pl).await;
    let link = format!("{}/s/{token}", state.config.base_url);
    let lang = pl.lang;
    let texts = |k: &str| crate::web::i18n::t(lang, k);
    let bytes = crate::web::pdf::certificate(&results, &link, &texts);
    Ok(crate::web::pdf::download(bytes, "certificate"))
}

pub fn rate_limited(state: &Shared, addr: &SocketAddr) -> ApiResult<()> {
    if state.limiter.allow(addr.ip()) {
        Ok(())
    } else {
        Err(ApiError::too_many())
    }
}

/// Whether the client asked for JSON rather than a page: by `Accept`, or by
/// `?format=json` (how another server's check page asks, through a plain fetch).
fn wants_json(headers: &HeaderMap, query: Option<&str>) -> bool {
    if query.is_some_and(|q| q.split('&').any(|kv| kv == "format=json")) {
        return true;
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    accept.contains("application/json") && !accept.contains("text/html")
}

async fn shared(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    pl: PageLang,
    Path(token): Path<String>,
) -> ApiResult<Response> {
    let json = wants_json(&headers, uri.query());
    if !state.limiter.allow(addr.ip()) {
        return Ok(if json {
            ApiError::too_many().into_response()
        } else {
            crate::web::message(
                pl,
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "429",
                &ApiError::too_many().message,
            )
        });
    }
    let content = find_share(&state, &token)?;
    if !json {
        return Ok(crate::web::employer::share_page(&state, &token, content, pl).await);
    }
    let content = content.ok_or_else(ApiError::not_found)?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({
            "credentials": content.credentials.iter().map(shared_json).collect::<Vec<_>>(),
            "created": content.created,
            "expires": content.expires,
        })),
    )
        .into_response())
}
