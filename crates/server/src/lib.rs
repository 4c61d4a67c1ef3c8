//! `microcred serve`: the issuer, the wallet and the verifier over HTTP on one address,
//! on an embedded store under one data directory.
//!
//! Layout of the data directory: `issuer/` (an issuer directory, the demo issuer on
//! first run), `wallets/` (hosted wallets and `accounts.json`), and optionally
//! `trust-list.json` (the verifier's; on first run it lists this server's own issuer).

pub mod config;
pub mod connections;
pub mod error;
pub mod issuer_api;
mod local_fetch;
pub mod oid4vci;
pub mod oid4vp;
pub mod openapi;
pub mod published;
pub mod shares;
pub mod state;
pub mod trust_url;
pub mod verifier_api;
pub mod wallet_api;
pub mod web;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tracing::Level;
use tracing_subscriber::filter::Targets;

use microcred_issuer::Issuer;
use microcred_verifier::{FetchPolicy, HttpFetch, Options, TrustList, Verifier};

pub use config::{Config, Role};
use error::ApiError;
use state::{AppState, Expiring, RateLimiter, Shared, Wallets};

/// Largest request body: a credential or presentation is a few kilobytes.
pub const BODY_LIMIT: usize = microcred_core::limits::DOCUMENT;
/// Sign-in and registration attempts per second from one address (burst: twice that).
pub const AUTH_RATE: u32 = 5;
/// Nonces and presentation challenges per second from one address (burst: twice that).
pub const PROTOCOL_RATE: u32 = 50;
/// Longest a request may take before it is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    Setup(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Opens (or on first run creates) everything the configured roles need.
pub fn build_state(config: Config) -> Result<Shared, ServerError> {
    let setup = |m: String| ServerError::Setup(m);
    // Wallets, accounts and the issuer's registry live here: the owner's alone.
    microcred_core::files::create_private_dir(&config.data)
        .map_err(|e| setup(format!("{}: {e}", config.data.display())))?;
    let issuer_dir = config.data.join("issuer");
    let issuer = if config.role.has(Role::Issuer) {
        let issuer = if issuer_dir.join("issuer.json").exists() {
            Issuer::open(&issuer_dir).map_err(|e| setup(e.to_string()))?
        } else {
            tracing::warn!(
                "first run: created the DEMO issuer with the published example key in {} — credentials it signs prove nothing",
                issuer_dir.display()
            );
            let i = microcred_issuer::demo::init_demo(&issuer_dir, Some(config.base_url.clone()))
                .map_err(|e| setup(e.to_string()))?;
            let trust = config.data.join("trust-list.json");
            if !trust.exists() {
                let list = json!({
                    "name": "This server's own issuer",
                    "issuers": [{
                        "did": i.did(),
                        "legalName": i.profile().legal_name,
                        "country": i.profile().country,
                        "legalIdentifier": i.profile().legal_identifier.value,
                    }]
                });
                let text = serde_json::to_vec_pretty(&list).map_err(|e| setup(e.to_string()))?;
                microcred_core::files::write_atomic(&trust, &text, false)
                    .map_err(|e| setup(e.to_string()))?;
            }
            i
        };
        if issuer.config().base_url != config.base_url {
            tracing::warn!(
                issuer_base = %issuer.config().base_url,
                server_base = %config.base_url,
                "the issuer's credentials point to another address than this server's"
            );
        }
        // The server holds the registry from the start (the CLI's issuer commands that
        // need it then say it is in use, instead of the server failing later).
        issuer.registry().map_err(|e| setup(e.to_string()))?;
        Some(Arc::new(issuer))
    } else {
        None
    };
    let trust_path = config
        .trust_list
        .clone()
        .or_else(|| Some(config.data.join("trust-list.json")).filter(|p| p.exists()));
    let mut trust = match &trust_path {
        Some(p) => TrustList::load(p).map_err(|e| setup(e.to_string()))?,
        None => TrustList::empty(),
    };
    // The server's own issuer is trusted from the first run, whatever key it has (the
    // demo key, one from `issuer init`, a rotated one): the provider's own credentials
    // must not look suspicious on its own pages.
    if let Some(i) = &issuer {
        add_own_issuer(&mut trust, i);
    }
    // A list from a URL starts from its cached copy, if any; `serve` refreshes it.
    if let Some((url, signer)) = &config.trust_list_url {
        if let Some(cached) = trust_url::cached(&config.data, url, signer) {
            trust = trust_url::combined(cached, &trust);
        }
    }
    let http = HttpFetch::new(fetch_policy(&config)?).map_err(|e| setup(e.to_string()))?;
    let fetch = local_fetch::LocalFetch::new(
        &config.base_url,
        issuer.as_ref().map(|i| i.dir().to_path_buf()),
        Box::new(http),
    );
    let verifier = Arc::new(Verifier::new(Arc::new(fetch), trust, Options::default()));
    let wallets = if config.role.has(Role::Wallet) {
        Some(Wallets::load(&config.data.join("wallets")).map_err(|e| setup(e.to_string()))?)
    } else {
        None
    };
    let oid4vp = if config.role.has(Role::Verifier) {
        Some(oid4vp::open(&config).map_err(setup)?)
    } else {
        None
    };
    let share_rate = config.share_rate;
    Ok(Arc::new(AppState {
        config,
        issuer,
        verifier,
        oid4vp,
        wallets,
        challenges: Expiring::new(100_000),
        access_tokens: Expiring::new(10_000),
        nonces: Expiring::new(100_000),
        limiter: RateLimiter::new(share_rate),
        auth_limiter: RateLimiter::new(AUTH_RATE),
        protocol_limiter: RateLimiter::new(PROTOCOL_RATE),
        kdf_permits: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        ),
        staff_sessions: std::sync::Mutex::new(std::collections::HashMap::new()),
        jobs: std::sync::Mutex::new(std::collections::HashMap::new()),
    }))
}

