//! Issuing to a cohort from the provider's page: a learner list (CSV or .xlsx) becomes
//! a run of offers in the background, its progress shown on a page and its offers
//! downloadable as CSV; and the empty learner list to fill in.

use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use microcred_issuer::cohort_offers::{offer_rows, OfferRun, RowOffer};

use crate::error::ApiError;
use crate::state::{random_token, Job, Shared};
use crate::web::i18n::t;
use crate::web::session::{form_sender, SignedIn};
use crate::web::{failure, field, fields, render, see_other, PageLang};

use super::{format_of, issuer_of, staff_json, Staff};

/// Largest learner list the page takes (the CLI takes larger ones).
const MAX_CSV: usize = 900 * 1024;

/// A learner list from the page: a file (.csv or .xlsx) or CSV text, sent as a
/// multipart form so that a spreadsheet arrives as it is.
pub(super) async fn cohort(
    State(state): State<Shared>,
    pl: PageLang,
    req: axum::extract::Request,
) -> Response {
    let headers = req.headers().clone();
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut f: Vec<(String, String)> = Vec::new();
    let mut file: Vec<u8> = Vec::new();
    if !multipart {
        // CSV text in a plain form.
        match Bytes::from_request(req, &state).await {
            Ok(body) => f = fields(&body),
            Err(e) => return e.into_response(),
        }
    } else {
        let mut form = match axum::extract::Multipart::from_request(req, &state).await {
            Ok(m) => m,
            Err(_) => return failure(pl, ApiError::bad_request(t(pl.lang, "cohort_unreadable"))),
        };
        if let Err(r) = read_multipart(&mut form, &mut f, &mut file, pl).await {
            return r;
        }
    }
    let s = match form_sender::<Staff>(&state, &headers, &f, pl) {
        Ok(s) => s,
        Err(r) => return r,
    };
    cohort_from(state, pl, s, f, file).await
}

async fn read_multipart(
    form: &mut axum::extract::Multipart,
    f: &mut Vec<(String, String)>,
    file: &mut Vec<u8>,
    pl: PageLang,
) -> Result<(), Response> {
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let Ok(bytes) = field.bytes().await else {
                    return Err(failure(
                        pl,
                        ApiError::bad_request(t(pl.lang, "cohort_unreadable")),
                    ));
                };
                if name == "file" {
                    *file = bytes.to_vec();
                } else {
                    f.push((name, String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
            Ok(None) => return Ok(()),
            Err(_) => {
                return Err(failure(
                    pl,
                    ApiError::bad_request(t(pl.lang, "cohort_unreadable")),
                ))
            }
        }
    }
}

async fn cohort_from(
    state: Shared,
    pl: PageLang,
    s: Staff,
    f: Vec<(String, String)>,
    file: Vec<u8>,
) -> Response {
    let bytes = if file.is_empty() {
        field(&f, "csv").as_bytes().to_vec()
    } else {
        file
    };
    if bytes.len() > MAX_CSV {
        return failure(
            pl,
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                t(pl.lang, "cohort_too_large"),
            ),
        );
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return failure(pl, ApiError::bad_request(t(pl.lang, "cohort_empty")));
    }
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let spec = match issuer.spec(field(&f, "spec")) {
        Ok(s) => s,
        Err(e) => return failure(pl, ApiError::bad_request(e.message(pl.lang))),
    };
    let format = format_of(field(&f, "format"));
    let confirm_expired = field(&f, "confirm_expired") == "on";
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let cohort = match microcred_issuer::cohort::read_learners(
        &bytes,
        &spec,
        &issuer,
        &microcred_issuer::cohort::ReadOptions {
            default_issued: &today,
            format,
            lang: pl.lang,
            confirm_expired,
        },
    ) {
        Ok(c) => c,
        Err(e) => return failure(pl, ApiError::bad_request(e.message(pl.lang))),
    };
    let job = Arc::new(Mutex::new(Job {
        owner: s.username.clone(),
        total: cohort.rows.len(),
        problems: cohort
            .problems
            .iter()
            .map(|p| (p.line, p.reason.clone()))
            .collect(),
        ..Job::default()
    }));
    let id = random_token(12);
    if let Ok(mut jobs) = state.jobs.lock() {
        if jobs.len() > 100 {
            jobs.retain(|_, j| j.lock().map(|j| !j.finished).unwrap_or(false));
        }
        jobs.insert(id.clone(), job.clone());
    }
    let base = state.config.base_url.clone();
    let lang = pl.lang;
    let by = s.username.clone();
    tokio::task::spawn_blocking(move || {
        let run = OfferRun {
            spec_id: &spec.id,
            format,
            by: &by,
            confirm_expired,
        };
        offer_rows(&issuer, cohort.rows, &run, |outcome| {
            let Ok(mut j) = job.lock() else {
                return ControlFlow::Break(());
            };
            match outcome {
                RowOffer::Made { line, name, offer } => {
                    j.offers.push((line, name, offer.offer_uri(&base)))
                }
                RowOffer::Already { line, name, at } => {
                    j.already.push((line, name, crate::web::date(at)))
                }
                RowOffer::Refused { line, error } => j.problems.push((line, error.message(lang))),
            }
            j.done += 1;
            ControlFlow::Continue(())
        });
        if let Ok(mut j) = job.lock() {
            j.finished = true;
        }
    });
    see_other(&format!("/provider/cohort/{id}"))
}

