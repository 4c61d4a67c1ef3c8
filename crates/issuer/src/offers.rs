//! Credential offers (OpenID for Verifiable Credential Issuance 1.0, pre-authorized code
//! flow): the provider prepares a credential for a learner; the learner's wallet redeems
//! the code, proves its key, and receives the credential bound to that key.
//!
//! An offer is a file under `offers/`, named by the hash of its code, so it survives a
//! restart and the code itself is never stored. A code is used once; with a transaction
//! code (a PIN handed over separately), five wrong tries void the offer.

use std::fs;
use std::sync::Mutex;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use microcred_model::Award;

use crate::error::{IssuerError, Result};
use crate::format::Format;
use crate::issuer::{write_atomic, Issued, Issuer, Request};

/// How long an offer can be redeemed.
pub const OFFER_LIFETIME_SECS: i64 = 7 * 24 * 3600;
/// Wrong transaction codes before an offer is void.
pub const MAX_TX_ATTEMPTS: u32 = 5;

static OFFER_LOCK: Mutex<()> = Mutex::new(());
static OFFER_KEY_LOCK: Mutex<()> = Mutex::new(());

/// How to make an offer, beyond the award.
#[derive(Debug, Clone, Default)]
pub struct OfferOptions {
    /// Make the offer only if no offer under this key is open or was redeemed (a cohort
    /// row uploaded again): else [`IssuerError::AlreadyOffered`].
    pub once_key: Option<String>,
    /// The credential the offered one renews.
    pub renews: Option<String>,
    /// Who makes the offer.
    pub by: Option<String>,
    /// The award is already expired on its day of issue, and the provider confirmed it.
    pub confirm_expired: bool,
}

/// `offers/keys/<hash of key>.json`: which offer a key made.
#[derive(Serialize, Deserialize)]
struct OfferKey {
    offer_file: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub spec_id: String,
    pub award: Award,
    pub format: Format,
    /// SHA-256 of code and transaction code, when one is required.
    #[serde(default)]
    pub tx_code_hash: Option<String>,
    pub created: i64,
    pub expires: i64,
    #[serde(default)]
    pub redeemed: Option<i64>,
    #[serde(default)]
    pub attempts: u32,
    /// The registry ID of the credential issued for it.
    #[serde(default)]
    pub credential_id: Option<String>,
    /// The credential the offered one renews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
    /// Who made the offer (a staff account), for the registry's history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Issue even when already expired on the day of issue (the provider confirmed it).
    #[serde(default)]
    pub confirm_expired: bool,
}

/// A new offer: the code (and transaction code) exist only here, to be handed over.
#[derive(Debug, Clone)]
pub struct NewOffer {
    pub pre_authorized_code: String,
    pub tx_code: Option<String>,
    pub offer: Offer,
}

fn digest(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

/// The OID4VCI configuration ID under which a format is offered.
pub fn configuration_id(format: Format) -> &'static str {
    match format {
        Format::DataIntegrity => "micro-credential-ldp",
        Format::Jwt => "micro-credential-jwt",
        Format::SdJwt => "micro-credential-sd-jwt",
    }
}

pub fn format_of_configuration(id: &str) -> Option<Format> {
    Format::ALL.into_iter().find(|f| configuration_id(*f) == id)
}

impl Issuer {
    fn offer_path(&self, code: &str) -> std::path::PathBuf {
        self.dir()
            .join("offers")
            .join(format!("{}.json", digest(&["offer", code])))
    }

    /// Prepares an offer of `spec_id` for the learner of `award`, in `format`.
    pub fn create_offer(
        &self,
        spec_id: &str,
        award: Award,
        format: Format,
        with_tx_code: bool,
    ) -> Result<NewOffer> {
        self.create_offer_with(
            spec_id,
            award,
            format,
            with_tx_code,
            &OfferOptions::default(),
        )
    }

    fn offer_key_path(&self, key: &str) -> std::path::PathBuf {
        self.dir()
            .join("offers")
            .join("keys")
            .join(format!("{}.json", digest(&["offer-key", key])))
    }

