//! Revoking, suspending and reinstating a credential, each kept in the registry's audit
//! trail with who did it and when. A revocation needs a reason (the learner and anyone
//! checking the credential may ask why); a suspension can be lifted, a revocation cannot.

use crate::error::{IssuerError, Result};
use crate::issuer::Issuer;
use crate::registry::{Action, Event, Record, Standing};

/// Who a change is recorded as when the caller names nobody (library use).
pub const UNNAMED: &str = "-";

/// The longest reason kept.
pub const MAX_REASON: usize = 500;

fn reason_of(reason: Option<&str>) -> Result<Option<String>> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if r.chars().count() > MAX_REASON => Err(IssuerError::ReasonTooLong(MAX_REASON)),
        Some(r) => Ok(Some(r.chars().filter(|c| !c.is_control()).collect())),
        None => Ok(None),
    }
}

fn actor(by: &str) -> String {
    let by: String = by
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    if by.is_empty() {
        UNNAMED.to_string()
    } else {
        by
    }
}

impl Issuer {
    /// Revokes a credential for good (see [`Issuer::revoke_by`]), by an unnamed operator.
    pub fn revoke(&self, id: &str, reason: &str) -> Result<Record> {
        self.revoke_by(id, reason, UNNAMED)
    }

    /// Suspends a credential (see [`Issuer::suspend_by`]), by an unnamed operator.
    pub fn suspend(&self, id: &str, reason: Option<&str>) -> Result<Record> {
        self.suspend_by(id, reason, UNNAMED)
    }

    /// Lifts a suspension (see [`Issuer::reinstate_by`]), by an unnamed operator.
    pub fn unsuspend(&self, id: &str) -> Result<Record> {
        self.reinstate_by(id, UNNAMED)
    }

    /// A record whose status this issuer keeps (not one whose requester gave its own).
    fn get_with_status(&self, id: &str) -> Result<Record> {
        let rec = self.get(id)?;
        if rec.status_list == 0 {
            return Err(IssuerError::NoStatusHere(id.to_string()));
        }
        Ok(rec)
    }

    /// Revokes a credential for good, recording `reason` (required) and who did it, and
    /// publishes the new revocation list. Revoking a revoked credential changes nothing.
    pub fn revoke_by(&self, id: &str, reason: &str, by: &str) -> Result<Record> {
        let reason = reason_of(Some(reason))?.ok_or(IssuerError::ReasonRequired)?;
        let rec = self.get_with_status(id)?;
        if let Standing::Revoked { .. } = rec.standing {
            // Asked again: perhaps because the list was not published last time.
            self.reconcile()?;
            return Ok(rec);
        }
        let (at, by) = (Self::now_s(), actor(by));
        self.registry_store()?.set_standing(
            id,
            Standing::Revoked {
                at: at.clone(),
                reason: reason.clone(),
                by: Some(by.clone()),
            },
            Event {
                at,
                by,
                action: Action::Revoked,
                reason: Some(reason),
            },
        )?;
        crate::issuer::failpoint("after-standing");
        self.publish_status(rec.status_list)?;
        self.get(id)
    }

    /// Suspends a credential until [`Issuer::reinstate_by`].
    pub fn suspend_by(&self, id: &str, reason: Option<&str>, by: &str) -> Result<Record> {
        let reason = reason_of(reason)?;
        let rec = self.get_with_status(id)?;
        match rec.standing {
            Standing::Revoked { .. } => {
                self.reconcile()?;
                return Err(IssuerError::Revoked(id.to_string()));
            }
            Standing::Suspended { .. } => {
                self.reconcile()?;
                return Ok(rec);
            }
            Standing::Active => {}
        }
        let (at, by) = (Self::now_s(), actor(by));
        self.registry_store()?.set_standing(
            id,
            Standing::Suspended {
                at: at.clone(),
                reason: reason.clone(),
                by: Some(by.clone()),
            },
            Event {
                at,
                by,
                action: Action::Suspended,
                reason,
            },
        )?;
        crate::issuer::failpoint("after-standing");
        self.publish_status(rec.status_list)?;
        self.get(id)
    }

    /// Lifts a suspension: the credential is valid again.
    pub fn reinstate_by(&self, id: &str, by: &str) -> Result<Record> {
        let rec = self.get_with_status(id)?;
        match rec.standing {
            Standing::Revoked { .. } => {
                self.reconcile()?;
                return Err(IssuerError::Revoked(id.to_string()));
            }
            Standing::Active => {
                self.reconcile()?;
                return Err(IssuerError::NotSuspended(id.to_string()));
            }
            Standing::Suspended { .. } => {}
        }
        self.registry_store()?.set_standing(
            id,
            Standing::Active,
            Event {
                at: Self::now_s(),
                by: actor(by),
                action: Action::Reinstated,
                reason: None,
            },
        )?;
        crate::issuer::failpoint("after-standing");
        self.publish_status(rec.status_list)?;
        self.get(id)
    }
}
