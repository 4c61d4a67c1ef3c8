//! Revocation and suspension: the credential's Bitstring Status List entries are looked
//! up in the issuer's signed status list credentials.
//!
//! A list counts only if its own signature verifies, it was issued by the credential's
//! issuer, it is current, and its purpose is the entry's. Anything else makes the status
//! "could not check": an unreadable list must never make a credential look unrevoked.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use microcred_core::did::Purpose;
use microcred_core::status::{Bitstring, StatusBits, StatusPurpose};

use crate::input::{has_type, parse_json};
use crate::report::{Check, CheckKind, Outcome, Reason};
use crate::signature::id_of;
use crate::validity;
use crate::Verifier;

const STATUS: CheckKind = CheckKind::Status;

/// Most status entries read from one credential: each may name a list of up to 8 MiB
/// to fetch and decode. Two (revocation and suspension) is what issuers use.
pub const MAX_STATUS_ENTRIES: usize = 4;
/// Bytes of verified status lists kept between verifications (see [`crate::cache`]).
pub const STATUS_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// A status list whose signature, issuer and dates were checked.
pub struct VerifiedList {
    issuer: String,
    /// One or more purposes (§2.2: `statusPurpose` is one or more strings).
    purposes: Vec<String>,
    bits: StatusBits,
}

impl crate::cache::Weigh for VerifiedList {
    fn weight(&self) -> usize {
        self.issuer.len()
            + self.purposes.iter().map(String::len).sum::<usize>()
            + self.bits.heap_bytes()
    }
}

enum Standing {
    Clear,
    Set(StatusPurpose),
}

impl Verifier {
    /// The status check of a credential issued by `issuer`.
    pub(crate) async fn status(&self, claims: &Value, issuer: &str, now: DateTime<Utc>) -> Check {
        let entries = match claims.get("credentialStatus") {
            None | Some(Value::Null) => {
                return if claims.get("status").is_some() {
                    self.token_status(claims, issuer, now).await
                } else {
                    Check::passed(STATUS, Reason::NoStatus)
                };
            }
            Some(Value::Array(a)) => a.iter().collect::<Vec<_>>(),
            Some(one) => vec![one],
        };
        if entries.len() > MAX_STATUS_ENTRIES {
            return Check::unknown(
                STATUS,
                Reason::StatusUnsupported {
                    detail: format!("{} status entries", entries.len()),
                },
            );
        }
        let mut outcomes = Vec::new();
        for entry in entries {
            outcomes.push(self.entry(entry, issuer, now).await);
        }
        let set = |p: StatusPurpose| {
            outcomes
                .iter()
                .any(|o| matches!(o, Ok(Standing::Set(q)) if *q == p))
        };
        if set(StatusPurpose::Revocation) {
            return Check::failed(STATUS, Reason::Revoked);
        }
        if set(StatusPurpose::Suspension) {
            return Check::failed(STATUS, Reason::Suspended);
        }
        let checked = outcomes.iter().filter(|o| o.is_ok()).count();
        if let Some(Err(unknown)) = outcomes.into_iter().find(|o| o.is_err()) {
            return unknown;
        }
        Check::passed(STATUS, Reason::NotRevoked { checked })
    }

    async fn entry(
        &self,
        entry: &Value,
        issuer: &str,
        now: DateTime<Utc>,
    ) -> Result<Standing, Check> {
        let unsupported =
            |detail: String| Check::unknown(STATUS, Reason::StatusUnsupported { detail });
        if !has_type(entry, "BitstringStatusListEntry") {
            return Err(unsupported(format!(
                "status entry of type {}",
                entry["type"]
            )));
        }
        // A malformed entry is the credential's own fault, said as such: never "could
        // not check", never read as if it were something else.
        let report = microcred_model::validate::validate_status_entry(entry);
        if let Some(p) = report.errors().next() {
            let detail = format!(
                "{}: {}",
                p.path.replacen('$', "credentialStatus", 1),
                p.message(microcred_model::Lang::En)
            );
            return Err(Check::failed(STATUS, Reason::StatusMalformed { detail }));
        }
        let url = entry["statusListCredential"].as_str().unwrap_or_default();
        let invalid = |detail: &str| {
            Check::unknown(
                STATUS,
                Reason::StatusInvalid {
                    url: url.to_string(),
                    detail: detail.to_string(),
                },
            )
        };
        let purpose_name = entry["statusPurpose"].as_str().unwrap_or_default();
        let Some(purpose) = StatusPurpose::parse(purpose_name) else {
            // A "refresh" entry says nothing about standing.
            return if purpose_name == "refresh" {
                Ok(Standing::Clear)
            } else {
                Err(unsupported(format!("status purpose '{purpose_name}'")))
            };
        };
        // The validator above has checked both.
        let index: usize = entry["statusListIndex"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| invalid("statusListIndex"))?;
        let size = entry["statusSize"].as_u64().unwrap_or(1) as usize;
        let list = self.status_list(url, issuer, now).await?;
        if !list.purposes.iter().any(|p| p == purpose_name) {
            return Err(invalid(&format!(
                "the list is for {}, the entry for {purpose_name}",
                list.purposes.join(", ")
            )));
        }
        // Validate Algorithm: fewer than the minimum entries of this size is an error.
        if list.bits.len() / size < microcred_core::status::MIN_ENTRIES {
            return Err(invalid(&format!(
                "the list holds {} entries of {size} bits; at least {} are required",
                list.bits.len() / size,
                microcred_core::status::MIN_ENTRIES
            )));
        }
        let value = list
            .bits
            .value(index, size)
            .map_err(|e| invalid(&e.to_string()))?;
        if value == 0 {
            return Ok(Standing::Clear);
        }
        match purpose {
            StatusPurpose::Revocation | StatusPurpose::Suspension => Ok(Standing::Set(purpose)),
            StatusPurpose::Message => {
                let message = entry["statusMessage"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|m| {
                        m["status"]
                            .as_str()
                            .and_then(microcred_model::validate::vcdm::parse_status_value)
                            == Some(value)
                    })
                    .and_then(|m| m["message"].as_str())
                    .unwrap_or("undefined");
                match message {
                    "revoked" => Ok(Standing::Set(StatusPurpose::Revocation)),
                    "suspended" => Ok(Standing::Set(StatusPurpose::Suspension)),
                    other => Err(Check::unknown(
                        STATUS,
                        Reason::StatusMessage {
                            status: format!("0x{value:x}"),
                            message: other.to_string(),
                        },
                    )),
                }
            }
        }
    }

