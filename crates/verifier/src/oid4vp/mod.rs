//! OpenID for Verifiable Presentations 1.0, the verifier's side: a signed request passed
//! by reference (`request_uri`), a DCQL query, an answer by `direct_post.jwt` (encrypted
//! to a key of this request alone, as HAIP 1.0 requires) or `direct_post`, and the answer
//! checked in full.
//!
//! The checks, in order (section 8.6 and 14.1): the answer is for a request that is
//! waiting and unexpired (else expired, replayed or unknown); it decrypts with this
//! request's key and carries its `state` (else it answers another request); `vp_token`
//! is an object keyed by the query's credential ids; each presentation is of the asked
//! format, bound to the holder with `aud` = our client id and our `nonce`, and passes
//! every check any credential gets; it holds the claims asked for; and the query's
//! credential sets are satisfied.
//!
//! HTTP is the server's; everything here works on strings and values.

pub mod identity;
pub mod pending;

use std::collections::HashSet;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use microcred_core::dcql::{self, Query};
use microcred_core::es256;
use microcred_core::jwe::{self, EphemeralKey};
use microcred_model::Lang;
use microcred_text::t;
use rand::RngCore;
use serde_json::{json, Map, Value};

pub use identity::{ClientIdPrefix, IdentityError, VerifierIdentity};
pub use pending::{MemoryPending, Outcome, PendingRequest, PendingStore, ResponseMode, StoreError};

use crate::{Expectation, Presented, Report, Verdict, Verifier};

/// `typ` of a signed request object (RFC 9101, required by OpenID4VP 1.0 section 5).
pub const TYP_REQUEST: &str = "oauth-authz-req+jwt";
/// Media type of a request object served at `request_uri`.
pub const MEDIA_TYPE_REQUEST: &str = "application/oauth-authz-req+jwt";
/// How long a request waits for its answer.
pub const DEFAULT_LIFETIME: i64 = 600;
/// Most presentations accepted in one answer.
const MAX_PRESENTATIONS: usize = 20;

/// Why an answer was refused. Each has its own reason, in three languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("no such request")]
    UnknownRequest,
    #[error("the request has expired")]
    Expired,
    #[error("the request was answered already (a replayed response)")]
    Replayed,
    #[error("the response answers another request")]
    AnotherRequest,
    #[error("the response is malformed: {0}")]
    Malformed(String),
    #[error("the wallet declined: {0}")]
    Declined(String),
    #[error("'{credential}' was presented in another format than asked")]
    WrongFormat { credential: String },
    #[error("'{credential}' lacks the requested claims {claims:?}")]
    MissingClaims {
        credential: String,
        claims: Vec<String>,
    },
    #[error("'{credential}' is not of the requested type")]
    WrongType { credential: String },
    #[error("the response does not answer the query: {0}")]
    NotAnswered(String),
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::UnknownRequest => "unknown_request",
            Refusal::Expired => "expired",
            Refusal::Replayed => "replayed",
            Refusal::AnotherRequest => "another_request",
            Refusal::Malformed(_) => "malformed",
            Refusal::Declined(_) => "declined",
            Refusal::WrongFormat { .. } => "wrong_format",
            Refusal::MissingClaims { .. } => "missing_claims",
            Refusal::WrongType { .. } => "wrong_type",
            Refusal::NotAnswered(_) => "not_answered",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let l = lang;
        match self {
            Refusal::UnknownRequest => t!(l, "refusal_unknown_request").into(),
            Refusal::Expired => t!(l, "refusal_expired").into(),
            Refusal::Replayed => t!(l, "refusal_replayed").into(),
            Refusal::AnotherRequest => t!(l, "refusal_another_request").into(),
            Refusal::Malformed(d) => t!(l, "refusal_malformed", detail = d),
            Refusal::Declined(d) => t!(l, "refusal_declined", detail = d),
            Refusal::WrongFormat { credential } => {
                t!(l, "refusal_wrong_format", credential = credential)
            }
            Refusal::MissingClaims { credential, claims } => {
                let c = claims.join(", ");
                t!(
                    l,
                    "refusal_missing_claims",
                    credential = credential,
                    claims = c
                )
            }
            Refusal::WrongType { credential } => {
                t!(l, "refusal_wrong_type", credential = credential)
            }
            Refusal::NotAnswered(d) => t!(l, "refusal_not_answered", detail = d),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("{0}")]
    Query(#[from] dcql::DcqlError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot make the encryption key: {0}")]
    Key(String),
}

/// IRIs of the types a W3C micro-credential of ours has, for `meta.type_values`.
pub const OPEN_BADGE_TYPES: [&str; 2] = [
    "https://www.w3.org/2018/credentials#VerifiableCredential",
    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
];

