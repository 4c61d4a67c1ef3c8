//! The employer's check page: whatever was pasted or uploaded — a share link, a
//! credential, a QR code's text or a picture of one, a credential file, an offer — is
//! recognised by the verifier and answered with one verdict per credential found, or
//! with what it was when it is not a credential.
//!
//! The form is multipart (a picture travels as it is); a plain URL-encoded post with a
//! `credential` field is read too. Share links to this server are read from its own
//! store; links to the servers in `share_servers` are fetched under the fetch policy;
//! other links are not followed.

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use microcred_verifier::{Expectation, Links, Via};

use super::i18n::t;
use super::verdict::report_view;
use super::{render, render_status, PageLang};
use crate::state::Shared;

pub fn routes() -> Router<Shared> {
    Router::new().route("/check", get(page).post(check))
}

async fn page(pl: PageLang) -> Response {
    render(
        pl,
        "check.html",
        json!({ "input": "", "results": Value::Null, "problem": Value::Null, "via_link": Value::Null, "via_picture": false }),
    )
}

async fn check(State(state): State<Shared>, pl: PageLang, req: Request<Body>) -> Response {
    let page = |status: StatusCode, input: &str, ctx: Value| {
        let mut full = json!({ "input": input, "results": Value::Null, "problem": Value::Null, "via_link": Value::Null, "via_picture": false });
        if let (Some(f), Value::Object(extra)) = (full.as_object_mut(), ctx) {
            f.extend(extra);
        }
        render_status(pl, status, "check.html", full)
    };
    let (text, file) = match super::upload::Upload::read(&state, req).await {
        Ok(f) => (f.text("credential"), f.bytes("file").to_vec()),
        Err(e) => return page(StatusCode::BAD_REQUEST, "", json!({ "problem": e })),
    };
    let text = text.trim();
    // A file, when one was chosen, is what is checked.
    let (bytes, input): (&[u8], &str) = if file.is_empty() {
        (
            text.as_bytes(),
            if text.len() <= 64 * 1024 { text } else { "" },
        )
    } else {
        (&file, "")
    };
    if bytes.is_empty() {
        return page(
            StatusCode::BAD_REQUEST,
            "",
            json!({ "problem": t(pl.lang, "check_empty") }),
        );
    }
    let own = |token: &str| -> Option<Vec<String>> {
        let content = crate::shares::find_share(&state, token).ok().flatten()?;
        Some(
            content
                .credentials
                .into_iter()
                .map(|c| c.credential)
                .collect(),
        )
    };
    let links = Links {
        own: Some((state.config.base_url.as_str(), &own)),
        allowed: &state.config.share_servers,
        any: false,
    };
    let checked = state
        .verifier
        .check_any(bytes, &Expectation::default(), &links)
        .await;
    let results: Vec<Value> = checked
        .reports
        .iter()
        .flat_map(|r| report_view(r, pl.lang))
        .collect();
    let via_link = match &checked.via {
        Via::ShareLink(url) => Value::from(url.as_str()),
        Via::Direct => Value::Null,
    };
    page(
        StatusCode::OK,
        input,
        json!({ "results": results, "via_link": via_link, "via_picture": checked.from_picture }),
    )
}