/// What this server may fetch: HTTPS to public addresses, and its own base URL.
pub fn fetch_policy(config: &Config) -> Result<FetchPolicy, ServerError> {
    FetchPolicy::public()
        .with_own_origin(&config.base_url)
        .map_err(|_| ServerError::Setup(format!("base URL {} is not a URL", config.base_url)))
}

/// Trusts this server's own issuer: its DID, and, when a CA certified its key, exactly
/// that certificate (pinned, not the CA: the server vouches for its own issuer only), so
/// its `x5c` SD-JWT VCs are not "could not check" on its own pages.
pub fn add_own_issuer(trust: &mut microcred_verifier::TrustList, i: &Issuer) {
    trust.add(own_issuer(i));
    if let Some(leaf) = i.certificate_chain().and_then(|c| c.first()) {
        if let Ok(a) = microcred_verifier::X509Anchor::from_der(
            Some(i.profile().legal_name.clone()),
            leaf.clone(),
        ) {
            trust.add_anchor(a);
        }
    }
}

/// This server's own issuer as a trust list entry.
pub fn own_issuer(i: &Issuer) -> microcred_verifier::TrustedIssuer {
    let p = i.profile();
    microcred_verifier::TrustedIssuer {
        did: i.did().to_string(),
        legal_name: p.legal_name.clone(),
        country: p.country.clone(),
        legal_identifier: Some(p.legal_identifier.value.clone()),
        accreditation: None,
    }
}

/// Logs to standard error; `MICROCRED_LOG` filters (default `info`). Requests are logged
/// by route, never by path or header, so tokens and cookies stay out of logs.
///
/// The filter is `tracing_subscriber`'s `Targets` (a level, optionally per module:
/// `warn`, `info,microcred_server=debug`), not `EnvFilter`: span-field matching is not
/// needed, and `EnvFilter` brings a regular-expression engine into the build. A value that
/// does not parse falls back to `info` and says so.
pub fn init_logging() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;

    let wanted = std::env::var("MICROCRED_LOG").ok();
    let (filter, unparsed) = match wanted.as_deref().map(str::parse::<Targets>) {
        None => (Targets::new().with_default(Level::INFO), None),
        Some(Ok(t)) => (t, None),
        Some(Err(_)) => (Targets::new().with_default(Level::INFO), wanted),
    };
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false),
        )
        .with(filter)
        .try_init();
    if let Some(value) = unparsed {
        tracing::warn!(value = %value, "MICROCRED_LOG not understood; logging at info");
    }
}

/// Every route, for the roles configured, with limits, timeouts and logging.
pub fn router(state: Shared) -> Router {
    let role = state.config.role;
    let mut app = Router::new()
        .merge(web::routes(&state))
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi::document));
    if role.has(Role::Issuer) {
        app = app.merge(issuer_api::routes()).merge(oid4vci::routes());
    }
    if role.has(Role::Verifier) {
        app = app.merge(verifier_api::routes()).merge(oid4vp::routes());
    }
    if role.has(Role::Wallet) {
        app = app
            .merge(wallet_api::routes())
            .merge(shares::routes())
            .merge(published::routes());
    }
    app.fallback(|| async { ApiError::no_route() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this address does not take that method",
            )
        })
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            log_and_harden,
        ))
        .with_state(state)
}

async fn healthz(State(state): State<Shared>) -> Json<serde_json::Value> {
    let role = state.config.role;
    let roles: Vec<&str> = [
        (Role::Issuer, "issuer"),
        (Role::Wallet, "wallet"),
        (Role::Verifier, "verifier"),
    ]
    .into_iter()
    .filter(|(r, _)| role.has(*r))
    .map(|(_, n)| n)
    .collect();
    Json(json!({ "status": "ok", "roles": roles, "version": env!("CARGO_PKG_VERSION") }))
}

