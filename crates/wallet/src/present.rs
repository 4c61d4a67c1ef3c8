//! Presentations: the holder proves, for one verifier's request (challenge and domain),
//! that the credentials are theirs; SD-JWT claims are disclosed only as chosen.

use std::sync::Arc;

use serde_json::{json, Value};

use microcred_core::di::{self, ProofConfig};
use microcred_core::did;
use microcred_core::jose::{self, Ed25519Signer};
use microcred_core::keys::SecretKey;
use microcred_core::sdjwt;
use microcred_model::credential;

use crate::error::{Result, WalletError};
use crate::wallet::Wallet;
use microcred_core::format::Format;

const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// How long a JWT presentation is good for.
const JWT_VP_LIFETIME: i64 = 600;

/// Which SD-JWT claims to reveal: every one, those named, or all but those named (the
/// web form's "hide my grade": a credential without a grade simply has nothing to hide).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disclose {
    All,
    Only(Vec<String>),
    AllBut(Vec<String>),
}

impl Disclose {
    /// Whether everything is shown (hiding nothing is showing all).
    pub fn is_all(&self) -> bool {
        match self {
            Disclose::All => true,
            Disclose::AllBut(h) => h.is_empty(),
            Disclose::Only(_) => false,
        }
    }

    /// `--disclose name,grade` (or absent: all).
    pub fn parse(list: Option<&str>) -> Disclose {
        match list {
            None => Disclose::All,
            Some(l) => Disclose::Only(
                l.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
        }
    }
}

/// A made presentation, and what it disclosed.
#[derive(Debug, Clone)]
pub struct Presentation {
    pub text: String,
    /// `application/vp+jwt`, `application/vp` or `application/dc+sd-jwt`.
    pub media_type: &'static str,
    /// For an SD-JWT, the claims revealed (by name); empty otherwise.
    pub disclosed: Vec<String>,
}

/// The JSON pointers `disclose` selects in an SD-JWT whose claims (all disclosed) are
/// `claims`: names are those of [`credential::disclosable_claims`], or JSON pointers.
pub fn pointers_for(claims: &Value, disclose: &Disclose) -> Result<Option<Vec<String>>> {
    let Disclose::Only(names) = disclose else {
        return Ok(None);
    };
    only_pointers(claims, names)
}

/// The pointers a list of hidden names covers; names must be ones microcred knows.
fn hidden_pointers(claims: &Value, names: &[String]) -> Result<Vec<String>> {
    let available = credential::disclosable_claims(claims);
    let mut out = Vec::new();
    for n in names {
        if !credential::DISCLOSABLE
            .iter()
            .any(|k| k.eq_ignore_ascii_case(n))
        {
            return Err(WalletError::Refused(format!(
                "'{n}' is not a claim a credential can hide; choose from: {}",
                credential::DISCLOSABLE.join(", ")
            )));
        }
        if let Some((_, ptrs)) = available.iter().find(|(l, _)| l.eq_ignore_ascii_case(n)) {
            out.extend(ptrs.iter().cloned());
        }
    }
    Ok(out)
}

fn only_pointers(claims: &Value, names: &[String]) -> Result<Option<Vec<String>>> {
    let available = credential::disclosable_claims(claims);
    let mut out = Vec::new();
    for n in names {
        if n.starts_with('/') {
            out.push(n.clone());
            continue;
        }
        match available
            .iter()
            .find(|(label, _)| label.eq_ignore_ascii_case(n))
        {
            Some((_, ptrs)) => out.extend(ptrs.iter().cloned()),
            None => {
                let names: Vec<&str> = available.iter().map(|(l, _)| *l).collect();
                return Err(WalletError::Refused(format!(
                    "'{n}' is not a claim this credential can disclose; choose from: {}",
                    names.join(", ")
                )));
            }
        }
    }
    Ok(Some(out))
}

/// The names of the disclosable claims an SD-JWT reveals when `keep` selects pointers.
fn disclosed_names(claims: &Value, keep: &dyn Fn(&str) -> bool) -> Vec<String> {
    credential::disclosable_claims(claims)
        .into_iter()
        .filter(|(_, ptrs)| ptrs.iter().any(|p| keep(p)))
        .map(|(l, _)| l.to_string())
        .collect()
}

/// The SD-JWT `issued` with only the chosen disclosures, and their names.
pub fn select_disclosures(
    issued: &str,
    claims: &Value,
    disclose: &Disclose,
) -> Result<(String, Vec<String>)> {
    let covers = |c: &str, p: &str| p == c || p.starts_with(&format!("{c}/"));
    let (pointers, hidden) = match disclose {
        Disclose::AllBut(names) => (None, hidden_pointers(claims, names)?),
        other => (pointers_for(claims, other)?, Vec::new()),
    };
    let keep = |p: &str| {
        !hidden.iter().any(|h| covers(h, p))
            && match &pointers {
                None => true,
                Some(ps) => ps.iter().any(|c| covers(c, p)),
            }
    };
    let text = sdjwt::select(issued, &keep).map_err(|e| WalletError::Corrupt(e.to_string()))?;
    Ok((text, disclosed_names(claims, &keep)))
}

fn signer(key: &Arc<SecretKey>, kid: Option<String>) -> Ed25519Signer {
    Ed25519Signer::new(key.clone(), kid)
}

impl Wallet {
    /// A presentation of the credentials `ids` for a verifier's `challenge` and `domain`.
    ///
    /// One SD-JWT is presented on its own with a key-binding JWT; Data Integrity
    /// credentials (with any JWT ones enveloped) make a Data Integrity presentation;
    /// JWT credentials alone make a `vp+jwt`.
    pub fn present(
        &self,
        ids: &[String],
        challenge: &str,
        domain: Option<&str>,
        disclose: &Disclose,
    ) -> Result<Presentation> {
        if ids.is_empty() {
            return Err(WalletError::Refused("name at least one credential".into()));
        }
        if challenge.trim().is_empty() {
            return Err(WalletError::Refused(
                "the verifier's challenge is required".into(),
            ));
        }
        let mut items = Vec::new();
        for id in ids {
            let e = self.find(id)?;
            let bytes = self.store.credential(&e.id)?;
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| WalletError::Corrupt("a credential is not text".into()))?;
            items.push((e, text));
        }
        let sd = items
            .iter()
            .filter(|(e, _)| e.kind == Format::SdJwt)
            .count();
        if sd > 0 && items.len() > 1 {
            return Err(WalletError::Refused(
                "an SD-JWT credential is presented on its own; present it separately".into(),
            ));
        }
        if sd == 0 && !disclose.is_all() {
            return Err(WalletError::Refused(
                "only SD-JWT credentials can hide claims; these are shown whole".into(),
            ));
        }
        let now = chrono::Utc::now().timestamp();
        let me = did::did_key(self.holder.public());
        let vm = did::did_key_vm(self.holder.public());
        if sd == 1 {
            let (_, text) = &items[0];
            let (_, claims) = self.content(&items[0].0.id).map(|(e, _, c)| (e, c))?;
            let obj = claims.as_object().cloned().unwrap_or_default();
            match sdjwt::holder_key(&obj) {
                Ok(k) if k == self.holder.public() => {}
                Ok(_) => {
                    return Err(WalletError::Refused(
                        "this credential is bound to another holder's key; it cannot be presented from this wallet".into(),
                    ))
                }
                Err(_) => {
                    return Err(WalletError::Refused(
                        "this SD-JWT names no holder key (cnf), so it cannot be presented with key binding".into(),
                    ))
                }
            }
            let pointers = pointers_for(&claims, disclose)?;
            let keep = |p: &str| match &pointers {
                None => true,
                Some(ps) => ps.iter().any(|c| p == c || p.starts_with(&format!("{c}/"))),
            };
            let aud = domain.ok_or_else(|| {
                WalletError::Refused(
                    "an SD-JWT presentation names its audience: give the verifier's domain".into(),
                )
            })?;
            let out = sdjwt::present(
                text,
                &keep,
                aud,
                challenge,
                now,
                &signer(&self.holder, None),
            )
            .map_err(|e| WalletError::Corrupt(e.to_string()))?;
            return Ok(Presentation {
                text: out,
                media_type: "application/dc+sd-jwt",
                disclosed: disclosed_names(&claims, &keep),
            });
        }
        let any_di = items.iter().any(|(e, _)| e.kind == Format::DataIntegrity);
        let enveloped = |t: &str| {
            json!({
                "@context": [VC_V2],
                "type": "EnvelopedVerifiableCredential",
                "id": format!("data:application/vc+jwt,{t}"),
            })
        };
        if any_di {
            let mut creds = Vec::new();
            for (e, t) in &items {
                creds.push(match e.kind {
                    Format::DataIntegrity => serde_json::from_str::<Value>(t).map_err(|_| {
                        WalletError::Corrupt("a stored credential is not JSON".into())
                    })?,
                    _ => enveloped(t),
                });
            }
            let vp = json!({
                "@context": [VC_V2],
                "type": ["VerifiablePresentation"],
                "holder": me,
                "verifiableCredential": creds,
            });
            let cfg = ProofConfig {
                created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                verification_method: vm,
                proof_purpose: "authentication".into(),
                challenge: Some(challenge.to_string()),
                domain: domain.map(str::to_string),
            };
            let signed = di::sign(vp, &self.holder, &cfg)
                .map_err(|e| WalletError::Refused(e.to_string()))?;
            return Ok(Presentation {
                text: signed.to_string(),
                media_type: "application/vp",
                disclosed: Vec::new(),
            });
        }
        let mut vp = json!({
            "@context": [VC_V2],
            "type": ["VerifiablePresentation"],
            "holder": me,
            "verifiableCredential": items.iter().map(|(_, t)| enveloped(t)).collect::<Vec<_>>(),
            "nonce": challenge,
            "iat": now,
            "exp": now + JWT_VP_LIFETIME,
        });
        if let Some(d) = domain {
            vp["aud"] = json!(d);
        }
        let token = jose::sign(
            vp.to_string().as_bytes(),
            "vp+jwt",
            &signer(&self.holder, Some(vm)),
        )
        .map_err(|e| WalletError::Corrupt(e.to_string()))?;
        Ok(Presentation {
            text: token,
            media_type: "application/vp+jwt",
            disclosed: Vec::new(),
        })
    }
}