/// The query asked when the caller gives none: one micro-credential in any of the three
/// formats, with the learner's name and the title and nothing else.
pub fn default_query() -> Value {
    let claims = json!([
        {"id": "name", "path": ["credentialSubject", "fullName"]},
        {"id": "title", "path": ["credentialSubject", "achievement", "name"]}
    ]);
    json!({
        "credentials": [
            {
                "id": "microcredential_sd_jwt",
                "format": dcql::FORMAT_SD_JWT_VC,
                "meta": {"vct_values": [microcred_model::credential::SD_JWT_VCT]},
                "claims": claims
            },
            {
                "id": "microcredential_jwt",
                "format": dcql::FORMAT_JWT_VC,
                "meta": {"type_values": [OPEN_BADGE_TYPES]},
                "claims": claims
            },
            {
                "id": "microcredential_ldp",
                "format": dcql::FORMAT_LDP_VC,
                "meta": {"type_values": [OPEN_BADGE_TYPES]},
                "claims": claims
            }
        ],
        "credential_sets": [{
            "options": [["microcredential_sd_jwt"], ["microcredential_jwt"], ["microcredential_ldp"]]
        }]
    })
}

fn random() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    B64.encode(b)
}

/// A request made and kept, and how a wallet reaches it.
#[derive(Debug, Clone)]
pub struct Created {
    pub id: String,
    pub request_uri: String,
    /// `openid4vp://?client_id=…&request_uri=…&request_uri_method=post`: for a QR code or
    /// a link on the same device.
    pub link: String,
    pub expires: i64,
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The link a wallet opens (as a QR code across devices, or tapped on the same one).
pub fn link(client_id: &str, request_uri: &str) -> String {
    format!(
        "openid4vp://?client_id={}&request_uri={}&request_uri_method=post",
        enc(client_id),
        enc(request_uri)
    )
}

/// Where a request's object is served and its answer received.
pub fn request_uri(base_url: &str, id: &str) -> String {
    format!("{base_url}/oid4vp/requests/{id}")
}

pub fn response_uri(base_url: &str, id: &str) -> String {
    format!("{base_url}/oid4vp/responses/{id}")
}

/// Makes and keeps a request for `query` (the [`default_query`] when `None`).
pub fn create(
    identity: &VerifierIdentity,
    store: &dyn PendingStore,
    base_url: &str,
    query: Option<&Value>,
    mode: ResponseMode,
    now: i64,
) -> Result<Created, RequestError> {
    let query = match query {
        Some(q) => q.clone(),
        None => default_query(),
    };
    Query::parse(&query)?;
    let id = random();
    let encryption_key = match mode {
        ResponseMode::DirectPostJwt => Some(zeroize::Zeroizing::new(
            EphemeralKey::generate(&random()[..16])
                .map_err(|e| RequestError::Key(e.to_string()))?
                .private_jwk()
                .to_string(),
        )),
        ResponseMode::DirectPost => None,
    };
    let pending = PendingRequest {
        id: id.clone(),
        state: random(),
        nonce: random(),
        client_id: identity.client_id().to_string(),
        query,
        response_mode: mode,
        encryption_key,
        created: now,
        expires: now + DEFAULT_LIFETIME,
        outcome: Outcome::Waiting,
    };
    store.insert(pending, now)?;
    let request_uri = request_uri(base_url, &id);
    let link = link(identity.client_id(), &request_uri);
    Ok(Created {
        id,
        request_uri,
        link,
        expires: now + DEFAULT_LIFETIME,
    })
}

/// The verifier's metadata sent with each request: what it accepts and the key to
/// encrypt to.
fn client_metadata(req: &PendingRequest, name: &str) -> Value {
    let mut m = json!({
        "client_name": name,
        "vp_formats_supported": {
            "dc+sd-jwt": {
                "sd-jwt_alg_values": ["ES256", "EdDSA"],
                "kb-jwt_alg_values": ["ES256", "EdDSA"]
            },
            "jwt_vc_json": {"alg_values": ["ES256", "EdDSA"]},
            "ldp_vc": {
                "proof_type_values": ["DataIntegrityProof"],
                "cryptosuite_values": ["eddsa-rdfc-2022", "ecdsa-rdfc-2019"]
            }
        }
    });
    if let Some(k) = req
        .encryption_key
        .as_ref()
        .and_then(|k| EphemeralKey::from_private_jwk(k).ok())
    {
        m["jwks"] = json!({ "keys": [k.public_jwk()] });
        m["encrypted_response_enc_values_supported"] = json!(jwe::ENC_VALUES);
    }
    m
}

/// The signed request object of a pending request (`typ: oauth-authz-req+jwt`, ES256,
/// the certificate chain in `x5c`). `wallet_nonce` is the one a wallet sent when it
/// fetched the request by POST (section 5.10).
pub fn request_object(
    identity: &VerifierIdentity,
    req: &PendingRequest,
    base_url: &str,
    client_name: &str,
    wallet_nonce: Option<&str>,
    now: i64,
) -> String {
    let mut claims = json!({
        "client_id": req.client_id,
        "response_type": "vp_token",
        "response_mode": req.response_mode.as_str(),
        "response_uri": response_uri(base_url, &req.id),
        "dcql_query": req.query,
        "nonce": req.nonce,
        "state": req.state,
        "aud": "https://self-issued.me/v2",
        "iat": now,
        "exp": req.expires,
        "client_metadata": client_metadata(req, client_name),
    });
    if let Some(n) = wallet_nonce {
        claims["wallet_nonce"] = json!(n);
    }
    let mut header = Map::new();
    header.insert("typ".into(), json!(TYP_REQUEST));
    header.insert("x5c".into(), identity.x5c());
    es256::sign_jws(header, claims.to_string().as_bytes(), identity.key())
}

/// The overall verdict of an answer: the worst of its presentations' (invalid when it
/// holds none).
pub fn overall(reports: &[(String, Report)]) -> Verdict {
    Verdict::worst(reports.iter().map(|(_, r)| r.verdict)).unwrap_or(Verdict::Invalid)
}

/// The authorization response parameters, decrypted when they came encrypted.
fn response_params(
    req: &PendingRequest,
    form: &[(String, String)],
) -> Result<Map<String, Value>, Refusal> {
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if form
        .iter()
        .filter(|(n, _)| n == "response" || n == "vp_token")
        .count()
        > 1
    {
        return Err(Refusal::Malformed("a parameter is repeated".into()));
    }
    // An error response may come unencrypted in either mode (section 8.3.1).
    if let Some(e) = get("error") {
        if get("state").is_some_and(|s| s != req.state) {
            return Err(Refusal::AnotherRequest);
        }
        let d = get("error_description").unwrap_or_default();
        let text: String = format!("{e} {d}").chars().take(300).collect();
        return Err(Refusal::Declined(text.trim().to_string()));
    }
    match req.response_mode {
        ResponseMode::DirectPostJwt => {
            let jwe_text = get("response").ok_or_else(|| {
                Refusal::Malformed("direct_post.jwt needs the encrypted 'response'".into())
            })?;
            let key = req
                .encryption_key
                .as_ref()
                .and_then(|k| EphemeralKey::from_private_jwk(k).ok())
                .ok_or_else(|| Refusal::Malformed("no key to decrypt with".into()))?;
            let (plain, _) = key.decrypt(jwe_text).map_err(|e| match e {
                jwe::JweError::Decrypt => Refusal::AnotherRequest,
                other => Refusal::Malformed(other.to_string()),
            })?;
            match serde_json::from_slice(&plain) {
                Ok(Value::Object(m)) => Ok(m),
                _ => Err(Refusal::Malformed(
                    "the decrypted response is not a JSON object".into(),
                )),
            }
        }
        ResponseMode::DirectPost => {
            if get("response").is_some() && get("vp_token").is_none() {
                return Err(Refusal::Malformed(
                    "an encrypted response to a request for a plain one".into(),
                ));
            }
            let mut m = Map::new();
            for (k, v) in form {
                m.insert(k.clone(), Value::String(v.clone()));
            }
            Ok(m)
        }
    }
}

/// Reads `vp_token`: a JSON object (or its JSON text) from credential query id to a
/// non-empty array of presentations.
fn vp_token(v: &Value) -> Result<Map<String, Value>, Refusal> {
    let parsed = match v {
        Value::String(s) => serde_json::from_str::<Value>(s)
            .map_err(|_| Refusal::Malformed("vp_token is not JSON".into()))?,
        other => other.clone(),
    };
    match parsed {
        Value::Object(m) => Ok(m),
        _ => Err(Refusal::Malformed(
            "vp_token must be an object keyed by credential query id".into(),
        )),
    }
}

/// Which presentations a format expects.
fn presented_as(format: &str) -> &'static [Presented] {
    match format {
        dcql::FORMAT_SD_JWT_VC => &[Presented::SdJwtKeyBinding, Presented::SdJwt],
        dcql::FORMAT_JWT_VC => &[Presented::JwtPresentation, Presented::JwtCredential],
        dcql::FORMAT_LDP_VC => &[Presented::DiPresentation, Presented::DiCredential],
        _ => &[],
    }
}

