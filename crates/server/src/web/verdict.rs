//! A verification report as a person reads it: one plain verdict (genuine and current,
//! revoked, suspended, expired, not genuine, could not check), the checks with their
//! reasons, and what the credential says, every EU element labelled.

use serde_json::{json, Value};

use microcred_core::format::Format;
use microcred_model::Lang;
use microcred_verifier::{Check, CredentialReport, Outcome, Report, Standing};

use super::i18n::t;

fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        _ => "could_not_check",
    }
}

/// One check of a report, for a page.
fn check_view(ch: &Check, lang: Lang) -> Value {
    json!({
        "label": ch.kind.label(lang),
        "outcome": outcome_key(ch.outcome),
        "message": microcred_text::translate_known(lang, &ch.reason.message(lang)),
    })
}

/// One credential of a report, for a page.
pub fn credential_view(report: &Report, c: &CredentialReport, lang: Lang) -> Value {
    let all = report.checks_of(c);
    let standing = report.standing_of(c);
    let kind = standing.code();
    let checks: Vec<Value> = all.iter().map(|ch| check_view(ch, lang)).collect();
    // Nothing of a credential whose signature failed is shown.
    let content = if standing == Standing::NotGenuine {
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
    let selective = c.presented.format() == Some(Format::SdJwt);
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
        // With no credential to show, a presentation that failed is not genuine.
        let kind = match report.standing() {
            Standing::Invalid => Standing::NotGenuine,
            other => other,
        }
        .code();
        return vec![json!({
            "kind": kind,
            "headline": t(lang, &format!("verdict_{kind}")),
            "explain": t(lang, &format!("verdict_{kind}_text")),
            "good": false,
            "checks": all.iter().map(|ch| check_view(ch, lang)).collect::<Vec<_>>(),
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
