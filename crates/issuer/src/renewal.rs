//! Renewing a credential: a new credential for the same learner and specification (its
//! current version), issued today with a new end of validity, linked to the one it
//! renews. Both stay in the registry: the old one keeps its history and ends when its
//! validity does; the new one says which it renews.

use chrono::Utc;
use sha2::{Digest, Sha256};

use crate::error::{IssuerError, Result};
use crate::issuer::{IssueOptions, Issued, Issuer, Request};
use crate::registry::{Action, Event, Standing};

impl Issuer {
    /// The award a renewal of `id` issues on `issued` (a date; today when `None`).
    pub fn renewal_award(
        &self,
        id: &str,
        issued: Option<&str>,
    ) -> Result<(
        microcred_model::Award,
        microcred_model::Specification,
        crate::Format,
    )> {
        let rec = self.get(id)?;
        if let Standing::Revoked { .. } = rec.standing {
            return Err(IssuerError::Revoked(id.to_string()));
        }
        let mut award = rec
            .award
            .clone()
            .ok_or_else(|| IssuerError::CannotRenew(id.to_string()))?;
        let spec = self.spec(&rec.specification)?;
        award.id = None;
        award.issued = issued
            .map(str::to_string)
            .unwrap_or_else(|| Utc::now().format("%Y-%m-%d").to_string());
        award.valid_until = None;
        award.specification = spec.id.clone();
        Ok((award, spec, rec.format))
    }

    /// Issues the renewal of credential `id` and records it in the old one's history.
    /// Renewing the same credential twice on one day gives the same renewal.
    pub fn renew(&self, id: &str, issued: Option<&str>, by: &str) -> Result<Issued> {
        let (award, spec, format) = self.renewal_award(id, issued)?;
        let key: String = hex::encode(Sha256::digest(
            format!("renew\0{id}\0{}", award.issued).as_bytes(),
        ));
        let issued = self.issue_with(
            &spec,
            Request {
                award,
                format,
                idempotency_key: Some(key),
            },
            &IssueOptions {
                confirm_expired: false,
                renews: Some(id.to_string()),
            },
        )?;
        if issued.new {
            self.note_renewal(id, &issued.record.id, by)?;
        }
        Ok(issued)
    }

    /// Records in `old`'s history that `new` renews it.
    pub(crate) fn note_renewal(&self, old: &str, new: &str, by: &str) -> Result<()> {
        self.registry_store()?.add_event(
            old,
            Event {
                at: Self::now_s(),
                by: by.to_string(),
                action: Action::Renewed,
                reason: Some(new.to_string()),
            },
        )?;
        Ok(())
    }
}
