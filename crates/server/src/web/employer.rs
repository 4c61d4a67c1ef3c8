//! The employer's pages: check a pasted or dropped credential, and the share page a link
//! or a QR code opens, with a printable certificate.

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use microcred_verifier::Expectation;
use microcred_wallet::share::SharedContent;

use super::i18n::t;
use super::verdict::report_view;
use super::{message, render, render_status, PageLang};
use crate::state::Shared;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/check", get(check_page).post(check))
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

/// The request's page: QR code and link while waiting (the page reloads itself every
/// few seconds, no script needed), then the verdict of what the wallet presented.
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

async fn check_page(pl: PageLang) -> Response {
    render(
        pl,
        "check.html",
        json!({ "input": "", "results": Value::Null, "problem": Value::Null }),
    )
}

#[derive(Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    credential: String,
}

async fn check(State(state): State<Shared>, pl: PageLang, Form(f): Form<CheckForm>) -> Response {
    let text = f.credential.trim();
    if text.is_empty() {
        return render_status(
            pl,
            StatusCode::BAD_REQUEST,
            "check.html",
            json!({ "input": "", "results": Value::Null, "problem": t(pl.lang, "check_empty") }),
        );
    }
    let report = state
        .verifier
        .verify(text.as_bytes(), &Expectation::default())
        .await;
    // The pasted text is not shown back when large: the verdict is what matters.
    let input = if text.len() <= 64 * 1024 { text } else { "" };
    render(
        pl,
        "check.html",
        json!({ "input": input, "results": report_view(&report, pl.lang), "problem": Value::Null }),
    )
}

/// The credentials of a share, each verified now.
pub async fn verified_share(state: &Shared, content: &SharedContent, pl: PageLang) -> Vec<Value> {
    let mut out = Vec::new();
    for c in &content.credentials {
        let report = state
            .verifier
            .verify(c.credential.as_bytes(), &Expectation::default())
            .await;
        out.extend(report_view(&report, pl.lang));
    }
    out
}

/// The share page (`/s/{token}` for a browser).
pub async fn share_page(
    state: &Shared,
    token: &str,
    content: Option<SharedContent>,
    pl: PageLang,
) -> Response {
    let Some(content) = content else {
        return gone(pl);
    };
    let results = verified_share(state, &content, pl).await;
    render(
        pl,
        "share.html",
        json!({
            "results": results,
            "expires": super::date(content.expires),
            "token": token,
        }),
    )
}

/// The printable certificate of a share: A4, every element, a QR code of the link.
pub async fn print_page(
    state: &Shared,
    token: &str,
    content: Option<SharedContent>,
    pl: PageLang,
) -> Response {
    let Some(content) = content else {
        return gone(pl);
    };
    let results = verified_share(state, &content, pl).await;
    let link = format!("{}/s/{token}", state.config.base_url);
    render(
        pl,
        "print.html",
        json!({
            "results": results,
            "link": link,
            "qr": super::qr_svg(&link),
            "checked": chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        }),
    )
}

pub fn gone(pl: PageLang) -> Response {
    message(
        pl,
        StatusCode::NOT_FOUND,
        t(pl.lang, "share_gone_title"),
        t(pl.lang, "share_gone_text"),
    )
}
