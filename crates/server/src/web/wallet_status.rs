//! The web wallet's status checks: standings older than the wallet's limit (or from
//! before a status change this server saw) are checked again before a page shows them,
//! and "check status now" checks every credential at once.

use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::Router;

use microcred_wallet::freshness::REFRESH_LIMIT;

use super::session::SignedForm;
use super::{failure, see_other, PageLang};
use crate::state::Shared;
use crate::wallet_api::Me;

pub fn routes() -> Router<Shared> {
    Router::new().route("/wallet/check", post(check_now))
}

/// Checks the stale standings of the wallet (or of credential `only`). A failure here
/// is logged and the page shows what was known, with when it was checked.
pub async fn refresh_stale(state: &Shared, me: &Me, only: Option<&str>) {
    let ids = only.map(|id| vec![id.to_string()]);
    if let Err(e) = me
        .wallet
        .refresh(&state.verifier, ids.as_deref(), false, REFRESH_LIMIT)
        .await
    {
        tracing::warn!(error = %e, "checking a wallet's credentials");
    }
}

async fn check_now(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { user: me, .. }: SignedForm<Me>,
) -> Response {
    match me
        .wallet
        .refresh(&state.verifier, None, true, usize::MAX)
        .await
    {
        Ok(_) => see_other("/wallet/credentials?checked=1"),
        Err(e) => failure(pl, e.into()),
    }
}
