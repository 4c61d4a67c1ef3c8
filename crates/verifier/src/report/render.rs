//! The report rendered: as text for a terminal and as JSON for machines, each check with
//! its outcome and its reason in the reader's language.

use microcred_model::Lang;

use super::content::{content_json, content_text};
use super::{Check, Report, Verdict};

impl Report {
    /// The report as text for a terminal, in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let mark = match self.verdict {
            Verdict::Valid | Verdict::ValidIssuerNotRecognised => "✔",
            Verdict::Invalid => "✘",
            Verdict::CouldNotCheck => "?",
            Verdict::NotACredential => "–",
        };
        out.push_str(&format!("{mark} {}\n", self.verdict.label(lang)));
        out.push_str(&format!("  {}\n", self.presented.label(lang)));
        let line = |out: &mut String, c: &Check| {
            out.push_str(&format!(
                "  {:<22} {:<16} {}\n",
                c.kind.label(lang),
                c.outcome.label(lang),
                c.reason.message(lang)
            ));
        };
        for c in &self.checks {
            line(&mut out, c);
        }
        for (i, cred) in self.credentials.iter().enumerate() {
            if self.credentials.len() > 1 {
                out.push_str(&format!("\n  [{}]\n", i + 1));
            }
            for c in &cred.checks {
                line(&mut out, c);
            }
            if let Some(content) = cred.content() {
                out.push('\n');
                out.push_str(&content_text(&content, lang));
            }
        }
        out
    }

    /// The report for machines: verdict, checks with codes and messages, and the claims.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let check = |c: &Check| {
            let mut v = serde_json::to_value(&c.reason).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.insert(
                    "check".into(),
                    serde_json::to_value(c.kind).unwrap_or_default(),
                );
                m.insert(
                    "outcome".into(),
                    serde_json::to_value(c.outcome).unwrap_or_default(),
                );
                m.insert("message".into(), c.reason.message(lang).into());
            }
            v
        };
        serde_json::json!({
            "verdict": self.verdict,
            "verdictText": self.verdict.label(lang),
            "valid": self.verdict.is_valid(),
            "presented": self.presented,
            "presentedText": self.presented.label(lang),
            "checks": self.checks.iter().map(check).collect::<Vec<_>>(),
            "credentials": self.credentials.iter().map(|c| serde_json::json!({
                "presented": c.presented,
                "issuer": c.issuer,
                "subject": c.subject,
                "checks": c.checks.iter().map(check).collect::<Vec<_>>(),
                "achievement": c.content().map(|ct| content_json(&ct, lang)),
                "claims": c.claims,
            })).collect::<Vec<_>>(),
        })
    }
}
