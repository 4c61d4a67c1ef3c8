//! The provider's pages: sign in with a staff account, describe a micro-credential (every
//! validation problem next to its field), issue to one learner (an offer with its QR code)
//! or to a cohort from a CSV (offers, with progress), search the registry and revoke or
//! suspend; and the public catalogue. This module holds their routes and the signed-in
//! staff member they share; each part is a module of its own.

// A refusal here is the page to answer with, built once per request: boxing it buys nothing.
#![allow(clippy::result_large_err)]

mod catalogue;
mod cohort;
mod offers;
mod signin;

use std::sync::Arc;
use std::time::Instant;

use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use microcred_issuer::{Format, Issuer};

use microcred_model::Lang;

use crate::error::ApiError;
use crate::issuer_api;
use crate::state::Shared;
use crate::web::session::Session;

use crate::wallet_api::cookie;

use catalogue::{catalogue, catalogue_spec};
use cohort::{cohort, cohort_csv, cohort_page, cohort_template};
use offers::{home, offer};
use signin::{signin, signout, start};

pub const STAFF_COOKIE: &str = "mc_staff";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/provider", get(start))
        .route("/provider/signin", post(signin))
        .route("/provider/signout", post(signout))
        .route("/provider/home", get(home))
        .route("/provider/offer", post(offer))
        .route("/provider/cohort", post(cohort))
        .route("/provider/cohort/template", get(cohort_template))
        .route("/provider/cohort/{job}", get(cohort_page))
        .route("/provider/cohort/{job}/offers.csv", get(cohort_csv))
        .route(
            "/provider/spec",
            get(crate::web::spec_form::list).post(crate::web::spec_form::upload),
        )
        .route(
            "/provider/spec/edit",
            get(crate::web::spec_form::edit).post(crate::web::spec_form::post),
        )
        .route(
            "/provider/spec/new-version",
            post(crate::web::spec_form::new_version),
        )
        .route(
            "/provider/spec/preview",
            get(crate::web::spec_form::preview),
        )
        .route("/provider/registry", get(crate::web::registry::registry))
        .route(
            "/provider/registry/confirm",
            get(crate::web::registry::confirm),
        )
        .route(
            "/provider/registry/status",
            post(crate::web::registry::change_status),
        )
        .route("/provider/trust", get(crate::web::registry::trust))
        .route("/catalogue", get(catalogue))
        .route("/catalogue/{id}", get(catalogue_spec))
}

pub(super) struct Staff {
    pub(super) username: String,
    pub(super) csrf: String,
}

impl Session for Staff {
    const SIGN_IN: &'static str = "/provider";
    fn find(state: &Shared, headers: &HeaderMap) -> Option<Staff> {
        let id = cookie(headers, STAFF_COOKIE)?;
        let mut sessions = state.staff_sessions.lock().ok()?;
        match sessions.get(id) {
            Some((user, csrf, until)) if *until > Instant::now() => Some(Staff {
                username: user.clone(),
                csrf: csrf.clone(),
            }),
            Some(_) => {
                sessions.remove(id);
                None
            }
            None => None,
        }
    }
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub(super) fn issuer_of(state: &Shared) -> Result<Arc<Issuer>, ApiError> {
    issuer_api::issuer(state).cloned()
}

fn spec_options(issuer: &Issuer, lang: Lang) -> Vec<Value> {
    issuer
        .catalogue()
        .unwrap_or_default()
        .iter()
        .map(|s| json!({ "id": s.id, "title": s.title.text(lang) }))
        .collect()
}

pub(super) fn staff_json(s: &Staff) -> Value {
    json!({ "username": s.username, "csrf": s.csrf })
}

fn format_of(f: &str) -> Format {
    match f {
        "di" => Format::DataIntegrity,
        "jwt" => Format::Jwt,
        _ => Format::SdJwt,
    }
}
