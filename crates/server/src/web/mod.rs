//! The pages for people: employers check, learners keep and share, providers issue.
//! Server-rendered HTML (minijinja templates compiled into the binary) that works without
//! JavaScript; the little script there is only reads a dropped file into a text box.
//!
//! Language: `?lang=fi|sv|en` on any page switches and is remembered in a cookie
//! (`mc_lang`, a year); else the cookie; else `Accept-Language`; else Finnish, since the
//! providers and most readers are in Finland.

pub mod ask_wallet;
pub mod check;
pub mod elsewhere;
pub mod employer;
pub mod i18n;
pub mod pdf;
pub mod provider;
mod registry;
pub mod session;
mod spec_form;
pub mod upload;
pub mod verdict;
pub mod wallet;
pub mod wallet_answer;
pub mod wallet_files;
pub mod wallet_status;

use std::sync::OnceLock;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use minijinja::{Environment, UndefinedBehavior};
use serde_json::{json, Value};

use microcred_model::Lang;

use crate::state::Shared;

pub const LANG_COOKIE: &str = "mc_lang";

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    (
        "_wallet_nav.html",
        include_str!("templates/_wallet_nav.html"),
    ),
    (
        "_provider_nav.html",
        include_str!("templates/_provider_nav.html"),
    ),
    ("home.html", include_str!("templates/home.html")),
    ("check.html", include_str!("templates/check.html")),
    (
        "check_wallet.html",
        include_str!("templates/check_wallet.html"),
    ),
    (
        "wallet_answer.html",
        include_str!("templates/wallet_answer.html"),
    ),
    ("share.html", include_str!("templates/share.html")),
    ("print.html", include_str!("templates/print.html")),
    ("message.html", include_str!("templates/message.html")),
    (
        "wallet_signin.html",
        include_str!("templates/wallet_signin.html"),
    ),
    (
        "wallet_home.html",
        include_str!("templates/wallet_home.html"),
    ),
    (
        "wallet_credential.html",
        include_str!("templates/wallet_credential.html"),
    ),
    (
        "wallet_accept.html",
        include_str!("templates/wallet_accept.html"),
    ),
    (
        "wallet_confirm.html",
        include_str!("templates/wallet_confirm.html"),
    ),
    (
        "wallet_restore.html",
        include_str!("templates/wallet_restore.html"),
    ),
    (
        "wallet_import.html",
        include_str!("templates/wallet_import.html"),
    ),
    (
        "wallet_shares.html",
        include_str!("templates/wallet_shares.html"),
    ),
    (
        "provider_signin.html",
        include_str!("templates/provider_signin.html"),
    ),
    (
        "provider_home.html",
        include_str!("templates/provider_home.html"),
    ),
    (
        "provider_offer.html",
        include_str!("templates/provider_offer.html"),
    ),
    (
        "provider_cohort.html",
        include_str!("templates/provider_cohort.html"),
    ),
    (
        "provider_specs.html",
        include_str!("templates/provider_specs.html"),
    ),
    (
        "provider_spec_form.html",
        include_str!("templates/provider_spec_form.html"),
    ),
    (
        "provider_registry.html",
        include_str!("templates/provider_registry.html"),
    ),
    (
        "provider_confirm.html",
        include_str!("templates/provider_confirm.html"),
    ),
    (
        "provider_trust.html",
        include_str!("templates/provider_trust.html"),
    ),
    ("catalogue.html", include_str!("templates/catalogue.html")),
    (
        "catalogue_spec.html",
        include_str!("templates/catalogue_spec.html"),
    ),
];

const STYLE: &str = include_str!("assets/style.css");
const SCRIPT: &str = include_str!("assets/drop.js");

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut e = Environment::new();
        e.set_undefined_behavior(UndefinedBehavior::Strict);
        for (name, source) in TEMPLATES {
            if let Err(err) = e.add_template(name, source) {
                tracing::error!(template = name, error = %err, "a page template does not compile");
            }
        }
        e
    })
}

/// Every page route, for the roles configured.
pub fn routes(state: &Shared) -> Router<Shared> {
    let role = state.config.role;
    let mut r = Router::new()
        .route("/", get(home))
        .route("/assets/style.css", get(style))
        .route("/assets/drop.js", get(script));
    if role.has(crate::Role::Verifier) {
        r = r.merge(employer::routes());
    }
    if role.has(crate::Role::Wallet) {
        r = r
            .merge(wallet::routes())
            .merge(wallet_status::routes())
            .merge(wallet_files::routes())
            .merge(wallet_answer::routes())
            .merge(elsewhere::routes());
    }
    if role.has(crate::Role::Issuer) {
        r = r.merge(provider::routes());
    }
    r
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// The request's language and whether it was just chosen (then remembered).
#[derive(Debug, Clone, Copy)]
pub struct PageLang {
    pub lang: Lang,
    pub chosen: bool,
}

/// The language a query string asks for with `lang=`, if one of ours.
pub fn query_lang(query: Option<&str>) -> Option<Lang> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query?)
        .ok()?
        .into_iter()
        .find_map(|(k, v)| (k == "lang").then(|| v.parse::<Lang>().ok()).flatten())
}

