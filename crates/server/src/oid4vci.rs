//! OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow, issuer side:
//! metadata, the token endpoint, the nonce endpoint and the credential endpoint.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use microcred_core::{did, jose};
use microcred_issuer::format::VCT;
use microcred_issuer::offers::{configuration_id, format_of_configuration, Offer};
use microcred_issuer::{Format, IssuerError};
use microcred_model::credential::CONTEXTS;
use microcred_model::Lang;
use microcred_text::t;

use crate::issuer_api::{blocking, issuer};
use crate::state::Shared;

const PRE_AUTH: &str = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(600);
pub const NONCE_LIFETIME: Duration = Duration::from_secs(300);

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/.well-known/openid-credential-issuer",
            get(issuer_metadata),
        )
        .route("/.well-known/oauth-authorization-server", get(as_metadata))
        .route("/token", post(token))
        .route("/nonce", post(nonce))
        .route("/credential", post(credential))
}

/// An OAuth-style error: `{"error", "error_description"}`.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

fn no_store(v: Value) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Json(v)).into_response()
}

async fn issuer_metadata(State(state): State<Shared>) -> Response {
    let Ok(issuer) = issuer(&state) else {
        return oauth_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "this server does not issue",
        );
    };
    let base = &state.config.base_url;
    let names = &issuer.profile().name.0;
    let display: Vec<Value> = names
        .iter()
        .map(|(l, n)| json!({ "name": n, "locale": l }))
        .collect();
    let binding = json!(["did:key", "did:jwk"]);
    let proofs = json!({ "jwt": { "proof_signing_alg_values_supported": ["EdDSA"] } });
    let types = json!(["VerifiableCredential", "OpenBadgeCredential"]);
    let mut configs = serde_json::Map::new();
    for f in Format::ALL {
        let c = match f {
            Format::DataIntegrity => json!({
                "format": "ldp_vc",
                "credential_definition": { "@context": CONTEXTS, "type": types },
                "credential_signing_alg_values_supported": ["eddsa-rdfc-2022"],
            }),
            Format::Jwt => json!({
                "format": "jwt_vc_json",
                "credential_definition": { "type": types },
                "credential_signing_alg_values_supported": ["EdDSA"],
            }),
            Format::SdJwt => json!({
                "format": "dc+sd-jwt",
                "vct": VCT,
                "credential_signing_alg_values_supported": ["EdDSA"],
            }),
        };
        let mut c = c;
        c["cryptographic_binding_methods_supported"] = binding.clone();
        c["proof_types_supported"] = proofs.clone();
        c["credential_metadata"] = json!({ "display": Lang::ALL
            .iter()
            .map(|&l| json!({ "name": t!(l, "micro_credential"), "locale": l.code() }))
            .collect::<Vec<_>>() });
        configs.insert(configuration_id(f).into(), c);
    }
    no_store(json!({
        "credential_issuer": base,
        "credential_endpoint": format!("{base}/credential"),
        "nonce_endpoint": format!("{base}/nonce"),
        "display": display,
        "credential_configurations_supported": configs,
    }))
}

async fn as_metadata(State(state): State<Shared>) -> Response {
    let base = &state.config.base_url;
    no_store(json!({
        "issuer": base,
        "token_endpoint": format!("{base}/token"),
        "grant_types_supported": [PRE_AUTH],
        "pre-authorized_grant_anonymous_access_supported": true,
    }))
}

/// The fields of a form body (`application/x-www-form-urlencoded`), in order.
fn form(body: &Bytes) -> Option<Vec<(String, String)>> {
    serde_urlencoded::from_bytes(body).ok()
}

async fn token(State(state): State<Shared>, body: Bytes) -> Response {
    let Some(fields) = form(&body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body is not a form",
        );
    };
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if get("grant_type").as_deref() != Some(PRE_AUTH) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only the pre-authorized code grant",
        );
    }
    let Some(code) = get("pre-authorized_code") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "no pre-authorized_code",
        );
    };
    let Ok(issuer) = issuer(&state).cloned() else {
        return oauth_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "this server does not issue",
        );
    };
    let tx = get("tx_code");
    let code2 = code.clone();
    let redeemed = blocking(move || Ok(issuer.redeem_offer(&code2, tx.as_deref()))).await;
    match redeemed {
        Ok(Ok(offer)) => {
            let Some(token) = state
                .access_tokens
                .issue(ACCESS_TOKEN_LIFETIME, encode_grant(&code, &offer))
            else {
                return busy();
            };
            no_store(json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": ACCESS_TOKEN_LIFETIME.as_secs(),
            }))
        }
        Ok(Err(IssuerError::WrongTxCode)) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "the transaction code is wrong",
        ),
        Ok(Err(_)) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "the code is unknown, used already, or expired",
        ),
        Err(e) => e.into_response(),
    }
}