#[derive(Deserialize)]
pub(super) struct TemplateQuery {
    spec: String,
    kind: Option<String>,
}

/// An empty learner list for a specification, with headers in the page's language.
pub(super) async fn cohort_template(
    State(state): State<Shared>,
    SignedIn(_s): SignedIn<Staff>,
    pl: PageLang,
    Query(q): Query<TemplateQuery>,
) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let Ok(spec) = issuer.spec(&q.spec) else {
        return crate::web::not_found(pl);
    };
    let name = microcred_text::t!(pl.lang, "cohort_file_name");
    let (body, ctype, ext) = if q.kind.as_deref() == Some("xlsx") {
        match microcred_issuer::cohort::template_xlsx(&spec, pl.lang) {
            Ok(b) => (
                b,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
            Err(e) => return failure(pl, ApiError::internal(e)),
        }
    } else {
        (
            microcred_issuer::cohort::template_csv(&spec, pl.lang).into_bytes(),
            "text/csv; charset=utf-8",
            "csv",
        )
    };
    let disposition = format!("attachment; filename=\"{name}-{}.{ext}\"", spec.id);
    let mut resp = (
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

fn job_of(state: &Shared, id: &str, s: &Staff) -> Option<Job> {
    let jobs = state.jobs.lock().ok()?;
    let j = jobs.get(id)?.lock().ok()?.clone();
    (j.owner == s.username).then_some(j)
}

pub(super) async fn cohort_page(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
    Path(id): Path<String>,
) -> Response {
    let Some(job) = job_of(&state, &id, &s) else {
        return crate::web::not_found(pl);
    };
    let percent = (job.done * 100).checked_div(job.total).unwrap_or(100);
    render(
        pl,
        "provider_cohort.html",
        json!({
            "staff": staff_json(&s),
            "id": id,
            "job": {
                "total": job.total,
                "done": job.done,
                "finished": job.finished,
                "percent": percent,
                "offers": job.offers.iter().take(200).map(|(l, n, u)| json!({"line": l, "name": n, "uri": u})).collect::<Vec<_>>(),
                "more": job.offers.len().saturating_sub(200),
                "problems": job.problems.iter().map(|(l, r)| json!({"line": l, "reason": r})).collect::<Vec<_>>(),
                "already": job.already.iter().map(|(l, n, d)| json!({"line": l, "name": n, "date": d})).collect::<Vec<_>>(),
            },
        }),
    )
}

pub(super) async fn cohort_csv(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
    Path(id): Path<String>,
) -> Response {
    let Some(job) = job_of(&state, &id, &s) else {
        return crate::web::not_found(pl);
    };
    let out = microcred_issuer::csv_out::csv(
        &["line", "name", "offer"],
        job.offers
            .iter()
            .map(|(line, name, uri)| [line.to_string(), name.clone(), uri.clone()]),
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"offers.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        out,
    )
        .into_response()
}
