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
    Router::new().route("/check", get(check_page).post(check))
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
