//! OpenID for Verifiable Presentations 1.0, the wallet's side: read a request link, fetch
//! and check the signed request, find the credentials its DCQL query asks for, and —
//! when the learner agrees — answer with exactly the requested claims, bound to the
//! verifier's client id and nonce, encrypted when the verifier asks (`direct_post.jwt`).
//!
//! It answers any verifier that follows the specification, not only microcred's: the
//! request is checked by the rules of its client identifier prefix (`x509_hash`,
//! `x509_san_dns`), and who asks is shown as the certificate says it.

use std::sync::Arc;

use microcred_core::dcql::{self, CredentialQuery, Query};
use microcred_core::jose::Ed25519Signer;
use microcred_core::pct::percent_decode;
use microcred_core::x509::{self, CertInfo};
use microcred_core::{es256, jose, jwe, sdjwt};
use microcred_model::Lang;
use microcred_verifier::Fetch;
use serde_json::{json, Map, Value};

use crate::error::{Result, WalletError};
use crate::oid4vci::{Allowed, Client};
use crate::present::Disclose;
use crate::wallet::Wallet;
use microcred_core::fetch::FetchPolicy;
use microcred_core::format::Format;

/// Largest request link or request object read.
const MAX_REQUEST: usize = 64 * 1024;

/// Why a request cannot be answered, in the learner's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestProblem {
    #[error("not an OpenID4VP request link: {0}")]
    NotALink(String),
    #[error("the request could not be fetched: {0}")]
    Fetch(String),
    #[error("the request is not signed correctly: {0}")]
    Signature(String),
    #[error("the verifier's identity does not hold: {0}")]
    Identity(String),
    #[error("the request is malformed: {0}")]
    Malformed(String),
    #[error("the request asks for something this wallet does not support: {0}")]
    Unsupported(String),
    #[error("the request has expired")]
    Expired,
}

impl RequestProblem {
    pub fn message(&self, lang: Lang) -> String {
        use microcred_text::t;
        match self {
            RequestProblem::NotALink(d) => t!(lang, "wallet_problem_not_a_link", detail = d),
            RequestProblem::Fetch(d) => t!(lang, "wallet_problem_fetch", detail = d),
            RequestProblem::Signature(d) => t!(lang, "wallet_problem_signature", detail = d),
            RequestProblem::Identity(d) => t!(lang, "wallet_problem_identity", detail = d),
            RequestProblem::Malformed(d) => t!(lang, "wallet_problem_malformed", detail = d),
            RequestProblem::Unsupported(d) => t!(lang, "wallet_problem_unsupported", detail = d),
            RequestProblem::Expired => t!(lang, "wallet_problem_expired").to_string(),
        }
    }
}

impl From<RequestProblem> for WalletError {
    fn from(p: RequestProblem) -> Self {
        WalletError::Refused(p.to_string())
    }
}

/// The parameters of a request link (`openid4vp://?client_id=…&request_uri=…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub client_id: String,
    pub request_uri: Option<String>,
    pub request_uri_method: Option<String>,
    /// A request object passed by value.
    pub request: Option<String>,
}

/// Reads a request link in any of the forms wallets are invoked with: `openid4vp://`,
/// `haip-vp://`, or an `https://` wallet address with the same query.
pub fn parse_link(text: &str) -> std::result::Result<Link, RequestProblem> {
    let text = text.trim();
    if text.len() > MAX_REQUEST {
        return Err(RequestProblem::NotALink("too long".into()));
    }
    let query = text
        .split_once('?')
        .map(|(_, q)| q)
        .ok_or_else(|| RequestProblem::NotALink("it has no parameters".into()))?;
    let query = query.split('#').next().unwrap_or_default();
    let mut link = Link {
        client_id: String::new(),
        request_uri: None,
        request_uri_method: None,
        request: None,
    };
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(&v.replace('+', " "))
            .ok_or_else(|| RequestProblem::NotALink("bad percent-encoding".into()))?;
        match k {
            "client_id" => link.client_id = v,
            "request_uri" => link.request_uri = Some(v),
            "request_uri_method" => link.request_uri_method = Some(v),
            "request" => link.request = Some(v),
            _ => {}
        }
    }
    if link.client_id.is_empty() {
        return Err(RequestProblem::NotALink("client_id is missing".into()));
    }
    if link.request_uri.is_none() && link.request.is_none() {
        return Err(RequestProblem::Unsupported(
            "only signed requests (request_uri or request) are answered".into(),
        ));
    }
    if let Some(m) = &link.request_uri_method {
        if m != "get" && m != "post" {
            return Err(RequestProblem::Malformed(
                "request_uri_method is neither get nor post".into(),
            ));
        }
    }
    Ok(link)
}

