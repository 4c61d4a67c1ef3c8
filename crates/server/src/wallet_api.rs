//! The wallet over HTTP, for the web pages: local accounts (Argon2id password hashes),
//! HttpOnly session cookies, CSRF tokens, and the learner's credentials and links.
//!
//! A hosted wallet's passphrase is its owner's password: the server never stores either,
//! and opens a wallet only while its owner is signed in. Share links keep working when
//! nobody is, since a link is sealed with its own token.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use microcred_model::Lang;
use microcred_wallet::share::parse_expiry;
use microcred_wallet::{Disclose, Wallet};

use crate::error::{ApiError, ApiResult};
use crate::issuer_api::{blocking, json_body};
use crate::state::{random_token, Session, Shared, Wallets, SESSION_LIFETIME};
use microcred_core::ct::ct_eq;
use microcred_wallet::accounts::Accounts;

pub const COOKIE: &str = "mc_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/wallet/api/register", post(register))
        .route("/wallet/api/login", post(login))
        .route("/wallet/api/logout", post(logout))
        .route("/wallet/api/session", get(session))
        .route("/wallet/api/credentials", get(list))
        .route("/wallet/api/credentials/{id}", get(show).delete(remove))
        .route("/wallet/api/credentials/{id}/download", get(download))
        .route("/wallet/api/import", post(import))
        .route("/wallet/api/offers/accept", post(accept))
        .route("/wallet/api/shares", get(shares).post(share))
        .route("/wallet/api/shares/{token}", delete(unshare))
        .route("/wallet/api/progress", get(progress))
        .route("/wallet/api/backup", post(backup))
}

pub fn wallets(state: &Shared) -> ApiResult<&Wallets> {
    state.wallets.as_ref().ok_or_else(ApiError::not_found)
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// A signed-in learner.
pub struct Me {
    pub username: String,
    pub csrf: String,
    pub wallet: Arc<Wallet>,
}

/// The session of the request; for anything but GET, the CSRF token must match too.
pub fn me(state: &Shared, headers: &HeaderMap, method: &Method) -> ApiResult<Me> {
    let me = signed_in(state, headers)?;
    if method != Method::GET && method != Method::HEAD {
        let sent = headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        check_csrf(&me, sent)?;
    }
    Ok(me)
}

/// The session of the request, CSRF not yet checked.
pub fn signed_in(state: &Shared, headers: &HeaderMap) -> ApiResult<Me> {
    let w = wallets(state)?;
    let id = cookie(headers, COOKIE)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "sign in first"))?;
    let (username, csrf, wallet) = w
        .session(id)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "sign in first"))?;
    Ok(Me {
        username,
        csrf,
        wallet,
    })
}

/// The CSRF token sent (header or form field) must be the session's.
pub fn check_csrf(me: &Me, sent: &str) -> ApiResult<()> {
    if ct_eq(sent.as_bytes(), me.csrf.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "the request lacks this session's CSRF token",
        ))
    }
}

pub fn session_cookie(id: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={id}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{secure}",
        SESSION_LIFETIME.as_secs()
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("mc_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0")
}

#[derive(Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// Creates an account and its wallet. Returns the username and the holder's DID.
pub async fn create_account(
    state: &Shared,
    username: String,
    password: Zeroizing<String>,
) -> ApiResult<(String, String)> {
    create_account_from(state, username, password, None).await
}

/// Creates an account whose wallet is restored from `backup` (sealed under `password`,
/// which becomes the account's), or a new one. Links the backup held stay live here.
pub async fn create_account_from(
    state: &Shared,
    username: String,
    password: Zeroizing<String>,
    backup: Option<Vec<u8>>,
) -> ApiResult<(String, String)> {
    let w = wallets(state)?;
    if !state.config.registration {
        return Err(ApiError::forbidden("registration is closed on this server"));
    }
    let username = w
        .accounts
        .check_new(&username, &password, state.config.max_accounts)?;
    let base = state.config.base_url.clone();
    let _permit = state.kdf_permit().await?;
    let shared = state.clone();
    let name = username.clone();
    let wallet = blocking(move || {
        Ok(wallets(&shared)?
            .accounts
            .create(&name, &password, backup.as_deref(), base)?)
    })
    .await?;
    Ok((username, wallet.did().to_string()))
}

