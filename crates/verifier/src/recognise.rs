//! What people hand an employer's check, recognised before anything is verified: a
//! credential (any format [`crate::input`] reads, or a QR code's `MC1:` text), a share
//! link, a picture of a QR code, a credential offer — or something that is not a
//! credential at all, said as such with what it looked like, never as "tampered".
//!
//! Share links are followed only to this server (answered from its own store) or to the
//! servers the caller allows, and always through the verifier's [`Fetch`], which applies
//! the one fetch policy.

use serde::Serialize;
use serde_json::Value;

use microcred_core::pct::percent_decode;
use microcred_model::Lang;
use microcred_text::t;

use crate::fetch::FetchError;
use crate::input::{self, Input, MAX_INPUT};
use crate::qrimage::{self, ImageError};
use crate::report::{Check, CheckKind, Presented, Reason, Report, Verdict};
use crate::verify::{Expectation, Verifier};

/// Longest text looked at as a link or an offer.
const MAX_LINK: usize = 64 * 1024;

/// What was handed in.
#[derive(Debug, Clone, PartialEq)]
pub enum Handed {
    Credential(Input),
    ShareLink(ShareLink),
    Offer(OfferSeen),
    NotACredential(Seen),
    /// Refused before it could be told what it is (too large, too deep, malformed).
    Refused(Reason),
}

/// A share link: `{origin}/s/{token}` (or its printable page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    pub url: String,
    /// Everything before `/s/`: the serving wallet's base URL.
    pub origin: String,
    pub token: String,
}

/// An OpenID4VCI credential offer: an invitation to receive, not a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferSeen {
    /// The issuer it names, when the offer is inline.
    pub issuer: Option<String>,
}

/// What something that is not a credential looked like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Seen {
    Nothing,
    Text { chars: usize },
    Link { host: String },
    Json { keys: Vec<String> },
    Binary,
    Picture { problem: PictureProblem },
    QrCode { inner: Box<Seen> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PictureProblem {
    TooManyPixels,
    Unsupported,
    Unreadable,
    NoCode,
    Undecodable,
}

impl Seen {
    pub fn message(&self, l: Lang) -> String {
        let lead = t!(l, "seen_not_a_credential");
        let what = match self {
            Seen::Nothing => t!(l, "seen_nothing").to_string(),
            Seen::Text { chars } => t!(l, "seen_text", chars = chars),
            Seen::Link { host } => t!(l, "seen_link", host = host),
            Seen::Json { keys } => {
                let keys = if keys.is_empty() {
                    "-".to_string()
                } else {
                    keys.join(", ")
                };
                t!(l, "seen_json", keys = keys)
            }
            Seen::Binary => t!(l, "seen_binary").to_string(),
            Seen::Picture { problem } => {
                let p = match problem {
                    PictureProblem::TooManyPixels => t!(l, "seen_picture_too_many_pixels"),
                    PictureProblem::Unsupported => t!(l, "seen_picture_unsupported"),
                    PictureProblem::Unreadable => t!(l, "seen_picture_unreadable"),
                    PictureProblem::NoCode => t!(l, "seen_picture_no_code"),
                    PictureProblem::Undecodable => t!(l, "seen_picture_undecodable"),
                };
                t!(l, "seen_picture", p = p)
            }
            Seen::QrCode { inner } => t!(l, "seen_qr_code", content = inner.message(l)),
        };
        format!("{lead} — {what}")
    }
}

impl From<&ImageError> for PictureProblem {
    fn from(e: &ImageError) -> Self {
        match e {
            ImageError::TooLarge | ImageError::TooManyPixels { .. } => {
                PictureProblem::TooManyPixels
            }
            ImageError::Unsupported(_) => PictureProblem::Unsupported,
            ImageError::Unreadable(_) => PictureProblem::Unreadable,
            ImageError::NoCode => PictureProblem::NoCode,
            ImageError::Undecodable => PictureProblem::Undecodable,
        }
    }
}

/// Recognises what `bytes` are: a picture is searched for a QR code and its text
/// recognised in turn.
pub fn recognise(bytes: &[u8]) -> Handed {
    if qrimage::sniff(bytes).is_some() {
        return match qrimage::decode(bytes) {
            Ok(text) => match recognise_text(&text) {
                Handed::NotACredential(inner) => Handed::NotACredential(Seen::QrCode {
                    inner: Box::new(inner),
                }),
                other => other,
            },
            Err(e) => Handed::NotACredential(Seen::Picture {
                problem: PictureProblem::from(&e),
            }),
        };
    }
    if bytes.len() > MAX_INPUT {
        return Handed::Refused(Reason::TooLarge { limit: MAX_INPUT });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => recognise_text(text),
        Err(_) => Handed::NotACredential(Seen::Binary),
    }
}

/// Recognises text (pasted, read from a file, or from a QR code).
pub fn recognise_text(text: &str) -> Handed {
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Handed::NotACredential(Seen::Nothing);
    }
    if t.len() <= MAX_LINK && !t.contains(char::is_whitespace) {
        if let Some(offer) = offer_in(t) {
            return Handed::Offer(offer);
        }
        if t.starts_with("https://") || t.starts_with("http://") {
            return match share_link(t) {
                Some(link) => Handed::ShareLink(link),
                None => Handed::NotACredential(Seen::Link {
                    host: reqwest::Url::parse(t)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_string))
                        .unwrap_or_default(),
                }),
            };
        }
    }
    match input::detect(t.as_bytes()) {
        Ok(i) => Handed::Credential(i),
        Err(Reason::NotRecognised) => Handed::NotACredential(describe(t)),
        Err(r) => Handed::Refused(r),
    }
}

