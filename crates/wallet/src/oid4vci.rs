//! Receiving a credential by OpenID for Verifiable Credential Issuance 1.0, pre-authorized
//! code flow: the wallet reads the offer, redeems the code at the token endpoint, proves
//! it holds its key, and keeps the credential the issuer binds to that key.

use std::time::Duration;

use serde_json::{json, Value};

use microcred_core::did;
use microcred_core::fetch::{error_chain, read_limited, FetchPolicy};
use microcred_core::jose::{self, Ed25519Signer};
use microcred_core::pct::{percent_decode, percent_encode};
use microcred_verifier::Verifier;

use crate::error::{Result, WalletError};
use crate::wallet::{Imported, Wallet};

pub const OFFER_SCHEME: &str = "openid-credential-offer://";
const PRE_AUTH: &str = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
/// Largest response read from an issuer.
const MAX_RESPONSE: usize = microcred_core::limits::DOCUMENT;

fn refused(m: impl Into<String>) -> WalletError {
    WalletError::Refused(m.into())
}

/// The parts of a credential offer the wallet acts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub credential_issuer: String,
    pub configuration_ids: Vec<String>,
    pub pre_authorized_code: String,
    /// Whether a transaction code is asked for, with its length when said.
    pub tx_code: Option<Option<usize>>,
}

enum Source {
    Inline(Value),
    ByReference(String),
}

fn query_param<'a>(uri: &'a str, name: &str) -> Option<&'a str> {
    let q = uri.split_once('?')?.1;
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then_some(v)
    })
}

fn source(uri: &str) -> Result<Source> {
    let uri = uri.trim();
    // A web wallet's link carrying the offer (`…/wallet/accept?offer=openid-credential-offer…`).
    if let Some(inner) = query_param(uri, "offer").and_then(percent_decode) {
        if inner.starts_with("openid-credential-offer:") && uri.len() <= 64 * 1024 {
            return source(&inner);
        }
    }
    let is_offer = uri.starts_with(OFFER_SCHEME)
        || uri.starts_with("openid-credential-offer:")
        || uri.starts_with("https://")
        || uri.starts_with("http://");
    if !is_offer || uri.len() > 64 * 1024 {
        return Err(refused(
            "not a credential offer (openid-credential-offer://…)",
        ));
    }
    if let Some(v) = query_param(uri, "credential_offer") {
        let text = percent_decode(v).ok_or_else(|| refused("the offer is not properly encoded"))?;
        let json = serde_json::from_str(&text).map_err(|_| refused("the offer is not JSON"))?;
        return Ok(Source::Inline(json));
    }
    if let Some(v) = query_param(uri, "credential_offer_uri") {
        let url = percent_decode(v)
            .ok_or_else(|| refused("the offer address is not properly encoded"))?;
        return Ok(Source::ByReference(url));
    }
    Err(refused(
        "the offer has neither credential_offer nor credential_offer_uri",
    ))
}

/// Reads a Credential Offer object; its issuer must be one `policy` lets the wallet
/// contact.
pub fn read_offer(v: &Value, policy: &FetchPolicy) -> Result<Offer> {
    let issuer = v["credential_issuer"]
        .as_str()
        .ok_or_else(|| refused("the offer names no credential_issuer"))?;
    policy
        .check(issuer)
        .map_err(|e| refused(format!("credential_issuer: {e}")))?;
    let ids: Vec<String> = v["credential_configuration_ids"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        return Err(refused("the offer names no credential configuration"));
    }
    let grant = &v["grants"][PRE_AUTH];
    let code = grant["pre-authorized_code"]
        .as_str()
        .ok_or_else(|| refused("only pre-authorized code offers are supported"))?;
    let tx_code = grant
        .get("tx_code")
        .map(|t| t["length"].as_u64().map(|n| n as usize));
    Ok(Offer {
        credential_issuer: issuer.trim_end_matches('/').to_string(),
        configuration_ids: ids,
        pre_authorized_code: code.to_string(),
        tx_code,
    })
}

/// Reads an offer URI as far as it can be without the network: the offer when it is
/// inline, `None` when it is by reference (whose address must pass `policy`).
pub fn read_offer_uri(uri: &str, policy: &FetchPolicy) -> Result<Option<Offer>> {
    match source(uri)? {
        Source::Inline(v) => read_offer(&v, policy).map(Some),
        Source::ByReference(url) => {
            policy
                .check(&url)
                .map_err(|e| refused(format!("the offer: {e}")))?;
            Ok(None)
        }
    }
}

/// Which addresses the wallet may contact while accepting an offer.
pub type Allowed<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// Talks to an issuer (or a verifier) under the one fetch policy. Network failures are
/// told as one fixed sentence (the details go to the debug log): a wallet hosted on a
/// server must not tell its users what answers on that server's network.
pub(crate) struct Client<'a> {
    http: reqwest::Client,
    policy: &'a FetchPolicy,
    allowed: Allowed<'a>,
}