/// A request whose signature and client identifier were checked.
#[derive(Debug, Clone)]
pub struct Request {
    pub client_id: String,
    /// The verifier's own name from its metadata (unverified: shown as it says).
    pub client_name: Option<String>,
    /// The certificate the request was signed with.
    pub certificate: CertInfo,
    /// The trust anchor the chain leads to, when the wallet knows one.
    pub trusted_by: Option<String>,
    pub response_uri: String,
    pub response_mode: String,
    pub nonce: String,
    pub state: Option<String>,
    pub query: Query,
    /// The key to encrypt the answer to, and the content encryption to use.
    pub encryption: Option<(Value, String)>,
}

fn text_of(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

/// Checks a request object (section 5 and 5.9.3): `typ`, an ES256 signature by the leaf
/// of `x5c`, the client id's prefix against that certificate, the parameters this wallet
/// needs, and its expiry. `anchors` are the certificates the wallet trusts (may be
/// empty: then who asks is shown but not vouched for).
pub fn check_request_object(
    jws: &str,
    link_client_id: &str,
    anchors: &[Vec<u8>],
    now: i64,
) -> std::result::Result<Request, RequestProblem> {
    let sig = |m: String| RequestProblem::Signature(m);
    let un = jose::peek(jws).map_err(|e| sig(e.to_string()))?;
    if un.header.get("typ").and_then(Value::as_str) != Some("oauth-authz-req+jwt") {
        return Err(sig("typ is not oauth-authz-req+jwt".into()));
    }
    let chain = x509::parse_x5c(un.header.get("x5c").unwrap_or(&Value::Null))
        .map_err(|e| sig(e.to_string()))?;
    let leaf = &chain[0];
    let key = x509::p256_key(leaf).map_err(|e| sig(e.to_string()))?;
    let payload = es256::verify_jws(jws, &key).map_err(|e| sig(e.to_string()))?;
    let p: Map<String, Value> = serde_json::from_slice(&payload)
        .map_err(|_| RequestProblem::Malformed("the payload is not a JSON object".into()))?;
    let certificate = x509::info(leaf).map_err(|e| sig(e.to_string()))?;
    let client_id = text_of(p.get("client_id")).unwrap_or_default();
    if client_id != link_client_id {
        return Err(RequestProblem::Identity(
            "the client_id of the link and of the signed request differ".into(),
        ));
    }
    let response_uri = text_of(p.get("response_uri"))
        .ok_or_else(|| RequestProblem::Malformed("response_uri is missing".into()))?;
    let id = RequestProblem::Identity;
    match client_id.split_once(':') {
        Some(("x509_hash", h)) => {
            if h != certificate.hash {
                return Err(id(
                    "x509_hash is not the hash of the signing certificate".into()
                ));
            }
        }
        Some(("x509_san_dns", dns)) => {
            if !certificate.dns_names.iter().any(|d| d == dns) {
                return Err(id("the DNS name is not in the certificate".into()));
            }
            let host = reqwest::Url::parse(&response_uri)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string));
            if host.as_deref() != Some(dns) {
                return Err(id(
                    "response_uri is not on the certificate's DNS name".into()
                ));
            }
        }
        _ => {
            return Err(RequestProblem::Unsupported(
                "client identifier prefixes other than x509_hash and x509_san_dns".into(),
            ))
        }
    }
    if certificate.self_signed {
        return Err(id("the certificate is self-signed".into()));
    }
    let trusted_by = if anchors.is_empty() {
        None
    } else {
        let i = x509::verify_chain(&chain, anchors, now).map_err(|e| id(e.to_string()))?;
        Some(
            x509::info(&anchors[i])
                .map(|c| c.subject)
                .unwrap_or_default(),
        )
    };
    if certificate.not_after < now {
        return Err(id("the certificate has expired".into()));
    }
    if p.get("exp")
        .and_then(Value::as_i64)
        .is_some_and(|e| e < now)
    {
        return Err(RequestProblem::Expired);
    }
    if text_of(p.get("response_type")).as_deref() != Some("vp_token") {
        return Err(RequestProblem::Unsupported(
            "response_type other than vp_token".into(),
        ));
    }
    if p.contains_key("transaction_data") {
        return Err(RequestProblem::Unsupported("transaction_data".into()));
    }
    if p.contains_key("scope") && !p.contains_key("dcql_query") {
        return Err(RequestProblem::Unsupported("scope-named queries".into()));
    }
    let query = Query::parse(p.get("dcql_query").unwrap_or(&Value::Null))
        .map_err(|e| RequestProblem::Malformed(e.to_string()))?;
    let nonce = text_of(p.get("nonce"))
        .filter(|n| !n.is_empty())
        .ok_or_else(|| RequestProblem::Malformed("nonce is missing".into()))?;
    let response_mode = text_of(p.get("response_mode")).unwrap_or_default();
    let metadata = p.get("client_metadata").cloned().unwrap_or(json!({}));
    let encryption = match response_mode.as_str() {
        "direct_post" => None,
        "direct_post.jwt" => Some(pick_encryption(&metadata)?),
        other => {
            return Err(RequestProblem::Unsupported(format!(
                "response_mode '{other}'"
            )))
        }
    };
    // Whether the wallet may send to it is the fetch policy's to say when it answers.
    if !reqwest::Url::parse(&response_uri).is_ok_and(|u| matches!(u.scheme(), "https" | "http")) {
        return Err(RequestProblem::Malformed(
            "response_uri is not a web address".into(),
        ));
    }
    Ok(Request {
        client_id,
        client_name: text_of(metadata.get("client_name")),
        certificate,
        trusted_by,
        response_uri,
        response_mode,
        nonce,
        state: text_of(p.get("state")),
        query,
        encryption,
    })
}

