//! The provider's pages: sign in with a staff account, describe a micro-credential (every
//! validation problem next to its field), issue to one learner (an offer with its QR code)
//! or to a cohort from a CSV (offers, with progress), search the registry and revoke or
//! suspend; and the public catalogue.

// A refusal here is the page to answer with, built once per request: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use zeroize::Zeroizing;

use microcred_issuer::cohort_offers::{offer_rows, OfferRun, RowOffer};
use microcred_issuer::{Format, Issuer};

use microcred_model::Lang;

use super::i18n::t;
use super::session::{form_sender, Session, SignedForm, SignedIn};
use super::{failure, field, fields, render, render_status, see_other, PageLang};
use crate::error::ApiError;
use crate::issuer_api::{self, blocking};
use crate::state::{random_token, Job, Shared};

use crate::wallet_api::cookie;

pub const STAFF_COOKIE: &str = "mc_staff";
const STAFF_SESSION: Duration = Duration::from_secs(8 * 3600);
/// Largest learner list the page takes (the CLI takes larger ones).
const MAX_CSV: usize = 900 * 1024;

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
            get(super::spec_form::list).post(super::spec_form::upload),
        )
        .route(
            "/provider/spec/edit",
            get(super::spec_form::edit).post(super::spec_form::post),
        )
        .route(
            "/provider/spec/new-version",
            post(super::spec_form::new_version),
        )
        .route("/provider/spec/preview", get(super::spec_form::preview))
        .route("/provider/registry", get(super::registry::registry))
        .route("/provider/registry/confirm", get(super::registry::confirm))
        .route(
            "/provider/registry/status",
            post(super::registry::change_status),
        )
        .route("/provider/trust", get(super::registry::trust))
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

async fn start(State(state): State<Shared>, headers: HeaderMap, pl: PageLang) -> Response {
    if Staff::find(&state, &headers).is_some() {
        return see_other("/provider/home");
    }
    render(
        pl,
        "provider_signin.html",
        json!({ "problem": Value::Null, "username": "" }),
    )
}

async fn signin(
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

async fn signout(
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

async fn home(State(state): State<Shared>, SignedIn(s): SignedIn<Staff>, pl: PageLang) -> Response {
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

fn format_of(f: &str) -> Format {
    match f {
        "di" => Format::DataIntegrity,
        "jwt" => Format::Jwt,
        _ => Format::SdJwt,
    }
}

async fn offer(
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
                    "qr": super::qr_svg(&uri),
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
                    "problem": microcred_text::translate_known(pl.lang, &e.message),
                    "form": offer_form(&f),
                }),
            )
        }
    }
}

/// A learner list from the page: a file (.csv or .xlsx) or CSV text, sent as a
/// multipart form so that a spreadsheet arrives as it is.
async fn cohort(
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
                    j.already.push((line, name, super::date(at)))
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
struct TemplateQuery {
    spec: String,
    kind: Option<String>,
}

/// An empty learner list for a specification, with headers in the page's language.
async fn cohort_template(
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
        return super::not_found(pl);
    };
    let name = pl.lang.pick("oppijat", "studerande", "learners");
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

async fn cohort_page(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
    Path(id): Path<String>,
) -> Response {
    let Some(job) = job_of(&state, &id, &s) else {
        return super::not_found(pl);
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

async fn cohort_csv(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
    Path(id): Path<String>,
) -> Response {
    let Some(job) = job_of(&state, &id, &s) else {
        return super::not_found(pl);
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

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>().trim_end())
    }
}

async fn catalogue(State(state): State<Shared>, pl: PageLang) -> Response {
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

async fn catalogue_spec(
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
        Err(_) => return super::not_found(pl),
    };
    let view = microcred_model::render::view(&spec, Some(issuer.profile()), None, pl.lang);
    render(
        pl,
        "catalogue_spec.html",
        json!({ "title": view.title, "sections": serde_json::to_value(&view.sections).unwrap_or_default() }),
    )
}