/// The reason for input [`input::detect`] did not recognise, saying what it looked like.
pub fn not_recognised(bytes: &[u8]) -> Reason {
    match std::str::from_utf8(bytes) {
        Ok(t) => Reason::NotACredential {
            seen: describe(t.trim_start_matches('\u{feff}').trim()),
        },
        Err(_) => Reason::NotACredential { seen: Seen::Binary },
    }
}

fn describe(t: &str) -> Seen {
    if t.is_empty() {
        return Seen::Nothing;
    }
    if t.starts_with('{') {
        if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(t) {
            return Seen::Json {
                keys: m.keys().take(8).cloned().collect(),
            };
        }
    }
    if t.starts_with('[') && serde_json::from_str::<Value>(t).is_ok() {
        return Seen::Json { keys: Vec::new() };
    }
    Seen::Text {
        chars: t.chars().count(),
    }
}

/// An OpenID4VCI offer: `openid-credential-offer://…`, any link carrying
/// `credential_offer(_uri)=`, a web-wallet link carrying one as `offer=`, or the offer
/// object itself as JSON.
pub fn offer_in(t: &str) -> Option<OfferSeen> {
    if t.starts_with('{') {
        let v: Value = serde_json::from_str(t).ok()?;
        return (v.get("credential_issuer").is_some() && v.get("grants").is_some()).then(|| {
            OfferSeen {
                issuer: v["credential_issuer"].as_str().map(str::to_string),
            }
        });
    }
    let param = |name: &str| -> Option<String> {
        let q = t.split_once('?')?.1;
        q.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == name).then(|| percent_decode(v)).flatten()
        })
    };
    if let Some(inline) = param("credential_offer") {
        let v: Value = serde_json::from_str(&inline).unwrap_or_default();
        return Some(OfferSeen {
            issuer: v["credential_issuer"].as_str().map(str::to_string),
        });
    }
    if param("credential_offer_uri").is_some() || t.starts_with("openid-credential-offer:") {
        return Some(OfferSeen { issuer: None });
    }
    let inner = param("offer")?;
    if inner.starts_with("openid-credential-offer:") {
        return offer_in(&inner);
    }
    None
}

/// A share link `{origin}/s/{token}` or `{origin}/s/{token}/print`, query and fragment
/// ignored.
pub fn share_link(t: &str) -> Option<ShareLink> {
    let url = reqwest::Url::parse(t).ok()?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return None;
    }
    let path = url.path();
    let (before, after) = path.rsplit_once("/s/").or_else(|| {
        let trimmed = path.strip_suffix("/print")?;
        trimmed.rsplit_once("/s/")
    })?;
    let token = after.strip_suffix("/print").unwrap_or(after);
    if !token_well_formed(token) {
        return None;
    }
    let mut origin = format!("{}://{}", url.scheme(), url.host_str()?);
    if let Some(port) = url.port() {
        origin.push_str(&format!(":{port}"));
    }
    origin.push_str(before);
    Some(ShareLink {
        url: format!("{origin}/s/{token}"),
        origin,
        token: token.to_string(),
    })
}