/// What an access token stands for: the offer's code and the offer, as one string.
fn encode_grant(code: &str, offer: &Offer) -> String {
    json!({ "code": code, "offer": offer }).to_string()
}

fn decode_grant(s: &str) -> Option<(String, Offer)> {
    let v: Value = serde_json::from_str(s).ok()?;
    Some((
        v["code"].as_str()?.to_string(),
        serde_json::from_value(v["offer"].clone()).ok()?,
    ))
}

/// Too many live nonces or tokens: the client should retry shortly.
fn busy() -> Response {
    oauth_error(
        StatusCode::SERVICE_UNAVAILABLE,
        "temporarily_unavailable",
        "too many requests in progress; try again shortly",
    )
}

async fn nonce(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
) -> Response {
    if !state.protocol_limiter.allow(addr.ip()) {
        return oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "slow_down",
            "too many nonces asked for from this address",
        );
    }
    match state.nonces.issue(NONCE_LIFETIME, ()) {
        Some(n) => no_store(json!({ "c_nonce": n })),
        None => busy(),
    }
}

async fn credential(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    let Some((code, offer)) = state
        .access_tokens
        .peek(token)
        .and_then(|g| decode_grant(&g))
    else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "the access token is unknown or expired",
        );
    };
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_credential_request",
            "the body is not JSON",
        );
    };
    let config = req["credential_configuration_id"]
        .as_str()
        .unwrap_or_default();
    if format_of_configuration(config) != Some(offer.format) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unknown_credential_configuration",
            "the offer was for another credential configuration",
        );
    }
    let proof = req["proofs"]["jwt"][0].as_str().or_else(|| {
        (req["proof"]["proof_type"] == "jwt")
            .then(|| req["proof"]["jwt"].as_str())
            .flatten()
    });
    let Some(proof) = proof else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_proof",
            "a jwt key proof is required",
        );
    };
    let holder = match check_proof(&state, proof) {
        Ok(h) => h,
        Err((code, msg)) => return oauth_error(StatusCode::BAD_REQUEST, code, &msg),
    };
    // The access token is spent only now that the request is good.
    if state.access_tokens.take(token).is_none() {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "the access token was used already",
        );
    }
    let Ok(issuer) = issuer(&state).cloned() else {
        return oauth_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "this server does not issue",
        );
    };
    let issued = blocking(move || Ok(issuer.issue_offer(&code, &offer, &holder)?)).await;
    match issued {
        Ok(i) => {
            tracing::info!(credential = %i.record.id, "issued by offer");
            let credential = match i.record.format {
                Format::DataIntegrity => serde_json::from_str(&i.credential).unwrap_or(Value::Null),
                _ => Value::String(i.credential),
            };
            no_store(json!({ "credentials": [{ "credential": credential }] }))
        }
        Err(e) => e.into_response(),
    }
}

/// Checks the wallet's key proof (OID4VCI 1.0 §8.2.1.1) and returns the holder's DID.
fn check_proof(state: &Shared, proof: &str) -> Result<String, (&'static str, String)> {
    let bad = |m: &str| ("invalid_proof", m.to_string());
    let jose::SelfSigned {
        header,
        payload,
        key,
    } = jose::verify_self_signed(proof).map_err(|e| bad(&e.to_string()))?;
    if header.get("typ").and_then(Value::as_str) != Some("openid4vci-proof+jwt") {
        return Err(bad("typ must be openid4vci-proof+jwt"));
    }
    let claims: Value =
        serde_json::from_slice(&payload).map_err(|_| bad("the proof's payload is not JSON"))?;
    if claims["aud"].as_str().map(|a| a.trim_end_matches('/'))
        != Some(state.config.base_url.as_str())
    {
        return Err(bad("the proof is for another issuer (aud)"));
    }
    let iat = claims["iat"]
        .as_i64()
        .ok_or_else(|| bad("the proof has no iat"))?;
    let now = chrono::Utc::now().timestamp();
    if now.abs_diff(iat) > 300 {
        return Err(bad("the proof is too old or from the future (iat)"));
    }
    let nonce = claims["nonce"].as_str().ok_or_else(|| {
        (
            "invalid_nonce",
            "the proof has no nonce: ask /nonce".to_string(),
        )
    })?;
    if state.nonces.take(nonce).is_none() {
        return Err((
            "invalid_nonce",
            "the nonce is unknown, used or expired".into(),
        ));
    }
    Ok(match header.get("kid").and_then(Value::as_str) {
        Some(kid) => did::split_fragment(kid).0.to_string(),
        None => did::did_jwk(key),
    })
}