/// The verifier's encryption key (`use` absent or `enc`, `ECDH-ES` on P-256) and the
/// content encryption: A256GCM when offered, as HAIP recommends, else A128GCM.
fn pick_encryption(metadata: &Value) -> std::result::Result<(Value, String), RequestProblem> {
    let keys = metadata
        .pointer("/jwks/keys")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            RequestProblem::Malformed("direct_post.jwt without client_metadata.jwks".into())
        })?;
    let key = keys
        .iter()
        .find(|k| {
            k.get("use").is_none_or(|u| u == "enc")
                && k.get("alg").and_then(Value::as_str) == Some(jwe::ALG)
                && k.get("crv").and_then(Value::as_str) == Some("P-256")
        })
        .ok_or_else(|| RequestProblem::Unsupported("no ECDH-ES P-256 encryption key".into()))?;
    let offered: Vec<&str> = metadata
        .get("encrypted_response_enc_values_supported")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_else(|| vec!["A128GCM"]);
    let enc = ["A256GCM", "A128GCM"]
        .into_iter()
        .find(|e| offered.contains(e))
        .ok_or_else(|| RequestProblem::Unsupported("no A128GCM or A256GCM".into()))?;
    Ok((key.clone(), enc.to_string()))
}

/// One credential the wallet can answer a credential query with.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub entry_id: String,
    pub title: String,
    /// JSON pointers of the claims that would be disclosed (SD-JWT), or empty when the
    /// credential is shown whole (its format cannot hide claims).
    pub pointers: Vec<String>,
    /// The disclosed claims by the names the wallet shows (`name`, `grade`, …; a pointer
    /// when no name covers it).
    pub names: Vec<String>,
    pub whole: bool,
}

/// What a request asks of this wallet, per credential query.
#[derive(Debug, Clone)]
pub struct Matches {
    pub per_query: Vec<(CredentialQuery, Vec<Candidate>)>,
}