impl<'a> Client<'a> {
    pub(crate) fn new(policy: &'a FetchPolicy, allowed: Allowed<'a>) -> Result<Client<'a>> {
        let http = policy
            .client(
                concat!("microcred-wallet/", env!("CARGO_PKG_VERSION")),
                Duration::from_secs(20),
            )
            .map_err(|e| refused(e.to_string()))?;
        Ok(Client {
            http,
            policy,
            allowed,
        })
    }

    async fn send(&self, req: reqwest::RequestBuilder, what: &str) -> Result<Value> {
        let unreachable = || refused(format!("{what}: the other side gave no usable answer"));
        let (status, body) = self.send_bytes(req, what).await?;
        let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        if !status.is_success() {
            tracing::debug!(status = status.as_u16(), "{what}: refused");
            // The other side's own explanation (OAuth `error_description`), not the status.
            let why = v["error_description"]
                .as_str()
                .or_else(|| v["message"].as_str())
                .or_else(|| v["error"].as_str())
                .filter(|w| w.len() <= 300)
                .unwrap_or("");
            return Err(if why.is_empty() {
                unreachable()
            } else {
                refused(format!("{what}: refused: {why}"))
            });
        }
        if v.is_null() {
            return Err(refused(format!("{what}: the answer is not JSON")));
        }
        Ok(v)
    }

    /// Sends a request and reads at most [`MAX_RESPONSE`] bytes of the answer, whatever
    /// its status. Network failures are one fixed sentence; the detail goes to the log.
    pub(crate) async fn send_bytes(
        &self,
        req: reqwest::RequestBuilder,
        what: &str,
    ) -> Result<(reqwest::StatusCode, Vec<u8>)> {
        let unreachable = || refused(format!("{what}: the other side gave no usable answer"));
        let resp = req.send().await.map_err(|e| {
            tracing::debug!(error = %error_chain(&e), "{what}: request failed");
            unreachable()
        })?;
        let status = resp.status();
        let body = read_limited(resp, MAX_RESPONSE).await.map_err(|e| {
            tracing::debug!(error = %e, "{what}: response refused");
            unreachable()
        })?;
        Ok((status, body.to_vec()))
    }

    pub(crate) fn permit(&self, url: &str) -> Result<()> {
        if (self.allowed)(url) {
            Ok(())
        } else {
            Err(refused(format!(
                "{url} is not at an issuer this wallet accepts offers from"
            )))
        }
    }

    async fn get(&self, url: &str, what: &str) -> Result<Value> {
        self.permit(url)?;
        let u = self
            .policy
            .check(url)
            .map_err(|e| refused(format!("{what}: {e}")))?;
        self.send(self.http.get(u), what).await
    }

    pub(crate) fn post(&self, url: &str) -> Result<reqwest::RequestBuilder> {
        self.permit(url)?;
        let u = self.policy.check(url).map_err(|e| refused(e.to_string()))?;
        Ok(self.http.post(u))
    }
}

impl Wallet {
    /// Accepts a credential offer: the credential is issued to this wallet's key, then
    /// verified and kept like any import. Every address is contacted under `policy`.
    pub async fn accept_offer(
        &self,
        offer_uri: &str,
        tx_code: Option<&str>,
        verifier: &Verifier,
        policy: &FetchPolicy,
    ) -> Result<Imported> {
        self.accept_offer_from(offer_uri, tx_code, verifier, policy, &|_| true)
            .await
    }

