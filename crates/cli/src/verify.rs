//! `microcred verify`: the employer's check.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use microcred_verifier::qrimage::MAX_IMAGE_BYTES;
use microcred_verifier::recognise::{recognise_text, Handed};
use microcred_verifier::{
    Expectation, Fetch, FetchPolicy, HttpFetch, Links, Options, TrustList, Verifier, Via,
    X509Anchor,
};

use crate::input::read_up_to;

#[derive(Args)]
pub struct VerifyArgs {
    /// What to check: a file, a share link (…/s/…), an https:// URL, or - for standard
    /// input. Data Integrity JSON-LD, vc+jwt, SD-JWT (with or without key binding),
    /// presentations, a QR code's MC1: text, a PNG or JPEG picture of a QR code and
    /// credential offers are recognised automatically. Exit status: 0 valid, 1 invalid,
    /// 3 could not check, 4 not a credential.
    input: String,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Issuers you recognise: a JSON file of DID → legal name, country, identifier
    /// (and x509Anchors for issuers that sign with a certificate chain).
    #[arg(long, env = "MICROCRED_TRUST_LIST")]
    trust_list: Option<PathBuf>,
    /// A certificate authority (PEM) whose certificates vouch for issuers that sign with
    /// an X.509 chain (x5c, as HAIP asks of SD-JWT VCs); may be repeated. Added to the
    /// trust list's x509Anchors.
    #[arg(long, value_name = "FILE.pem")]
    trust_anchor: Vec<PathBuf>,
    /// Treat an issuer that is not on the trust list as a failure.
    #[arg(long)]
    require_trusted: bool,
    /// The challenge (nonce) you gave the holder: required to accept a presentation.
    #[arg(long)]
    challenge: Option<String>,
    /// The domain (audience) you gave the holder.
    #[arg(long)]
    domain: Option<String>,
}

/// Names the one loopback origin a test serves documents at. Read only by debug builds
/// (the test suite's); a release build does not know it. See docs/security.md.
#[cfg(debug_assertions)]
pub const TEST_ONLY_LOOPBACK_ORIGIN: &str = "MICROCRED_TEST_ONLY_LOOPBACK_ORIGIN";

/// What the CLI may fetch from a URL it was given or found in a credential: HTTPS to
/// public addresses only.
pub fn fetch_policy() -> Result<FetchPolicy> {
    #[cfg(debug_assertions)]
    if let Ok(origin) = std::env::var(TEST_ONLY_LOOPBACK_ORIGIN) {
        return FetchPolicy::test_only_loopback_origin(&origin)
            .map_err(|e| anyhow::anyhow!("{TEST_ONLY_LOOPBACK_ORIGIN}: {e}"));
    }
    Ok(FetchPolicy::public())
}

/// A verifier over HTTPS with the trust list at `trust_list` (if any).
pub fn verifier(
    trust_list: Option<&std::path::Path>,
    require_trusted: bool,
) -> Result<(Verifier, Arc<dyn Fetch>)> {
    verifier_with_anchors(trust_list, &[], require_trusted)
}

/// [`verifier`], with certificate authorities (PEM files) added as trust anchors for
/// issuers that sign with an `x5c` chain.
pub fn verifier_with_anchors(
    trust_list: Option<&std::path::Path>,
    anchors: &[PathBuf],
    require_trusted: bool,
) -> Result<(Verifier, Arc<dyn Fetch>)> {
    let mut trust = match trust_list {
        Some(p) => TrustList::load(p)?,
        None => TrustList::empty(),
    };
    for path in anchors {
        let text = String::from_utf8(read_up_to(&path.to_string_lossy(), 64 * 1024)?)
            .with_context(|| format!("{}: not PEM text", path.display()))?;
        let certs = microcred_core::x509::pem_certificates(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        for der in certs {
            let anchor = X509Anchor::from_der(None, der)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            trust.add_anchor(anchor);
        }
    }
    let fetch: Arc<dyn Fetch> =
        Arc::new(HttpFetch::new(fetch_policy()?).context("cannot set up HTTPS")?);
    let verifier = Verifier::new(
        fetch.clone(),
        trust,
        Options {
            require_trusted,
            ..Options::default()
        },
    );
    Ok((verifier, fetch))
}

/// The async runtime for one command: one thread, network and timers.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Reads a file, standard input (`-`) or an `http(s)://` address, up to the input limit
/// (a picture's, the larger) plus one byte (so "too large" can be told).
pub async fn read_input(arg: &str, fetch: &dyn Fetch) -> Result<Vec<u8>> {
    if arg.starts_with("https://") || arg.starts_with("http://") {
        fetch
            .get(arg)
            .await
            .with_context(|| format!("cannot fetch {arg}"))
    } else {
        read_up_to(arg, MAX_IMAGE_BYTES)
    }
}

pub fn run(args: VerifyArgs) -> Result<ExitCode> {
    let lang = crate::default_lang();
    let (verifier, fetch) = verifier_with_anchors(
        args.trust_list.as_deref(),
        &args.trust_anchor,
        args.require_trusted,
    )?;
    let expect = Expectation {
        challenge: args.challenge,
        domain: args.domain,
        ..Default::default()
    };
    let checked = runtime()?.block_on(async {
        // A share link or an offer is recognised as such, not fetched as a document.
        let arg = args.input.trim();
        let bytes = match recognise_text(arg) {
            Handed::ShareLink(_) | Handed::Offer(_) => arg.as_bytes().to_vec(),
            _ if arg.starts_with("openid-credential-offer:") => arg.as_bytes().to_vec(),
            _ => read_input(&args.input, fetch.as_ref()).await?,
        };
        // The user named the link, so its server may be asked (under the fetch policy).
        let links = Links {
            own: None,
            allowed: &[],
            any: true,
        };
        anyhow::Ok(verifier.check_any(&bytes, &expect, &links).await)
    })?;
    if args.json {
        let reports: Vec<_> = checked.reports.iter().map(|r| r.to_json(lang)).collect();
        let out = match (&checked.via, reports.len()) {
            (Via::Direct, 1) => reports.into_iter().next().unwrap_or_default(),
            (via, _) => serde_json::json!({
                "shareLink": match via { Via::ShareLink(u) => Some(u.as_str()), Via::Direct => None },
                "reports": reports,
            }),
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        if let Via::ShareLink(url) = &checked.via {
            println!(
                "{}",
                microcred_text::t!(
                    lang,
                    "cli_share_link_count",
                    url = url,
                    count = checked.reports.len()
                )
            );
        }
        if checked.from_picture {
            println!("{}", microcred_text::t!(lang, "check_via_picture"));
        }
        for (i, r) in checked.reports.iter().enumerate() {
            if i > 0 {
                println!();
            }
            print!("{}", r.to_text(lang));
        }
    }
    Ok(ExitCode::from(checked.exit_code()))
}
