//! Who is signed in to a set of pages, as extractors: a handler that names `SignedIn<U>`
//! runs only for a signed-in user (anyone else is sent to the sign-in page), and one that
//! names `SignedForm<U>` runs only for a form that carries that session's CSRF token.
//! The learner's wallet and the provider's staff pages share this; each says only how its
//! session is found.

// A refusal here is the page to answer with, built once per request: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use microcred_core::ct::ct_eq;

use super::i18n::t;
use super::{field, fields, lang_of, message, see_other, PageLang};
use crate::state::Shared;

/// A session of one set of pages.
pub trait Session: Sized {
    /// Where someone who is not signed in is sent.
    const SIGN_IN: &'static str;
    /// The session the request's cookie names, if it is current.
    fn find(state: &Shared, headers: &HeaderMap) -> Option<Self>;
    /// The token this session's forms must carry.
    fn csrf(&self) -> &str;
}

/// The signed-in user, or a redirect to the sign-in page.
pub struct SignedIn<U>(pub U);

impl<U: Session> FromRequestParts<Shared> for SignedIn<U> {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        U::find(state, &parts.headers)
            .map(SignedIn)
            .ok_or_else(|| see_other(U::SIGN_IN))
    }
}

/// A posted form (`application/x-www-form-urlencoded`) and the signed-in user who sent it.
pub struct SignedForm<U> {
    pub user: U,
    pub form: Vec<(String, String)>,
}

impl<U: Session> FromRequest<Shared> for SignedForm<U> {
    type Rejection = Response;
    async fn from_request(req: Request, state: &Shared) -> Result<Self, Response> {
        let pl = lang_of(req.uri().query(), req.headers());
        let headers = req.headers().clone();
        // The body is read first, under the server's size limit, as a plain `Bytes`
        // argument would be: an oversized form is refused the same way signed in or not.
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let form = fields(&body);
        let user = form_sender(state, &headers, &form, pl)?;
        Ok(SignedForm { user, form })
    }
}

/// The signed-in user whose form carries the session's CSRF token; else the sign-in page
/// (no session) or a 403 page (a form from elsewhere, or from an ended session).
pub fn form_sender<U: Session>(
    state: &Shared,
    headers: &HeaderMap,
    form: &[(String, String)],
    pl: PageLang,
) -> Result<U, Response> {
    let user = U::find(state, headers).ok_or_else(|| see_other(U::SIGN_IN))?;
    if !ct_eq(field(form, "csrf").as_bytes(), user.csrf().as_bytes()) {
        return Err(message(
            pl,
            StatusCode::FORBIDDEN,
            t(pl.lang, "error_title"),
            t(pl.lang, "error_expired_form"),
        ));
    }
    Ok(user)
}