pub fn lang_of(parts_query: Option<&str>, headers: &HeaderMap) -> PageLang {
    let chosen = query_lang(parts_query);
    if let Some(lang) = chosen {
        return PageLang { lang, chosen: true };
    }
    let from_cookie = crate::wallet_api::cookie(headers, LANG_COOKIE).and_then(|v| v.parse().ok());
    let lang = from_cookie
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::Fi);
    PageLang {
        lang,
        chosen: false,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(lang_of(parts.uri.query(), &parts.headers))
    }
}

/// Renders `name` with the page context; 500 with a plain page if the template fails.
pub fn render(pl: PageLang, name: &str, ctx: Value) -> Response {
    render_status(pl, StatusCode::OK, name, ctx)
}

pub fn render_status(pl: PageLang, status: StatusCode, name: &str, ctx: Value) -> Response {
    let lang = pl.lang;
    let mut full = json!({
        "lang": lang.code(),
        "t": i18n::texts(lang),
        "langs": [
            { "code": "fi", "name": "Suomeksi" },
            { "code": "sv", "name": "På svenska" },
            { "code": "en", "name": "In English" },
        ],
    });
    if let (Some(f), Value::Object(extra)) = (full.as_object_mut(), ctx) {
        f.extend(extra);
    }
    let html = env()
        .get_template(name)
        .and_then(|t| t.render(template_value(&full)));
    let mut resp = match html {
        Ok(html) => (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(template = name, error = %e, "rendering a page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "error / virhe / fel",
            )
                .into_response()
        }
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    if pl.chosen {
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        )) {
            h.append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// The context as template values. Built by hand because the workspace's serde_json
/// keeps numbers exact (`arbitrary_precision`), which would reach templates as maps.
fn template_value(v: &Value) -> minijinja::Value {
    match v {
        Value::Null => minijinja::Value::from(()),
        Value::Bool(b) => minijinja::Value::from(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                minijinja::Value::from(i)
            } else if let Some(u) = n.as_u64() {
                minijinja::Value::from(u)
            } else {
                minijinja::Value::from(n.as_f64().unwrap_or_default())
            }
        }
        Value::String(s) => minijinja::Value::from(s.as_str()),
        Value::Array(a) => a.iter().map(template_value).collect(),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| (k.as_str(), template_value(v)))
            .collect(),
    }
}

/// A Unix time as the date pages show (ISO 8601, read the same in all three languages).
pub fn date(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A posted form's fields as pairs, in order: checkboxes repeat their name. An unreadable
/// body is an empty form, which each handler then refuses for what it lacks.
pub fn fields(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

/// The first value of `name`, or "".
pub fn field<'a>(f: &'a [(String, String)], name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// Every value of `name` (ticked checkboxes).
pub fn all_of(f: &[(String, String)], name: &str) -> Vec<String> {
    f.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// A page with a heading and a message (errors, confirmations).
pub fn message(pl: PageLang, status: StatusCode, title: &str, text: &str) -> Response {
    render_status(
        pl,
        status,
        "message.html",
        json!({ "title": title, "text": text, "back": Value::Null }),
    )
}

/// The page for a refusal or failure of the API underneath, with its message.
pub fn failure(pl: PageLang, e: crate::error::ApiError) -> Response {
    message(
        pl,
        e.status,
        i18n::t(pl.lang, "error_title"),
        &e.message_in(pl.lang),
    )
}

/// The page for something that is not there (or not the asker's to see).
pub fn not_found(pl: PageLang) -> Response {
    message(
        pl,
        StatusCode::NOT_FOUND,
        i18n::t(pl.lang, "error_title"),
        i18n::t(pl.lang, "error_not_found"),
    )
}

pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

async fn home(pl: PageLang) -> Response {
    render(pl, "home.html", json!({}))
}

/// An inline SVG QR code of `text`, or nothing when it does not fit.
pub fn qr_svg(text: &str) -> Option<String> {
    microcred_wallet::qr::to_svg(text).ok()
}

/// The text of an API error, for showing on a page.
pub fn error_text(e: &crate::error::ApiError) -> String {
    e.message.clone()
}
