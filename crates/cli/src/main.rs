//! `microcred`: issue, keep, share and verify EU micro-credentials.
//!
//! A thin layer: each subcommand parses its arguments, calls a library crate, and turns
//! the outcome into text and an exit code. Exit codes are part of the interface:
//! 0 success/valid, 1 invalid, 2 usage or I/O error, 3 could not check.

mod elm;
mod input;
mod issuer;
mod serve;
mod spec;
mod verify;
mod wallet;

use std::process::ExitCode;

/// Verification parses many small JSON trees; mimalloc makes that about a fifth faster
/// than the system allocator (see the verifier benchmarks).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use microcred_model::Lang;

#[derive(Parser)]
#[command(
    name = "microcred",
    version,
    about = "Issue, keep, share and verify EU micro-credentials"
)]
struct Cli {
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

/// The language of messages when `--lang` is not given: `MICROCRED_LANG`, then the
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), then English.
pub fn default_lang() -> Lang {
    ["MICROCRED_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| v.parse().ok())
        .unwrap_or(Lang::En)
}

/// The error and its causes, each once: library errors already quote their source in
/// their own message, which `{:#}` would print again.
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
    out
}

/// Output into a pipe whose reader has gone (`microcred issuer list | head -1`) ends the
/// command quietly, as it does any Unix tool, instead of a panic on the failed write.
/// Not for `serve`, which must outlive whatever reads its log.
fn stop_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called at the start of `main`, before any thread exists; restores the
    // default disposition of SIGPIPE that the Rust runtime set to "ignore".
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
