//! The OpenAPI document of the HTTP API, written by hand and checked by a test against
//! [`ROUTES`], which a second test checks against the router itself.

use axum::http::header;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("../openapi.json");

/// Every route the server answers (all roles).
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/healthz"),
    ("GET", "/openapi.json"),
    ("GET", "/.well-known/did.json"),
    ("GET", "/status/{purpose}/{n}"),
    ("GET", "/specs"),
    ("GET", "/specs/{id}"),
    ("GET", "/credentials"),
    ("POST", "/credentials/issue"),
    ("POST", "/credentials/status"),
    ("POST", "/offers"),
    ("GET", "/.well-known/openid-credential-issuer"),
    ("GET", "/.well-known/oauth-authorization-server"),
    ("POST", "/token"),
    ("POST", "/nonce"),
    ("POST", "/credential"),
    ("POST", "/credentials/verify"),
    ("POST", "/presentations/verify"),
    ("POST", "/presentations/requests"),
    ("POST", "/verify"),
    ("POST", "/wallet/api/register"),
    ("POST", "/wallet/api/login"),
    ("POST", "/wallet/api/logout"),
    ("GET", "/wallet/api/session"),
    ("GET", "/wallet/api/credentials"),
    ("GET", "/wallet/api/credentials/{id}"),
    ("DELETE", "/wallet/api/credentials/{id}"),
    ("GET", "/wallet/api/credentials/{id}/download"),
    ("POST", "/wallet/api/import"),
    ("POST", "/wallet/api/offers/accept"),
    ("GET", "/wallet/api/shares"),
    ("POST", "/wallet/api/shares"),
    ("DELETE", "/wallet/api/shares/{token}"),
    ("GET", "/wallet/api/progress"),
    ("POST", "/wallet/api/backup"),
    ("GET", "/s/{token}"),
];

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
