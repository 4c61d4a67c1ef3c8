//! Showing held credentials to others: presentations for a verifier's challenge, share
//! links, and QR codes of a link or of a whole credential.

use std::process::ExitCode;

use anyhow::Result;
use microcred_text::t;
use microcred_wallet::qr::{self, Payload};
use microcred_wallet::share::parse_expiry;
use microcred_wallet::Disclose;

use super::{wallet_error, Common, PresentArgs, QrArgs, ShareArgs, TokenArgs};
use crate::verify::runtime;

/// `wallet present`: a presentation for a verifier's challenge.
pub(super) fn present(a: PresentArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let w = a.common.open()?;
    let p = w
        .present(
            &a.ids,
            &a.challenge,
            a.domain.as_deref(),
            &Disclose::parse(a.disclose.as_deref()),
        )
        .map_err(|e| wallet_error(e, lang))?;
    match &a.out {
        Some(path) => crate::output::write_file(path, p.text.as_bytes())?,
        None => println!("{}", p.text),
    }
    if !p.disclosed.is_empty() || p.media_type == "application/dc+sd-jwt" {
        let claims = if p.disclosed.is_empty() {
            "-".to_string()
        } else {
            p.disclosed.join(", ")
        };
        eprintln!("{}", t!(lang, "cli_share_disclosed", claims = claims));
    }
    Ok(ExitCode::SUCCESS)
}

/// `wallet share`: a share link, published on a server when one is named.
pub(super) fn share(a: ShareArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let w = a.common.open()?;
    let expires = parse_expiry(a.expires.as_deref(), chrono::Utc::now())
        .map_err(|e| wallet_error(e, lang))?;
    let mut s = w
        .share(&a.ids, expires, &Disclose::parse(a.disclose.as_deref()))
        .map_err(|e| wallet_error(e, lang))?;
    if let Some(server) = &a.server {
        let published =
            runtime()?.block_on(w.publish_share(&s.token, server, &crate::verify::fetch_policy()?));
        s = match published {
            Ok(p) => p,
            Err(e) => {
                // A link nobody serves is no link: it is ended here too.
                let _ = w.unshare(&s.token);
                eprintln!("microcred: {}", e.message(lang));
                return Ok(ExitCode::from(1));
            }
        };
    }
    println!("{}", w.link_of(&s));
    let date = chrono::DateTime::from_timestamp(s.expires, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    eprintln!(
        "{}{}",
        t!(lang, "cli_share_valid_until", date = date),
        if s.disclosed.is_empty() {
            String::new()
        } else {
            format!(
                "; {}",
                t!(
                    lang,
                    "cli_share_shows_only",
                    claims = s.disclosed.join(", ")
                )
            )
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// `wallet shares`: the share links and where each stands.
pub(super) fn shares(c: Common) -> Result<ExitCode> {
    let lang = c.lang();
    let w = c.open()?;
    let now = chrono::Utc::now().timestamp();
    for s in w.shares().map_err(|e| wallet_error(e, lang))? {
        let state = if s.ended.is_some() {
            t!(lang, "cli_share_ended")
        } else if s.expires <= now {
            t!(lang, "cli_share_expired")
        } else {
            t!(lang, "cli_share_active")
        };
        println!(
            "{}  {:<9}  {}  {}  {}",
            s.token,
            state,
            chrono::DateTime::from_timestamp(s.expires, 0)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            w.link_of(&s),
            s.titles.join("; ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `wallet unshare`: a share link ended, on its server first.
pub(super) fn unshare(a: TokenArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let w = a.common.open()?;
    // A published link is ended on its server first (else it would live on there).
    runtime()?
        .block_on(w.unpublish_share(&a.token, &crate::verify::fetch_policy()?))
        .map_err(|e| wallet_error(e, lang))?;
    println!("{}", t!(lang, "cli_share_link_ended"));
    Ok(ExitCode::SUCCESS)
}

/// `wallet qr`: a QR code of a share link, or of a credential small enough to hold whole.
pub(super) fn qr(a: QrArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let w = a.common.open()?;
    let mut choice = w
        .qr_payload(&a.target, a.server.is_some())
        .map_err(|e| wallet_error(e, lang))?;
    if let (Some(share), Some(server)) = (&choice.made_share, &a.server) {
        let published = runtime()?.block_on(w.publish_share(
            &share.token,
            server,
            &crate::verify::fetch_policy()?,
        ));
        match published {
            Ok(p) => {
                choice.payload = Payload::Link(w.link_of(&p));
                choice.made_share = Some(p);
            }
            Err(e) => {
                let _ = w.unshare(&share.token);
                eprintln!("microcred: {}", e.message(lang));
                return Ok(ExitCode::from(1));
            }
        }
    }
    if let Some(share) = &choice.made_share {
        eprintln!(
            "{}",
            t!(
                lang,
                "cli_qr_made_share",
                len = choice.packed_len.unwrap_or(0),
                limit = qr::SELF_CONTAINED_LIMIT,
                url = w.link_of(share)
            )
        );
    }
    let text = choice.payload.text();
    match (&a.svg, &a.png) {
        (Some(p), _) => crate::output::write_file(
            p,
            qr::to_svg(text)
                .map_err(|e| wallet_error(e, lang))?
                .as_bytes(),
        )?,
        (_, Some(p)) => {
            crate::output::write_file(p, &qr::to_png(text).map_err(|e| wallet_error(e, lang))?)?
        }
        _ => print!(
            "{}",
            qr::to_terminal(text).map_err(|e| wallet_error(e, lang))?
        ),
    }
    eprintln!(
        "{}",
        match &choice.payload {
            Payload::Link(u) => t!(lang, "cli_qr_link", url = u),
            Payload::Credential(c) => t!(lang, "cli_qr_whole", len = c.len()),
        }
    );
    Ok(ExitCode::SUCCESS)
}
