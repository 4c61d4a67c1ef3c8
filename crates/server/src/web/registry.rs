//! The provider's registry pages: every credential issued with how it stands (valid until
//! …, expired on …, revoked, suspended), who changed it and when, what it renews; and
//! revoking, suspending, reinstating and renewing, each through a page that first says
//! what the learner and anyone checking the credential will see.

// A refusal here is the page to answer with, built once per request: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use microcred_issuer::offers::OfferOptions;
use microcred_issuer::{Action, Issuer, Record, Standing};
use microcred_model::{render, Lang};

use super::i18n::t;
use super::provider::{issuer_of, staff_json, Staff};
use super::session::{SignedForm, SignedIn};
use super::{failure, field, not_found, render, render_status, see_other, PageLang};
use crate::error::ApiError;
use crate::issuer_api::{self, blocking};
use crate::state::Shared;

/// How a record stands for a person: an active credential past its end is "expired",
/// never "valid".
fn standing_key(r: &Record, now: chrono::DateTime<chrono::Utc>) -> &'static str {
    match r.standing {
        Standing::Revoked { .. } => "revoked",
        Standing::Suspended { .. } => "suspended",
        Standing::Active if r.expired_at(now) => "expired",
        Standing::Active => "active",
    }
}

fn action_text(a: Action, lang: Lang) -> &'static str {
    t(lang, &format!("event_{}", a.code()))
}

fn record_view(
    r: &Record,
    titles: &HashMap<String, String>,
    renewed_by: &[String],
    lang: Lang,
) -> Value {
    let now = chrono::Utc::now();
    let standing = standing_key(r, now);
    let (reason, by, at) = match &r.standing {
        Standing::Revoked { reason, by, at } => {
            (Some(reason.clone()), by.clone(), Some(at.clone()))
        }
        Standing::Suspended { reason, by, at } => (reason.clone(), by.clone(), Some(at.clone())),
        Standing::Active => (None, None, None),
    };
    json!({
        "id": r.id,
        "qid": microcred_core::pct::percent_encode(&r.id),
        "learner": r.learner,
        "specification": r.specification,
        "title": titles.get(&r.specification).cloned().unwrap_or_else(|| r.specification.clone()),
        "version": r.spec_version.clone().unwrap_or_default(),
        "issued": r.issued_at.get(..10).unwrap_or(&r.issued_at),
        "format": r.format.code(),
        "standing": standing,
        "standing_text": t(lang, &format!("standing_{standing}")),
        // A revoked credential is valid until nothing: its end date is not shown.
        "validity": if matches!(r.standing, Standing::Revoked { .. }) {
            String::new()
        } else {
            r.valid_until.as_deref().and_then(|v| render::validity_line(v, now, lang)).unwrap_or_default()
        },
        "reason": reason.unwrap_or_default(),
        "by": by.unwrap_or_default(),
        "at": at.map(|a| a.get(..10).unwrap_or(&a).to_string()).unwrap_or_default(),
        "renews": r.renews.clone().unwrap_or_default(),
        "renewed_by": renewed_by,
        "events": r.events.iter().map(|e| json!({
            "at": e.at.replace('T', " ").trim_end_matches('Z').to_string(),
            "by": e.by,
            "action": action_text(e.action, lang),
            "reason": e.reason.clone().unwrap_or_default(),
        })).collect::<Vec<_>>(),
        "can_revoke": !matches!(r.standing, Standing::Revoked { .. }),
        "can_suspend": matches!(r.standing, Standing::Active),
        "can_reinstate": matches!(r.standing, Standing::Suspended { .. }),
        "can_renew": !matches!(r.standing, Standing::Revoked { .. }) && r.award.is_some(),
    })
}

fn titles(issuer: &Issuer, lang: Lang) -> HashMap<String, String> {
    issuer
        .catalogue()
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.id.clone(), s.title.text(lang).to_string()))
        .collect()
}

#[derive(Deserialize, Default)]
pub(super) struct RegistryQuery {
    q: Option<String>,
    changed: Option<String>,
}

pub(super) async fn registry(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
    Query(q): Query<RegistryQuery>,
) -> Response {
    let query = q.q.clone().unwrap_or_default();
    let records = match issuer_api::search_records(
        &state,
        issuer_api::SearchQuery {
            q: q.q.clone(),
            specification: None,
            limit: Some(100),
        },
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return failure(pl, e),
    };
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let lang = pl.lang;
    let i2 = issuer.clone();
    let titles = blocking(move || Ok(titles(&i2, lang)))
        .await
        .unwrap_or_default();
    let mut renewed_by: HashMap<String, Vec<String>> = HashMap::new();
    for r in &records {
        if let Some(old) = &r.renews {
            renewed_by
                .entry(old.clone())
                .or_default()
                .push(r.id.clone());
        }
    }
    let rows: Vec<Value> = records
        .iter()
        .rev()
        .map(|r| {
            let by = renewed_by.get(&r.id).cloned().unwrap_or_default();
            record_view(r, &titles, &by, lang)
        })
        .collect();
    render(
        pl,
        "provider_registry.html",
        json!({ "staff": staff_json(&s), "q": query, "rows": rows, "changed": q.changed.is_some() }),
    )
}

#[derive(Deserialize)]
pub(super) struct ConfirmQuery {
    id: String,
    action: String,
}

const ACTIONS: [&str; 4] = ["revoke", "suspend", "reinstate", "renew"];

