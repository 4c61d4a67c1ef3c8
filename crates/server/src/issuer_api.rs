//! The issuer over HTTP: W3C VC-API issue and status update (with a bearer token),
//! credential offers, and the public documents: DID document, status lists, catalogue.

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use microcred_issuer::{Format, Issued, Issuer};
use microcred_model::validate::{self, Options};

use crate::error::{ApiError, ApiResult};
use crate::state::Shared;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/.well-known/did.json", get(did_document))
        .route("/status/messages", get(status_messages))
        .route("/status/{purpose}/{n}", get(status_list))
        .route("/vct/micro-credential", get(type_metadata))
        .route("/specs", get(catalogue))
        .route("/specs/{id}", get(spec))
        .route("/credentials", get(search))
        .route("/credentials/issue", post(issue))
        .route("/credentials/status", post(update_status))
        .route("/offers", post(create_offer))
}

pub fn issuer(state: &Shared) -> ApiResult<&std::sync::Arc<Issuer>> {
    state.issuer.as_ref().ok_or_else(ApiError::not_found)
}

/// Parses a JSON body into `T`, with our error shape instead of the framework's.
pub fn json_body<T: serde::de::DeserializeOwned>(body: &Bytes) -> ApiResult<T> {
    let v = microcred_verifier::input::parse_json(body)
        .map_err(|r| ApiError::bad_request(r.message(microcred_model::Lang::En)))?;
    serde_json::from_value(v).map_err(|e| ApiError::bad_request(format!("the request body: {e}")))
}

/// The bearer token must be one of the issuer's live API tokens. Nothing else about the
/// request is looked at before this passes.
pub fn require_token(state: &Shared, headers: &HeaderMap) -> ApiResult<()> {
    let issuer = issuer(state)?;
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(ApiError::unauthorized)?;
    match issuer.check_token(token) {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(ApiError::unauthorized()),
        Err(e) => Err(ApiError::internal(e)),
    }
}

/// Runs blocking issuer work (signing, durable writes) off the async workers.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)?
}

async fn did_document(State(state): State<Shared>) -> ApiResult<Response> {
    let issuer = issuer(&state)?;
    if issuer.config().did_web.is_none() {
        return Err(ApiError::not_found());
    }
    let doc = issuer.did_document()?;
    Ok(([(header::CONTENT_TYPE, "application/did+json")], Json(doc)).into_response())
}

async fn status_list(
    State(state): State<Shared>,
    Path((purpose, n)): Path<(String, String)>,
) -> ApiResult<Response> {
    let issuer = issuer(&state)?;
    if !matches!(
        purpose.as_str(),
        "message" | "revocation" | "suspension" | "token"
    ) || n.is_empty()
        || n.len() > 9
        || !n.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(ApiError::not_found());
    }
    // `token`: the IETF Token Status List token of the same list, for SD-JWT VCs.
    let (file, media_type) = if purpose == "token" {
        (format!("token-{n}.jwt"), microcred_core::tsl::MEDIA_TYPE)
    } else {
        (format!("{purpose}-{n}.json"), "application/vc+ld+json")
    };
    let path = issuer.dir().join("status").join(file);
    let body = tokio::fs::read(path)
        .await
        .map_err(|_| ApiError::not_found())?;
    // A P-256 issuer's Bitstring lists are VC-JOSE (it makes no eddsa-rdfc-2022 proofs).
    let media_type = if purpose != "token" && body.first() != Some(&b'{') {
        "application/vc+jwt"
    } else {
        media_type
    };
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response())
}

/// SD-JWT VC type metadata at this issuer's `vct` (exactly the bytes whose hash the
/// credentials carry in `vct#integrity`).
async fn type_metadata(State(state): State<Shared>) -> ApiResult<Response> {
    let issuer = issuer(&state)?;
    let vct = microcred_issuer::type_metadata::vct(&issuer.config().base_url);
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        microcred_issuer::type_metadata::bytes(&vct),
    )
        .into_response())
}

/// What the values of this issuer's status entries mean (their `statusReference`).
async fn status_messages(State(state): State<Shared>) -> ApiResult<Json<Value>> {
    issuer(&state)?;
    let explain = |v: u64| -> Value {
        let (fi, sv, en) = match v {
            0 => (
                "voimassa: todistusta ei ole mitätöity eikä keskeytetty",
                "giltigt: intyget är varken återkallat eller tillfälligt spärrat",
                "active: neither revoked nor suspended",
            ),
            1 => (
                "mitätöity pysyvästi",
                "återkallat för gott",
                "revoked for good",
            ),
            2 => (
                "keskeytetty toistaiseksi; voi palata voimaan",
                "tillfälligt spärrat; kan bli giltigt igen",
                "suspended for now; may become active again",
            ),
            _ => ("ei käytössä", "används inte", "not in use"),
        };
        json!({ "fi": fi, "sv": sv, "en": en })
    };
    Ok(Json(json!({
        "statusSize": microcred_issuer::status::STATUS_SIZE,
        "statusMessage": microcred_issuer::status::MESSAGES.iter().map(|(v, m)| json!({
            "status": format!("0x{v:x}"),
            "message": m,
            "description": explain(*v),
        })).collect::<Vec<_>>(),
    })))
}

