//! Europass exports on the command line: a credential (the wallet's or the issuer's) as a
//! European Learning Model `EuropeanDigitalCredential` JSON-LD document.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use microcred_model::Lang;

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
    let doc = microcred_model::elm::from_claims(&claims, verify_url).map_err(|e| {
        anyhow::anyhow!(lang.pick(
            format!("ei voi viedä Europassiin: {e}"),
            format!("kan inte exporteras till Europass: {e}"),
            format!("cannot be exported for Europass: {e}"),
        ))
    })?;
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
        eprintln!(
            "{}",
            lang.pick(
                "Europass-muotoinen (ELM 3) todistus sinetöity myöntäjän sähköisellä leimalla (JAdES, perustaso B).",
                "Intyget i Europass-format (ELM 3) har förseglats med utfärdarens elektroniska stämpel (JAdES, grundnivå B).",
                "Europass (ELM 3) credential sealed with the provider's electronic seal (JAdES baseline B).",
            )
        );
    } else {
        eprintln!("{}", unsigned_note(lang));
    }
    Ok(())
}

/// What the learner or provider must know about an unsigned export.
pub fn unsigned_note(lang: Lang) -> &'static str {
    lang.pick(
        "Europass-muotoinen (ELM 3) todistus tehty allekirjoittamattomana: Europass pyytää myöntäjän sähköisen leiman (sähköinen sinetti), jonka vain koulutuksen järjestäjä voi lisätä.",
        "Intyget i Europass-format (ELM 3) gjordes osignerat: Europass begär utfärdarens elektroniska stämpel, som bara utbildningsanordnaren kan lägga till.",
        "Europass (ELM 3) credential written unsigned: Europass will ask for the provider's electronic seal, which only the provider can add.",
    )
}
