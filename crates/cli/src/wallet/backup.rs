//! Copies out of the wallet: an encrypted backup of it all, restoring one, and a single
//! credential as issued for another wallet or as an ELM document.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use microcred_text::t;
use microcred_wallet::Wallet;

use super::{passphrase, wallet_error, ExportArgs, ExportCredentialArgs, RestoreArgs};

/// `wallet export`: an encrypted backup of the whole wallet.
pub(super) fn export(a: ExportArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let pass = passphrase(a.common.passphrase_file.as_deref(), false)?;
    let w = Wallet::open(&a.common.data, &pass).map_err(|e| wallet_error(e, lang))?;
    let n = w.export(&a.out, &pass).map_err(|e| wallet_error(e, lang))?;
    println!(
        "{}",
        t!(
            lang,
            "cli_backup_written",
            file = a.out.display().to_string(),
            n = n
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `wallet restore`: a backup restored into a new wallet directory.
pub(super) fn restore(a: RestoreArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let pass = passphrase(a.common.passphrase_file.as_deref(), false)?;
    let bytes = crate::input::read_limited(&a.backup.to_string_lossy(), 4 << 30)?;
    let w = Wallet::restore(&bytes, &a.common.data, &pass).map_err(|e| wallet_error(e, lang))?;
    let n = w.entries().map_err(|e| wallet_error(e, lang))?.len();
    println!("{}", w.did());
    eprintln!(
        "{}",
        t!(
            lang,
            "cli_backup_restored",
            dir = a.common.data.display().to_string(),
            n = n
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `wallet export-credential`: one credential as issued, or as an ELM document.
pub(super) fn export_credential(a: ExportCredentialArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let w = a.common.open()?;
    let bytes = w.credential(&a.id).map_err(|e| wallet_error(e, lang))?;
    if a.elm {
        let text = String::from_utf8_lossy(&bytes);
        crate::elm::export(&text, None, a.out.as_deref(), lang, None)?;
        return Ok(ExitCode::SUCCESS);
    }
    match &a.out {
        Some(p) => crate::output::write_file(p, &bytes)?,
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}