pub fn catalogue_json(issuer: &Issuer) -> ApiResult<Value> {
    let base = &issuer.config().base_url;
    let specs = issuer.catalogue()?;
    Ok(json!({
        "issuer": { "id": issuer.did(), "name": issuer.profile().name },
        "specifications": specs.iter().map(|s| json!({
            "id": s.id,
            "title": s.title,
            "description": s.description,
            "workload": s.workload,
            "level": s.level,
            "url": format!("{base}/specs/{}", s.id),
        })).collect::<Vec<_>>(),
    }))
}

async fn catalogue(State(state): State<Shared>) -> ApiResult<Json<Value>> {
    let issuer = issuer(&state)?.clone();
    blocking(move || catalogue_json(&issuer)).await.map(Json)
}

async fn spec(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let issuer = issuer(&state)?.clone();
    let spec = blocking(move || issuer.spec(&id).map_err(ApiError::from)).await?;
    Ok(Json(
        serde_json::to_value(spec).map_err(ApiError::internal)?,
    ))
}

#[derive(Deserialize, Default)]
struct IssueOptions {
    format: Option<String>,
}

#[derive(Deserialize)]
struct IssueRequest {
    /// W3C VC-API: the credential to sign.
    credential: Option<Value>,
    /// Ours: a catalogue ID, or a whole specification.
    specification: Option<Value>,
    award: Option<Value>,
    #[serde(default)]
    options: Option<IssueOptions>,
}

pub fn parse_format(f: Option<&str>) -> ApiResult<Format> {
    match f {
        None => Ok(Format::DataIntegrity),
        Some(s) => Format::from_str(s).map_err(|e| ApiError::bad_request(e.to_string())),
    }
}

/// A signed credential as VC-API returns it: Data Integrity as the JSON itself, the
/// others enveloped (`EnvelopedVerifiableCredential` with a `data:` URL).
pub fn vc_api_credential(format: Format, text: &str) -> Value {
    match format {
        Format::DataIntegrity => serde_json::from_str(text).unwrap_or(Value::Null),
        other => json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": "EnvelopedVerifiableCredential",
            "id": format!("data:{},{text}", other.media_type()),
        }),
    }
}

/// The specification of a request: a catalogue ID or a whole document.
pub fn request_spec(issuer: &Issuer, spec: &Value) -> ApiResult<microcred_model::Specification> {
    match spec {
        Value::String(id) => Ok(issuer.spec(id)?),
        Value::Object(_) => {
            let bytes = serde_json::to_vec(spec).map_err(ApiError::internal)?;
            validate::load_specification(&bytes, &Options::default())
                .map(|(s, _)| s)
                .map_err(|e| ApiError::bad_request(format!("the specification: {e}")))
        }
        _ => Err(ApiError::bad_request(
            "specification is a catalogue ID or a specification",
        )),
    }
}

pub fn request_award(
    issuer: &Issuer,
    spec: &microcred_model::Specification,
    award: &Value,
) -> ApiResult<microcred_model::Award> {
    let bytes = serde_json::to_vec(award).map_err(ApiError::internal)?;
    validate::load_award(
        &bytes,
        Some(spec),
        Some(issuer.profile()),
        &Options::default(),
    )
    .map(|(mut a, _)| {
        a.json_schema = None;
        a
    })
    .map_err(|e| ApiError::bad_request(format!("the award: {e}")))
}

