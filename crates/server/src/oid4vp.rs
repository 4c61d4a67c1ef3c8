//! OpenID4VP 1.0 over HTTP, the verifier's side: `POST /presentations/oid4vp` makes a
//! request, `/oid4vp/requests/{id}` serves its signed request object (GET, or POST with a
//! `wallet_nonce`), `/oid4vp/responses/{id}` takes the wallet's answer, and
//! `GET /presentations/oid4vp/{id}` tells the caller what came of it. The protocol itself
//! (requests, DCQL, checking answers) is the verifier crate's.

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use microcred_model::Lang;
use microcred_verifier::oid4vp::{
    self, ClientIdPrefix, MemoryPending, Outcome, Refusal, ResponseMode, VerifierIdentity,
};

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::state::{Oid4vp, Shared};

/// Most requests kept at once.
const MAX_PENDING: usize = 10_000;
/// Largest answer read (a few presentations, encrypted).
const MAX_ANSWER: usize = 512 * 1024;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/presentations/oid4vp", post(create))
        .route("/presentations/oid4vp/{id}", get(status))
        .route(
            "/oid4vp/requests/{id}",
            get(request_object).post(request_object_post),
        )
        .route("/oid4vp/responses/{id}", post(response))
}

/// The verifier's identity (given, or made on first run) and an empty request store.
pub fn open(config: &Config) -> Result<Oid4vp, String> {
    let dir = config.data.join("verifier");
    let identity = match (&config.verifier_certificate, &config.verifier_key) {
        (Some(c), Some(k)) => VerifierIdentity::from_files(c, k, ClientIdPrefix::X509Hash),
        _ => {
            let host = reqwest_host(&config.base_url);
            let mut hosts = vec![host.clone()];
            if host != "localhost" {
                hosts.push("localhost".into());
            }
            VerifierIdentity::open_or_create(&dir, &hosts, ClientIdPrefix::X509Hash)
        }
    }
    .map_err(|e| e.to_string())?;
    let anchors = std::fs::read_to_string(dir.join("ca.pem"))
        .ok()
        .and_then(|t| microcred_core::x509::pem_certificates(&t).ok())
        .unwrap_or_default();
    Ok(Oid4vp {
        identity,
        pending: std::sync::Arc::new(MemoryPending::new(MAX_PENDING)),
        anchors,
        fetch: microcred_verifier::HttpFetch::new(
            crate::fetch_policy(config).map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?,
    })
}

/// The host of a base URL (`http://127.0.0.1:8080` → `127.0.0.1`).
fn reqwest_host(base: &str) -> String {
    let rest = base.split_once("://").map(|(_, r)| r).unwrap_or(base);
    let hostport = rest.split('/').next().unwrap_or_default();
    if let Some(v6) = hostport.strip_prefix('[') {
        return v6.split(']').next().unwrap_or_default().to_string();
    }
    hostport.split(':').next().unwrap_or_default().to_string()
}

fn state_of(state: &Shared) -> ApiResult<&Oid4vp> {
    state.oid4vp.as_ref().ok_or_else(ApiError::no_route)
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[derive(Deserialize, Default)]
struct CreateBody {
    #[serde(default)]
    dcql_query: Option<Value>,
    #[serde(default)]
    response_mode: Option<String>,
}

/// What a request is, for the caller that made it.
pub fn describe(state: &Shared, created: &oid4vp::Created) -> Value {
    json!({
        "id": created.id,
        "client_id": state.oid4vp.as_ref().map(|o| o.identity.client_id()),
        "request_uri": created.request_uri,
        "link": created.link,
        "status_uri": format!("{}/presentations/oid4vp/{}", state.config.base_url, created.id),
        "expires": chrono::DateTime::from_timestamp(created.expires, 0)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
    })
}

/// Makes a request (shared by the API and the employer's page).
pub fn new_request(
    state: &Shared,
    query: Option<&Value>,
    mode: ResponseMode,
) -> ApiResult<oid4vp::Created> {
    let o = state_of(state)?;
    oid4vp::create(
        &o.identity,
        o.pending.as_ref(),
        &state.config.base_url,
        query,
        mode,
        now(),
    )
    .map_err(|e| match e {
        oid4vp::RequestError::Store(oid4vp::StoreError::Full) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "too many requests are open; try again shortly",
        ),
        oid4vp::RequestError::Query(q) => {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_dcql_query", q.to_string())
        }
        other => ApiError::internal(other),
    })
}

async fn create(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    body: Bytes,
) -> ApiResult<Response> {
    if !state.protocol_limiter.allow(addr.ip()) {
        return Err(ApiError::too_many());
    }
    let req: CreateBody = if body.iter().all(u8::is_ascii_whitespace) {
        CreateBody::default()
    } else {
        crate::issuer_api::json_body(&body)?
    };
    let mode = match req.response_mode.as_deref() {
        None => ResponseMode::DirectPostJwt,
        Some(m) => ResponseMode::parse(m).ok_or_else(|| {
            ApiError::bad_request("response_mode must be direct_post.jwt or direct_post")
        })?,
    };
    let created = new_request(&state, req.dcql_query.as_ref(), mode)?;
    Ok((StatusCode::CREATED, Json(describe(&state, &created))).into_response())
}

#[derive(Deserialize, Default)]
struct LangQuery {
    lang: Option<String>,
}

/// What came of a request, as JSON (each presentation's full report in `lang`).
pub fn outcome_json(outcome: &Outcome, lang: Lang) -> Value {
    match outcome {
        Outcome::Waiting | Outcome::Checking => json!({ "status": outcome.code() }),
        Outcome::Answered(reports) => json!({
            "status": "answered",
            "verdict": oid4vp::overall(reports),
            "presentations": reports.iter().map(|(id, r)| json!({
                "credential_query": id,
                "report": r.to_json(lang),
            })).collect::<Vec<_>>(),
        }),
        Outcome::Refused(r) => json!({
            "status": "refused",
            "verdict": "invalid",
            "refusal": { "code": r.code(), "message": r.message(lang) },
        }),
    }
}

async fn status(
    State(state): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> ApiResult<Json<Value>> {
    let o = state_of(&state)?;
    let lang = q
        .lang
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or(Lang::En);
    let req = o
        .pending
        .get(&id)
        .map_err(ApiError::internal)?
        .ok_or_else(ApiError::not_found)?;
    let mut v = outcome_json(&req.outcome, lang);
    if matches!(req.outcome, Outcome::Waiting) && now() > req.expires {
        v = json!({ "status": "expired" });
    }
    Ok(Json(v))
}

fn jwt_response(jwt: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, oid4vp::MEDIA_TYPE_REQUEST),
            (header::CACHE_CONTROL, "no-store"),
        ],
        jwt,
    )
        .into_response()
}