/// A share token: 22 base64url characters (128 random bits).
fn token_well_formed(token: &str) -> bool {
    token.len() == 22
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Looks up a link's credentials by its token (a server's own links).
pub type OwnLinks<'a> = &'a (dyn Fn(&str) -> Option<Vec<String>> + Sync);

/// Where share links may be read from.
pub struct Links<'a> {
    /// This server's base URL and its own links' credentials, looked up without the network.
    pub own: Option<(&'a str, OwnLinks<'a>)>,
    /// Base URLs of other servers whose links may be fetched.
    pub allowed: &'a [String],
    /// Whether a link to any server may be fetched (the command line: the user named it).
    pub any: bool,
}

impl Links<'_> {
    /// No links followed at all.
    pub const NONE: Links<'static> = Links {
        own: None,
        allowed: &[],
        any: false,
    };
}

/// How a check read its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Direct,
    ShareLink(String),
}

/// The outcome of checking whatever was handed in: one report for each credential found
/// (a share link may hold several), or one report saying why there is none.
#[derive(Debug, Clone)]
pub struct Checked {
    pub via: Via,
    /// Whether the input came from a QR code in a picture.
    pub from_picture: bool,
    pub reports: Vec<Report>,
}

impl Checked {
    /// The worst verdict, for an exit status: invalid over could-not-check over
    /// not-a-credential over valid.
    pub fn exit_code(&self) -> u8 {
        self.reports
            .iter()
            .map(|r| r.verdict.exit_code())
            .max_by_key(|c| match c {
                1 => 4,
                3 => 3,
                4 => 2,
                _ => 1,
            })
            .unwrap_or(4)
    }
}

fn single(presented: Presented, check: Check) -> Report {
    let all = [&check];
    let verdict = crate::report::verdict(&all, false);
    Report {
        verdict,
        presented,
        checks: vec![check],
        credentials: Vec::new(),
    }
}

impl Verifier {
    /// Checks anything handed in: credentials are verified, share links followed (as
    /// `links` allows), QR codes in pictures read, offers explained.
    pub async fn check_any(
        &self,
        bytes: &[u8],
        expect: &Expectation,
        links: &Links<'_>,
    ) -> Checked {
        let from_picture = qrimage::sniff(bytes).is_some();
        let handed = recognise(bytes);
        let (via, reports) = match handed {
            Handed::Credential(i) => (Via::Direct, vec![self.verify_input(i, expect).await]),
            Handed::ShareLink(link) => {
                let reports = self.share_link(&link, expect, links).await;
                (Via::ShareLink(link.url), reports)
            }
            Handed::Offer(o) => (
                Via::Direct,
                vec![single(
                    Presented::CredentialOffer,
                    Check::failed(
                        CheckKind::Format,
                        Reason::CredentialOffer { issuer: o.issuer },
                    ),
                )],
            ),
            Handed::NotACredential(seen) => (
                Via::Direct,
                vec![single(
                    Presented::Unknown,
                    Check::failed(CheckKind::Format, Reason::NotACredential { seen }),
                )],
            ),
            Handed::Refused(r) => (
                Via::Direct,
                vec![single(
                    Presented::Unknown,
                    Check::failed(CheckKind::Format, r),
                )],
            ),
        };
        Checked {
            via,
            from_picture,
            reports,
        }
    }

    async fn share_link(
        &self,
        link: &ShareLink,
        expect: &Expectation,
        links: &Links<'_>,
    ) -> Vec<Report> {
        let unknown = |reason: Reason| {
            vec![single(
                Presented::ShareLink,
                Check::unknown(CheckKind::Format, reason),
            )]
        };
        let same = |a: &str, b: &str| {
            a.trim_end_matches('/')
                .eq_ignore_ascii_case(b.trim_end_matches('/'))
        };
        let texts: Vec<String> = match links.own {
            Some((base, lookup)) if same(base, &link.origin) => match lookup(&link.token) {
                Some(t) => t,
                None => {
                    return unknown(Reason::ShareLinkGone {
                        url: link.url.clone(),
                    })
                }
            },
            _ => {
                if !links.any && !links.allowed.iter().any(|a| same(a, &link.origin)) {
                    return unknown(Reason::ShareLinkNotAllowed {
                        origin: link.origin.clone(),
                    });
                }
                match self.fetch_share(link).await {
                    Ok(t) => t,
                    Err(FetchError::Status(404 | 410)) => {
                        return unknown(Reason::ShareLinkGone {
                            url: link.url.clone(),
                        })
                    }
                    Err(e) => {
                        return unknown(Reason::ShareLinkUnreachable {
                            url: link.url.clone(),
                            detail: e.to_string(),
                        })
                    }
                }
            }
        };
        if texts.is_empty() {
            return unknown(Reason::ShareLinkGone {
                url: link.url.clone(),
            });
        }
        let mut out = Vec::with_capacity(texts.len());
        for t in texts {
            out.push(self.verify(t.as_bytes(), expect).await);
        }
        out
    }