fn confirm_view(
    s: &Staff,
    r: &Record,
    action: &str,
    titles: &HashMap<String, String>,
    problem: Option<String>,
    reason: &str,
    lang: Lang,
) -> Value {
    json!({
        "staff": staff_json(s),
        "record": record_view(r, titles, &[], lang),
        "action": action,
        "heading": t(lang, &format!("confirm_{action}_title")),
        "learner_sees": t(lang, &format!("confirm_{action}_learner")),
        "employer_sees": t(lang, &format!("confirm_{action}_employer")),
        "button": t(lang, &format!("confirm_{action}_button")),
        "needs_reason": action == "revoke",
        "asks_reason": action == "revoke" || action == "suspend",
        "problem": problem,
        "reason": reason,
    })
}

pub(super) async fn confirm(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
    Query(q): Query<ConfirmQuery>,
) -> Response {
    if !ACTIONS.contains(&q.action.as_str()) {
        return not_found(pl);
    }
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let lang = pl.lang;
    let id = q.id.clone();
    let found = blocking(move || Ok((issuer.get(&id)?, titles(&issuer, lang)))).await;
    let Ok((record, titles)) = found else {
        return not_found(pl);
    };
    render(
        pl,
        "provider_confirm.html",
        confirm_view(&s, &record, &q.action, &titles, None, "", lang),
    )
}

/// Carries out a confirmed change; a revocation without a reason is sent back to its
/// confirmation page with the problem said next to the reason field.
pub(super) async fn change_status(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { user: s, form: f }: SignedForm<Staff>,
) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let id = field(&f, "id").to_string();
    let action = field(&f, "action").to_string();
    let reason = field(&f, "reason").trim().to_string();
    let by = s.username.clone();
    let lang = pl.lang;
    if action == "renew" {
        return renew(&state, pl, &s, issuer, id).await;
    }
    let (i2, id2, action2, reason2) = (issuer.clone(), id.clone(), action.clone(), reason.clone());
    let done = blocking(move || {
        let r = match action2.as_str() {
            "revoke" => i2.revoke_by(&id2, &reason2, &by),
            "suspend" => {
                i2.suspend_by(&id2, (!reason2.is_empty()).then_some(reason2.as_str()), &by)
            }
            "reinstate" => i2.reinstate_by(&id2, &by),
            _ => return Ok(Err(None)),
        };
        Ok(r.map_err(Some))
    })
    .await;
    state.verifier.forget_cached();
    match done {
        Ok(Ok(_)) => see_other(&format!(
            "/provider/registry?changed=1&q={}",
            microcred_core::pct::percent_encode(&id)
        )),
        Ok(Err(None)) => not_found(pl),
        Ok(Err(Some(e))) => {
            let message = e.message(lang);
            let i3 = issuer.clone();
            let page = blocking(move || Ok((i3.get(&id)?, titles(&i3, lang)))).await;
            match page {
                Ok((record, titles)) => render_status(
                    pl,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "provider_confirm.html",
                    confirm_view(&s, &record, &action, &titles, Some(message), &reason, lang),
                ),
                Err(_) => failure(pl, ApiError::bad_request(message)),
            }
        }
        Err(e) => failure(pl, e),
    }
}

/// A renewal is offered to the learner's wallet like any credential from these pages;
/// once redeemed it is issued, linked to the one it renews.
async fn renew(
    state: &Shared,
    pl: PageLang,
    s: &Staff,
    issuer: std::sync::Arc<Issuer>,
    id: String,
) -> Response {
    let by = s.username.clone();
    let base = state.config.base_url.clone();
    let lang = pl.lang;
    let made = blocking(move || {
        let (award, spec, format) = issuer
            .renewal_award(&id, None)
            .map_err(|e| ApiError::bad_request(e.message(lang)))?;
        let learner = award.learner.name.clone();
        let offer = issuer
            .create_offer_with(
                &spec.id,
                award,
                format,
                false,
                &OfferOptions {
                    renews: Some(id.clone()),
                    by: Some(by),
                    ..OfferOptions::default()
                },
            )
            .map_err(|e| ApiError::bad_request(e.message(lang)))?;
        Ok((learner, offer.offer_uri(&base)))
    })
    .await;
    match made {
        Ok((learner, uri)) => {
            let wallet_link = format!(
                "{}/wallet/accept?offer={}",
                state.config.base_url,
                microcred_core::pct::percent_encode(&uri)
            );
            render(
                pl,
                "provider_offer.html",
                json!({
                    "staff": staff_json(s),
                    "learner": learner,
                    "offer_uri": uri,
                    "wallet_link": wallet_link,
                    "qr": super::qr_svg(&wallet_link),
                    "tx_code": Value::Null,
                    "renewal": true,
                }),
            )
        }
        Err(e) => failure(pl, e),
    }
}

/// What the verifier of this server trusts: each issuer on its trust list.
pub(super) async fn trust(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
) -> Response {
    let own = state
        .issuer
        .as_ref()
        .map(|i| i.did().to_string())
        .unwrap_or_default();
    let list = state.verifier.trust_list();
    let issuers: Vec<Value> = list
        .issuers()
        .into_iter()
        .map(|i| {
            json!({
                "name": i.legal_name,
                "did": i.did,
                "country": microcred_model::countries::country_name(&i.country, pl.lang),
                "identifier": i.legal_identifier.clone().unwrap_or_default(),
                "accreditation": i.accreditation.clone().unwrap_or_default(),
                "own": i.did == own,
            })
        })
        .collect();
    render(
        pl,
        "provider_trust.html",
        json!({
            "staff": staff_json(&s),
            "list_name": list.name.clone().unwrap_or_default(),
            "issuers": issuers,
            "source": list.source.as_ref().map(|src| json!({
                "url": src.url,
                "fetched": chrono::DateTime::from_timestamp(src.fetched_at, 0)
                    .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_default(),
            })),
        }),
    )
}
