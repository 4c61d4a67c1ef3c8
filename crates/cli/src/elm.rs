//! Europass exports on the command line: a credential (the wallet's or the issuer's) as a
//! European Learning Model `EuropeanDigitalCredential` JSON-LD document.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use microcred_model::Lang;
use microcred_text::t;

/// Writes the ELM document for `credential` (as issued, any format) to `out` or
/// standard output: sealed as JAdES when the provider's `seal` is given, else unsigned,
/// and says which on standard error.
pub fn export(
    credential: &str,
    verify_url: Option<&str>,
    out: Option<&Path>,
    lang: Lang,
    seal: Option<&microcred_issuer::seal::Seal>,
) -> Result<()> {
    let (_, claims) = microcred_verifier::claims::unverified_claims(credential)
        .map_err(|r| anyhow::anyhow!(r.message(lang)))?;
    let doc = microcred_model::elm::from_claims(&claims, verify_url)
        .map_err(|e| anyhow::anyhow!(t!(lang, "cli_elm_cannot_export", error = e.to_string())))?;
    let mut text = serde_json::to_vec_pretty(&doc)?;
    if let Some(seal) = seal {
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let sealed = seal.seal(&text, &now)?;
        text = serde_json::to_vec_pretty(&sealed)?;
    }
    text.push(b'\n');
    match out {
        Some(p) => crate::output::write_file(p, &text)?,
        None => std::io::stdout().write_all(&text)?,
    }
    if seal.is_some() {
        eprintln!("{}", t!(lang, "cli_elm_sealed"));
    } else {
        eprintln!("{}", unsigned_note(lang));
    }
    Ok(())
}

/// What the learner or provider must know about an unsigned export.
pub fn unsigned_note(lang: Lang) -> &'static str {
    t!(lang, "cli_elm_unsigned")
}
