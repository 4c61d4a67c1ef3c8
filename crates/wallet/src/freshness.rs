//! Status the learner can trust: what the wallet shows was checked, and says when.
//!
//! Each entry keeps the standing last found and when (`checked`). Before a wallet shows
//! entries it re-checks those older than [`STATUS_MAX_AGE`] (or checked before the
//! verifier last saw a status change), a bounded number at a time so a large wallet
//! stays quick; the learner can ask for a check of everything at once. A check that
//! could not reach a status list does not wipe out what was known: the earlier standing
//! and its time are kept, so "checked at" always tells the truth.

use microcred_verifier::{Report, Verifier};

use crate::entry::{Entry, Status};
use crate::error::Result;
use crate::wallet::Wallet;

/// How old a standing may be before it is checked again when shown (15 minutes).
pub const STATUS_MAX_AGE: i64 = 15 * 60;
/// Most entries re-checked before one page or listing (the oldest first).
pub const REFRESH_LIMIT: usize = 50;

/// The standing to record after a check: a "could not check" never replaces a standing
/// found before. Returns the status and the time it was found.
pub fn next_standing(old: &Entry, report: &Report, now: i64) -> (Status, i64) {
    let found = Status::of(report);
    if found == Status::CouldNotCheck && old.status != Status::CouldNotCheck && old.checked > 0 {
        (old.status, old.checked)
    } else {
        (found, now)
    }
}

/// Whether an entry's standing is too old to show without checking again.
pub fn is_stale(e: &Entry, now: i64, changed_at: i64) -> bool {
    e.checked <= now - STATUS_MAX_AGE || e.checked <= changed_at
}

impl Wallet {
    /// Re-checks the entries (all, or those named in `only`) whose standing is stale —
    /// or all of them when `force` — at most `limit`, oldest first. Returns how many
    /// were checked.
    pub async fn refresh(
        &self,
        verifier: &Verifier,
        only: Option<&[String]>,
        force: bool,
        limit: usize,
    ) -> Result<usize> {
        let now = chrono::Utc::now().timestamp();
        let changed_at = verifier.forgotten_at();
        let mut due: Vec<Entry> = self
            .entries()?
            .into_iter()
            .filter(|e| only.is_none_or(|ids| ids.contains(&e.id)))
            .filter(|e| force || is_stale(e, now, changed_at))
            .collect();
        due.sort_by_key(|e| e.checked);
        due.truncate(limit);
        let n = due.len();
        let mut updated = Vec::with_capacity(n);
        for mut e in due {
            let bytes = self.store.credential(&e.id)?;
            let report = verifier.verify(&bytes, &Default::default()).await;
            (e.status, e.checked) = next_standing(&e, &report, now);
            updated.push(e);
        }
        if !updated.is_empty() {
            self.store.upsert(updated)?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use microcred_verifier::{Check, CheckKind, Presented, Reason, Verdict};

    fn report(verdict: Verdict, checks: Vec<Check>) -> Report {
        Report {
            verdict,
            presented: Presented::DiCredential,
            checks,
            credentials: Vec::new(),
        }
    }

    #[test]
    fn an_unreachable_list_keeps_what_was_known() {
        let mut e = crate::entry::tests::sample("a1");
        e.status = Status::Revoked;
        e.checked = 100;
        let unknown = report(
            Verdict::CouldNotCheck,
            vec![Check::unknown(
                CheckKind::Status,
                Reason::StatusUnreachable {
                    url: "https://x".into(),
                    detail: "timed out".into(),
                },
            )],
        );
        assert_eq!(next_standing(&e, &unknown, 500), (Status::Revoked, 100));
        let revoked = report(
            Verdict::Invalid,
            vec![Check::failed(CheckKind::Status, Reason::Revoked)],
        );
        e.status = Status::Valid;
        assert_eq!(next_standing(&e, &revoked, 500), (Status::Revoked, 500));
        e.checked = 0;
        e.status = Status::Valid;
        assert_eq!(
            next_standing(&e, &unknown, 500),
            (Status::CouldNotCheck, 500),
            "never checked: the truth is that it could not be"
        );
    }

    #[test]
    fn staleness() {
        let mut e = crate::entry::tests::sample("a1");
        e.checked = 1_000_000;
        assert!(!is_stale(&e, 1_000_000 + 60, 999_999));
        assert!(is_stale(&e, 1_000_000 + STATUS_MAX_AGE, 0));
        assert!(
            is_stale(&e, 1_000_000 + 60, 1_000_030),
            "a status changed since"
        );
    }
}