/// Logs each request by its route (never its path, which may hold a share token, nor
/// its query or headers) and adds the headers every response should carry.
/// Whether a request that changes something in a session (a wallet or a provider's) comes
/// from another site: its `Origin` names another origin, or `Sec-Fetch-Site` says so. Such
/// requests are refused, which also stops a foreign page signing a visitor in to an
/// account of its choosing. Clients that send neither (curl, wallets, servers) pass.
fn cross_site(state: &Shared, req: &Request) -> bool {
    let m = req.method();
    if m == axum::http::Method::GET || m == axum::http::Method::HEAD {
        return false;
    }
    let path = req.uri().path();
    if !(path.starts_with("/wallet") || path.starts_with("/provider")) {
        return false;
    }
    let h = req.headers();
    if h.get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site" || v == "same-site")
    {
        return true;
    }
    let Some(o) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let o = wallet_api::origin(o);
    // The configured address, or the one the browser used (127.0.0.1 or localhost).
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let own = o == wallet_api::origin(&state.config.base_url)
        || o.split_once("://")
            .is_some_and(|(_, oh)| !host.is_empty() && oh == host.to_ascii_lowercase());
    !own
}

async fn log_and_harden(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let asked_lang = asked_lang(&req);
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(unmatched)".into());
    let mut resp = if cross_site(&state, &req) {
        ApiError::forbidden("a request from another site is refused").into_response()
    } else {
        next.run(req).await
    };
    if (resp.status().is_client_error() || resp.status().is_server_error()) && !is_json(&resp) {
        // The framework's own refusals (body too large, timeout) get our error shape too.
        let status = resp.status();
        let (code, message) = match status {
            StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "the request body is larger than 1 MiB"),
            StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "send JSON"),
            s if s.is_server_error() => ("internal", "something went wrong on the server"),
            _ => ("bad_request", "the request could not be read"),
        };
        resp = ApiError::new(status, code, message).into_response();
    }
    if let Some(lang) = asked_lang {
        if resp.status().is_client_error() || resp.status().is_server_error() {
            resp = error_in(resp, lang).await;
        }
    }
    if matches!(
        resp.status(),
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
    ) {
        // The body was not read to its end: the connection cannot carry another request,
        // and the client must not try to send one on it.
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Never to other sites (a share link holds its token); to our own pages, so that
    // browsers send a real Origin with forms (with no-referrer they send "null").
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    tracing::info!(
        method = %method,
        route = %route,
        status = resp.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    resp
}

/// Whether the response is one of ours (JSON or a page), not the framework's plain text.
/// The language the request asked for by `?lang=` or `Accept-Language`, if one of ours.
/// Without either, API errors stay in English, as API clients expect.
fn asked_lang(req: &Request) -> Option<microcred_model::Lang> {
    let from_query = web::query_lang(req.uri().query());
    from_query.or_else(|| {
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(microcred_model::Lang::from_accept_language)
    })
}

/// A JSON error's `message` (and OAuth's `error_description`) in `lang`: as the error
/// said it ([`error::Said`]), or where the catalogue has it; the machine-readable `error`
/// code stays as it is.
async fn error_in(resp: Response, lang: microcred_model::Lang) -> Response {
    let is_json_body = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json_body || lang == microcred_model::Lang::En {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 256 * 1024).await else {
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    let mut value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Response::from_parts(parts, axum::body::Body::from(bytes)),
    };
    translate_messages(&mut value, lang, 0);
    if let Some(text) = parts
        .extensions
        .get::<error::Said>()
        .and_then(|s| s.get(lang))
    {
        if let Some(message) = value.get_mut("message") {
            *message = serde_json::Value::String(text.to_string());
        }
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(value.to_string()))
}

/// Every `message` and `error_description` in `value` (a verification result lists one
/// per failed check), a few levels deep.
fn translate_messages(value: &mut serde_json::Value, lang: microcred_model::Lang, depth: u8) {
    if depth > 4 {
        return;
    }
    match value {
        serde_json::Value::Object(obj) => {
            for (key, v) in obj.iter_mut() {
                match v {
                    serde_json::Value::String(text)
                        if key == "message" || key == "error_description" =>
                    {
                        *text = microcred_text::translate_known(lang, text);
                    }
                    other => translate_messages(other, lang, depth + 1),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                translate_messages(v, lang, depth + 1);
            }
        }
        _ => {}
    }
}

fn is_json(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"))
}

/// Serves until SIGINT or SIGTERM, then stops taking connections and lets requests in
/// flight (an issuance, say) finish.
pub async fn serve(state: Shared) -> Result<(), ServerError> {
    let addr = state.config.listen;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Listen { addr, source })?;
    serve_on(listener, state, shutdown_signal()).await
}

pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: Shared,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let local = listener.local_addr()?;
    tracing::info!(address = %local, base_url = %state.config.base_url, "listening");
    let limits = state.config.connections;
    if state.config.trust_list_url.is_some() {
        tokio::spawn(trust_url::refresh_forever(state.clone()));
    }
    let app = router(state);
    connections::serve(listener, app, limits, shutdown).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        ApiError::internal(self).into_response()
    }
}