    /// A link's credentials from the server that serves it, as JSON (`?format=json`).
    async fn fetch_share(&self, link: &ShareLink) -> Result<Vec<String>, FetchError> {
        let body = self.fetch.get(&format!("{}?format=json", link.url)).await?;
        let v: Value = serde_json::from_slice(&body).map_err(|_| {
            FetchError::Content("the link's server did not answer with JSON".into())
        })?;
        let creds = v["credentials"].as_array().ok_or_else(|| {
            FetchError::Content("the link's server did not list credentials".into())
        })?;
        Ok(creds
            .iter()
            .take(crate::MAX_CREDENTIALS)
            .filter_map(|c| match &c["credential"] {
                Value::String(s) => Some(s.clone()),
                Value::Object(_) => serde_json::to_string(&c["credential"]).ok(),
                _ => None,
            })
            .collect())
    }
}

/// The verdict a not-a-credential report carries.
pub fn is_not_a_credential(r: &Report) -> bool {
    r.verdict == Verdict::NotACredential
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_offers() {
        let t = "AAAAAAAAAAAAAAAAAAAAAA";
        let l = share_link(&format!("https://jaa.example.fi/s/{t}")).unwrap();
        assert_eq!(l.origin, "https://jaa.example.fi");
        let l = share_link(&format!(
            "http://127.0.0.1:8080/wallets/s/{t}/print?lang=fi#x"
        ))
        .unwrap();
        assert_eq!(l.origin, "http://127.0.0.1:8080/wallets");
        assert_eq!(l.url, format!("http://127.0.0.1:8080/wallets/s/{t}"));
        assert!(share_link("https://example.fi/s/short").is_none());
        assert!(share_link(&format!("ftp://example.fi/s/{t}")).is_none());
        assert!(
            matches!(recognise_text("https://example.fi/page"), Handed::NotACredential(Seen::Link { host }) if host == "example.fi")
        );

        let offer = "openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Fx.fi%22%2C%22grants%22%3A%7B%7D%7D";
        assert_eq!(
            recognise_text(offer),
            Handed::Offer(OfferSeen {
                issuer: Some("https://x.fi".into())
            })
        );
        let web = format!(
            "https://x.fi/wallet/accept?offer={}",
            microcred_core::pct::percent_encode(offer)
        );
        assert!(matches!(recognise_text(&web), Handed::Offer(_)));
        assert!(matches!(
            recognise_text(r#"{"credential_issuer":"https://x.fi","grants":{}}"#),
            Handed::Offer(_)
        ));
    }

    #[test]
    fn not_credentials_say_what_they_were() {
        assert_eq!(recognise(b""), Handed::NotACredential(Seen::Nothing));
        assert_eq!(
            recognise(b"hello world"),
            Handed::NotACredential(Seen::Text { chars: 11 })
        );
        assert_eq!(
            recognise(&[0, 159, 146, 150]),
            Handed::NotACredential(Seen::Binary)
        );
        assert!(
            matches!(recognise(br#"{"name":"x"}"#), Handed::NotACredential(Seen::Json { keys }) if keys == ["name"])
        );
        assert!(matches!(
            recognise(b"GIF89a..."),
            Handed::NotACredential(Seen::Picture {
                problem: PictureProblem::Unsupported
            })
        ));
        let m = Seen::Text { chars: 3 }.message(Lang::En);
        assert!(m.starts_with("this is not a credential"), "{m}");
        assert!(!m.contains("tamper") && !m.contains("genuine"));
    }
}
