//! `wallet respond`: answering a verifier's OpenID4VP request, after showing who asks
//! for what and with whose warrant.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use super::{wallet_error, RespondArgs};
use crate::verify::runtime;

/// `wallet respond`: resolve and check the request, show who asks for what, then answer.
pub(super) fn respond(a: RespondArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let w = a.common.open()?;
    let mut anchors = Vec::new();
    for f in &a.trust_anchors {
        let pem = std::fs::read_to_string(f).with_context(|| format!("{}", f.display()))?;
        anchors.extend(
            microcred_core::x509::pem_certificates(&pem)
                .with_context(|| format!("{}", f.display()))?,
        );
    }
    let policy = crate::verify::fetch_policy()?;
    let fetch = microcred_verifier::HttpFetch::new(policy.clone())?;
    let rt = runtime()?;
    let req = match rt.block_on(w.resolve_request(&a.request, &fetch, &anchors)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("microcred: {}", e.message(lang));
            return Ok(ExitCode::from(1));
        }
    };
    let matches = w
        .match_request(&req, lang)
        .map_err(|e| wallet_error(e, lang))?;
    let chosen = matches.choose(&req.query);
    let who = req
        .client_name
        .clone()
        .unwrap_or_else(|| req.certificate.subject.clone());
    println!("{} {who}", lang.pick("Pyytäjä:", "Begärare:", "Asked by:"));
    println!(
        "  {} {}",
        lang.pick("tunniste", "identifierare", "client id"),
        req.client_id
    );
    println!(
        "  {} {}",
        lang.pick("varmenne", "certifikat", "certificate"),
        req.certificate.subject
    );
    match &req.trusted_by {
        Some(t) => println!(
            "  {} {t}",
            lang.pick("varmenteen myöntäjä:", "certifikatet utfärdat av:", "certificate issued by:")
        ),
        None => println!(
            "  {}",
            lang.pick(
                "KUKAAN ei takaa pyytäjää (ei luotettua varmentajaa); vastaa vain, jos tunnet pyytäjän.",
                "INGEN går i god för begäraren (ingen betrodd utfärdare); svara bara om du känner begäraren.",
                "NOBODY vouches for the asker (no trusted authority); answer only if you know who it is.",
            )
        ),
    }
    let Some(chosen) = chosen else {
        eprintln!(
            "{}",
            lang.pick(
                "Lompakossa ei ole pyydettyä todistusta; kerrotaan pyytäjälle.",
                "Plånboken har inte det begärda intyget; begäraren meddelas.",
                "The wallet holds no credential that answers this request; telling the asker.",
            )
        );
        let allow = |_: &str| true;
        let _ = rt.block_on(w.answer_request(&req, None, &policy, &allow));
        return Ok(ExitCode::from(1));
    };
    for (qid, c) in &chosen {
        println!(
            "{} {} ({qid})",
            lang.pick("Todistus:", "Intyg:", "Credential:"),
            c.title
        );
        if c.whole {
            println!(
                "  {}",
                lang.pick(
                    "näytetään kokonaan (muoto ei salli piilottamista)",
                    "visas helt (formatet kan inte dölja uppgifter)",
                    "shown whole (its format cannot hide details)",
                )
            );
        } else {
            println!(
                "  {} {}",
                lang.pick("näytetään vain:", "visas endast:", "only shown:"),
                c.names.join(", ")
            );
        }
    }
    let agree = if a.decline {
        false
    } else if a.yes {
        true
    } else {
        if !std::io::stdin().is_terminal() {
            bail!(
                "{}",
                lang.pick(
                    "anna --yes tai --decline, kun syöte ei ole pääte",
                    "ange --yes eller --decline när indata inte är en terminal",
                    "give --yes or --decline when input is not a terminal",
                )
            );
        }
        eprint!(
            "{} ",
            lang.pick("Lähetetäänkö? [k/E]", "Skicka? [j/N]", "Send? [y/N]")
        );
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        matches!(
            line.trim().to_lowercase().as_str(),
            "y" | "yes" | "k" | "kyllä" | "j" | "ja"
        )
    };
    let allow = |_: &str| true;
    let answered =
        rt.block_on(w.answer_request(&req, agree.then_some(chosen.as_slice()), &policy, &allow));
    match answered {
        Ok(r) if agree && (200..300).contains(&r.status) => {
            println!(
                "{} {who}",
                lang.pick("Lähetetty:", "Skickat till:", "Sent to:")
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(r) if !agree => {
            println!("{}", lang.pick("Kieltäydyit.", "Du avböjde.", "Declined."));
            let _ = r;
            Ok(ExitCode::SUCCESS)
        }
        Ok(r) => {
            eprintln!(
                "microcred: {} HTTP {} {}",
                lang.pick(
                    "pyytäjä ei hyväksynyt vastausta:",
                    "begäraren godtog inte svaret:",
                    "the asker refused the answer:"
                ),
                r.status,
                r.body
                    .get("error_description")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => {
            eprintln!("microcred: {}", e.message(lang));
            Ok(ExitCode::from(1))
        }
    }
}
