//! `microcred verify`: the employer's check.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use microcred_model::Lang;
use microcred_verifier::input::MAX_INPUT;
use microcred_verifier::{Expectation, Fetch, HttpFetch, Options, TrustList, Verifier};

use crate::input::read_up_to;

#[derive(Args)]
pub struct VerifyArgs {
    /// The credential or presentation: a file, an https:// URL, or - for standard input.
    /// Data Integrity JSON-LD, vc+jwt, SD-JWT (with or without key binding) and
    /// presentations are recognised automatically.
    input: String,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Language of the report: fi, sv or en.
    #[arg(long)]
    lang: Option<Lang>,
    /// Issuers you recognise: a JSON file of DID → legal name, country, identifier.
    #[arg(long, env = "MICROCRED_TRUST_LIST")]
    trust_list: Option<PathBuf>,
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

/// A verifier over HTTPS with the trust list at `trust_list` (if any).
pub fn verifier(
    trust_list: Option<&std::path::Path>,
    require_trusted: bool,
) -> Result<(Verifier, Arc<dyn Fetch>)> {
    let trust = match trust_list {
        Some(p) => TrustList::load(p)?,
        None => TrustList::empty(),
    };
    let fetch: Arc<dyn Fetch> = Arc::new(HttpFetch::new().context("cannot set up HTTPS")?);
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
/// plus one byte (so "too large" can be told).
pub async fn read_input(arg: &str, fetch: &dyn Fetch) -> Result<Vec<u8>> {
    if arg.starts_with("https://") || arg.starts_with("http://") {
        fetch
            .get(arg)
            .await
            .with_context(|| format!("cannot fetch {arg}"))
    } else {
        read_up_to(arg, MAX_INPUT)
    }
}

pub fn run(args: VerifyArgs) -> Result<ExitCode> {
    let lang = args.lang.unwrap_or_else(crate::default_lang);
    let (verifier, fetch) = verifier(args.trust_list.as_deref(), args.require_trusted)?;
    let expect = Expectation {
        challenge: args.challenge,
        domain: args.domain,
        ..Default::default()
    };
    let report = runtime()?.block_on(async {
        let bytes = read_input(&args.input, fetch.as_ref()).await?;
        anyhow::Ok(verifier.verify(&bytes, &expect).await)
    })?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json(lang))?);
    } else {
        print!("{}", report.to_text(lang));
    }
    Ok(ExitCode::from(report.verdict.exit_code()))
}
