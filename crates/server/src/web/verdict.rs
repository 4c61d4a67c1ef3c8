//! A verification report as a person reads it: one plain verdict (genuine and current,
//! revoked, suspended, expired, not genuine, could not check), the checks with their
//! reasons, and what the credential says, every EU element labelled.

use serde_json::{json, Value};

use microcred_model::Lang;
use microcred_verifier::{CheckKind, CredentialReport, Outcome, Report, Verdict};

use super::i18n::t;

fn code(reason: &impl serde::Serialize) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v["code"].as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The one word an employer needs, from the verdict and which check failed.
pub fn kind_of(verdict: Verdict, checks: &[&microcred_verifier::Check]) -> &'static str {
    let failed = |k: CheckKind| {
        checks
            .iter()
            .find(|c| c.kind == k && c.outcome == Outcome::Failed)
            .map(|c| code(&c.reason))
    };
    let any_code = |c: &str| checks.iter().any(|ch| code(&ch.reason) == c);
    match verdict {
        Verdict::Valid => "valid",
        Verdict::ValidIssuerNotRecognised => "valid_untrusted",
        Verdict::NotACredential if any_code("credential-offer") => "offer",
        Verdict::NotACredential => "not_credential",
        Verdict::CouldNotCheck if any_code("share-link-gone") => "link_gone",
        Verdict::CouldNotCheck => "could_not_check",
        Verdict::Invalid => {
            if failed(CheckKind::Signature).is_some() || failed(CheckKind::Format).is_some() {
                return "not_genuine";
            }
            match failed(CheckKind::Status).as_deref() {
                Some("revoked") => return "revoked",
                Some("suspended") => return "suspended",
                _ => {}
            }
            match failed(CheckKind::Validity).as_deref() {
                Some("expired") => "expired",
                Some("not-yet-valid") => "not_yet_valid",
                _ => "invalid",
            }
        }
    }
}

fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        _ => "could_not_check",
    }
}

/// One credential of a report, for a page.
pub fn credential_view(report: &Report, c: &CredentialReport, lang: Lang) -> Value {
    let mut all: Vec<&microcred_verifier::Check> = report.checks.iter().collect();
    all.extend(c.checks.iter());
    let verdict = if report.credentials.len() == 1 {
        report.verdict
    } else {
        microcred_verifier::report::verdict(&all, false)
    };
    let kind = kind_of(verdict, &all);
    let checks: Vec<Value> = all
        .iter()
        .map(|ch| {
            json!({
                "label": ch.kind.label(lang),
                "outcome": outcome_key(ch.outcome),
                "message": microcred_text::translate_known(lang, &ch.reason.message(lang)),
            })
        })
        .collect();
    // Nothing of a credential whose signature failed is shown.
    let content = if kind == "not_genuine" {
        None
    } else {
        c.content()
    };
    let (title, issuer, sections) = match &content {
        Some(content) => {
            let v = content.to_json(lang);
            let title = content.title().text(lang).to_string();
            let issuer = content.issuer_name().text(lang).to_string();
            (title, issuer, v["sections"].clone())
        }
        None => (String::new(), String::new(), json!([])),
    };
    let selective = serde_json::to_value(c.presented)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.starts_with("sd-jwt")))
        .unwrap_or(false);
    json!({
        "kind": kind,
        "headline": t(lang, &format!("verdict_{kind}")),
        "explain": t(lang, &format!("verdict_{kind}_text")),
        "good": matches!(kind, "valid" | "valid_untrusted"),
        "checks": checks,
        "title": title,
        "issuer": issuer,
        "sections": sections,
        "hidden": selective && content.is_some(),
        "detail": Value::Null,
    })
}

/// Every credential of a report (a lone credential, or each of a presentation's).
pub fn report_view(report: &Report, lang: Lang) -> Vec<Value> {
    if report.credentials.is_empty() {
        let all = report.all_checks();
        let kind = kind_of(report.verdict, &all);
        let kind = if kind == "invalid" {
            "not_genuine"
        } else {
            kind
        };
        return vec![json!({
            "kind": kind,
            "headline": t(lang, &format!("verdict_{kind}")),
            "explain": t(lang, &format!("verdict_{kind}_text")),
            "good": false,
            "checks": all.iter().map(|ch| json!({
                "label": ch.kind.label(lang),
                "outcome": outcome_key(ch.outcome),
                "message": microcred_text::translate_known(lang, &ch.reason.message(lang)),
            })).collect::<Vec<_>>(),
            "title": "",
            "issuer": "",
            "sections": [],
            "hidden": false,
            // Why there is no credential, in the words of the one check that says.
            "detail": all
                .first()
                .map(|ch| microcred_text::translate_known(lang, &ch.reason.message(lang))),
        })];
    }
    report
        .credentials
        .iter()
        .map(|c| credential_view(report, c, lang))
        .collect()
}
