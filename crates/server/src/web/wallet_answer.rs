//! "Answer a request": the learner opens a verifier's OpenID4VP link (pasted, or from a
//! QR code), sees who asks for which credential and which of its claims, and agrees or
//! declines. The request is fetched and checked again when the answer is sent, so nothing
//! of it has to be kept between the two pages.

// A refusal here is the page to answer with, built once per request: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use microcred_model::Lang;
use microcred_wallet::oid4vp::{Matches, Request};

use super::i18n::t;
use super::session::{SignedForm, SignedIn};
use super::{field, render_status, PageLang};
use crate::state::Shared;
use crate::wallet_api::{origin, Me};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/wallet/answer", get(answer_page).post(review))
        .route("/wallet/answer/send", post(send))
}

#[derive(Deserialize, Default)]
struct AnswerQuery {
    request: Option<String>,
}

fn page(pl: PageLang, status: StatusCode, me: &Me, ctx: Value) -> Response {
    let mut ctx = ctx;
    ctx["me"] = json!({ "username": me.username, "csrf": me.csrf });
    for k in ["problem", "done", "request"] {
        if ctx.get(k).is_none() {
            ctx[k] = Value::Null;
        }
    }
    render_status(pl, status, "wallet_answer.html", ctx)
}

async fn answer_page(
    State(state): State<Shared>,
    SignedIn(me): SignedIn<Me>,
    pl: PageLang,
    Query(q): Query<AnswerQuery>,
) -> Response {
    match q.request.filter(|r| !r.trim().is_empty()) {
        // Opened from a QR code or a link: straight to what is asked.
        Some(link) => review_link(&state, &me, pl, &link).await,
        None => page(pl, StatusCode::OK, &me, json!({ "link": "" })),
    }
}

async fn review(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { user: me, form: f }: SignedForm<Me>,
) -> Response {
    review_link(&state, &me, pl, field(&f, "link").trim()).await
}

/// The hosted wallet reaches https verifiers anywhere, and this server itself (plain
/// http only to the loopback address it runs on); never other local addresses.
fn allowed(state: &Shared) -> impl Fn(&str) -> bool + Sync + '_ {
    let own = origin(&state.config.base_url);
    move |url: &str| url.starts_with("https://") || origin(url) == own
}

/// The verifier's request behind `link`, or why it cannot be had, in `lang`.
async fn resolve(state: &Shared, me: &Me, link: &str, lang: Lang) -> Result<Request, String> {
    let Some(o) = state.oid4vp.as_ref() else {
        return Err(microcred_text::t!(lang, "answer_no_oid4vp").to_string());
    };
    let said = |e: microcred_wallet::oid4vp::RequestProblem| match lang {
        // The English as it always was (the error's own words, after "cannot be answered:").
        Lang::En => e.to_string(),
        _ => e.message(lang),
    };
    let pl_link = microcred_wallet::oid4vp::parse_link(link).map_err(said)?;
    if let Some(uri) = &pl_link.request_uri {
        if !allowed(state)(uri) {
            return Err(microcred_text::t!(lang, "answer_not_https", uri = uri));
        }
    }
    me.wallet
        .resolve_request(link, &o.fetch, &o.anchors)
        .await
        .map_err(said)
}

fn problem_page(pl: PageLang, me: &Me, link: &str, problem: String) -> Response {
    page(
        pl,
        StatusCode::BAD_REQUEST,
        me,
        json!({ "link": link, "problem": problem }),
    )
}

fn claim_label(lang: Lang, name: &str) -> String {
    let key = super::i18n::claim_key(name);
    let text = t(lang, &key);
    if text.is_empty() {
        name.to_string()
    } else {
        text.to_string()
    }
}

fn view_request(req: &Request, matches: &Matches, lang: Lang) -> Value {
    let chosen = matches.choose(&req.query);
    let creds: Vec<Value> = chosen
        .iter()
        .flatten()
        .map(|(_, c)| {
            json!({
                "title": c.title,
                "claims": c.names.iter().map(|n| claim_label(lang, n)).collect::<Vec<_>>(),
                "whole": c.whole,
            })
        })
        .collect();
    json!({
        "verifier": req.client_name.clone().unwrap_or_else(|| req.certificate.subject.clone()),
        "client_id": req.client_id,
        "subject": req.certificate.subject,
        "dns": req.certificate.dns_names.join(", "),
        "trusted_by": req.trusted_by,
        "encrypted": req.encryption.is_some(),
        "can_answer": chosen.is_some(),
        "credentials": creds,
    })
}

async fn review_link(state: &Shared, me: &Me, pl: PageLang, link: &str) -> Response {
    let req = match resolve(state, me, link, pl.lang).await {
        Ok(r) => r,
        Err(e) => return problem_page(pl, me, link, problem_text(pl.lang, &e)),
    };
    let matches = match me.wallet.match_request(&req, pl.lang) {
        Ok(m) => m,
        Err(e) => return problem_page(pl, me, link, e.message(pl.lang)),
    };
    page(
        pl,
        StatusCode::OK,
        me,
        json!({ "link": link, "request": view_request(&req, &matches, pl.lang) }),
    )
}

fn problem_text(lang: Lang, detail: &str) -> String {
    format!("{} {detail}", t(lang, "answer_problem"))
}

async fn send(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { user: me, form: f }: SignedForm<Me>,
) -> Response {
    let link = field(&f, "link").trim().to_string();
    let agree = field(&f, "decision") == "agree";
    let req = match resolve(&state, &me, &link, pl.lang).await {
        Ok(r) => r,
        Err(e) => return problem_page(pl, &me, &link, problem_text(pl.lang, &e)),
    };
    let chosen = if agree {
        let matches = match me.wallet.match_request(&req, pl.lang) {
            Ok(m) => m,
            Err(e) => return problem_page(pl, &me, &link, e.message(pl.lang)),
        };
        match matches.choose(&req.query) {
            Some(c) => Some(c),
            None => return problem_page(pl, &me, &link, t(pl.lang, "answer_nothing").to_string()),
        }
    } else {
        None
    };
    let allow = allowed(&state);
    let policy = match crate::fetch_policy(&state.config) {
        Ok(p) => p,
        Err(e) => return problem_page(pl, &me, &link, problem_text(pl.lang, &e.to_string())),
    };
    let answered = me
        .wallet
        .answer_request(&req, chosen.as_deref(), &policy, &allow)
        .await;
    match answered {
        Ok(a) => page(
            pl,
            StatusCode::OK,
            &me,
            json!({
                "link": "",
                "done": {
                    "declined": !agree,
                    "accepted": (200..300).contains(&a.status),
                    "verifier": req.client_name.clone().unwrap_or(req.client_id.clone()),
                    "said": a.body.get("error_description").and_then(Value::as_str),
                }
            }),
        ),
        Err(e) => problem_page(pl, &me, &link, problem_text(pl.lang, &e.message(pl.lang))),
    }
}
