//! The learner's pages: sign in, credentials as cards, every element of one, receiving an
//! offer, share links (which credentials, what to hide, how long), QR codes, downloads,
//! backup and progress. Forms carry the session's CSRF token in a hidden field.

// A refusal here is the page to answer with, built once per request: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use axum::body::Bytes;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use microcred_model::credential::DISCLOSABLE;
use microcred_model::Lang;
use microcred_wallet::share::parse_expiry;
use microcred_wallet::Disclose;

use super::i18n::t;
use super::session::{form_sender, Session, SignedForm, SignedIn};
use super::{all_of, failure, field, fields, render, render_status, see_other, PageLang};
use crate::issuer_api::blocking;
use crate::state::Shared;
use crate::wallet_api::{self, signed_in, Me};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/wallet", get(start))
        .route("/wallet/signin", post(signin))
        .route("/wallet/register", post(register))
        .route("/wallet/signout", post(signout))
        .route("/wallet/credentials", get(home))
        .route("/wallet/credentials/{id}", get(credential))
        .route("/wallet/credentials/{id}/delete", post(delete))
        .route("/wallet/credentials/{id}/print", post(print))
        .route("/wallet/accept", get(accept_page).post(accept))
        .route("/wallet/shares", get(shares).post(share))
        .route("/wallet/shares/{token}/end", post(end_share))
        .route("/wallet/backup", post(backup))
}

impl Session for Me {
    const SIGN_IN: &'static str = "/wallet";
    fn find(state: &Shared, headers: &HeaderMap) -> Option<Me> {
        signed_in(state, headers).ok()
    }
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

async fn start(State(state): State<Shared>, headers: HeaderMap, pl: PageLang) -> Response {
    if signed_in(&state, &headers).is_ok() {
        return see_other("/wallet/credentials");
    }
    signin_page(pl, StatusCode::OK, None, "")
}

fn signin_page(
    pl: PageLang,
    status: StatusCode,
    problem: Option<String>,
    username: &str,
) -> Response {
    render_status(
        pl,
        status,
        "wallet_signin.html",
        json!({ "problem": problem, "username": username }),
    )
}

pub fn session_response(state: &Shared, id: &str, to: &str) -> Response {
    let mut resp = see_other(to);
    resp.headers_mut().insert(
        header::SET_COOKIE,
        wallet_api::session_cookie(id, wallet_api::secure_cookies(state)),
    );
    resp
}

async fn signin(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    pl: PageLang,
    body: Bytes,
) -> Response {
    enter(&state, &addr, pl, &body, false).await
}

async fn register(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    pl: PageLang,
    body: Bytes,
) -> Response {
    enter(&state, &addr, pl, &body, true).await
}

/// Signs in from the sign-in form, making the account first if `create`; a refusal shows
/// the form again with the name kept.
async fn enter(
    state: &Shared,
    addr: &SocketAddr,
    pl: PageLang,
    body: &[u8],
    create: bool,
) -> Response {
    if let Err(e) = wallet_api::auth_allowed(state, addr) {
        return failure(pl, e);
    }
    let f = fields(body);
    let user = field(&f, "username").to_string();
    let pw = Zeroizing::new(field(&f, "password").to_string());
    let entered = async {
        if create {
            wallet_api::create_account(state, user.clone(), pw.clone()).await?;
        }
        wallet_api::sign_in(state, &user, pw).await
    };
    match entered.await {
        Ok((id, _)) => session_response(state, &id, "/wallet/credentials"),
        Err(e) => signin_page(pl, e.status, Some(e.message_in(pl.lang)), &user),
    }
}

async fn signout(
    State(state): State<Shared>,
    headers: HeaderMap,
    pl: PageLang,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    match form_sender::<Me>(&state, &headers, &f, pl) {
        Ok(_) => {
            if let (Ok(w), Some(id)) = (
                wallet_api::wallets(&state),
                wallet_api::cookie(&headers, wallet_api::COOKIE),
            ) {
                w.end_session(id);
            }
        }
        // A form without this session's token (another site's): the session stays, and
        // so does the cookie.
        Err(refused) if refused.status() == StatusCode::FORBIDDEN => return refused,
        // Not signed in: nothing to end.
        Err(_) => {}
    }
    let mut resp = see_other("/wallet");
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("mc_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"),
    );
    resp
}

