//! Staff sign-in and sign-out on the provider's pages: a staff account's password
//! (checked as the issuer crate's staff accounts say) opens a session held in a cookie.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::error::ApiError;
use crate::issuer_api::blocking;
use crate::state::{random_token, Shared};
use crate::web::session::{form_sender, Session};
use crate::web::{failure, field, fields, render, render_status, see_other, PageLang};

use crate::wallet_api::cookie;

use super::{issuer_of, Staff, STAFF_COOKIE};

const STAFF_SESSION: Duration = Duration::from_secs(8 * 3600);

pub(super) async fn start(
    State(state): State<Shared>,
    headers: HeaderMap,
    pl: PageLang,
) -> Response {
    if Staff::find(&state, &headers).is_some() {
        return see_other("/provider/home");
    }
    render(
        pl,
        "provider_signin.html",
        json!({ "problem": Value::Null, "username": "" }),
    )
}

pub(super) async fn signin(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    pl: PageLang,
    body: Bytes,
) -> Response {
    if let Err(e) = crate::wallet_api::auth_allowed(&state, &addr) {
        return failure(pl, e);
    }
    let f = fields(&body);
    let user = field(&f, "username").trim().to_lowercase();
    let pw = Zeroizing::new(field(&f, "password").to_string());
    let Ok(issuer) = issuer_of(&state) else {
        return failure(pl, ApiError::not_found());
    };
    let dir = issuer.dir().to_path_buf();
    let u = user.clone();
    let permit = match state.kdf_permit().await {
        Ok(p) => p,
        Err(e) => return failure(pl, e),
    };
    let ok =
        blocking(move || microcred_issuer::staff::check(&dir, &u, &pw).map_err(ApiError::internal))
            .await;
    drop(permit);
    match ok {
        Ok(true) => {
            let id = random_token(32);
            let csrf = random_token(24);
            if let Ok(mut s) = state.staff_sessions.lock() {
                let now = Instant::now();
                s.retain(|_, (_, _, until)| *until > now);
                s.insert(id.clone(), (user, csrf, now + STAFF_SESSION));
            }
            let secure = if crate::wallet_api::secure_cookies(&state) {
                "; Secure"
            } else {
                ""
            };
            let mut resp = see_other("/provider/home");
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{STAFF_COOKIE}={id}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{secure}",
                STAFF_SESSION.as_secs()
            )) {
                resp.headers_mut().insert(header::SET_COOKIE, v);
            }
            resp
        }
        Ok(false) => render_status(
            pl,
            StatusCode::UNAUTHORIZED,
            "provider_signin.html",
            json!({ "problem": microcred_text::t!(pl.lang, "err_wrong_user_or_password"), "username": user }),
        ),
        Err(e) => failure(pl, e),
    }
}

pub(super) async fn signout(
    State(state): State<Shared>,
    headers: HeaderMap,
    pl: PageLang,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    match form_sender::<Staff>(&state, &headers, &f, pl) {
        Ok(_) => {
            if let (Some(id), Ok(mut s)) =
                (cookie(&headers, STAFF_COOKIE), state.staff_sessions.lock())
            {
                s.remove(id);
            }
        }
        // Another site's form: the session and its cookie stay.
        Err(refused) if refused.status() == StatusCode::FORBIDDEN => return refused,
        Err(_) => {}
    }
    let mut resp = see_other("/provider");
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("mc_staff=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"),
    );
    resp
}