    /// When an offer was made under `key` and is still open (not expired) or was redeemed:
    /// when it was made.
    pub fn offered_under(&self, key: &str) -> Option<i64> {
        let bytes = fs::read(self.offer_key_path(key)).ok()?;
        let k: OfferKey = serde_json::from_slice(&bytes).ok()?;
        let offer: Offer = fs::read(self.dir().join("offers").join(&k.offer_file))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())?;
        let now = chrono::Utc::now().timestamp();
        (offer.redeemed.is_some() || (offer.expires > now && offer.attempts < MAX_TX_ATTEMPTS))
            .then_some(offer.created)
    }

    /// [`Issuer::create_offer`] with options: once per key, a renewal, who made it, an
    /// expired award confirmed.
    pub fn create_offer_with(
        &self,
        spec_id: &str,
        award: Award,
        format: Format,
        with_tx_code: bool,
        opts: &OfferOptions,
    ) -> Result<NewOffer> {
        let spec = self.spec(spec_id)?;
        self.check_award(&spec, &award)?;
        if !opts.confirm_expired {
            let completed = Issuer::complete_award(&spec, &award);
            if let Some(until) = Issuer::expired_on(&completed, chrono::Utc::now()) {
                return Err(IssuerError::AlreadyExpired(until));
            }
        }
        // One offer per key at a time: checked and recorded under the lock, so two
        // uploads of the same list at once still make one offer per row.
        let _once = OFFER_KEY_LOCK
            .lock()
            .map_err(|_| IssuerError::OfferUnusable)?;
        if let Some(key) = &opts.once_key {
            if let Some(created) = self.offered_under(key) {
                return Err(IssuerError::AlreadyOffered(created));
            }
        }
        let mut raw = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let code = B64.encode(raw);
        let tx_code =
            with_tx_code.then(|| format!("{:06}", rand::rngs::OsRng.next_u32() % 1_000_000));
        let now = chrono::Utc::now().timestamp();
        let offer = Offer {
            spec_id: spec.id.clone(),
            award,
            format,
            tx_code_hash: tx_code.as_ref().map(|t| digest(&["tx", &code, t])),
            created: now,
            expires: now + OFFER_LIFETIME_SECS,
            redeemed: None,
            attempts: 0,
            credential_id: None,
            renews: opts.renews.clone(),
            by: opts.by.clone(),
            confirm_expired: opts.confirm_expired,
        };
        let dir = self.dir().join("offers");
        fs::create_dir_all(dir.join("keys")).map_err(|e| IssuerError::Io {
            path: dir.display().to_string(),
            source: e,
        })?;
        self.save_offer(&code, &offer)?;
        if let Some(key) = &opts.once_key {
            let k = OfferKey {
                offer_file: format!("{}.json", digest(&["offer", &code])),
            };
            let text = serde_json::to_vec(&k).map_err(|e| IssuerError::BadAward(e.to_string()))?;
            write_atomic(&self.offer_key_path(key), &text)?;
        }
        Ok(NewOffer {
            pre_authorized_code: code,
            tx_code,
            offer,
        })
    }

    fn save_offer(&self, code: &str, offer: &Offer) -> Result<()> {
        let text =
            serde_json::to_vec_pretty(offer).map_err(|e| IssuerError::BadAward(e.to_string()))?;
        write_atomic(&self.offer_path(code), &text)
    }

    fn load_offer(&self, code: &str) -> Result<Offer> {
        if code.is_empty() || code.len() > 100 {
            return Err(IssuerError::OfferUnusable);
        }
        let bytes = fs::read(self.offer_path(code)).map_err(|_| IssuerError::OfferUnusable)?;
        serde_json::from_slice(&bytes).map_err(|_| IssuerError::OfferUnusable)
    }

    /// Redeems a pre-authorized code (once), checking the transaction code.
    pub fn redeem_offer(&self, code: &str, tx_code: Option<&str>) -> Result<Offer> {
        let _guard = OFFER_LOCK.lock().map_err(|_| IssuerError::OfferUnusable)?;
        let mut offer = self.load_offer(code)?;
        let now = chrono::Utc::now().timestamp();
        if offer.redeemed.is_some() || offer.expires <= now || offer.attempts >= MAX_TX_ATTEMPTS {
            return Err(IssuerError::OfferUnusable);
        }
        if let Some(h) = &offer.tx_code_hash {
            let ok = tx_code.is_some_and(|t| digest(&["tx", code, t]) == *h);
            if !ok {
                offer.attempts += 1;
                self.save_offer(code, &offer)?;
                return Err(IssuerError::WrongTxCode);
            }
        }
        offer.redeemed = Some(now);
        self.save_offer(code, &offer)?;
        Ok(offer)
    }

    /// Issues a redeemed offer's credential to `holder` (a did:key or did:jwk).
    pub fn issue_offer(&self, code: &str, offer: &Offer, holder: &str) -> Result<Issued> {
        let spec = self.spec(&offer.spec_id)?;
        let mut award = offer.award.clone();
        award.learner.did = Some(holder.to_string());
        let issued = self.issue_with(
            &spec,
            Request {
                award,
                format: offer.format,
                idempotency_key: Some(digest(&["offer-issue", code])),
            },
            &crate::issuer::IssueOptions {
                confirm_expired: offer.confirm_expired,
                renews: offer.renews.clone(),
            },
        )?;
        if let (Some(old), true) = (&offer.renews, issued.new) {
            self.note_renewal(old, &issued.record.id, offer.by.as_deref().unwrap_or("-"))?;
        }
        let _guard = OFFER_LOCK.lock().map_err(|_| IssuerError::OfferUnusable)?;
        let mut saved = self.load_offer(code)?;
        saved.credential_id = Some(issued.record.id.clone());
        self.save_offer(code, &saved)?;
        Ok(issued)
    }
}

pub use microcred_core::pct::{percent_decode, percent_encode};

impl NewOffer {
    /// The Credential Offer object (OID4VCI 1.0 §4.1.1).
    pub fn credential_offer(&self, credential_issuer: &str) -> serde_json::Value {
        let mut grant = serde_json::json!({ "pre-authorized_code": self.pre_authorized_code });
        if let Some(t) = &self.tx_code {
            grant["tx_code"] = serde_json::json!({
                "input_mode": "numeric",
                "length": t.len(),
                "description": "Koulutuksen järjestäjän antama tunnusluku / Utbildningsanordnarens kod / The code your provider gave you"
            });
        }
        serde_json::json!({
            "credential_issuer": credential_issuer,
            "credential_configuration_ids": [configuration_id(self.offer.format)],
            "grants": { "urn:ietf:params:oauth:grant-type:pre-authorized_code": grant }
        })
    }

    /// `openid-credential-offer://?credential_offer=…`, for a link or a QR code.
    pub fn offer_uri(&self, credential_issuer: &str) -> String {
        format!(
            "openid-credential-offer://?credential_offer={}",
            percent_encode(&self.credential_offer(credential_issuer).to_string())
        )
    }
}
