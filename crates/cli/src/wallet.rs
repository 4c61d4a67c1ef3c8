//! `microcred wallet …`: the learner's side.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use microcred_model::Lang;
use microcred_wallet::freshness::REFRESH_LIMIT;
use microcred_wallet::qr::{self, Payload};
use microcred_wallet::share::parse_expiry;
use microcred_wallet::{Disclose, Entry, InitOptions, Wallet, WalletError};
use zeroize::Zeroizing;

use crate::verify::{read_input, runtime, verifier};

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
                "{} {e}",
                lang.pick(
                    "Tilaa ei voitu tarkistaa nyt:",
                    "Status kunde inte kontrolleras nu:",
                    "Could not check the status now:"
                )
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
        let mut text = Zeroizing::new(String::new());
        let opened = std::fs::File::open(f).with_context(|| {
            microcred_text::t!(
                crate::default_lang(),
                "cli_cannot_open",
                path = f.display().to_string()
            )
        })?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = opened
                .metadata()
                .with_context(|| {
                    microcred_text::t!(
                        crate::default_lang(),
                        "cli_cannot_read",
                        path = f.display().to_string()
                    )
                })?
                .permissions()
                .mode();
            // As ssh does with keys: a secret others may read is no secret.
            if mode & 0o077 != 0 {
                let p = f.display();
                bail!(
                    "{}",
                    crate::default_lang().pick(
                        format!("{p}: muutkin kuin sinä voivat lukea tunnuslausetiedoston; anna lukuoikeus vain itsellesi: chmod 600 {p}"),
                        format!("{p}: andra än du kan läsa lösenfrasfilen; ge bara dig själv läsrätt: chmod 600 {p}"),
                        format!("{p}: others than you can read the passphrase file; make it yours alone: chmod 600 {p}"),
                    )
                );
            }
        }
        opened
            .take(4096)
            .read_to_string(&mut text)
            .with_context(|| {
                microcred_text::t!(
                    crate::default_lang(),
                    "cli_cannot_read",
                    path = f.display().to_string()
                )
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
        lang.pick("tarkistettu", "kontrollerat", "checked"),
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
        WalletCommand::Init(a) => {
            let lang = a.common.lang();
            let pass = passphrase(a.common.passphrase_file.as_deref(), true)?;
            let w = Wallet::init(
                &a.common.data,
                &pass,
                InitOptions {
                    share_base_url: a.share_base_url,
                    ..InitOptions::default()
                },
            )
            .map_err(|e| wallet_error(e, lang))?;
            println!("{}", w.did());
            eprintln!(
                "{}",
                lang.pick(
                    format!("lompakko luotu: {} (avaimet ja todistukset salattu tunnuslauseella)", a.common.data.display()),
                    format!("plånbok skapad: {} (nycklar och intyg krypterade med lösenfrasen)", a.common.data.display()),
                    format!("wallet created in {} (keys and credentials encrypted under the passphrase)", a.common.data.display()),
                )
            );
        }
        WalletCommand::Did(c) => {
            let f = Wallet::read_file(&c.data).map_err(|e| wallet_error(e, c.lang()))?;
            println!("{}\n{}", f.did, f.did_jwk);
        }
        WalletCommand::Import(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            let (verifier, fetch) = verifier(a.trust_list.as_deref(), false)?;
            let imported = runtime()?.block_on(async {
                let bytes = read_input(&a.input, fetch.as_ref()).await?;
                w.import(&bytes, &verifier)
                    .await
                    .map_err(|e| wallet_error(e, lang))
            });
            let imported = match imported {
                Ok(i) => i,
                Err(e) => {
                    eprintln!("microcred: {}", crate::chain(&e));
                    return Ok(ExitCode::from(1));
                }
            };
            print_kept(
                &imported,
                lang,
                lang.pick("Tallennettu:", "Sparat:", "Kept:"),
            );
            if !imported.bound_here {
                eprintln!(
                    "{}",
                    lang.pick(
                        "Huom: todistusta ei ole sidottu tämän lompakon avaimeen, joten sitä ei voi esittää haltijana.",
                        "Obs: intyget är inte bundet till denna plånboks nyckel och kan inte presenteras som innehavare.",
                        "Note: the credential is not bound to this wallet's key, so it cannot be presented as its holder.",
                    )
                );
            }
        }
        WalletCommand::Accept(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            let (verifier, _) = verifier(a.trust_list.as_deref(), false)?;
            let policy = crate::verify::fetch_policy()?;
            let accepted = runtime()?.block_on(w.accept_offer(
                &a.offer,
                a.tx_code.as_deref(),
                &verifier,
                &policy,
            ));
            let imported = match accepted {
                Ok(i) => i,
                Err(e) => {
                    eprintln!("microcred: {}", e.message(lang));
                    return Ok(ExitCode::from(1));
                }
            };
            print_kept(
                &imported,
                lang,
                lang.pick("Vastaanotettu:", "Mottaget:", "Received:"),
            );
        }
        WalletCommand::Respond(a) => return respond(a),
        WalletCommand::List(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            a.common.refresh(&w, None);
            let entries = match &a.search {
                Some(t) => w.search(t),
                None => w.entries(),
            }
            .map_err(|e| wallet_error(e, lang))?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
            } else {
                // Buffered: standard output is line-buffered, a write per line otherwise.
                let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                for e in &entries {
                    writeln!(out, "{}", list_line(e, lang))?;
                }
                out.flush()?;
                if entries.is_empty() {
                    eprintln!(
                        "{}",
                        lang.pick("(ei todistuksia)", "(inga intyg)", "(no credentials)")
                    );
                }
            }
        }
        WalletCommand::Show(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            if let Ok(e) = w.find(&a.id) {
                a.common.refresh(&w, Some(&e.id));
            }
            let (e, content, _) = w.content(&a.id).map_err(|e| wallet_error(e, lang))?;
            if a.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({"entry": e, "content": content.to_json(lang)})
                    )?
                );
            } else {
                println!(
                    "{}  [{}] {} ({} {})\n",
                    e.id,
                    e.kind.code(),
                    e.status.label(lang),
                    lang.pick("tarkistettu", "kontrollerat", "checked"),
                    checked_at(e.checked)
                );
                print!("{}", content.to_text(lang));
            }
        }
        WalletCommand::Delete(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            let (e, ended) = w.delete(&a.id).map_err(|e| wallet_error(e, lang))?;
            println!(
                "{}",
                lang.pick(
                    format!(
                        "poistettu {} ({}); päättyneitä jakolinkkejä: {ended}",
                        e.id,
                        e.title_in(lang)
                    ),
                    format!(
                        "raderat {} ({}); avslutade delningslänkar: {ended}",
                        e.id,
                        e.title_in(lang)
                    ),
                    format!(
                        "deleted {} ({}); share links ended: {ended}",
                        e.id,
                        e.title_in(lang)
                    ),
                )
            );
        }
        WalletCommand::Check(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            let (verifier, _) = verifier(a.trust_list.as_deref(), false)?;
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let results = runtime()?
                .block_on(w.check(&verifier, &|done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }))
                .map_err(|e| wallet_error(e, lang))?;
            bar.finish_and_clear();
            let mut worst = 0u8;
            for (e, report) in &results {
                println!("{}", list_line(e, lang));
                worst = worst.max(report.verdict.exit_code());
            }
            return Ok(ExitCode::from(if worst == 0 { 0 } else { worst }));
        }
        WalletCommand::Export(a) => {
            let lang = a.common.lang();
            let pass = passphrase(a.common.passphrase_file.as_deref(), false)?;
            let w = Wallet::open(&a.common.data, &pass).map_err(|e| wallet_error(e, lang))?;
            let n = w.export(&a.out, &pass).map_err(|e| wallet_error(e, lang))?;
            println!(
                "{}",
                lang.pick(
                    format!(
                        "varmuuskopio {}: {n} todistusta, salattu tunnuslauseella",
                        a.out.display()
                    ),
                    format!(
                        "säkerhetskopia {}: {n} intyg, krypterad med lösenfrasen",
                        a.out.display()
                    ),
                    format!(
                        "backup {}: {n} credentials, encrypted under the passphrase",
                        a.out.display()
                    ),
                )
            );
        }
        WalletCommand::Restore(a) => {
            let lang = a.common.lang();
            let pass = passphrase(a.common.passphrase_file.as_deref(), false)?;
            let bytes = crate::input::read_limited(&a.backup.to_string_lossy(), 4 << 30)?;
            let w = Wallet::restore(&bytes, &a.common.data, &pass)
                .map_err(|e| wallet_error(e, lang))?;
            let n = w.entries().map_err(|e| wallet_error(e, lang))?.len();
            println!("{}", w.did());
            eprintln!(
                "{}",
                lang.pick(
                    format!("palautettu {}: {n} todistusta", a.common.data.display()),
                    format!("återställd till {}: {n} intyg", a.common.data.display()),
                    format!("restored into {}: {n} credentials", a.common.data.display()),
                )
            );
        }
        WalletCommand::ExportCredential(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            let bytes = w.credential(&a.id).map_err(|e| wallet_error(e, lang))?;
            if a.elm {
                let text = String::from_utf8_lossy(&bytes);
                crate::elm::export(&text, None, a.out.as_deref(), lang, None)?;
                return Ok(ExitCode::SUCCESS);
            }
            match &a.out {
                Some(p) => {
                    microcred_core::files::write_atomic(p, &bytes, false).with_context(|| {
                        microcred_text::t!(
                            crate::default_lang(),
                            "cli_cannot_write",
                            path = p.display().to_string()
                        )
                    })?
                }
                None => std::io::stdout().write_all(&bytes)?,
            }
        }
        WalletCommand::Present(a) => {
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
                Some(path) => microcred_core::files::write_atomic(path, p.text.as_bytes(), false)
                    .with_context(|| {
                    microcred_text::t!(
                        crate::default_lang(),
                        "cli_cannot_write",
                        path = path.display().to_string()
                    )
                })?,
                None => println!("{}", p.text),
            }
            if !p.disclosed.is_empty() || p.media_type == "application/dc+sd-jwt" {
                eprintln!(
                    "{} {}",
                    lang.pick("Näytetty:", "Visat:", "Disclosed:"),
                    if p.disclosed.is_empty() {
                        "-".to_string()
                    } else {
                        p.disclosed.join(", ")
                    }
                );
            }
        }
        WalletCommand::Share(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            let expires = parse_expiry(a.expires.as_deref(), chrono::Utc::now())
                .map_err(|e| wallet_error(e, lang))?;
            let mut s = w
                .share(&a.ids, expires, &Disclose::parse(a.disclose.as_deref()))
                .map_err(|e| wallet_error(e, lang))?;
            if let Some(server) = &a.server {
                let published = runtime()?.block_on(w.publish_share(
                    &s.token,
                    server,
                    &crate::verify::fetch_policy()?,
                ));
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
            eprintln!(
                "{} {}{}",
                lang.pick("Voimassa", "Giltig till", "Valid until"),
                chrono::DateTime::from_timestamp(s.expires, 0)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                if s.disclosed.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} {}",
                        lang.pick("näytetään vain:", "visar endast:", "shows only:"),
                        s.disclosed.join(", ")
                    )
                }
            );
        }
        WalletCommand::Shares(c) => {
            let lang = c.lang();
            let w = c.open()?;
            let now = chrono::Utc::now().timestamp();
            for s in w.shares().map_err(|e| wallet_error(e, lang))? {
                let state = if s.ended.is_some() {
                    lang.pick("päätetty", "avslutad", "ended")
                } else if s.expires <= now {
                    lang.pick("vanhentunut", "utgången", "expired")
                } else {
                    lang.pick("voimassa", "aktiv", "active")
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
        }
        WalletCommand::Unshare(a) => {
            let lang = a.common.lang();
            let w = a.common.open()?;
            // A published link is ended on its server first (else it would live on there).
            runtime()?
                .block_on(w.unpublish_share(&a.token, &crate::verify::fetch_policy()?))
                .map_err(|e| wallet_error(e, lang))?;
            println!(
                "{}",
                lang.pick("linkki päätetty", "länken avslutad", "link ended")
            );
        }
        WalletCommand::Qr(a) => {
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
                    lang.pick(
                        format!(
                            "Todistus on liian suuri QR-koodiin sellaisenaan ({} merkkiä, enintään {}); tehtiin jakolinkki {}",
                            choice.packed_len.unwrap_or(0), qr::SELF_CONTAINED_LIMIT, w.link_of(share)
                        ),
                        format!(
                            "Intyget är för stort för en fristående QR-kod ({} tecken, högst {}); en delningslänk skapades {}",
                            choice.packed_len.unwrap_or(0), qr::SELF_CONTAINED_LIMIT, w.link_of(share)
                        ),
                        format!(
                            "The credential is too large for a self-contained QR code ({} characters, at most {}); made a share link instead: {}",
                            choice.packed_len.unwrap_or(0), qr::SELF_CONTAINED_LIMIT, w.link_of(share)
                        ),
                    )
                );
            }
            let text = choice.payload.text();
            match (&a.svg, &a.png) {
                (Some(p), _) => microcred_core::files::write_atomic(
                    p,
                    qr::to_svg(text)
                        .map_err(|e| wallet_error(e, lang))?
                        .as_bytes(),
                    false,
                )
                .with_context(|| {
                    microcred_text::t!(
                        crate::default_lang(),
                        "cli_cannot_write",
                        path = p.display().to_string()
                    )
                })?,
                (_, Some(p)) => microcred_core::files::write_atomic(
                    p,
                    &qr::to_png(text).map_err(|e| wallet_error(e, lang))?,
                    false,
                )
                .with_context(|| {
                    microcred_text::t!(
                        crate::default_lang(),
                        "cli_cannot_write",
                        path = p.display().to_string()
                    )
                })?,
                _ => print!(
                    "{}",
                    qr::to_terminal(text).map_err(|e| wallet_error(e, lang))?
                ),
            }
            eprintln!(
                "{}",
                match &choice.payload {
                    Payload::Link(u) => lang.pick(format!("Linkki: {u}"), format!("Länk: {u}"), format!("Link: {u}")),
                    Payload::Credential(t) => lang.pick(
                        format!("Koko todistus QR-koodissa ({} merkkiä): tarkistettavissa ilman verkkoa", t.len()),
                        format!("Hela intyget i QR-koden ({} tecken): kan kontrolleras utan nät", t.len()),
                        format!("The whole credential in the QR code ({} characters): verifiable offline", t.len()),
                    ),
                }
            );
        }
        WalletCommand::Progress(c) => {
            let lang = c.lang();
            let w = c.open()?;
            c.refresh(&w, None);
            let all = w.progress().map_err(|e| wallet_error(e, lang))?;
            if all.is_empty() {
                println!(
                    "{}",
                    lang.pick(
                        "Todistuksesi eivät kerry laajempiin kokonaisuuksiin.",
                        "Dina intyg ingår inte i större helheter.",
                        "None of your credentials stack into a larger one.",
                    )
                );
            }
            for p in all {
                println!("{}", p.title.text(lang));
                for (id, t) in &p.held {
                    println!("  ✔ {} ({id})", t.text(lang));
                }
                for (_, t) in &p.missing {
                    println!("  ○ {}", t.text(lang));
                }
                for (id, t, s) in &p.left_out {
                    println!(
                        "  ✘ {} ({id}): {} — {}",
                        t.text(lang),
                        s.label(lang),
                        lang.pick("ei lasketa mukaan", "räknas inte", "not counted")
                    );
                }
                if !p.parts_listed {
                    println!(
                        "  {}",
                        lang.pick(
                            "(myöntäjä ei ole nimennyt kaikkia osia)",
                            "(utfärdaren har inte namngett alla delar)",
                            "(the provider does not list the other parts)",
                        )
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `wallet respond`: resolve and check the request, show who asks for what, then answer.
fn respond(a: RespondArgs) -> Result<ExitCode> {
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
