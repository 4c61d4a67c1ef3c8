//! Issuing to one learner from the provider's home page: the form, and the credential
//! offer it makes, with its QR code and a link to this server's wallet.

use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};

use crate::issuer_api::{self, blocking};
use crate::state::Shared;
use crate::web::session::{SignedForm, SignedIn};
use crate::web::{failure, field, render, render_status, PageLang};

use super::{issuer_of, spec_options, staff_json, Staff};

pub(super) async fn home(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let lang = pl.lang;
    let i2 = issuer.clone();
    let specs = blocking(move || Ok(spec_options(&i2, lang)))
        .await
        .unwrap_or_default();
    render(
        pl,
        "provider_home.html",
        json!({
            "staff": staff_json(&s),
            "issuer_name": issuer.profile().name.text(lang),
            "specs": specs,
            "today": chrono::Utc::now().format("%Y-%m-%d").to_string(),
            "problem": Value::Null,
            "form": offer_form(&[]),
        }),
    )
}

/// The issue form's values, each present (strict templates refuse a missing one).
fn offer_form(f: &[(String, String)]) -> Value {
    let mut out = serde_json::Map::new();
    for k in [
        "spec", "name", "email", "birth", "grade", "issued", "format",
    ] {
        out.insert(k.into(), json!(field(f, k)));
    }
    if field(f, "issued").is_empty() {
        out.insert(
            "issued".into(),
            json!(chrono::Utc::now().format("%Y-%m-%d").to_string()),
        );
    }
    Value::Object(out)
}

pub(super) async fn offer(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { user: s, form: f }: SignedForm<Staff>,
) -> Response {
    let spec = field(&f, "spec").to_string();
    let mut learner = json!({ "name": field(&f, "name").trim() });
    for (form, key) in [("email", "email"), ("birth", "dateOfBirth")] {
        let v = field(&f, form).trim();
        if !v.is_empty() {
            learner[key] = json!(v);
        }
    }
    let mut award = json!({
        "specification": spec,
        "learner": learner,
        "issued": match field(&f, "issued").trim() { "" => chrono::Utc::now().format("%Y-%m-%d").to_string(), d => d.to_string() },
    });
    let grade = field(&f, "grade").trim();
    if !grade.is_empty() {
        award["grade"] = json!(grade);
    }
    let format = field(&f, "format");
    let format = if format.is_empty() { "sd-jwt" } else { format };
    let with_code = field(&f, "tx_code") == "on";
    match issuer_api::make_offer(
        &state,
        spec.clone(),
        award,
        Some(format.to_string()),
        with_code,
    )
    .await
    {
        Ok(v) => {
            let uri = v["offerUri"].as_str().unwrap_or_default().to_string();
            let wallet_link = format!(
                "{}/wallet/accept?offer={}",
                state.config.base_url,
                microcred_core::pct::percent_encode(&uri)
            );
            render(
                pl,
                "provider_offer.html",
                json!({
                    "staff": staff_json(&s),
                    "learner": field(&f, "name"),
                    "offer_uri": uri,
                    "wallet_link": wallet_link,
                    // Wallet apps register for openid-credential-offer://: the QR code
                    // speaks to any of them; this server's web wallet is a button beside.
                    "qr": crate::web::qr_svg(&uri),
                    "tx_code": v["txCode"],
                }),
            )
        }
        Err(e) => {
            let issuer = match issuer_of(&state) {
                Ok(i) => i,
                Err(e) => return failure(pl, e),
            };
            render_status(
                pl,
                e.status,
                "provider_home.html",
                json!({
                    "staff": staff_json(&s),
                    "issuer_name": issuer.profile().name.text(pl.lang),
                    "specs": spec_options(&issuer, pl.lang),
                    "today": chrono::Utc::now().format("%Y-%m-%d").to_string(),
                    "problem": e.message_in(pl.lang),
                    "form": offer_form(&f),
                }),
            )
        }
    }
}
