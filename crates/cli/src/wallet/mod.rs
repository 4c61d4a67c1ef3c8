//! `microcred wallet …`: the learner's side. The subcommands and their arguments, and
//! what several of them share (the passphrase, a credential's line in a list), live
//! here; each subcommand is a function in the module of what it does: `held` (the
//! wallet and what it holds), `backup` (copies out of it), `sharing` (presentations,
//! links, QR codes) and `respond` (OpenID4VP requests).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use microcred_model::Lang;
use microcred_text::t;
use microcred_wallet::freshness::REFRESH_LIMIT;
use microcred_wallet::{Entry, Wallet, WalletError};
use zeroize::Zeroizing;

mod backup;
mod held;
mod respond;
mod sharing;

use crate::verify::{runtime, verifier};

#[derive(Subcommand)]
pub enum WalletCommand {
    /// Create a wallet: the holder key and DIDs, encrypted under a passphrase
    Init(InitArgs),
    /// Print the holder's DIDs (did:key, did:jwk); needs no passphrase
    Did(Common),
    /// Verify a credential and keep it (file, URL, - for standard input, or a QR's MC1: text)
    Import(ImportArgs),
    /// Receive a credential from a provider's offer (openid-credential-offer://…)
    Accept(AcceptArgs),
    /// List the credentials, newest first
    List(ListArgs),
    /// Show a credential with every element
    Show(IdArgs),
    /// Delete a credential (ends the links that show it)
    Delete(IdArgs),
    /// Verify every credential again, refreshing revocation status
    Check(CheckArgs),
    /// Write an encrypted backup of the whole wallet
    Export(ExportArgs),
    /// Restore a backup into a new wallet directory
    Restore(RestoreArgs),
    /// Write one credential as issued, for another wallet
    ExportCredential(ExportCredentialArgs),
    /// Make a presentation for a verifier's challenge
    Present(PresentArgs),
    /// Answer a verifier's OpenID4VP request (openid4vp://…): shows who asks and what,
    /// then sends exactly the requested claims when you agree
    Respond(RespondArgs),
    /// Make a share link
    Share(ShareArgs),
    /// List share links
    Shares(Common),
    /// End a share link at once
    Unshare(TokenArgs),
    /// A QR code of a share link, or of a credential itself
    Qr(QrArgs),
    /// Progress towards larger credentials the held ones stack into
    Progress(Common),
}

#[derive(Args)]
pub struct Common {
    /// The wallet's directory
    #[arg(long, env = "MICROCRED_WALLET_DATA")]
    data: PathBuf,
    /// Read the passphrase from this file (else MICROCRED_PASSPHRASE, else a prompt)
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Show standings as last checked, without checking stale ones over the network
    #[arg(long)]
    offline: bool,
}

impl Common {
    /// Checks again the standings older than the wallet's limit (of `only`, or all, at
    /// most a bounded number), unless `--offline`. A failure is said, not fatal: what
    /// was known is shown with when it was checked.
    fn refresh(&self, w: &Wallet, only: Option<&str>) {
        if self.offline {
            return;
        }
        let lang = self.lang();
        let done = verifier(None, false).and_then(|(v, _)| {
            let ids = only.map(|i| vec![i.to_string()]);
            runtime()?
                .block_on(w.refresh(&v, ids.as_deref(), false, REFRESH_LIMIT))
                .map_err(|e| wallet_error(e, lang))
        });
        if let Err(e) = done {
            eprintln!(
                "{}",
                t!(lang, "cli_status_not_checked_now", error = e.to_string())
            );
        }
    }

    fn lang(&self) -> Lang {
        crate::default_lang()
    }

    fn open(&self) -> Result<Wallet> {
        let pass = passphrase(self.passphrase_file.as_deref(), false)?;
        Wallet::open(&self.data, &pass).map_err(|e| wallet_error(e, self.lang()))
    }
}

#[derive(Args)]
pub struct InitArgs {
    #[command(flatten)]
    common: Common,
    /// Where share links will be served (the server's public address)
    #[arg(long, value_name = "URL")]
    share_base_url: Option<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    common: Common,
    input: String,
    /// Issuers you recognise (see `microcred verify`)
    #[arg(long, env = "MICROCRED_TRUST_LIST")]
    trust_list: Option<PathBuf>,
}

#[derive(Args)]
pub struct AcceptArgs {
    #[command(flatten)]
    common: Common,
    /// The offer link or the text of its QR code
    offer: String,
    /// The transaction code the provider gave you separately, if the offer asks for one
    #[arg(long, env = "MICROCRED_TX_CODE")]
    tx_code: Option<String>,
    /// Issuers you recognise (see `microcred verify`)
    #[arg(long, env = "MICROCRED_TRUST_LIST")]
    trust_list: Option<PathBuf>,
}

#[derive(Args)]
pub struct RespondArgs {
    #[command(flatten)]
    common: Common,
    /// The request link (openid4vp://…, haip-vp://…) or the text of its QR code
    request: String,
    /// Agree without asking (for scripts)
    #[arg(long, conflicts_with = "decline")]
    yes: bool,
    /// Tell the verifier no
    #[arg(long)]
    decline: bool,
    /// A certificate (PEM) of a verifier authority you trust; repeatable
    #[arg(long = "trust-anchor", value_name = "FILE")]
    trust_anchors: Vec<PathBuf>,
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    common: Common,
    /// Only credentials whose title contains this text (any language)
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct IdArgs {
    #[command(flatten)]
    common: Common,
    /// The credential's ID (or its first characters)
    id: String,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    common: Common,
    #[arg(long, env = "MICROCRED_TRUST_LIST")]
    trust_list: Option<PathBuf>,
}

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    common: Common,
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    common: Common,
    /// The backup file
    backup: PathBuf,
}

