//! Taking a credential elsewhere: a Europass (ELM 3) download from the web wallet, and
//! "Add to LinkedIn profile" from the credential page (through a share link whose
//! lifetime the learner chooses) and from the share page (through that link).

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use microcred_model::Lang;
use microcred_verifier::{Content, Report};
use microcred_wallet::linkedin::{add_to_profile_url, Certification};
use microcred_wallet::share::parse_expiry;
use microcred_wallet::Disclose;

use super::session::{SignedForm, SignedIn};
use super::{failure, field, see_other, PageLang};
use crate::issuer_api::blocking;
use crate::state::Shared;
use crate::wallet_api::{self, Me};

/// Claims a LinkedIn link leaves out of an SD-JWT: a profile is public.
const NOT_ON_A_PROFILE: [&str; 3] = ["birthDate", "nationalId", "email"];

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/wallet/credentials/{id}/europass", get(europass))
        .route("/wallet/credentials/{id}/linkedin", post(linkedin))
}

/// The ELM 3 document of a credential in the wallet, as a download.
async fn europass(SignedIn(me): SignedIn<Me>, pl: PageLang, Path(id): Path<String>) -> Response {
    let w = me.wallet.clone();
    let made = blocking(move || {
        let (entry, _, claims) = w.content(&id)?;
        let doc = microcred_model::elm::from_claims(&claims, None)
            .map_err(|e| crate::error::ApiError::bad_request(e.to_string()))?;
        Ok((
            entry.id,
            serde_json::to_vec_pretty(&doc).map_err(crate::error::ApiError::internal)?,
        ))
    })
    .await;
    match made {
        Ok((id, bytes)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/ld+json"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!(
                        "attachment; filename=\"europass-{id}.jsonld\""
                    ))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => failure(pl, e),
    }
}

/// Makes a link for LinkedIn (the lifetime the learner chose; personal details an
/// SD-JWT can hide left out) and sends the learner to LinkedIn's add-to-profile page.
async fn linkedin(
    State(state): State<Shared>,
    pl: PageLang,
    Path(id): Path<String>,
    SignedForm { user: me, form: f }: SignedForm<Me>,
) -> Response {
    let expires = match field(&f, "expires") {
        "" => None,
        e => Some(e.to_string()),
    };
    let w = me.wallet.clone();
    let lookup = id.clone();
    let found = blocking(move || Ok(w.content(&lookup)?)).await;
    let (entry, content, claims) = match found {
        Ok(c) => c,
        Err(e) => return failure(pl, e),
    };
    let disclose = if entry.kind == microcred_wallet::Format::SdJwt {
        Disclose::AllBut(NOT_ON_A_PROFILE.iter().map(|s| s.to_string()).collect())
    } else {
        Disclose::All
    };
    let w = me.wallet.clone();
    let ids = vec![entry.id.clone()];
    let made = blocking(move || {
        let at = parse_expiry(expires.as_deref(), chrono::Utc::now())?;
        Ok(w.share(&ids, at, &disclose)?)
    })
    .await;
    let link = match made {
        Ok(s) => {
            if let Ok(w) = wallet_api::wallets(&state) {
                w.accounts.index_share(&me.username, &s.token);
            }
            me.wallet.share_url(&s.token)
        }
        Err(e) => return failure(pl, e),
    };
    see_other(&add_to_profile_url(&certification(
        &content, &claims, &link, pl.lang,
    )))
}

/// What LinkedIn shows, from what a credential says.
pub fn certification(
    content: &Content,
    claims: &serde_json::Value,
    link: &str,
    lang: Lang,
) -> Certification {
    let (issued, expires) = match content {
        Content::Microcred(r) => (r.award.issued.clone(), r.award.valid_until.clone()),
        Content::Other(s) => (s.valid_from.clone().unwrap_or_default(), None),
    };
    Certification {
        name: content.title().text(lang).to_string(),
        organization: content.issuer_name().text(lang).to_string(),
        issued,
        expires: expires.or_else(|| claims["validUntil"].as_str().map(str::to_string)),
        url: link.to_string(),
        id: claims["id"]
            .as_str()
            .or_else(|| claims["jti"].as_str())
            .map(str::to_string),
    }
}

/// The LinkedIn link for a credential a share page shows, when it is genuine and current.
pub fn linkedin_of(report: &Report, link: &str, lang: Lang) -> Option<String> {
    if !report.verdict.is_valid() {
        return None;
    }
    let c = report.credentials.first()?;
    let claims = c.claims.as_ref()?;
    Some(add_to_profile_url(&certification(
        &c.content()?,
        claims,
        link,
        lang,
    )))
}
