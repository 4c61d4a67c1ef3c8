//! Status the SD-JWT VC way: the IETF Token Status List (`status.status_list` in the
//! credential, a signed `statuslist+jwt` at its `uri`).
//!
//! The token counts only when its signature is the credential issuer's (the same key
//! resolution as the credential itself: the issuer's DID and the header's `kid`, or a
//! certificate chain in `x5c` leading to a trusted anchor), its
//! `sub` is the `uri` asked for, and it has not expired. Anything else is
//! "could not check", never "not revoked".

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use microcred_core::did::Purpose;
use microcred_core::tsl::{self, StatusList};

use crate::report::{Check, CheckKind, Reason};
use crate::Verifier;

const STATUS: CheckKind = CheckKind::Status;

/// A status list token whose signature, issuer, subject and dates were checked.
pub struct TokenList {
    issuer: String,
    list: StatusList,
}

impl crate::cache::Weigh for TokenList {
    fn weight(&self) -> usize {
        self.issuer.len() + self.list.heap_bytes()
    }
}

impl Verifier {
    /// The status check of a credential that carries `status.status_list`.
    pub(crate) async fn token_status(
        &self,
        claims: &Value,
        issuer: &str,
        now: DateTime<Utc>,
    ) -> Check {
        let (idx, uri) = match tsl::reference(claims) {
            Ok(Some(r)) => r,
            Ok(None) => {
                return Check::unknown(
                    STATUS,
                    Reason::StatusUnsupported {
                        detail: "a status mechanism other than status_list".into(),
                    },
                )
            }
            Err(e) => {
                return Check::unknown(
                    STATUS,
                    Reason::StatusInvalid {
                        url: String::new(),
                        detail: e.to_string(),
                    },
                )
            }
        };
        let invalid = |detail: String| {
            Check::unknown(
                STATUS,
                Reason::StatusInvalid {
                    url: uri.clone(),
                    detail,
                },
            )
        };
        let list = match self.token_lists.get(&uri) {
            Some(l) => l,
            None => {
                let body = match self.fetch.get(&uri).await {
                    Ok(b) => b,
                    Err(e) => {
                        return Check::unknown(
                            STATUS,
                            Reason::StatusUnreachable {
                                url: uri.clone(),
                                detail: e.to_string(),
                            },
                        )
                    }
                };
                match self.read_token(&body, &uri, now).await {
                    Ok((l, ttl)) => {
                        let l = Arc::new(l);
                        self.token_lists
                            .put(&uri, l.clone(), ttl.min(self.opts.status_ttl));
                        l
                    }
                    Err(e) => return invalid(e),
                }
            }
        };
        if list.issuer != issuer {
            return invalid(format!(
                "it was signed by {}, not by the credential's issuer",
                list.issuer
            ));
        }
        match list.list.get(idx) {
            Ok(tsl::VALID) => Check::passed(STATUS, Reason::NotRevoked { checked: 1 }),
            Ok(tsl::INVALID) => Check::failed(STATUS, Reason::Revoked),
            Ok(tsl::SUSPENDED) => Check::failed(STATUS, Reason::Suspended),
            Ok(other) => Check::unknown(
                STATUS,
                Reason::StatusUnsupported {
                    detail: format!("status type {other:#04x}"),
                },
            ),
            Err(e) => invalid(e.to_string()),
        }
    }

    /// Verifies a fetched Status List Token (draft section 5.1 and 8.3).
    async fn read_token(
        &self,
        body: &[u8],
        uri: &str,
        now: DateTime<Utc>,
    ) -> Result<(TokenList, Duration), String> {
        let text = std::str::from_utf8(body)
            .map_err(|_| "not UTF-8 text".to_string())?
            .trim();
        let un = microcred_core::jose::peek(text).map_err(|e| e.to_string())?;
        if un.header.get("typ").and_then(Value::as_str) != Some(tsl::TYP) {
            return Err("the token's typ is not statuslist+jwt".into());
        }
        let claimed = un.payload["iss"].as_str().unwrap_or_default().to_string();
        let (payload, issuer) = if crate::x5c::has_x5c(&un.header) {
            // Signed under a certificate chain (HAIP 1.0 section 6.1.1), as the
            // credential was: it counts only when the chain leads to a trusted anchor,
            // and its issuer is read by the same rule as the credential's.
            let (check, certified) = self.x5c_signature(text, &un.header, now.timestamp());
            let Some(c) = certified else {
                return Err(check.reason.message(microcred_model::Lang::En));
            };
            if check.outcome != crate::report::Outcome::Passed {
                return Err(check.reason.message(microcred_model::Lang::En));
            }
            let issuer = c.identity(Some(&claimed));
            (c.payload, issuer)
        } else {
            // The key comes from the issuer's DID (`iss`, `kid`), as for its credentials.
            let (check, ok) = self
                .jws_signature(text, &un.header, &claimed, Purpose::AssertionMethod)
                .await;
            let Some((payload, _)) = ok else {
                return Err(check.reason.message(microcred_model::Lang::En));
            };
            (payload, claimed)
        };
        let p: Value = serde_json::from_slice(&payload).map_err(|_| "the payload is not JSON")?;
        if p["sub"].as_str() != Some(uri) {
            return Err("its sub is not the uri the credential names".into());
        }
        let skew = self.opts.skew.num_seconds();
        if p["exp"]
            .as_i64()
            .is_some_and(|e| e + skew < now.timestamp())
        {
            return Err("the token has expired".into());
        }
        if p["iat"].as_i64().is_none() {
            return Err("the token has no iat".into());
        }
        let list = StatusList::from_claim(&p["status_list"]).map_err(|e| e.to_string())?;
        let ttl = p["ttl"]
            .as_u64()
            .map(Duration::from_secs)
            .unwrap_or(Duration::MAX);
        Ok((TokenList { issuer, list }, ttl))
    }
}