impl Matches {
    /// The credential queries to answer with the first candidate of each: all of them
    /// without credential sets, else the first option of each set that the wallet can
    /// fill. `None` when a required set cannot be filled.
    pub fn choose(&self, query: &Query) -> Option<Vec<(String, Candidate)>> {
        let first = |id: &str| {
            self.per_query
                .iter()
                .find(|(q, _)| q.id == id)
                .and_then(|(_, c)| c.first().cloned())
        };
        let mut out = Vec::new();
        match &query.credential_sets {
            None => {
                for (q, _) in &self.per_query {
                    out.push((q.id.clone(), first(&q.id)?));
                }
            }
            Some(sets) => {
                for s in sets {
                    let opt = s
                        .options
                        .iter()
                        .find(|o| o.iter().all(|id| first(id).is_some()));
                    match opt {
                        Some(o) => {
                            for id in o {
                                if !out.iter().any(|(i, _)| i == id) {
                                    out.push((id.clone(), first(id)?));
                                }
                            }
                        }
                        None if s.required => return None,
                        None => {}
                    }
                }
            }
        }
        Some(out)
    }
}

/// The name a requested claim that cannot be hidden is shown by: `title` for the
/// credential's title, else the last segment of its JSON pointer.
fn claim_name(pointer: &str) -> String {
    match pointer {
        "/credentialSubject/achievement/name" => "title".into(),
        p => p.rsplit('/').next().unwrap_or(p).to_string(),
    }
}

fn format_of(kind: Format) -> &'static str {
    match kind {
        Format::SdJwt => dcql::FORMAT_SD_JWT_VC,
        Format::Jwt => dcql::FORMAT_JWT_VC,
        Format::DataIntegrity => dcql::FORMAT_LDP_VC,
    }
}

/// The outcome of answering.
#[derive(Debug, Clone)]
pub struct Answered {
    /// The verifier's HTTP status and what it said (its `redirect_uri`, or an error).
    pub status: u16,
    pub body: Value,
    /// For each credential query answered: the entry and the claims disclosed.
    pub sent: Vec<(String, String, Vec<String>)>,
}

impl Wallet {
    /// Fetches and checks the request a link points to (GET; a verifier that offers
    /// `request_uri_method=post` serves GET too, section 5.10).
    pub async fn resolve_request(
        &self,
        link_text: &str,
        fetch: &dyn Fetch,
        anchors: &[Vec<u8>],
    ) -> std::result::Result<Request, RequestProblem> {
        let link = parse_link(link_text)?;
        let jws = match (&link.request, &link.request_uri) {
            (Some(r), _) => r.clone(),
            (None, Some(uri)) => {
                let bytes = fetch
                    .get(uri)
                    .await
                    .map_err(|e| RequestProblem::Fetch(e.to_string()))?;
                if bytes.len() > MAX_REQUEST {
                    return Err(RequestProblem::Fetch("the request is too large".into()));
                }
                String::from_utf8(bytes)
                    .map_err(|_| RequestProblem::Fetch("the request is not text".into()))?
                    .trim()
                    .to_string()
            }
            (None, None) => return Err(RequestProblem::NotALink("no request".into())),
        };
        check_request_object(
            &jws,
            &link.client_id,
            anchors,
            chrono::Utc::now().timestamp(),
        )
    }