pub fn entry_card(e: &microcred_wallet::Entry, lang: Lang) -> Value {
    json!({
        "checked": chrono::DateTime::from_timestamp(e.checked, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default(),
        "standing": serde_json::to_value(e.status).unwrap_or_default(),
        "id": e.id,
        "title": e.title_in(lang),
        "issuer": e.issuer_name.text(lang),
        "issued": e.issued.get(..10).unwrap_or(&e.issued),
        "status": e.status.label(lang),
        "good": matches!(e.status, microcred_wallet::Status::Valid),
        "kind": e.kind.code(),
    })
}

#[derive(Deserialize, Default)]
struct HomeQuery {
    checked: Option<String>,
    restored: Option<String>,
}

async fn home(
    State(state): State<Shared>,
    SignedIn(me): SignedIn<Me>,
    pl: PageLang,
    Query(q): Query<HomeQuery>,
) -> Response {
    // What is shown was checked: stale standings are checked again first.
    super::wallet_status::refresh_stale(&state, &me, None).await;
    let w = me.wallet.clone();
    let lang = pl.lang;
    let data = blocking(move || Ok((w.entries()?, w.progress()?))).await;
    let (entries, progress) = match data {
        Ok(d) => d,
        Err(e) => return failure(pl, e),
    };
    let progress: Vec<Value> = progress
        .iter()
        .map(|p| {
            json!({
                "title": p.title.text(lang),
                "held": p.held.iter().map(|(_, t)| t.text(lang)).collect::<Vec<_>>(),
                "missing": p.missing.iter().map(|(_, t)| t.text(lang)).collect::<Vec<_>>(),
                "left_out": p.left_out.iter().map(|(_, t, s)| format!("{} ({})", t.text(lang), s.label(lang))).collect::<Vec<_>>(),
            })
        })
        .collect();
    render(
        pl,
        "wallet_home.html",
        json!({
            "me": { "username": me.username, "did": me.wallet.did(), "csrf": me.csrf },
            "cards": entries.iter().map(|e| entry_card(e, lang)).collect::<Vec<_>>(),
            "progress": progress,
            "notice": q
                .checked
                .map(|_| t(lang, "check_now_done"))
                .or(q.restored.map(|_| t(lang, "restored_notice"))),
        }),
    )
}

async fn credential(
    State(state): State<Shared>,
    SignedIn(me): SignedIn<Me>,
    pl: PageLang,
    Path(id): Path<String>,
) -> Response {
    super::wallet_status::refresh_stale(&state, &me, Some(&id)).await;
    let w = me.wallet.clone();
    let found = blocking(move || Ok(w.content(&id)?)).await;
    let (entry, content, _) = match found {
        Ok(c) => c,
        Err(e) => return failure(pl, e),
    };
    let view = content.to_json(pl.lang);
    render(
        pl,
        "wallet_credential.html",
        json!({
            "me": { "username": me.username, "csrf": me.csrf },
            "card": entry_card(&entry, pl.lang),
            "sections": view["sections"],
            "notice": Value::Null,
        }),
    )
}

async fn delete(
    pl: PageLang,
    Path(id): Path<String>,
    SignedForm { user: me, form: f }: SignedForm<Me>,
) -> Response {
    let w = me.wallet.clone();
    // Deleting ends the links that show it: asked once more, on a page of its own.
    if field(&f, "confirm") != "yes" {
        let found = blocking(move || Ok(w.find(&id)?)).await;
        return match found {
            Ok(entry) => render(
                pl,
                "wallet_confirm.html",
                json!({
                    "me": { "username": me.username, "csrf": me.csrf },
                    "card": entry_card(&entry, pl.lang),
                }),
            ),
            Err(e) => failure(pl, e),
        };
    }
    match blocking(move || Ok(w.delete(&id)?)).await {
        Ok(_) => see_other("/wallet/credentials"),
        Err(e) => failure(pl, e),
    }
}

/// A printable certificate needs a link its QR code can lead to: one is made (a year).
async fn print(
    State(state): State<Shared>,
    pl: PageLang,
    Path(id): Path<String>,
    SignedForm { user: me, .. }: SignedForm<Me>,
) -> Response {
    match wallet_api::make_share(&state, &me, vec![id], Some("1y".into()), None).await {
        Ok(v) => see_other(&format!(
            "/s/{}/print",
            v["token"].as_str().unwrap_or_default()
        )),
        Err(e) => failure(pl, e),
    }
}

#[derive(Deserialize, Default)]
struct AcceptQuery {
    offer: Option<String>,
}

async fn accept_page(
    SignedIn(me): SignedIn<Me>,
    pl: PageLang,
    Query(q): Query<AcceptQuery>,
) -> Response {
    accept_form(
        pl,
        StatusCode::OK,
        &me,
        q.offer.as_deref().unwrap_or_default(),
        None,
    )
}

fn accept_form(
    pl: PageLang,
    status: StatusCode,
    me: &Me,
    offer: &str,
    problem: Option<String>,
) -> Response {
    render_status(
        pl,
        status,
        "wallet_accept.html",
        json!({
            "me": { "username": me.username, "csrf": me.csrf },
            "offer": offer,
            "problem": problem,
        }),
    )
}

async fn accept(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { user: me, form: f }: SignedForm<Me>,
) -> Response {
    let offer = field(&f, "offer").trim().to_string();
    let tx = field(&f, "tx_code").trim().to_string();
    let tx = (!tx.is_empty()).then_some(tx);
    match wallet_api::accept_offer(&state, &me, &offer, tx.as_deref()).await {
        Ok(imported) => see_other(&format!(
            "/wallet/credentials/{}?received=1",
            imported.entry.id
        )),
        Err(e) => accept_form(pl, e.status, &me, &offer, Some(e.message_in(pl.lang))),
    }
}

#[derive(Deserialize, Default)]
struct SharesQuery {
    new: Option<String>,
}

async fn shares(
    SignedIn(me): SignedIn<Me>,
    pl: PageLang,
    Query(q): Query<SharesQuery>,
) -> Response {
    shares_page(&me, pl, StatusCode::OK, q.new.as_deref(), None).await
}

async fn shares_page(
    me: &Me,
    pl: PageLang,
    status: StatusCode,
    new: Option<&str>,
    problem: Option<String>,
) -> Response {
    let lang = pl.lang;
    let w = me.wallet.clone();
    let data = blocking(move || Ok((w.entries()?, w.shares()?))).await;
    let (entries, all) = match data {
        Ok(d) => d,
        Err(e) => return failure(pl, e),
    };
    let now = chrono::Utc::now().timestamp();
    let links: Vec<Value> = all
        .iter()
        .rev()
        .map(|s| {
            let url = me.wallet.share_url(&s.token);
            let active = s.active(now);
            json!({
                "token": s.token,
                "url": url,
                "titles": s.titles,
                "expires": super::date(s.expires),
                "active": active,
                "qr": if active { super::qr_svg(&url) } else { None },
                "new": new == Some(s.token.as_str()),
            })
        })
        .collect();
    let claims: Vec<Value> = DISCLOSABLE
        .iter()
        .map(|n| json!({ "name": n, "label": t(lang, &super::i18n::claim_key(n)) }))
        .collect();
    render_status(
        pl,
        status,
        "wallet_shares.html",
        json!({
            "me": { "username": me.username, "csrf": me.csrf },
            "cards": entries.iter().map(|e| entry_card(e, lang)).collect::<Vec<_>>(),
            "links": links,
            "claims": claims,
            "problem": problem,
        }),
    )
}

async fn share(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { user: me, form: f }: SignedForm<Me>,
) -> Response {
    let ids = all_of(&f, "credential");
    if ids.is_empty() {
        let msg = t(pl.lang, "share_pick_one").to_string();
        return shares_page(&me, pl, StatusCode::BAD_REQUEST, None, Some(msg)).await;
    }
    let hide = all_of(&f, "hide");
    let expires = match field(&f, "expires") {
        "" => None,
        e => Some(e.to_string()),
    };
    let w = me.wallet.clone();
    let made = blocking(move || {
        let at = parse_expiry(expires.as_deref(), chrono::Utc::now())?;
        Ok(w.share(&ids, at, &Disclose::AllBut(hide))?)
    })
    .await;
    match made {
        Ok(s) => {
            if let Ok(w) = wallet_api::wallets(&state) {
                w.accounts.index_share(&me.username, &s.token);
            }
            see_other(&format!("/wallet/shares?new={}#new", s.token))
        }
        Err(e) => {
            let m = e.message_in(pl.lang);
            shares_page(&me, pl, e.status, None, Some(m)).await
        }
    }
}

async fn end_share(
    pl: PageLang,
    Path(token): Path<String>,
    SignedForm { user: me, .. }: SignedForm<Me>,
) -> Response {
    let w = me.wallet.clone();
    match blocking(move || Ok(w.unshare(&token)?)).await {
        Ok(_) => see_other("/wallet/shares"),
        Err(e) => failure(pl, e),
    }
}

async fn backup(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    pl: PageLang,
    SignedForm { user: me, form: f }: SignedForm<Me>,
) -> Response {
    let pw = Zeroizing::new(field(&f, "password").to_string());
    match wallet_api::backup_response(&state, &addr, &me, pw).await {
        Ok(r) => r,
        Err(e) => failure(pl, e),
    }
    .into_response()
}
