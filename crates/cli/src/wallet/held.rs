//! The wallet and what it holds: creating it, taking credentials in (a file or an
//! offer), listing, showing, deleting and checking them again, and how they stack.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use microcred_text::t;
use microcred_wallet::{InitOptions, Wallet};

use super::{
    checked_at, list_line, passphrase, print_kept, wallet_error, AcceptArgs, CheckArgs, Common,
    IdArgs, ImportArgs, InitArgs, ListArgs,
};
use crate::verify::{read_input, runtime, verifier};

/// `wallet init`: a new wallet, its keys encrypted under a passphrase asked twice.
pub(super) fn init(a: InitArgs) -> Result<ExitCode> {
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
        t!(
            lang,
            "cli_wallet_created",
            dir = a.common.data.display().to_string()
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `wallet did`: the holder's DIDs, read without the passphrase.
pub(super) fn did(c: Common) -> Result<ExitCode> {
    let f = Wallet::read_file(&c.data).map_err(|e| wallet_error(e, c.lang()))?;
    println!("{}\n{}", f.did, f.did_jwk);
    Ok(ExitCode::SUCCESS)
}

/// `wallet import`: verify a credential and keep it.
pub(super) fn import(a: ImportArgs) -> Result<ExitCode> {
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
    print_kept(&imported, lang, t!(lang, "cli_kept"));
    if !imported.bound_here {
        eprintln!("{}", t!(lang, "cli_not_bound"));
    }
    Ok(ExitCode::SUCCESS)
}

/// `wallet accept`: receive a credential from a provider's offer.
pub(super) fn accept(a: AcceptArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let w = a.common.open()?;
    let (verifier, _) = verifier(a.trust_list.as_deref(), false)?;
    let policy = crate::verify::fetch_policy()?;
    let accepted =
        runtime()?.block_on(w.accept_offer(&a.offer, a.tx_code.as_deref(), &verifier, &policy));
    let imported = match accepted {
        Ok(i) => i,
        Err(e) => {
            eprintln!("microcred: {}", e.message(lang));
            return Ok(ExitCode::from(1));
        }
    };
    print_kept(&imported, lang, t!(lang, "cli_received"));
    Ok(ExitCode::SUCCESS)
}

/// `wallet list`: the held credentials, newest first, or those a search finds.
pub(super) fn list(a: ListArgs) -> Result<ExitCode> {
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
            eprintln!("{}", t!(lang, "cli_no_credentials"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `wallet show`: one credential with every element.
pub(super) fn show(a: IdArgs) -> Result<ExitCode> {
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
            t!(lang, "cli_checked"),
            checked_at(e.checked)
        );
        print!("{}", content.to_text(lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// `wallet delete`: a credential removed, and the share links that showed it ended.
pub(super) fn delete(a: IdArgs) -> Result<ExitCode> {
    let lang = a.common.lang();
    let w = a.common.open()?;
    let (e, ended) = w.delete(&a.id).map_err(|e| wallet_error(e, lang))?;
    println!(
        "{}",
        t!(
            lang,
            "cli_deleted",
            id = e.id,
            title = e.title_in(lang),
            ended = ended
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// `wallet check`: every credential verified again; the exit code is the worst verdict's.
pub(super) fn check(a: CheckArgs) -> Result<ExitCode> {
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
    Ok(ExitCode::from(if worst == 0 { 0 } else { worst }))
}

/// `wallet progress`: the larger credentials the held ones stack into, part by part.
pub(super) fn progress(c: Common) -> Result<ExitCode> {
    let lang = c.lang();
    let w = c.open()?;
    c.refresh(&w, None);
    let all = w.progress().map_err(|e| wallet_error(e, lang))?;
    if all.is_empty() {
        println!("{}", t!(lang, "cli_nothing_stacks"));
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
                t!(lang, "cli_not_counted")
            );
        }
        if !p.parts_listed {
            println!("  {}", t!(lang, "cli_parts_not_listed"));
        }
    }
    Ok(ExitCode::SUCCESS)
}