    /// [`Wallet::accept_offer`], contacting only addresses `allowed` accepts as well: a
    /// wallet hosted on a server takes offers only from the issuers it is told to.
    pub async fn accept_offer_from(
        &self,
        offer_uri: &str,
        tx_code: Option<&str>,
        verifier: &Verifier,
        policy: &FetchPolicy,
        allowed: Allowed<'_>,
    ) -> Result<Imported> {
        let client = Client::new(policy, allowed)?;
        let offer_json = match source(offer_uri)? {
            Source::Inline(v) => v,
            Source::ByReference(url) => client.get(&url, "the offer").await?,
        };
        let offer = read_offer(&offer_json, policy)?;
        client.permit(&offer.credential_issuer)?;
        if offer.tx_code.is_some() && tx_code.is_none_or(|t| t.trim().is_empty()) {
            return Err(refused(
                "this offer needs the transaction code your provider gave you",
            ));
        }
        let meta = client
            .get(
                &format!(
                    "{}/.well-known/openid-credential-issuer",
                    offer.credential_issuer
                ),
                "the issuer's metadata",
            )
            .await?;
        if meta["credential_issuer"]
            .as_str()
            .map(|s| s.trim_end_matches('/'))
            != Some(offer.credential_issuer.as_str())
        {
            return Err(refused("the issuer's metadata is for another issuer"));
        }
        let config_id = offer
            .configuration_ids
            .iter()
            .find(|id| {
                meta["credential_configurations_supported"]
                    .get(id.as_str())
                    .is_some()
            })
            .ok_or_else(|| refused("the issuer does not describe the offered credential"))?
            .clone();
        let auth_server = meta["authorization_servers"][0]
            .as_str()
            .unwrap_or(&offer.credential_issuer)
            .trim_end_matches('/')
            .to_string();
        let as_meta = client
            .get(
                &format!("{auth_server}/.well-known/oauth-authorization-server"),
                "the authorization server's metadata",
            )
            .await?;
        let token_endpoint = as_meta["token_endpoint"]
            .as_str()
            .ok_or_else(|| refused("the authorization server names no token endpoint"))?;
        let mut form = format!(
            "grant_type={}&pre-authorized_code={}",
            percent_encode(PRE_AUTH),
            percent_encode(&offer.pre_authorized_code)
        );
        if let Some(t) = tx_code {
            form.push_str(&format!("&tx_code={}", percent_encode(t.trim())));
        }
        let token = client
            .send(
                client
                    .post(token_endpoint)?
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form),
                "redeeming the offer",
            )
            .await?;
        let access = token["access_token"]
            .as_str()
            .ok_or_else(|| refused("the token endpoint gave no access token"))?;
        let nonce = match meta["nonce_endpoint"].as_str() {
            Some(url) => client.send(client.post(url)?, "the nonce").await?["c_nonce"]
                .as_str()
                .map(str::to_string),
            None => None,
        };
        let mut claims =
            json!({ "aud": offer.credential_issuer, "iat": chrono::Utc::now().timestamp() });
        if let Some(n) = &nonce {
            claims["nonce"] = json!(n);
        }
        let signer = Ed25519Signer::new(
            self.holder.clone(),
            Some(did::did_key_vm(self.holder.public())),
        );
        let proof = jose::sign(
            claims.to_string().as_bytes(),
            "openid4vci-proof+jwt",
            &signer,
        )
        .map_err(|e| refused(e.to_string()))?;
        let resp = client
            .send(
                client
                    .post(
                        meta["credential_endpoint"]
                            .as_str()
                            .ok_or_else(|| refused("the issuer names no credential endpoint"))?,
                    )?
                    .bearer_auth(access)
                    .header("content-type", "application/json")
                    .body(json!({ "credential_configuration_id": config_id, "proofs": { "jwt": [proof] } }).to_string()),
                "receiving the credential",
            )
            .await?;
        let credential = &resp["credentials"][0]["credential"];
        let bytes = match credential {
            Value::String(s) => s.clone().into_bytes(),
            Value::Object(_) => credential.to_string().into_bytes(),
            _ => return Err(refused("the issuer's answer holds no credential")),
        };
        self.import(&bytes, verifier).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_are_read_or_refused() {
        let offer = json!({
            "credential_issuer": "https://opisto.example.fi",
            "credential_configuration_ids": ["micro-credential-sd-jwt"],
            "grants": {PRE_AUTH: {"pre-authorized_code": "abc", "tx_code": {"length": 6}}}
        });
        let uri = format!(
            "{OFFER_SCHEME}?credential_offer={}",
            percent_encode(&offer.to_string())
        );
        let Source::Inline(v) = source(&uri).unwrap() else {
            panic!()
        };
        let public = FetchPolicy::public();
        let o = read_offer(&v, &public).unwrap();
        assert_eq!(o.pre_authorized_code, "abc");
        assert_eq!(o.tx_code, Some(Some(6)));
        assert!(
            matches!(source(&format!("{OFFER_SCHEME}?credential_offer_uri=https%3A%2F%2Fx.fi%2Fo%2F1")).unwrap(), Source::ByReference(u) if u == "https://x.fi/o/1")
        );
        for bad in [
            "hello",
            "openid-credential-offer://?x=1",
            "openid-credential-offer://?credential_offer=%7B",
            "javascript:alert(1)",
        ] {
            assert!(source(bad).is_err(), "{bad}");
        }
        let mut plain_http = offer.clone();
        plain_http["credential_issuer"] = json!("http://evil.example");
        assert!(read_offer(&plain_http, &public).is_err(), "HTTPS only");
        for inside in [
            "https://127.0.0.1:8443",
            "http://127.0.0.1:8080",
            "https://[::1]",
            "https://10.0.0.1",
        ] {
            let mut o = offer.clone();
            o["credential_issuer"] = json!(inside);
            assert!(read_offer(&o, &public).is_err(), "{inside}");
        }
        let own = FetchPolicy::public()
            .with_own_origin("http://127.0.0.1:8080")
            .unwrap();
        let mut o = offer.clone();
        o["credential_issuer"] = json!("http://127.0.0.1:8080");
        assert!(read_offer(&o, &own).is_ok(), "a server's own issuer");
        let mut no_grant = offer;
        no_grant["grants"] = json!({});
        assert!(read_offer(&no_grant, &public).is_err());
    }
}
