//! `microcred`: issue, keep, share and verify EU micro-credentials.
//!
//! A thin layer: each subcommand parses its arguments, calls a library crate, and turns
//! the outcome into text and an exit code. Exit codes are part of the interface:
//! 0 success/valid, 1 invalid, 2 usage or I/O error, 3 could not check.

mod cli_text;
mod elm;
mod input;
mod issuer;
mod output;
mod serve;
mod spec;
mod verify;
mod wallet;

use std::process::ExitCode;

/// Verification parses many small JSON trees; mimalloc makes that about a fifth faster
/// than the system allocator (see the verifier benchmarks).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::OnceLock;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use microcred_model::Lang;

#[derive(Parser)]
#[command(
    name = "microcred",
    version,
    about = "Issue, keep, share and verify EU micro-credentials"
)]
struct Cli {
    /// Language of messages and help: fi, sv or en (else MICROCRED_LANG, then LANG)
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check and display micro-credential specifications
    #[command(subcommand)]
    Spec(spec::SpecCommand),
    /// Issue, list and revoke micro-credentials (the provider's tools)
    #[command(subcommand)]
    Issuer(issuer::IssuerCommand),
    /// Check a credential or presentation: genuine, current, whose, and what it says
    Verify(verify::VerifyArgs),
    /// Keep, present and share your micro-credentials (the learner's tools)
    #[command(subcommand)]
    Wallet(wallet::WalletCommand),
    /// Run the issuer, wallet and verifier over HTTP (one address, one data directory)
    Serve(serve::ServeArgs),
}

/// The `--lang` of this run, read from the arguments before clap parses them.
static ARG_LANG: OnceLock<Option<Lang>> = OnceLock::new();

/// The language of messages: `--lang`, else `MICROCRED_LANG`, then the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`), then English.
pub fn default_lang() -> Lang {
    if let Some(Some(lang)) = ARG_LANG.get() {
        return *lang;
    }
    ["MICROCRED_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| v.parse().ok())
        .unwrap_or(Lang::En)
}

/// The error and its causes, each once (library errors already quote their source in
/// their own message, which `{:#}` would print again), in the user's language where the
/// catalogue knows the English words.
pub fn chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    microcred_text::translate_known(default_lang(), &out)
}

/// Output into a pipe whose reader has gone (`microcred issuer list | head -1`) ends the
/// command quietly, as it does any Unix tool, instead of a panic on the failed write.
/// Not for `serve`, which must outlive whatever reads its log.
fn stop_quietly_on_closed_pipe() {
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: called at the start of `main`, before any thread exists; restores the
    // default disposition of SIGPIPE that the Rust runtime set to "ignore".
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Parses the arguments with `--help` and clap's errors in the user's language.
fn parse() -> Result<Cli, ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let _ = ARG_LANG.set(cli_text::lang_from_args(&args));
    let lang = default_lang();
    let mut cmd = cli_text::localize(Cli::command(), lang);
    let fail = |e: clap::Error| match cli_text::clap_error(&e, lang) {
        Some(text) => {
            eprint!("{text}");
            ExitCode::from(2)
        }
        None => {
            let _ = e.print();
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
    };
    let matches = cmd.try_get_matches_from_mut(&args).map_err(fail)?;
    match cli_text::help_request(&mut cmd, &matches, lang) {
        Some(Ok(help)) => {
            print!("{help}");
            return Err(ExitCode::SUCCESS);
        }
        Some(Err(error)) => {
            eprint!("{error}");
            return Err(ExitCode::from(2));
        }
        None => {}
    }
    Cli::from_arg_matches(&matches).map_err(fail)
}

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if !matches!(cli.command, Command::Serve(_)) {
        stop_quietly_on_closed_pipe();
    }
    let result = match cli.command {
        Command::Spec(cmd) => spec::run(cmd),
        Command::Issuer(cmd) => issuer::run(cmd),
        Command::Verify(args) => verify::run(args),
        Command::Wallet(cmd) => wallet::run(cmd),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // The issuer's errors a person meets are said in their language.
            match e.downcast_ref::<microcred_issuer::IssuerError>() {
                Some(ie) => eprintln!("microcred: {}", ie.message(default_lang())),
                None => eprintln!("microcred: {}", chain(&e)),
            }
            ExitCode::from(2)
        }
    }
}