/// Sign-in and registration are limited per address: each costs a 46 MiB hash.
pub fn auth_allowed(state: &Shared, addr: &SocketAddr) -> ApiResult<()> {
    if state.auth_limiter.allow(addr.ip()) {
        Ok(())
    } else {
        Err(ApiError::too_many())
    }
}

async fn register(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> ApiResult<Response> {
    auth_allowed(&state, &addr)?;
    let c: Credentials = json_body(&body)?;
    let (username, did) = create_account(&state, c.username, Zeroizing::new(c.password)).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "username": username, "did": did })),
    )
        .into_response())
}

/// Checks a password and opens a session. Unknown names cost the same as wrong
/// passwords, so timing does not tell which accounts exist.
pub async fn sign_in(
    state: &Shared,
    username: &str,
    password: Zeroizing<String>,
) -> ApiResult<(String, Me)> {
    let w = wallets(state)?;
    let username = username.trim().to_lowercase();
    let account = w.accounts.account(&username)?;
    let wrong = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "wrong user name or password",
        )
    };
    let stored = account.clone();
    let pw = password.clone();
    let permit = state.kdf_permit().await?;
    let ok = blocking(move || Ok(Accounts::password_matches(stored.as_ref(), &pw)?)).await?;
    let Some(account) = account.filter(|_| ok) else {
        return Err(wrong());
    };
    let existing = w
        .open
        .lock()
        .map_err(ApiError::internal)?
        .get(&account.username)
        .cloned();
    let wallet = match existing {
        Some(wallet) => wallet,
        None => {
            let shared = state.clone();
            let mine = account.clone();
            let pw = password.clone();
            // Opening derives the key again: under the same permit.
            let wallet = Arc::new(
                blocking(move || Ok(wallets(&shared)?.accounts.open_wallet(&mine, &pw)?)).await?,
            );
            w.open
                .lock()
                .map_err(ApiError::internal)?
                .entry(account.username.clone())
                .or_insert(wallet)
                .clone()
        }
    };
    drop(permit);
    let id = random_token(32);
    let csrf = random_token(24);
    let mut sessions = w.sessions.lock().map_err(ApiError::internal)?;
    let now = Instant::now();
    sessions.retain(|_, s| s.expires > now);
    // Wallets whose every session has expired are let go.
    let live: std::collections::HashSet<&str> =
        sessions.values().map(|s| s.username.as_str()).collect();
    if let Ok(mut open) = w.open.lock() {
        open.retain(|u, _| live.contains(u.as_str()) || *u == account.username);
    }
    sessions.insert(
        id.clone(),
        Session {
            username: account.username.clone(),
            csrf: csrf.clone(),
            wallet: wallet.clone(),
            expires: Instant::now() + SESSION_LIFETIME,
        },
    );
    Ok((
        id,
        Me {
            username: account.username,
            csrf,
            wallet,
        },
    ))
}

pub fn secure_cookies(state: &Shared) -> bool {
    state.config.base_url.starts_with("https://")
}

async fn login(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> ApiResult<Response> {
    auth_allowed(&state, &addr)?;
    let c: Credentials = json_body(&body)?;
    let (id, me) = sign_in(&state, &c.username, Zeroizing::new(c.password)).await?;
    Ok((
        [(
            header::SET_COOKIE,
            session_cookie(&id, secure_cookies(&state)),
        )],
        Json(json!({ "username": me.username, "did": me.wallet.did(), "csrfToken": me.csrf })),
    )
        .into_response())
}

async fn logout(State(state): State<Shared>, headers: HeaderMap) -> ApiResult<Response> {
    // Only with this session's CSRF token: another site must not sign a learner out.
    me(&state, &headers, &Method::POST)?;
    let w = wallets(&state)?;
    if let Some(id) = cookie(&headers, COOKIE) {
        w.end_session(id);
    }
    Ok((
        [(header::SET_COOKIE, clear_cookie())],
        Json(json!({ "signedOut": true })),
    )
        .into_response())
}

async fn session(State(state): State<Shared>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let me = me(&state, &headers, &Method::GET)?;
    Ok(Json(
        json!({ "username": me.username, "did": me.wallet.did(), "csrfToken": me.csrf }),
    ))
}

fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(Lang::En)
}

