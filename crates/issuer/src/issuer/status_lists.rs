//! The issuer's status lists: where they are served and kept, the entry a credential
//! carries, and publishing them (bitstring lists and the IETF Token Status List) from
//! the registry.

use std::fs;
use std::path::PathBuf;

use chrono::Utc;
use microcred_core::signing::KeyType;
use microcred_core::status::StatusPurpose;
use microcred_model::credential;
use serde_json::{json, Value};

use super::{write_atomic, Issuer};
use crate::error::{io, IssuerError, Result};
use crate::format::{self, Format};
use crate::registry::{Filter, Record, Standing};

impl Issuer {
    pub fn status_list_url(&self, purpose: StatusPurpose, list: u32) -> String {
        format!(
            "{}/status/{}/{list}",
            self.config.base_url,
            purpose.as_str()
        )
    }

    /// Where list `list`'s IETF Token Status List token is served: one list for both
    /// revocation (status 1) and suspension (status 2), for SD-JWT VCs.
    pub fn status_token_url(&self, list: u32) -> String {
        format!("{}/status/token/{list}", self.config.base_url)
    }

    pub fn status_token_path(&self, list: u32) -> PathBuf {
        self.dir.join("status").join(format!("token-{list}.jwt"))
    }

    pub fn status_list_path(&self, purpose: StatusPurpose, list: u32) -> PathBuf {
        self.dir
            .join("status")
            .join(format!("{}-{list}.json", purpose.as_str()))
    }

    /// The one status entry of a credential at `index` of list `list`.
    pub fn status_entry(&self, list: u32, index: u32) -> Value {
        crate::status::message_entry(
            &self.status_list_url(StatusPurpose::Message, list),
            index,
            &self.status_reference_url(),
        )
    }

    /// Where the status messages of this issuer's entries are explained.
    pub fn status_reference_url(&self) -> String {
        format!("{}/status/messages", self.config.base_url)
    }

    /// Takes `n` free places on the status lists, publishing first any list this opens
    /// (so a credential never points to a list that is not served).
    pub(super) fn allocate_status(&self, n: usize) -> Result<Vec<(u32, u32)>> {
        let taken = self
            .store()?
            .registry
            .allocate(n, self.config.status_list_size)?;
        for list in taken.opened {
            self.publish_status(list)?;
        }
        Ok(taken.slots)
    }

    /// Re-signs and writes the status lists of list number `list` from the registry
    /// (the `message` list every credential now points to, two bits each, and the
    /// revocation and suspension lists that credentials issued before it point to),
    /// then clears the registry's mark that the list is to be published (unless a
    /// standing changed meanwhile).
    pub fn publish_status(&self, list: u32) -> Result<()> {
        if list == 0 {
            return Ok(());
        }
        let _one = self
            .publishing
            .lock()
            .map_err(|_| IssuerError::Cohort("status publication lock poisoned".into()))?;
        let registry = &self.opened()?.registry;
        let generation = registry
            .pending_lists()?
            .into_iter()
            .find_map(|(l, g)| (l == list).then_some(g));
        fs::create_dir_all(self.dir.join("status")).map_err(io(&self.dir))?;
        let records = registry.list(&Filter::default())?;
        let on_list: Vec<&Record> = records.iter().filter(|r| r.status_list == list).collect();
        for purpose in [
            StatusPurpose::Message,
            StatusPurpose::Revocation,
            StatusPurpose::Suspension,
        ] {
            let bits = if purpose == StatusPurpose::Message {
                crate::status::message_list(
                    self.config.status_list_size,
                    on_list
                        .iter()
                        .map(|r| (r.status_index, crate::status::value_of(&r.standing))),
                )
            } else {
                let mut bits = microcred_core::status::Bitstring::new(self.config.status_list_size);
                for r in &on_list {
                    let set = matches!(
                        (purpose, &r.standing),
                        (StatusPurpose::Revocation, Standing::Revoked { .. })
                            | (StatusPurpose::Suspension, Standing::Suspended { .. })
                    );
                    if set {
                        bits.set(r.status_index as usize, true)?;
                    }
                }
                bits
            };
            let url = self.status_list_url(purpose, list);
            // The size and messages of a `message` list are stated by each entry
            // (`statusSize`, `statusMessage`): the credentials context defines them for
            // BitstringStatusListEntry only, and its protected BitstringStatusList
            // context does not expand them on the list.
            let subject = json!({
                "id": format!("{url}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": purpose.as_str(),
                "encodedList": bits.encode(),
            });
            let unsigned = json!({
                "@context": [credential::VC_V2_CONTEXT],
                "id": url,
                "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                "issuer": self.did,
                "validFrom": Self::now_s(),
                "credentialSubject": subject,
            });
            // A P-256 issuer cannot make eddsa-rdfc-2022 proofs: its lists are VC-JOSE.
            let list_format = match self.key.key_type() {
                KeyType::Ed25519 => Format::DataIntegrity,
                KeyType::P256 => Format::Jwt,
            };
            let mut unsigned = unsigned;
            let signed = format::sign_document_with(
                list_format,
                &mut unsigned,
                &self.key,
                &self.vm,
                Utc::now(),
                format::ProofForm::Object,
                &format::SdJwtExtras::default(),
            )?;
            write_atomic(&self.status_list_path(purpose, list), signed.as_bytes())?;
        }
        self.publish_status_token(list, &records)?;
        if let Some(g) = generation {
            registry.published(list, g)?;
        }
        Ok(())
    }

    /// The IETF Token Status List token of list `list` (draft section 5.1): two bits per
    /// credential, 1 revoked, 2 suspended; signed like the issuer's credentials.
    fn publish_status_token(&self, list: u32, records: &[Record]) -> Result<()> {
        use microcred_core::tsl::{self, StatusList};
        let mut sl = StatusList::new(self.config.status_list_size, 2)?;
        for r in records.iter().filter(|r| r.status_list == list) {
            let v = match r.standing {
                Standing::Revoked { .. } => tsl::INVALID,
                Standing::Suspended { .. } => tsl::SUSPENDED,
                Standing::Active => continue,
            };
            sl.set(r.status_index as u64, v)?;
        }
        // With a certificate the token is signed as the credentials are (HAIP 1.0 section
        // 6.1.1 asks for the `x5c` on status list tokens too), so its `iss` is theirs.
        let iss = match &self.certificate {
            Some(c) => c.iss.clone(),
            None => self.did.clone(),
        };
        let payload = json!({
            "iss": iss,
            "sub": self.status_token_url(list),
            "iat": Utc::now().timestamp(),
            "ttl": 300,
            "status_list": sl.to_claim(),
        });
        let bytes = payload.to_string();
        let jwt = match &self.certificate {
            Some(c) => {
                let signer = self.key.jws_signer(None);
                microcred_core::jose::sign_with_x5c(
                    bytes.as_bytes(),
                    tsl::TYP,
                    signer.as_ref(),
                    &c.chain,
                )?
            }
            None => {
                let signer = self.key.jws_signer(Some(self.vm.clone()));
                microcred_core::jose::sign(bytes.as_bytes(), tsl::TYP, signer.as_ref())?
            }
        };
        write_atomic(&self.status_token_path(list), jwt.as_bytes())
    }
}
