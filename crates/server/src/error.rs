//! API errors: an HTTP status and a JSON body `{"error": code, "message": text}`, the
//! same shape on every route.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use microcred_model::Lang;
use serde_json::json;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// The message in Finnish and Swedish, when the error could say it (the English is
    /// `message`); otherwise the catalogue finds `message` by its English text.
    pub said: Option<Box<Said>>,
    /// Extra members of the body (a verification report's failed checks); boxed, as
    /// are the translations, to keep every `Result` that carries an error small.
    pub extra: Option<Box<serde_json::Value>>,
}

/// An error's message in Finnish and Swedish. Also put on the response, for the layer
/// that says the `message` in the request's language.
#[derive(Debug, Clone)]
pub struct Said {
    pub fi: String,
    pub sv: String,
}

impl Said {
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Fi => Some(&self.fi),
            Lang::Sv => Some(&self.sv),
            Lang::En => None,
        }
    }
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            said: None,
            extra: None,
        }
    }
    /// An error with its message in every language: `english` as it is, the others
    /// from `say`.
    pub fn said(
        status: StatusCode,
        code: &'static str,
        english: impl Into<String>,
        say: impl Fn(Lang) -> String,
    ) -> Self {
        let mut e = Self::new(status, code, english);
        e.said = Some(Box::new(Said {
            fi: say(Lang::Fi),
            sv: say(Lang::Sv),
        }));
        e
    }
    /// The message in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        match self.said.as_ref().and_then(|s| s.get(lang)) {
            Some(text) => text.to_string(),
            None => microcred_text::translate_known(lang, &self.message),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token is required",
        )
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "not found")
    }
    /// No route has this path: told apart from a route's own 404 (`not_found`), so the
    /// OpenAPI test can tell a missing route from a missing resource.
    pub fn no_route() -> Self {
        Self::new(StatusCode::NOT_FOUND, "no_route", "no such address")
    }
    pub fn too_many() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests; try again shortly",
        )
    }
    pub fn internal(message: impl std::fmt::Display) -> Self {
        tracing::error!(error = %message, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on the server",
        )
    }
    pub fn with(mut self, extra: serde_json::Value) -> Self {
        self.extra = Some(Box::new(extra));
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.code, "message": self.message });
        if let (Some(serde_json::Value::Object(extra)), Some(b)) =
            (self.extra.map(|e| *e), body.as_object_mut())
        {
            b.extend(extra);
        }
        let mut resp = (self.status, Json(body)).into_response();
        if let Some(said) = self.said {
            resp.extensions_mut().insert(*said);
        }
        resp
    }
}

impl From<microcred_issuer::IssuerError> for ApiError {
    fn from(e: microcred_issuer::IssuerError) -> Self {
        use microcred_issuer::IssuerError as E;
        match e {
            E::BadAward(_)
            | E::BadSpecification(_)
            | E::InvalidAward(_)
            | E::InvalidSpecification(_)
            | E::InvalidProfile(_)
            | E::ReasonRequired
            | E::ReasonTooLong(_)
            | E::AlreadyExpired(_)
            | E::UnbindableHolder(_)
            | E::Build(_)
            | E::Di(_) => issuer_error(StatusCode::BAD_REQUEST, "bad_request", &e),
            E::VersionPublished { .. } | E::CannotRenew(_) | E::AlreadyOffered(_) => {
                issuer_error(StatusCode::CONFLICT, "conflict", &e)
            }
            E::UnknownSpecification(_) | E::UnknownCredential(_) => {
                issuer_error(StatusCode::NOT_FOUND, "not_found", &e)
            }
            E::Nonconforming(report) => {
                let mut err = nonconforming(&report, Lang::En);
                err.said = Some(Box::new(Said {
                    fi: nonconforming(&report, Lang::Fi).message,
                    sv: nonconforming(&report, Lang::Sv).message,
                }));
                err
            }
            E::Revoked(_) | E::NotSuspended(_) | E::NoStatusHere(_) => {
                issuer_error(StatusCode::CONFLICT, "conflict", &e)
            }
            other => ApiError::internal(other),
        }
    }
}

/// An issuer's error as it is in English, and as its own message (or the catalogue)
/// says it in Finnish and Swedish.
fn issuer_error(
    status: StatusCode,
    code: &'static str,
    e: &microcred_issuer::IssuerError,
) -> ApiError {
    ApiError::said(status, code, e.to_string(), |lang| {
        microcred_text::translate_known(lang, &e.message(lang))
    })
}

/// 400 for a document that breaks the data model: every problem, each with its JSON
/// path, code and message (the shape of the specification validator's answer).
pub fn nonconforming(
    report: &microcred_model::validate::Report,
    lang: microcred_model::Lang,
) -> ApiError {
    let problems: Vec<serde_json::Value> = report.errors().map(|p| p.to_json(lang)).collect();
    let first = report
        .errors()
        .next()
        .map(|p| format!("{}: {}", p.path, p.message(lang)))
        .unwrap_or_default();
    let n = problems.len();
    let message = microcred_text::t!(lang, "err_nonconforming", n = n, first = first);
    ApiError::new(StatusCode::BAD_REQUEST, "nonconforming", message)
        .with(json!({ "problems": problems }))
}

impl From<microcred_wallet::WalletError> for ApiError {
    fn from(e: microcred_wallet::WalletError) -> Self {
        use microcred_wallet::WalletError as E;
        match e {
            E::UnknownCredential(_) | E::UnknownShare(_) => ApiError::not_found(),
            E::Duplicate(_) => {
                ApiError::said(StatusCode::CONFLICT, "duplicate", e.to_string(), |l| {
                    e.message(l)
                })
            }
            E::NotGenuine(_) | E::Refused(_) | E::Ambiguous(_) | E::WeakPassphrase(_) => {
                ApiError::said(StatusCode::BAD_REQUEST, "bad_request", e.to_string(), |l| {
                    e.message(l)
                })
            }
            E::WrongPassphrase => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "wrong user name or password",
            ),
            other => ApiError::internal(other),
        }
    }
}

impl From<microcred_wallet::accounts::AccountError> for ApiError {
    fn from(e: microcred_wallet::accounts::AccountError) -> Self {
        use microcred_wallet::accounts::AccountError as E;
        match e {
            E::BadName | E::WeakPassword(_) => {
                account_error(StatusCode::BAD_REQUEST, "bad_request", &e)
            }
            E::Full => account_error(StatusCode::FORBIDDEN, "forbidden", &e),
            E::Taken => account_error(StatusCode::CONFLICT, "taken", &e),
            E::Wallet(w) => w.into(),
            other => ApiError::internal(other),
        }
    }
}

fn account_error(
    status: StatusCode,
    code: &'static str,
    e: &microcred_wallet::accounts::AccountError,
) -> ApiError {
    ApiError::said(status, code, e.to_string(), |lang| e.message(lang))
}

pub type ApiResult<T> = Result<T, ApiError>;