    /// The verified list at `url`, from the cache or fetched and checked.
    async fn status_list(
        &self,
        url: &str,
        issuer: &str,
        now: DateTime<Utc>,
    ) -> Result<Arc<VerifiedList>, Check> {
        let invalid = |detail: String| {
            Check::unknown(
                STATUS,
                Reason::StatusInvalid {
                    url: url.to_string(),
                    detail,
                },
            )
        };
        let list = match self.lists.get(url) {
            Some(l) => l,
            None => {
                let body = self.fetch.get(url).await.map_err(|e| {
                    Check::unknown(
                        STATUS,
                        Reason::StatusUnreachable {
                            url: url.to_string(),
                            detail: e.to_string(),
                        },
                    )
                })?;
                let (list, ttl) = self.read_list(&body, now).await.map_err(invalid)?;
                let list = Arc::new(list);
                self.lists
                    .put(url, list.clone(), ttl.min(self.opts.status_ttl));
                list
            }
        };
        if list.issuer != issuer {
            return Err(invalid(format!(
                "it was issued by {}, not by the credential's issuer",
                list.issuer
            )));
        }
        Ok(list)
    }

    /// Verifies a fetched status list credential (Data Integrity or VC-JOSE).
    async fn read_list(
        &self,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<(VerifiedList, Duration), String> {
        let text = std::str::from_utf8(body)
            .map_err(|_| "not UTF-8 text".to_string())?
            .trim();
        let (vc, jwt) = if text.starts_with('{') {
            let vc =
                parse_json(text.as_bytes()).map_err(|r| r.message(microcred_model::Lang::En))?;
            let issuer = id_of(&vc["issuer"]).unwrap_or_default().to_string();
            let (check, _) = self
                .di_signature(&vc, &issuer, Purpose::AssertionMethod)
                .await;
            if check.outcome != Outcome::Passed {
                return Err(check.reason.message(microcred_model::Lang::En));
            }
            (vc, None)
        } else {
            let un = microcred_core::jose::peek(text).map_err(|e| e.to_string())?;
            let issuer = id_of(&un.payload["issuer"])
                .or_else(|| un.payload["iss"].as_str())
                .unwrap_or_default()
                .to_string();
            let (check, ok) = self
                .jws_signature(text, &un.header, &issuer, Purpose::AssertionMethod)
                .await;
            if ok.is_none() {
                return Err(check.reason.message(microcred_model::Lang::En));
            }
            let claims = un.payload.as_object().cloned();
            (un.payload, claims)
        };
        if !has_type(&vc, "BitstringStatusListCredential") {
            return Err("not a BitstringStatusListCredential".into());
        }
        let current = validity::check(&vc, jwt.as_ref(), now, self.opts.skew);
        if current.outcome != Outcome::Passed {
            return Err(current.reason.message(microcred_model::Lang::En));
        }
        let subject = &vc["credentialSubject"];
        if !has_type(subject, "BitstringStatusList") {
            return Err("the subject is not a BitstringStatusList".into());
        }
        let purposes: Vec<String> = match &subject["statusPurpose"] {
            Value::String(p) => vec![p.clone()],
            Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_string) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => return Err("the list names no statusPurpose".into()),
        };
        let bits = StatusBits::new(
            Bitstring::decode(
                subject["encodedList"]
                    .as_str()
                    .ok_or("the list has no encodedList")?,
            )
            .map_err(|e| e.to_string())?,
        );
        // `ttl` is in milliseconds (Bitstring Status List §2.2).
        let ttl = subject["ttl"]
            .as_u64()
            .map(Duration::from_millis)
            .unwrap_or(Duration::MAX);
        let issuer = id_of(&vc["issuer"])
            .or_else(|| vc["iss"].as_str())
            .unwrap_or_default()
            .to_string();
        Ok((
            VerifiedList {
                issuer,
                purposes,
                bits,
            },
            ttl,
        ))
    }
}