/// Checks a wallet's answer to request `id` (the form fields POSTed to its
/// `response_uri`) and records the outcome. An answer that cannot even be read leaves
/// the request waiting; any other uses it up, whatever its verdict.
pub async fn check_response(
    verifier: &Verifier,
    store: &dyn PendingStore,
    id: &str,
    form: &[(String, String)],
    now: i64,
) -> Result<Result<Vec<(String, Report)>, Refusal>, StoreError> {
    let req = match store.begin_answer(id, now)? {
        Ok(r) => r,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let params = match response_params(&req, form) {
        Ok(p) => p,
        Err(Refusal::Declined(d)) => {
            store.finish(id, Outcome::Refused(Refusal::Declined(d.clone())))?;
            return Ok(Err(Refusal::Declined(d)));
        }
        Err(other) => {
            store.release(id)?;
            return Ok(Err(other));
        }
    };
    if params.get("state").and_then(Value::as_str) != Some(req.state.as_str()) {
        store.release(id)?;
        return Ok(Err(Refusal::AnotherRequest));
    }
    let result = check_token(verifier, &req, &params).await;
    store.finish(
        id,
        match &result {
            Ok(reports) => Outcome::Answered(reports.clone()),
            Err(r) => Outcome::Refused(r.clone()),
        },
    )?;
    Ok(result)
}

async fn check_token(
    verifier: &Verifier,
    req: &PendingRequest,
    params: &Map<String, Value>,
) -> Result<Vec<(String, Report)>, Refusal> {
    let query = Query::parse(&req.query).map_err(|e| Refusal::Malformed(e.to_string()))?;
    let token = vp_token(params.get("vp_token").unwrap_or(&Value::Null))?;
    let total: usize = token
        .values()
        .map(|v| v.as_array().map_or(1, Vec::len))
        .sum();
    if total > MAX_PRESENTATIONS {
        return Err(Refusal::Malformed("too many presentations".into()));
    }
    let expect = Expectation {
        challenge: Some(req.nonce.clone()),
        domain: Some(req.client_id.clone()),
        ..Expectation::default()
    };
    let mut reports = Vec::new();
    let mut answered = HashSet::new();
    for (cid, list) in &token {
        let cq = query.credential(cid).ok_or_else(|| {
            Refusal::Malformed(format!("'{cid}' is not a credential query of this request"))
        })?;
        let list = list
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| Refusal::Malformed(format!("'{cid}' must be a non-empty array")))?;
        if list.len() > 1 && !cq.multiple {
            return Err(Refusal::Malformed(format!(
                "'{cid}' holds several presentations but multiple was not asked"
            )));
        }
        for p in list {
            let bytes = match p {
                Value::String(s) => s.as_bytes().to_vec(),
                Value::Object(_) => p.to_string().into_bytes(),
                _ => {
                    return Err(Refusal::Malformed(format!(
                        "'{cid}' holds a non-presentation"
                    )))
                }
            };
            let report = verifier.verify(&bytes, &expect).await;
            let binding = cq.require_cryptographic_holder_binding.unwrap_or(true);
            let allowed = presented_as(&cq.format);
            let ok_format = if binding {
                allowed.first() == Some(&report.presented)
            } else {
                allowed.contains(&report.presented)
            };
            if !ok_format {
                return Err(Refusal::WrongFormat {
                    credential: cid.clone(),
                });
            }
            for c in &report.credentials {
                let Some(claims) = &c.claims else { continue };
                if !dcql::meta_matches(cq, &cq.format, claims) && !aka_matches(cq, claims) {
                    return Err(Refusal::WrongType {
                        credential: cid.clone(),
                    });
                }
                let missing = dcql::missing_claims(cq, claims);
                if !missing.is_empty() {
                    return Err(Refusal::MissingClaims {
                        credential: cid.clone(),
                        claims: missing,
                    });
                }
            }
            reports.push((cid.clone(), report));
        }
        answered.insert(cid.as_str());
    }
    query
        .satisfied_by(&answered)
        .map_err(Refusal::NotAnswered)?;
    Ok(reports)
}

/// An SD-JWT VC whose `aka_vcts` names an asked type is of that type too (SD-JWT VC
/// draft, `aka_vcts`).
pub fn aka_matches(q: &dcql::CredentialQuery, claims: &Value) -> bool {
    if q.format != dcql::FORMAT_SD_JWT_VC {
        return false;
    }
    let asked: Vec<&str> = q
        .meta
        .get("vct_values")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    claims
        .get("aka_vcts")
        .and_then(Value::as_array)
        .is_some_and(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .any(|t| asked.contains(&t))
        })
}
