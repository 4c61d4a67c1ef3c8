//! The public catalogue: the micro-credentials this provider offers, each with its
//! description, for anyone to read.

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};

use crate::issuer_api::blocking;
use crate::state::Shared;
use crate::web::{failure, render, PageLang};

use super::issuer_of;

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>().trim_end())
    }
}

pub(super) async fn catalogue(State(state): State<Shared>, pl: PageLang) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let lang = pl.lang;
    let i2 = issuer.clone();
    let specs = blocking(move || Ok(i2.catalogue()?))
        .await
        .unwrap_or_default();
    let items: Vec<Value> = specs
        .iter()
        .map(|s| {
            let view = microcred_model::render::view(s, Some(issuer.profile()), None, lang);
            let section = |e: microcred_model::Element| {
                view.section(e)
                    .and_then(|s| s.lines.first().cloned())
                    .unwrap_or_default()
            };
            json!({
                "id": s.id,
                "title": s.title.text(lang),
                "description": short(s.description.text(lang), 280),
                "workload": section(microcred_model::Element::Workload),
                "level": section(microcred_model::Element::Level),
            })
        })
        .collect();
    render(
        pl,
        "catalogue.html",
        json!({ "issuer_name": issuer.profile().name.text(lang), "items": items }),
    )
}

pub(super) async fn catalogue_spec(
    State(state): State<Shared>,
    pl: PageLang,
    Path(id): Path<String>,
) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let i2 = issuer.clone();
    let spec = match blocking(move || Ok(i2.spec(&id)?)).await {
        Ok(s) => s,
        Err(_) => return crate::web::not_found(pl),
    };
    let view = microcred_model::render::view(&spec, Some(issuer.profile()), None, pl.lang);
    render(
        pl,
        "catalogue_spec.html",
        json!({ "title": view.title, "sections": serde_json::to_value(&view.sections).unwrap_or_default() }),
    )
}
