//! The employer's pages: check a pasted or dropped credential, and the share page a link
//! or a QR code opens, with a printable certificate.

use axum::http::StatusCode;
use axum::response::Response;

use axum::Router;

use serde_json::{json, Value};

use microcred_verifier::Expectation;
use microcred_wallet::share::SharedContent;

use super::i18n::t;
use super::verdict::report_view;
use super::{message, render, PageLang};
use crate::state::Shared;

pub fn routes() -> Router<Shared> {
    super::check::routes().merge(super::ask_wallet::routes())
}

/// The credentials of a share, each verified now.
pub async fn verified_share(state: &Shared, content: &SharedContent, pl: PageLang) -> Vec<Value> {
    verified_share_linked(state, content, pl, None).await
}

/// [`verified_share`], each genuine credential with its "Add to LinkedIn profile" link
/// through `link`.
pub async fn verified_share_linked(
    state: &Shared,
    content: &SharedContent,
    pl: PageLang,
    link: Option<&str>,
) -> Vec<Value> {
    let mut out = Vec::new();
    for c in &content.credentials {
        let report = state
            .verifier
            .verify(c.credential.as_bytes(), &Expectation::default())
            .await;
        let linkedin = link.and_then(|l| super::elsewhere::linkedin_of(&report, l, pl.lang));
        for (i, mut v) in report_view(&report, pl.lang).into_iter().enumerate() {
            v["linkedin"] = linkedin.clone().map(Value::from).unwrap_or(Value::Null);
            v["logo"] = own_logo(state, report.credentials.get(i), &v);
            out.push(v);
        }
    }
    out
}

/// The logo of this server's issuer profile, for a genuine credential this server issued.
/// Only our own: the logo of another issuer is not in its credential, and nothing is
/// fetched.
fn own_logo(
    state: &Shared,
    credential: Option<&microcred_verifier::report::CredentialReport>,
    view: &Value,
) -> Value {
    let ours = state.issuer.as_ref().filter(|i| {
        view["good"] == true && credential.and_then(|c| c.issuer.as_deref()) == Some(i.did())
    });
    ours.and_then(|i| i.profile().logo.clone())
        .map(Value::from)
        .unwrap_or(Value::Null)
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
    let link = format!("{}/s/{token}", state.config.base_url);
    let results = verified_share_linked(state, &content, pl, Some(&link)).await;
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
