//! The verifier over HTTP: W3C VC-API verify for credentials and presentations, one-use
//! presentation challenges, and `/verify` for any format with the full report.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use microcred_model::Lang;
use microcred_verifier::input::{self, Input};
use microcred_verifier::{CheckKind, Expectation, Outcome, Report, Verdict};

use crate::error::{ApiError, ApiResult};
use crate::issuer_api::json_body;
use crate::state::Shared;

/// How long a presentation request's challenge is good for.
pub const CHALLENGE_LIFETIME: Duration = Duration::from_secs(600);

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/credentials/verify", post(verify_credential))
        .route("/presentations/verify", post(verify_presentation))
        .route("/presentations/requests", post(presentation_request))
        .route("/verify", post(verify_any))
}

fn check_name(k: CheckKind) -> &'static str {
    match k {
        CheckKind::Format => "format",
        CheckKind::Signature => "proof",
        CheckKind::Issuer => "issuer",
        CheckKind::Validity => "validity",
        CheckKind::Status => "status",
        CheckKind::HolderBinding => "holderBinding",
        CheckKind::Disclosure => "disclosure",
        CheckKind::EuCompleteness => "euCompleteness",
    }
}

/// The VC-API verification result: 200 with the passed checks when valid, else 400 with
/// every failed or uncheckable check.
pub fn vc_api_result(report: &Report) -> Response {
    let mut checks = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for c in report.all_checks() {
        let entry = json!({
            "check": check_name(c.kind),
            "code": serde_json::to_value(&c.reason).ok().and_then(|v| v["code"].as_str().map(str::to_string)),
            "message": c.reason.message(Lang::En),
        });
        match (c.outcome, c.kind.decides() && c.kind != CheckKind::Issuer) {
            (Outcome::Passed, _) => checks.push(check_name(c.kind)),
            (_, false) => warnings.push(entry),
            (_, true) => errors.push(entry),
        }
    }
    if report.verdict == Verdict::Invalid && errors.is_empty() {
        // Invalid only because a trusted issuer was required.
        errors.append(&mut warnings);
    }
    let body = json!({
        "verified": matches!(report.verdict, Verdict::Valid | Verdict::ValidIssuerNotRecognised),
        "verdict": report.verdict,
        "checks": checks,
        "warnings": warnings,
        "errors": errors,
    });
    let status = match report.verdict {
        Verdict::Valid | Verdict::ValidIssuerNotRecognised => StatusCode::OK,
        _ => StatusCode::BAD_REQUEST,
    };
    (status, Json(body)).into_response()
}

/// What a VC-API body's `verifiableCredential` / `verifiablePresentation` holds.
fn input_of(v: &Value, presentation: bool) -> ApiResult<Input> {
    input::detect_value(v, presentation).map_err(|r| ApiError::bad_request(r.message(Lang::En)))
}

#[derive(Deserialize, Default)]
struct VerifyOptions {
    challenge: Option<String>,
    domain: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialBody {
    verifiable_credential: Value,
    #[serde(default)]
    options: Option<VerifyOptions>,
}

async fn verify_credential(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let req: CredentialBody = json_body(&body)?;
    let input = input_of(&req.verifiable_credential, false)?;
    if matches!(input, Input::DiPresentation(_) | Input::JwtPresentation(_)) {
        return Err(ApiError::bad_request(
            "this is a presentation: use /presentations/verify",
        ));
    }
    let o = req.options.unwrap_or_default();
    let report = state
        .verifier
        .verify_input(
            input,
            &Expectation {
                challenge: o.challenge,
                domain: o.domain,
            },
        )
        .await;
    Ok(vc_api_result(&report))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PresentationBody {
    verifiable_presentation: Value,
    #[serde(default)]
    options: Option<VerifyOptions>,
}

async fn verify_presentation(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let req: PresentationBody = json_body(&body)?;
    let input = input_of(&req.verifiable_presentation, true)?;
    let o = req.options.unwrap_or_default();
    let challenge = o.challenge.ok_or_else(|| {
        ApiError::bad_request("options.challenge is required: ask /presentations/requests for one")
    })?;
    // A challenge counts once: a second presentation with it is a replay.
    if state.challenges.take(&challenge).is_none() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "challenge_unknown",
            "the challenge was not issued here, has expired, or was used already (a replay)",
        ));
    }
    let report = state
        .verifier
        .verify_input(
            input,
            &Expectation {
                challenge: Some(challenge),
                domain: o.domain.or_else(|| Some(state.config.base_url.clone())),
            },
        )
        .await;
    Ok(vc_api_result(&report))
}

async fn presentation_request(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
) -> ApiResult<Response> {
    if !state.protocol_limiter.allow(addr.ip()) {
        return Err(ApiError::too_many());
    }
    let challenge = state
        .challenges
        .issue(CHALLENGE_LIFETIME, ())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "too many presentation requests are open; try again shortly",
            )
        })?;
    let expires =
        chrono::Utc::now() + chrono::Duration::seconds(CHALLENGE_LIFETIME.as_secs() as i64);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "challenge": challenge,
            "domain": state.config.base_url,
            "expires": expires.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        })),
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    pub lang: Option<String>,
    pub challenge: Option<String>,
    pub domain: Option<String>,
}

async fn verify_any(
    State(state): State<Shared>,
    Query(q): Query<ReportQuery>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let lang = q
        .lang
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or(Lang::En);
    let report = state
        .verifier
        .verify(
            &body,
            &Expectation {
                challenge: q.challenge,
                domain: q.domain,
            },
        )
        .await;
    Ok(Json(report.to_json(lang)))
}