    /// The wallet's credentials that answer each credential query, and which of their
    /// claims would be disclosed.
    pub fn match_request(&self, req: &Request, lang: Lang) -> Result<Matches> {
        let entries = self.entries()?;
        let mut per_query = Vec::new();
        for cq in &req.query.credentials {
            let mut cands = Vec::new();
            for e in &entries {
                let format = format_of(e.kind);
                if cq.format != format {
                    continue;
                }
                let Ok((_, _, claims)) = self.content(&e.id) else {
                    continue;
                };
                let type_ok = dcql::meta_matches(cq, format, &claims)
                    || microcred_verifier::oid4vp::aka_matches(cq, &claims);
                if !type_ok {
                    continue;
                }
                if let Some(pointers) = dcql::selected_claims(cq, &claims) {
                    let known = microcred_model::credential::disclosable_claims(&claims);
                    let mut names: Vec<String> = Vec::new();
                    for p in &pointers {
                        let name = known
                            .iter()
                            .find(|(_, ps)| {
                                ps.iter().any(|k| p == k || p.starts_with(&format!("{k}/")))
                            })
                            .map(|(l, _)| l.to_string())
                            .unwrap_or_else(|| claim_name(p));
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                    cands.push(Candidate {
                        entry_id: e.id.clone(),
                        title: e.title_in(lang).to_string(),
                        pointers,
                        names,
                        whole: e.kind != Format::SdJwt,
                    });
                }
            }
            per_query.push((cq.clone(), cands));
        }
        Ok(Matches { per_query })
    }

    /// Makes the presentation of one credential for one credential query: an SD-JWT
    /// with only the chosen disclosures and a KB-JWT (`aud` = client id, the `nonce`), or
    /// a W3C presentation with the same binding.
    fn presentation_for(&self, req: &Request, c: &Candidate) -> Result<Value> {
        let e = self.find(&c.entry_id)?;
        if e.kind == Format::SdJwt {
            let bytes = self.credential(&e.id)?;
            let issued = std::str::from_utf8(&bytes)
                .map_err(|_| WalletError::Corrupt("a credential is not text".into()))?;
            let chosen = &c.pointers;
            let keep = |p: &str| {
                chosen
                    .iter()
                    .any(|s| p == s || p.starts_with(&format!("{s}/")))
            };
            let signer = Ed25519Signer::new(Arc::clone(&self.holder), None);
            let text = sdjwt::present(
                issued,
                &keep,
                &req.client_id,
                &req.nonce,
                chrono::Utc::now().timestamp(),
                &signer,
            )
            .map_err(|e| WalletError::Corrupt(e.to_string()))?;
            return Ok(Value::String(text));
        }
        let p = self.present(
            std::slice::from_ref(&e.id),
            &req.nonce,
            Some(&req.client_id),
            &Disclose::All,
        )?;
        Ok(match e.kind {
            Format::DataIntegrity => serde_json::from_str(&p.text)
                .map_err(|_| WalletError::Corrupt("a presentation is not JSON".into()))?,
            _ => Value::String(p.text),
        })
    }

    /// Answers a request: with the chosen credentials when `consent`, else with an
    /// `access_denied` error so the verifier stops waiting.
    pub async fn answer_request(
        &self,
        req: &Request,
        chosen: Option<&[(String, Candidate)]>,
        policy: &FetchPolicy,
        allowed: Allowed<'_>,
    ) -> Result<Answered> {
        let client = Client::new(policy, allowed)?;
        let (form, sent) = self.response_form(req, chosen)?;
        let body =
            serde_urlencoded::to_string(&form).map_err(|e| WalletError::Refused(e.to_string()))?;
        let http = client
            .post(&req.response_uri)?
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        let (status, bytes) = client.send_bytes(http, "the verifier").await?;
        Ok(Answered {
            status: status.as_u16(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            sent,
        })
    }

    /// The form fields of the answer (what [`Wallet::answer_request`] posts): the
    /// presentations and `state`, encrypted when asked, or `access_denied`.
    #[allow(clippy::type_complexity)]
    pub fn response_form(
        &self,
        req: &Request,
        chosen: Option<&[(String, Candidate)]>,
    ) -> Result<(Vec<(String, String)>, Vec<(String, String, Vec<String>)>)> {
        let mut form: Vec<(String, String)> = Vec::new();
        let mut sent = Vec::new();
        match chosen {
            None => {
                form.push(("error".into(), "access_denied".into()));
                form.push(("error_description".into(), "the holder declined".into()));
                if let Some(s) = &req.state {
                    form.push(("state".into(), s.clone()));
                }
            }
            Some(chosen) => {
                let mut token = Map::new();
                for (qid, c) in chosen {
                    let p = self.presentation_for(req, c)?;
                    token.insert(qid.clone(), json!([p]));
                    sent.push((qid.clone(), c.entry_id.clone(), c.pointers.clone()));
                }
                let mut params = json!({ "vp_token": token });
                if let Some(s) = &req.state {
                    params["state"] = json!(s);
                }
                match &req.encryption {
                    Some((jwk, enc)) => {
                        let jwe = jwe::encrypt(params.to_string().as_bytes(), jwk, enc)
                            .map_err(|e| WalletError::Refused(e.to_string()))?;
                        form.push(("response".into(), jwe));
                    }
                    None => {
                        form.push(("vp_token".into(), Value::Object(token).to_string()));
                        if let Some(s) = &req.state {
                            form.push(("state".into(), s.clone()));
                        }
                    }
                }
            }
        }
        Ok((form, sent))
    }
}
