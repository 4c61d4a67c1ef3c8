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
use microcred_verifier::{CheckKind, Expectation, Outcome, Reason, Report, Verdict};

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
            "code": c.reason.code(),
            "message": c.reason.message(Lang::En),
        });
        match (c.outcome, c.kind.decides()) {
            // Passed, but worth saying: nothing binds an unsigned presentation to its
            // presenter.
            (Outcome::Passed, _) if c.reason == Reason::Unsigned => warnings.push(entry),
            (Outcome::Passed, _) => checks.push(check_name(c.kind)),
            (_, false) => warnings.push(entry),
            (_, true) => errors.push(entry),
        }
    }
    if report.verdict == Verdict::Invalid && errors.is_empty() {
        // Invalid only because a trusted issuer was required.
        errors.append(&mut warnings);
    }
    let verified = report.verdict.is_valid();
    let body = json!({
        "verified": verified,
        "verdict": report.verdict,
        "checks": checks,
        "warnings": warnings,
        "errors": errors,
    });
    let status = if verified {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    (status, Json(body)).into_response()
}

/// What a VC-API body's `verifiableCredential` / `verifiablePresentation` holds: an
/// object, either the document itself or an `EnvelopedVerifiableCredential` /
/// `EnvelopedVerifiablePresentation` whose `data:` URL carries a JWT or SD-JWT. A
/// secured document that is not a map (a JSON string, a number) is a parse error
/// (VCDM 2.0 §4.13: "the values MUST NOT be non-object values such as numbers,
/// strings, or URLs"); `POST /verify` takes raw JWT text.
fn input_of(v: &Value, presentation: bool) -> ApiResult<Input> {
    let what = if presentation {
        "verifiablePresentation"
    } else {
        "verifiableCredential"
    };
    let detected = match v {
        Value::Object(_)
            if input::has_type(v, "EnvelopedVerifiableCredential")
                || input::has_type(v, "EnvelopedVerifiablePresentation") =>
        {
            let id = v["id"].as_str().unwrap_or_default();
            let Some(("data", rest)) = id.split_once(':') else {
                return Err(ApiError::bad_request(format!(
                    "{what}.id must be a data: URL holding the secured document"
                )));
            };
            let data = rest.split_once(',').map(|(_, d)| d).unwrap_or_default();
            input::detect(data.as_bytes())
        }
        Value::Object(_) if presentation => Ok(Input::DiPresentation(v.clone())),
        Value::Object(_) => Ok(Input::DiCredential(v.clone())),
        _ => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "parse_error",
                format!(
                    "{what} must be a JSON object: the document, or an Enveloped{} object for a JWT or SD-JWT",
                    if presentation { "VerifiablePresentation" } else { "VerifiableCredential" }
                ),
            ))
        }
    };
    detected.map_err(|r| ApiError::bad_request(r.message(Lang::En)))
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
                ..Default::default()
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

/// Challenges this server hands out (`POST /presentations/requests`) begin so, and no
/// other: a presentation that answers one is held to it (live, and once only) even
/// after it was spent, so a replay is refused. Any other challenge is the caller's own.
pub const SERVER_CHALLENGE_PREFIX: &str = "mcreq-";

/// VC-API presentation verify. Two cases, told apart by the challenge:
/// * a challenge from `POST /presentations/requests` (the server's own flow): it must
///   be live and counts once, the domain defaults to this server's base URL, and every
///   credential's subject must be the presenter;
/// * any other challenge is the caller's: as the relying party it made it and keeps it
///   single-use, and the proof is checked against it and `options.domain` as given.
///
/// Without a challenge, a presentation is checked for structure and its credentials on
/// their own; one without a proof is reported as unsigned.
async fn verify_presentation(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let req: PresentationBody = json_body(&body)?;
    let input = input_of(&req.verifiable_presentation, true)?;
    let o = req.options.unwrap_or_default();
    let expect = match o.challenge {
        Some(c) if c.starts_with(SERVER_CHALLENGE_PREFIX) => {
            // A challenge counts once: a second presentation with it is a replay.
            if state
                .challenges
                .take(&c[SERVER_CHALLENGE_PREFIX.len()..])
                .is_none()
            {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "challenge_unknown",
                    "the challenge was not issued here, has expired, or was used already (a replay)",
                ));
            }
            Expectation {
                challenge: Some(c),
                domain: o.domain.or_else(|| Some(state.config.base_url.clone())),
                holder_may_differ: false,
            }
        }
        challenge => Expectation {
            challenge,
            domain: o.domain,
            holder_may_differ: true,
        },
    };
    let report = state.verifier.verify_input(input, &expect).await;
    Ok(vc_api_result(&report))
}

async fn presentation_request(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
) -> ApiResult<Response> {
    if !state.protocol_limiter.allow(addr.ip()) {
        return Err(ApiError::too_many());
    }
    let key = state
        .challenges
        .issue(CHALLENGE_LIFETIME, ())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "too many presentation requests are open; try again shortly",
            )
        })?;
    let challenge = format!("{SERVER_CHALLENGE_PREFIX}{key}");
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
                ..Default::default()
            },
        )
        .await;
    Ok(Json(report.to_json(lang)))
}
