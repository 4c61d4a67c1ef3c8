//! API errors: an HTTP status and a JSON body `{"error": code, "message": text}`, the
//! same shape on every route.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Extra members of the body (a verification report's failed checks).
    pub extra: Option<serde_json::Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            extra: None,
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
        self.extra = Some(extra);
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.code, "message": self.message });
        if let (Some(serde_json::Value::Object(extra)), Some(b)) =
            (self.extra, body.as_object_mut())
        {
            b.extend(extra);
        }
        (self.status, Json(body)).into_response()
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
            | E::Di(_) => ApiError::bad_request(e.to_string()),
            E::VersionPublished { .. } | E::CannotRenew(_) | E::AlreadyOffered(_) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            E::UnknownSpecification(_) | E::UnknownCredential(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string())
            }
            E::Nonconforming(report) => nonconforming(&report, microcred_model::Lang::En),
            E::Revoked(_) | E::NotSuspended(_) | E::NoStatusHere(_) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            other => ApiError::internal(other),
        }
    }
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
    let message = lang.pick(
        format!("todistus ei ole tietomallin mukainen ({n} virhettä); ensimmäinen: {first}"),
        format!("intyget följer inte datamodellen ({n} fel); det första: {first}"),
        format!("the credential does not conform to the data model ({n} problems); first: {first}"),
    );
    ApiError::new(StatusCode::BAD_REQUEST, "nonconforming", message)
        .with(json!({ "problems": problems }))
}

impl From<microcred_wallet::WalletError> for ApiError {
    fn from(e: microcred_wallet::WalletError) -> Self {
        use microcred_wallet::WalletError as E;
        match e {
            E::UnknownCredential(_) | E::UnknownShare(_) => ApiError::not_found(),
            E::Duplicate(_) => ApiError::new(StatusCode::CONFLICT, "duplicate", e.to_string()),
            E::NotGenuine(_) | E::Refused(_) | E::Ambiguous(_) | E::WeakPassphrase(_) => {
                ApiError::bad_request(e.to_string())
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
            E::BadName | E::WeakPassword(_) => ApiError::bad_request(e.to_string()),
            E::Full => ApiError::forbidden(e.to_string()),
            E::Taken => ApiError::new(StatusCode::CONFLICT, "taken", e.to_string()),
            E::Wallet(w) => w.into(),
            other => ApiError::internal(other),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
