//! The web wallet's files: restoring a whole wallet from a backup (a new account whose
//! password is the backup's) and importing a credential file, pasted text or a picture
//! of its QR code — verified before it is kept, as the command line does.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use zeroize::Zeroizing;

use microcred_verifier::qrimage;

use super::i18n::t;
use super::session::{form_sender, SignedIn};
use super::upload::Upload;
use super::{failure, render_status, see_other, PageLang};
use crate::state::Shared;
use crate::wallet_api::{self, Me};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/wallet/restore", get(restore_page).post(restore))
        .route("/wallet/import", get(import_page).post(import))
}

fn restore_form(
    pl: PageLang,
    status: StatusCode,
    problem: Option<String>,
    username: &str,
) -> Response {
    render_status(
        pl,
        status,
        "wallet_restore.html",
        json!({ "problem": problem, "username": username }),
    )
}

async fn restore_page(pl: PageLang) -> Response {
    restore_form(pl, StatusCode::OK, None, "")
}

async fn restore(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    pl: PageLang,
    req: Request<Body>,
) -> Response {
    if let Err(e) = wallet_api::auth_allowed(&state, &addr) {
        return failure(pl, e);
    }
    let form = match Upload::read(&state, req).await {
        Ok(f) => f,
        Err(e) => return restore_form(pl, StatusCode::BAD_REQUEST, Some(e), ""),
    };
    let user = form.text("username");
    let pw = Zeroizing::new(form.text("password"));
    let backup = form.bytes("backup").to_vec();
    if backup.is_empty() {
        let msg = t(pl.lang, "restore_no_file").to_string();
        return restore_form(pl, StatusCode::BAD_REQUEST, Some(msg), &user);
    }
    let made = async {
        wallet_api::create_account_from(&state, user.clone(), pw.clone(), Some(backup)).await?;
        wallet_api::sign_in(&state, &user, pw).await
    };
    match made.await {
        Ok((id, _)) => {
            super::wallet::session_response(&state, &id, "/wallet/credentials?restored=1")
        }
        Err(e) => restore_form(pl, e.status, Some(e.message_in(pl.lang)), &user),
    }
}

fn import_form(pl: PageLang, status: StatusCode, me: &Me, problem: Option<String>) -> Response {
    render_status(
        pl,
        status,
        "wallet_import.html",
        json!({ "me": { "username": me.username, "csrf": me.csrf }, "problem": problem }),
    )
}

async fn import_page(SignedIn(me): SignedIn<Me>, pl: PageLang) -> Response {
    import_form(pl, StatusCode::OK, &me, None)
}

async fn import(
    State(state): State<Shared>,
    headers: HeaderMap,
    pl: PageLang,
    req: Request<Body>,
) -> Response {
    let form = match Upload::read(&state, req).await {
        Ok(f) => f,
        Err(e) => return failure(pl, crate::error::ApiError::bad_request(e)),
    };
    let me = match form_sender::<Me>(&state, &headers, &form.text_fields(), pl) {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let mut bytes = form.bytes("file").to_vec();
    if bytes.is_empty() {
        bytes = form.text("credential").trim().as_bytes().to_vec();
    }
    if bytes.is_empty() {
        let msg = t(pl.lang, "import_empty").to_string();
        return import_form(pl, StatusCode::BAD_REQUEST, &me, Some(msg));
    }
    // A picture of a QR code: its text is the credential (MC1:…).
    if qrimage::sniff(&bytes).is_some() {
        match qrimage::decode(&bytes) {
            Ok(text) => bytes = text.into_bytes(),
            Err(e) => {
                let seen = microcred_verifier::recognise::Seen::Picture {
                    problem: (&e).into(),
                };
                return import_form(
                    pl,
                    StatusCode::BAD_REQUEST,
                    &me,
                    Some(seen.message(pl.lang)),
                );
            }
        }
    }
    match me.wallet.import(&bytes, &state.verifier).await {
        Ok(imported) => see_other(&format!(
            "/wallet/credentials/{}?received=1",
            imported.entry.id
        )),
        Err(e) => import_form(pl, StatusCode::BAD_REQUEST, &me, Some(e.message(pl.lang))),
    }
}