async fn issue(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    require_token(&state, &headers)?;
    let req: IssueRequest = json_body(&body)?;
    let format = parse_format(req.options.as_ref().and_then(|o| o.format.as_deref()))?;
    let issuer = issuer(&state)?.clone();
    let lang = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(microcred_model::Lang::from_accept_language)
        .unwrap_or(microcred_model::Lang::En);
    let issued: Issued = blocking(
        move || match (req.credential, req.specification, req.award) {
            (Some(credential), None, None) => match issuer.issue_document(credential, format) {
                Ok(i) => Ok(i),
                Err(microcred_issuer::IssuerError::Nonconforming(r)) => {
                    Err(crate::error::nonconforming(&r, lang))
                }
                Err(e) => Err(e.into()),
            },
            (None, Some(spec), Some(award)) => {
                let spec = request_spec(&issuer, &spec)?;
                let award = request_award(&issuer, &spec, &award)?;
                Ok(issuer.issue(
                    &spec,
                    microcred_issuer::Request {
                        award,
                        format,
                        idempotency_key: None,
                    },
                )?)
            }
            _ => Err(ApiError::bad_request(
                "give either `credential` (VC-API) or `specification` and `award`",
            )),
        },
    )
    .await?;
    tracing::info!(credential = %issued.record.id, format = %format, "issued");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "verifiableCredential": vc_api_credential(format, &issued.credential),
            "credentialId": issued.record.id,
            "format": format.code(),
        })),
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    /// Text in the learner's name or e-mail, or the credential ID.
    pub q: Option<String>,
    pub specification: Option<String>,
    pub limit: Option<usize>,
}

/// The registry's records, newest first: the provider's search.
pub async fn search_records(
    state: &Shared,
    q: SearchQuery,
) -> ApiResult<Vec<microcred_issuer::Record>> {
    let issuer = issuer(state)?.clone();
    blocking(move || {
        let filter = microcred_issuer::Filter {
            specification: q.specification.filter(|s| !s.is_empty()),
            since: None,
            text: q.q.filter(|s| !s.trim().is_empty()),
            limit: Some(q.limit.unwrap_or(100).clamp(1, 1000)),
        };
        Ok(issuer.list(&filter)?)
    })
    .await
}

async fn search(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<SearchQuery>,
) -> ApiResult<Json<Value>> {
    require_token(&state, &headers)?;
    let records = search_records(&state, q).await?;
    Ok(Json(json!({ "credentials": records })))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StatusRequest {
    credential_id: String,
    #[serde(default)]
    credential_status: Vec<Value>,
    /// Ours, shorter: `revoked`, `suspended` or `active`.
    status: Option<String>,
    reason: Option<String>,
}

async fn update_status(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    require_token(&state, &headers)?;
    let req: StatusRequest = json_body(&body)?;
    let wanted = req
        .status
        .clone()
        .or_else(|| {
            req.credential_status
                .first()
                .and_then(|s| s["status"].as_str())
                .map(str::to_string)
        })
        .ok_or_else(|| ApiError::bad_request("say the status: revoked, suspended or active"))?;
    let issuer = issuer(&state)?.clone();
    let id = req.credential_id.clone();
    let reason = req.reason.clone();
    let record = blocking(move || {
        let r = match wanted.as_str() {
            // A system calling the API may give no reason; the record says it came
            // through the API.
            "revoked" | "revocation" => issuer.revoke_by(
                &id,
                reason
                    .as_deref()
                    .filter(|r| !r.trim().is_empty())
                    .unwrap_or("revoked through the API"),
                "api",
            )?,
            "suspended" | "suspension" => issuer.suspend_by(&id, reason.as_deref(), "api")?,
            "active" | "unsuspended" | "valid" => issuer.reinstate_by(&id, "api")?,
            other => return Err(ApiError::bad_request(format!("unknown status '{other}'"))),
        };
        Ok(r)
    })
    .await?;
    // This server's own verifier must see the change at once.
    state.verifier.forget_cached();
    tracing::info!(credential = %record.id, standing = %record.standing.label(), "status changed");
    Ok(Json(
        json!({ "credentialId": record.id, "status": record.standing.label() }),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OfferRequest {
    specification: String,
    award: Value,
    format: Option<String>,
    #[serde(default)]
    tx_code: bool,
}

pub async fn make_offer(
    state: &Shared,
    spec: String,
    award: Value,
    format: Option<String>,
    tx_code: bool,
) -> ApiResult<Value> {
    let format = match format.as_deref() {
        None => Format::SdJwt,
        f => parse_format(f)?,
    };
    let issuer = issuer(state)?.clone();
    let base = state.config.base_url.clone();
    blocking(move || {
        let spec = issuer.spec(&spec)?;
        let award = request_award(&issuer, &spec, &award)?;
        let offer = issuer.create_offer(&spec.id, award, format, tx_code)?;
        Ok(json!({
            "offerUri": offer.offer_uri(&base),
            "credentialOffer": offer.credential_offer(&base),
            "txCode": offer.tx_code,
            "expires": offer.offer.expires,
            "format": format.code(),
        }))
    })
    .await
}

async fn create_offer(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    require_token(&state, &headers)?;
    let req: OfferRequest = json_body(&body)?;
    let v = make_offer(
        &state,
        req.specification,
        req.award,
        req.format,
        req.tx_code,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}