async fn list(State(state): State<Shared>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let me = me(&state, &headers, &Method::GET)?;
    let w = me.wallet.clone();
    let entries = blocking(move || Ok(w.entries()?)).await?;
    Ok(Json(
        serde_json::to_value(entries).map_err(ApiError::internal)?,
    ))
}

async fn show(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let me = me(&state, &headers, &Method::GET)?;
    let lang = lang_of(&headers);
    let w = me.wallet.clone();
    let (entry, content, claims) = blocking(move || Ok(w.content(&id)?)).await?;
    Ok(Json(
        json!({ "entry": entry, "content": content.to_json(lang), "claims": claims }),
    ))
}

async fn remove(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let me = me(&state, &headers, &Method::DELETE)?;
    let w = me.wallet.clone();
    let (entry, ended) = blocking(move || Ok(w.delete(&id)?)).await?;
    Ok(Json(json!({ "deleted": entry.id, "sharesEnded": ended })))
}

async fn download(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let me = me(&state, &headers, &Method::GET)?;
    let w = me.wallet.clone();
    let (entry, bytes) = blocking(move || {
        let e = w.find(&id)?;
        let b = w.credential(&e.id)?;
        Ok((e, b.to_vec()))
    })
    .await?;
    let media = match entry.kind {
        microcred_wallet::Format::DataIntegrity => "application/vc+ld+json",
        microcred_wallet::Format::Jwt => "application/vc+jwt",
        microcred_wallet::Format::SdJwt => "application/dc+sd-jwt",
    };
    let disposition = format!(
        "attachment; filename=\"{}.{}\"",
        entry.id,
        entry.kind.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(ApiError::internal)?,
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn import(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let me = me(&state, &headers, &Method::POST)?;
    let imported = me.wallet.import(&body, &state.verifier).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "entry": imported.entry, "boundHere": imported.bound_here })),
    )
        .into_response())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AcceptRequest {
    offer_uri: String,
    tx_code: Option<String>,
}

/// `scheme://host:port` of a URL, lower-cased; "" when it has none.
pub fn origin(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return String::new();
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.contains('@') {
        return String::new();
    }
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    )
}

pub async fn accept_offer(
    state: &Shared,
    me: &Me,
    offer_uri: &str,
    tx_code: Option<&str>,
) -> ApiResult<microcred_wallet::Imported> {
    // Only this server's own issuer and those configured: the server must not fetch, on
    // a user's say-so, from addresses only it can reach.
    let mut origins = vec![origin(&state.config.base_url)];
    origins.extend(state.config.offer_issuers.iter().map(|u| origin(u)));
    let allowed = move |url: &str| origins.iter().any(|o| origin(url) == *o);
    let policy = crate::fetch_policy(&state.config).map_err(ApiError::internal)?;
    Ok(me
        .wallet
        .accept_offer_from(offer_uri, tx_code, &state.verifier, &policy, &allowed)
        .await?)
}

async fn accept(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let me = me(&state, &headers, &Method::POST)?;
    let req: AcceptRequest = json_body(&body)?;
    let imported = accept_offer(&state, &me, &req.offer_uri, req.tx_code.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "entry": imported.entry })),
    )
        .into_response())
}

