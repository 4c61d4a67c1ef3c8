//! The employer asking a wallet (OpenID4VP) from `/check`: "Request from a wallet" makes
//! a request with the default query; its page shows the QR code and link while waiting
//! and the verdict of what the wallet presented once it has answered.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::i18n::t;
use super::verdict::report_view;
use super::{render, PageLang};
use crate::state::Shared;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/check/wallet", axum::routing::post(ask_wallet))
        .route("/check/wallet/{id}", get(wallet_page))
}

/// "Request from a wallet": makes an OpenID4VP request with the default query and shows
/// its QR code and link.
async fn ask_wallet(
    State(state): State<Shared>,
    axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
    pl: PageLang,
) -> Response {
    if !state.protocol_limiter.allow(addr.ip()) {
        return super::failure(pl, crate::error::ApiError::too_many());
    }
    match crate::oid4vp::new_request(
        &state,
        None,
        microcred_verifier::oid4vp::ResponseMode::DirectPostJwt,
    ) {
        Ok(c) => {
            let lang = if pl.chosen {
                format!("?lang={}", pl.lang.code())
            } else {
                String::new()
            };
            super::see_other(&format!("/check/wallet/{}{lang}", c.id))
        }
        Err(e) => super::failure(pl, e),
    }
}

/// The request's page: QR code and link while waiting (a script asks for the answer
/// every few seconds; without it, a link does), then the verdict of what was presented.
async fn wallet_page(
    State(state): State<Shared>,
    axum::extract::Path(id): axum::extract::Path<String>,
    pl: PageLang,
) -> Response {
    let Some(o) = state.oid4vp.as_ref() else {
        return super::not_found(pl);
    };
    let Ok(Some(req)) = o.pending.get(&id) else {
        return super::not_found(pl);
    };
    use microcred_verifier::oid4vp::{self, Outcome};
    let expired =
        matches!(req.outcome, Outcome::Waiting) && chrono::Utc::now().timestamp() > req.expires;
    let (waiting, results, refusal, overall) = match &req.outcome {
        Outcome::Waiting | Outcome::Checking if !expired => {
            (true, Vec::new(), Value::Null, Value::Null)
        }
        Outcome::Waiting | Outcome::Checking => (
            false,
            Vec::new(),
            json!(t(pl.lang, "wallet_request_expired")),
            Value::Null,
        ),
        Outcome::Answered(reports) => {
            let mut views = Vec::new();
            for (_, r) in reports {
                views.extend(report_view(r, pl.lang));
            }
            (false, views, Value::Null, json!(oid4vp::overall(reports)))
        }
        Outcome::Refused(r) => (false, Vec::new(), json!(r.message(pl.lang)), Value::Null),
    };
    let link = oid4vp::link(
        &req.client_id,
        &oid4vp::request_uri(&state.config.base_url, &id),
    );
    render(
        pl,
        "check_wallet.html",
        json!({
            "waiting": waiting,
            "id": id,
            "link": link,
            "qr": if waiting { super::qr_svg(&link) } else { None },
            "client_id": req.client_id,
            "results": results,
            "refusal": refusal,
            "overall": overall,
            "expires": chrono::DateTime::from_timestamp(req.expires, 0)
                .map(|d| d.format("%H:%M UTC").to_string()),
        }),
    )
}