#[derive(Args)]
pub struct ExportCredentialArgs {
    #[command(flatten)]
    common: Common,
    id: String,
    /// Write here instead of standard output
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write it for Europass: a European Learning Model (ELM 3) JSON-LD document
    #[arg(long)]
    elm: bool,
}

#[derive(Args)]
pub struct PresentArgs {
    #[command(flatten)]
    common: Common,
    /// Credential IDs
    #[arg(required = true)]
    ids: Vec<String>,
    /// The challenge (nonce) the verifier gave you
    #[arg(long)]
    challenge: String,
    /// The verifier's domain (audience)
    #[arg(long)]
    domain: Option<String>,
    /// SD-JWT only: reveal just these claims (e.g. name,grade); default all
    #[arg(long)]
    disclose: Option<String>,
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct ShareArgs {
    #[command(flatten)]
    common: Common,
    #[arg(required = true)]
    ids: Vec<String>,
    /// How long the link works: 30d, 8w, 6m, 1y or a date (default 6 months, at most a year)
    #[arg(long)]
    expires: Option<String>,
    /// SD-JWT only: show just these claims (e.g. name); default all
    #[arg(long)]
    disclose: Option<String>,
    /// Publish the link to this server (its base URL), which then serves it; the server
    /// keeps only the sealed link. Without it, the link is this wallet's own address.
    #[arg(long, value_name = "URL")]
    server: Option<String>,
}

#[derive(Args)]
pub struct TokenArgs {
    #[command(flatten)]
    common: Common,
    /// The link's token (base64url: it may begin with '-')
    #[arg(allow_hyphen_values = true)]
    token: String,
}

#[derive(Args)]
pub struct QrArgs {
    #[command(flatten)]
    common: Common,
    /// A credential ID (the credential itself when it fits, else a new link) or a share token
    #[arg(allow_hyphen_values = true)]
    target: String,
    #[arg(long, conflicts_with = "png")]
    svg: Option<PathBuf>,
    #[arg(long)]
    png: Option<PathBuf>,
    /// When the credential does not fit, publish a link to this server (base URL)
    #[arg(long, value_name = "URL")]
    server: Option<String>,
}

/// The passphrase: from a file, `MICROCRED_PASSPHRASE`, or a prompt; never an argument
/// (other users can read a process's arguments).
fn passphrase(file: Option<&Path>, confirm: bool) -> Result<Zeroizing<String>> {
    if let Some(f) = file {
        let lang = crate::default_lang();
        let path = f.display().to_string();
        let text = microcred_core::files::read_secret(f, 4096).map_err(|e| match e {
            microcred_core::files::SecretFileError::Readable(_) => {
                anyhow::anyhow!(t!(lang, "cli_passphrase_file_readable", path = path))
            }
            other => anyhow::Error::new(other).context(t!(lang, "cli_cannot_read", path = path)),
        })?;
        let line = text.lines().next().unwrap_or_default().to_string();
        return Ok(Zeroizing::new(line));
    }
    if let Ok(p) = std::env::var("MICROCRED_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        bail!(microcred_text::t!(
            crate::default_lang(),
            "cli_no_passphrase"
        ));
    }
    let first = Zeroizing::new(rpassword::prompt_password(
        "Passphrase / Tunnuslause / Lösenfras: ",
    )?);
    if confirm {
        let again = Zeroizing::new(rpassword::prompt_password("Again / Uudelleen / Igen: ")?);
        if *again != *first {
            bail!(microcred_text::t!(
                crate::default_lang(),
                "cli_passphrases_differ"
            ));
        }
    }
    Ok(first)
}

fn wallet_error(e: WalletError, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(e.message(lang))
}

fn short_date(s: &str) -> &str {
    s.get(..10).unwrap_or(s)
}

fn list_line(e: &Entry, lang: Lang) -> String {
    format!(
        "{}  {:<40}  {:<28}  {}  {} ({} {})",
        e.id,
        truncate(e.title_in(lang), 40),
        truncate(e.issuer_name.text(lang), 28),
        short_date(&e.issued),
        e.status.label(lang),
        t!(lang, "cli_checked"),
        checked_at(e.checked),
    )
}

fn checked_at(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// The verdict lines of a kept credential's check, then its line in the list.
fn print_kept(imported: &microcred_wallet::Imported, lang: Lang, label: &str) {
    for l in imported
        .report
        .to_text(lang)
        .lines()
        .take_while(|l| !l.is_empty())
    {
        println!("{l}");
    }
    println!();
    println!("{label} {}", list_line(&imported.entry, lang));
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}

pub fn run(cmd: WalletCommand) -> Result<ExitCode> {
    match cmd {
        WalletCommand::Init(a) => held::init(a),
        WalletCommand::Did(a) => held::did(a),
        WalletCommand::Import(a) => held::import(a),
        WalletCommand::Accept(a) => held::accept(a),
        WalletCommand::Respond(a) => respond::respond(a),
        WalletCommand::List(a) => held::list(a),
        WalletCommand::Show(a) => held::show(a),
        WalletCommand::Delete(a) => held::delete(a),
        WalletCommand::Check(a) => held::check(a),
        WalletCommand::Export(a) => backup::export(a),
        WalletCommand::Restore(a) => backup::restore(a),
        WalletCommand::ExportCredential(a) => backup::export_credential(a),
        WalletCommand::Present(a) => sharing::present(a),
        WalletCommand::Share(a) => sharing::share(a),
        WalletCommand::Shares(a) => sharing::shares(a),
        WalletCommand::Unshare(a) => sharing::unshare(a),
        WalletCommand::Qr(a) => sharing::qr(a),
        WalletCommand::Progress(a) => held::progress(a),
    }
}