async fn shares(State(state): State<Shared>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let me = me(&state, &headers, &Method::GET)?;
    let w = me.wallet.clone();
    let all = blocking(move || Ok(w.shares()?)).await?;
    let now = chrono::Utc::now().timestamp();
    Ok(Json(Value::Array(
        all.iter()
            .map(|s| {
                json!({
                    "token": s.token,
                    "url": me.wallet.share_url(&s.token),
                    "credentials": s.credentials,
                    "titles": s.titles,
                    "disclosed": s.disclosed,
                    "created": s.created,
                    "expires": s.expires,
                    "active": s.active(now),
                })
            })
            .collect(),
    )))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShareRequest {
    credentials: Vec<String>,
    expires: Option<String>,
    disclose: Option<Vec<String>>,
}

pub async fn make_share(
    state: &Shared,
    me: &Me,
    ids: Vec<String>,
    expires: Option<String>,
    disclose: Option<Vec<String>>,
) -> ApiResult<Value> {
    let w = me.wallet.clone();
    let share = blocking(move || {
        let at = parse_expiry(expires.as_deref(), chrono::Utc::now())?;
        let d = match disclose {
            None => Disclose::All,
            Some(names) => Disclose::Only(names),
        };
        Ok(w.share(&ids, at, &d)?)
    })
    .await?;
    wallets(state)?
        .accounts
        .index_share(&me.username, &share.token);
    Ok(json!({
        "token": share.token,
        "url": me.wallet.share_url(&share.token),
        "expires": share.expires,
        "disclosed": share.disclosed,
    }))
}

async fn share(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let me = me(&state, &headers, &Method::POST)?;
    let req: ShareRequest = json_body(&body)?;
    let v = make_share(&state, &me, req.credentials, req.expires, req.disclose).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

async fn unshare(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> ApiResult<Json<Value>> {
    let me = me(&state, &headers, &Method::DELETE)?;
    let w = me.wallet.clone();
    let s = blocking(move || Ok(w.unshare(&token)?)).await?;
    Ok(Json(json!({ "token": s.token, "ended": s.ended })))
}

async fn progress(State(state): State<Shared>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let me = me(&state, &headers, &Method::GET)?;
    let lang = lang_of(&headers);
    let w = me.wallet.clone();
    let all = blocking(move || Ok(w.progress()?)).await?;
    Ok(Json(Value::Array(
        all.iter()
            .map(|p| {
                json!({
                    "target": p.target_id,
                    "title": p.title.text(lang),
                    "held": p.held.iter().map(|(id, t)| json!({"id": id, "title": t.text(lang)})).collect::<Vec<_>>(),
                    "missing": p.missing.iter().map(|(id, t)| json!({"id": id, "title": t.text(lang)})).collect::<Vec<_>>(),
                    "partsListed": p.parts_listed,
                })
            })
            .collect(),
    )))
}

#[derive(Deserialize)]
struct BackupRequest {
    password: String,
}

/// An encrypted backup, sealed with the password given again (it is not kept).
pub async fn backup_bytes(me: &Me, password: Zeroizing<String>) -> ApiResult<Vec<u8>> {
    let w = me.wallet.clone();
    blocking(move || {
        let tmp = std::env::temp_dir().join(format!("microcred-backup-{}.json", random_token(12)));
        let r = w.export(&tmp, &password).map_err(ApiError::from);
        let bytes = std::fs::read(&tmp).map_err(ApiError::internal);
        let _ = std::fs::remove_file(&tmp);
        r?;
        bytes
    })
    .await
}

async fn backup(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let me = me(&state, &headers, &Method::POST)?;
    let req: BackupRequest = json_body(&body)?;
    backup_response(&state, &addr, &me, Zeroizing::new(req.password)).await
}

/// The backup as a download, if `pw` is the account's password (a backup nobody can open
/// helps nobody).
pub async fn backup_response(
    state: &Shared,
    addr: &SocketAddr,
    me: &Me,
    pw: Zeroizing<String>,
) -> ApiResult<Response> {
    // The password is checked here too: limited like a sign-in.
    auth_allowed(state, addr)?;
    let w = wallets(state)?;
    let account = w
        .accounts
        .account(&me.username)?
        .ok_or_else(ApiError::not_found)?;
    let check = pw.clone();
    let _permit = state.kdf_permit().await?;
    let ok = blocking(move || Ok(Accounts::password_matches(Some(&account), &check)?)).await?;
    if !ok {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the password is wrong",
        ));
    }
    let bytes = backup_bytes(me, pw).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"microcred-wallet-backup.json\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