fn serve_request(state: &Shared, id: &str, wallet_nonce: Option<&str>) -> ApiResult<Response> {
    let o = state_of(state)?;
    let req = o
        .pending
        .get(id)
        .map_err(ApiError::internal)?
        .ok_or_else(ApiError::not_found)?;
    if !matches!(req.outcome, Outcome::Waiting) || now() > req.expires {
        return Err(ApiError::new(
            StatusCode::GONE,
            "request_gone",
            "the request was answered already or has expired",
        ));
    }
    let name = state
        .issuer
        .as_ref()
        .map(|i| i.profile().legal_name.clone())
        .unwrap_or_else(|| "microcred".into());
    Ok(jwt_response(oid4vp::request_object(
        &o.identity,
        &req,
        &state.config.base_url,
        &name,
        wallet_nonce,
        now(),
    )))
}

async fn request_object(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    serve_request(&state, &id, None)
}

/// `request_uri_method=post` (section 5.10): the wallet may send `wallet_nonce` (repeated
/// in the object) and `wallet_metadata` (read for nothing yet: the request already offers
/// everything this verifier accepts).
async fn request_object_post(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| ApiError::bad_request("the body is not a form"))?;
    let nonce = form
        .iter()
        .find(|(k, _)| k == "wallet_nonce")
        .map(|(_, v)| v.as_str())
        .filter(|n| n.len() <= 256);
    serve_request(&state, &id, nonce)
}

fn refusal_status(r: &Refusal) -> StatusCode {
    match r {
        Refusal::UnknownRequest => StatusCode::NOT_FOUND,
        Refusal::Expired | Refusal::Replayed => StatusCode::GONE,
        _ => StatusCode::BAD_REQUEST,
    }
}

async fn response(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let o = state_of(&state)?;
    if body.len() > MAX_ANSWER {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the response is too large",
        ));
    }
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).map_err(|_| {
        ApiError::bad_request("send the response as a form (application/x-www-form-urlencoded)")
    })?;
    let result = oid4vp::check_response(&state.verifier, o.pending.as_ref(), &id, &form, now())
        .await
        .map_err(ApiError::internal)?;
    let (status, body) = match result {
        Ok(reports) => {
            let verdict = oid4vp::overall(&reports);
            let ok = verdict.is_valid();
            let status = if ok {
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            let mut b = json!({ "verdict": verdict });
            if !ok {
                b["error"] = json!("invalid_request");
                b["error_description"] = json!("the presentation did not pass the checks");
            }
            (status, b)
        }
        Err(r) => (
            refusal_status(&r),
            json!({
                "error": if matches!(r, Refusal::Declined(_)) { "access_denied" } else { "invalid_request" },
                "error_description": r.message(Lang::En),
                "code": r.code(),
            }),
        ),
    };
    Ok((status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}
