//! `microcred spec …`: validate and display specifications.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use microcred_model::validate::{self, Options, ProtectedTitles, Report, MAX_DOCUMENT_BYTES};
use microcred_model::{render, Lang};

use crate::input::read_limited;

#[derive(Subcommand)]
pub enum SpecCommand {
    /// Validate specification files and list every problem found
    Validate(ValidateArgs),
    /// Show a specification as a reader sees it, every EU element labelled
    Show(ShowArgs),
}

#[derive(Args)]
pub struct ValidateArgs {
    /// Specification files (JSON); `-` reads standard input
    #[arg(required = true)]
    files: Vec<String>,
    /// Print a JSON report for machines
    #[arg(long)]
    json: bool,
    /// Language of the messages (fi, sv, en)
    #[arg(long)]
    lang: Option<Lang>,
    /// Protected titles, one a line, instead of the shipped example list
    #[arg(long, value_name = "FILE")]
    protected_titles: Option<String>,
}

#[derive(Args)]
pub struct ShowArgs {
    /// Specification file (JSON)
    file: String,
    /// Language to show it in (fi, sv, en)
    #[arg(long)]
    lang: Option<Lang>,
    /// Issuer profile, to show the awarding body and its country
    #[arg(long, value_name = "FILE")]
    issuer: Option<String>,
    /// An award of this specification, to show the learner and the date of issuing
    #[arg(long, value_name = "FILE")]
    award: Option<String>,
    /// Print the view as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: SpecCommand) -> Result<ExitCode> {
    match cmd {
        SpecCommand::Validate(a) => validate_files(a),
        SpecCommand::Show(a) => show(a),
    }
}

fn options(protected: Option<&str>) -> Result<Options> {
    let mut opts = Options::default();
    if let Some(path) = protected {
        let text = read_limited(path, MAX_DOCUMENT_BYTES)?;
        let text = String::from_utf8(text).with_context(|| format!("{path} is not UTF-8 text"))?;
        opts.protected_titles = ProtectedTitles::parse(&text);
    }
    Ok(opts)
}

/// Validates one file; `Err` only for I/O problems (which are not the document's fault).
fn check_file(path: &str, opts: &Options) -> Result<Report> {
    let bytes = read_limited(path, MAX_DOCUMENT_BYTES)?;
    Ok(match validate::parse_json(&bytes) {
        Ok(v) => validate::validate_specification(&v, opts),
        Err(report) => report,
    })
}

fn validate_files(a: ValidateArgs) -> Result<ExitCode> {
    let lang = a.lang.unwrap_or_else(crate::default_lang);
    let opts = options(a.protected_titles.as_deref())?;
    let mut any_invalid = false;
    let mut any_io = false;
    let mut json_out = Vec::new();
    for path in &a.files {
        match check_file(path, &opts) {
            Ok(report) => {
                any_invalid |= !report.is_valid();
                if a.json {
                    json_out.push(serde_json::json!({
                        "file": path,
                        "valid": report.is_valid(),
                        "errors": report.errors().count(),
                        "warnings": report.warnings().count(),
                        "problems": report.problems.iter().map(|p| p.to_json(lang)).collect::<Vec<_>>(),
                    }));
                } else {
                    print_report(path, &report, lang);
                }
            }
            Err(e) => {
                any_io = true;
                if a.json {
                    json_out.push(serde_json::json!({"file": path, "error": crate::chain(&e)}));
                } else {
                    eprintln!("{path}: {}", crate::chain(&e));
                }
            }
        }
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&json_out)?);
    }
    Ok(ExitCode::from(if any_io {
        2
    } else if any_invalid {
        1
    } else {
        0
    }))
}

fn print_report(path: &str, report: &Report, lang: Lang) {
    let (e, w) = (report.errors().count(), report.warnings().count());
    let verdict = if report.is_valid() {
        lang.pick("kelvollinen", "giltig", "valid")
    } else {
        lang.pick("EI KELVOLLINEN", "OGILTIG", "INVALID")
    };
    let counts = match lang {
        Lang::Fi => format!("{e} virhettä, {w} varoitusta"),
        Lang::Sv => format!("{e} fel, {w} varningar"),
        Lang::En => format!("{e} error(s), {w} warning(s)"),
    };
    println!("{path}: {verdict} ({counts})");
    let mut problems: Vec<_> = report.problems.iter().collect();
    problems.sort_by_key(|p| p.severity);
    for p in problems {
        println!(
            "  {:<8} {}: {}",
            p.severity.label(lang),
            p.path,
            p.message(lang)
        );
    }
}

fn show(a: ShowArgs) -> Result<ExitCode> {
    let lang = a.lang.unwrap_or_else(crate::default_lang);
    let opts = Options::default();
    let load_err = |path: &str, e: validate::Invalid| {
        for p in &e.0.problems {
            eprintln!(
                "{path}: {} {}: {}",
                p.severity.label(lang),
                p.path,
                p.message(lang)
            );
        }
        ExitCode::from(1)
    };
    let bytes = read_limited(&a.file, MAX_DOCUMENT_BYTES)?;
    let spec = match validate::load_specification(&bytes, &opts) {
        Ok((s, _)) => s,
        Err(e) => return Ok(load_err(&a.file, e)),
    };
    let issuer = match &a.issuer {
        Some(path) => match validate::load_issuer_profile(&read_limited(path, MAX_DOCUMENT_BYTES)?)
        {
            Ok((i, _)) => Some(i),
            Err(e) => return Ok(load_err(path, e)),
        },
        None => None,
    };
    let award = match &a.award {
        Some(path) => {
            let bytes = read_limited(path, MAX_DOCUMENT_BYTES)?;
            match validate::load_award(&bytes, Some(&spec), issuer.as_ref(), &opts) {
                Ok((aw, _)) => Some(aw),
                Err(e) => return Ok(load_err(path, e)),
            }
        }
        None => None,
    };
    let view = render::view(&spec, issuer.as_ref(), award.as_ref(), lang);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print!("{}", view.to_text());
    }
    Ok(ExitCode::SUCCESS)
}
