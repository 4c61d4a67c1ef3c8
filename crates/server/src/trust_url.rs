//! A trust list published signed at an https URL (`--trust-list-url`, with the `did:key`
//! that signs it): fetched under the verifier's fetch policy, refreshed every hour, kept
//! in the data directory so a restart without network still has it. A list that cannot be
//! fetched or whose signature does not hold leaves the last good one in place; its age is
//! shown with each "on the trust list" check.

use std::path::{Path, PathBuf};
use std::time::Duration;

use microcred_verifier::trust::Source;
use microcred_verifier::TrustList;

use crate::state::Shared;

/// How often the list is fetched again.
pub const REFRESH: Duration = Duration::from_secs(3600);

fn cache(data: &Path) -> (PathBuf, PathBuf) {
    (
        data.join("trust-list-url.jws"),
        data.join("trust-list-url.fetched"),
    )
}

/// The cached copy of the list from `url`, if there is one and its signature holds.
pub fn cached(data: &Path, url: &str, signer: &str) -> Option<TrustList> {
    let (jws, at) = cache(data);
    let fetched_at: i64 = std::fs::read_to_string(at).ok()?.trim().parse().ok()?;
    let mut list = TrustList::from_signed(&std::fs::read(jws).ok()?, signer).ok()?;
    list.source = Some(Source {
        url: url.to_string(),
        fetched_at,
    });
    Some(list)
}

/// The list from the URL with every issuer of `local` (the file list and this server's
/// own issuer) added.
pub fn combined(mut from_url: TrustList, local: &TrustList) -> TrustList {
    for i in local.issuers() {
        from_url.add(i.clone());
    }
    for a in local.anchors() {
        from_url.add_anchor(a.clone());
    }
    from_url
}

/// Fetches the list once, keeps it and puts it in place; `Err` says why not.
pub async fn refresh(state: &Shared) -> Result<(), String> {
    let Some((url, signer)) = state.config.trust_list_url.clone() else {
        return Ok(());
    };
    let fetch = state.verifier.fetcher();
    let now = chrono::Utc::now().timestamp();
    let (list, bytes) = TrustList::fetch_signed(fetch.as_ref(), &url, &signer, now)
        .await
        .map_err(|e| e.to_string())?;
    let (jws, at) = cache(&state.config.data);
    microcred_core::files::write_atomic(&jws, &bytes, false).map_err(|e| e.to_string())?;
    microcred_core::files::write_atomic(&at, now.to_string().as_bytes(), false)
        .map_err(|e| e.to_string())?;
    let file = state
        .config
        .trust_list
        .clone()
        .or_else(|| Some(state.config.data.join("trust-list.json")).filter(|p| p.exists()));
    let mut local = match &file {
        Some(p) => TrustList::load(p).unwrap_or_default(),
        None => TrustList::empty(),
    };
    if let Some(i) = &state.issuer {
        crate::add_own_issuer(&mut local, i);
    }
    state.verifier.set_trust_list(combined(list, &local));
    Ok(())
}

/// Refreshes the list now and every [`REFRESH`].
pub async fn refresh_forever(state: Shared) {
    loop {
        match refresh(&state).await {
            Ok(()) => tracing::info!("trust list refreshed from its URL"),
            Err(e) => {
                tracing::warn!(reason = %e, "the trust list could not be refreshed; the last good one stays")
            }
        }
        tokio::time::sleep(REFRESH).await;
    }
}
