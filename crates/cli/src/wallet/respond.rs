//! `wallet respond`: answering a verifier's OpenID4VP request, after showing who asks
//! for what and with whose warrant.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use microcred_text::t;

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
    println!("{}", t!(lang, "cli_respond_asked_by", who = who));
    println!(
        "  {}",
        t!(lang, "cli_respond_client_id", id = req.client_id)
    );
    println!(
        "  {}",
        t!(
            lang,
            "cli_respond_certificate",
            subject = req.certificate.subject
        )
    );
    match &req.trusted_by {
        Some(by) => println!("  {}", t!(lang, "cli_respond_certificate_by", by = by)),
        None => println!("  {}", t!(lang, "cli_respond_nobody_vouches")),
    }
    let Some(chosen) = chosen else {
        eprintln!("{}", t!(lang, "cli_respond_nothing_held"));
        let allow = |_: &str| true;
        let _ = rt.block_on(w.answer_request(&req, None, &policy, &allow));
        return Ok(ExitCode::from(1));
    };
    for (qid, c) in &chosen {
        println!(
            "{}",
            t!(lang, "cli_respond_credential", title = c.title, query = qid)
        );
        if c.whole {
            println!("  {}", t!(lang, "cli_respond_shown_whole"));
        } else {
            println!(
                "  {}",
                t!(lang, "cli_respond_only_shown", claims = c.names.join(", "))
            );
        }
    }
    let agree = if a.decline {
        false
    } else if a.yes {
        true
    } else {
        if !std::io::stdin().is_terminal() {
            bail!("{}", t!(lang, "cli_respond_yes_or_decline"));
        }
        eprint!("{} ", t!(lang, "cli_respond_send"));
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
            println!("{}", t!(lang, "cli_respond_sent_to", who = who));
            Ok(ExitCode::SUCCESS)
        }
        Ok(r) if !agree => {
            println!("{}", t!(lang, "cli_respond_declined"));
            let _ = r;
            Ok(ExitCode::SUCCESS)
        }
        Ok(r) => {
            eprintln!(
                "microcred: {}",
                t!(
                    lang,
                    "cli_respond_refused",
                    status = r.status,
                    detail = r
                        .body
                        .get("error_description")
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                )
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => {
            eprintln!("microcred: {}", e.message(lang));
            Ok(ExitCode::from(1))
        }
    }
}
