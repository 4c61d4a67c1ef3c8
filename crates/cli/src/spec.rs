//! `microcred spec …`: validate and display specifications.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use microcred_model::validate::{self, Options, ProtectedTitles, Report, MAX_DOCUMENT_BYTES};
use microcred_model::{render, Lang};
use microcred_text::t;

use crate::input::read_limited;

#[derive(Subcommand)]
pub enum SpecCommand {
    /// Validate specification files and list every problem found
    Validate(ValidateArgs),
    /// Show a specification as a reader sees it, every EU element labelled
    Show(ShowArgs),
    /// Start a draft in the issuer's catalogue: from a file, or an empty one with an id
    New(NewArgs),
    /// Publish a draft (by id) or a specification file; a published version never changes
    Publish(SpecPublishArgs),
    /// Start the next version of a published specification as a draft copying it
    NewVersion(NewVersionArgs),
    /// List the catalogue: published versions and drafts
    List(crate::issuer::DataArg),
}

#[derive(Args)]
pub struct NewArgs {
    #[command(flatten)]
    data: crate::issuer::DataArg,
    /// The draft's identifier (lower-case letters, digits and hyphens)
    #[arg(long, required_unless_present = "from")]
    id: Option<String>,
    /// Start from this specification file (JSON)
    #[arg(long, value_name = "FILE")]
    from: Option<String>,
}

#[derive(Args)]
pub struct SpecPublishArgs {
    #[command(flatten)]
    data: crate::issuer::DataArg,
    /// A draft's id, or a specification file (JSON)
    #[arg(required = true)]
    specs: Vec<String>,
}

#[derive(Args)]
pub struct NewVersionArgs {
    #[command(flatten)]
    data: crate::issuer::DataArg,
    id: String,
    /// The new version (default: the next number)
    #[arg(long)]
    version: Option<String>,
}

#[derive(Args)]
pub struct ValidateArgs {
    /// Specification files (JSON); `-` reads standard input
    #[arg(required = true)]
    files: Vec<String>,
    /// Print a JSON report for machines
    #[arg(long)]
    json: bool,
    /// Protected titles, one a line, instead of the shipped example list
    #[arg(long, value_name = "FILE")]
    protected_titles: Option<String>,
}

#[derive(Args)]
pub struct ShowArgs {
    /// Specification file (JSON)
    file: String,
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
        SpecCommand::New(a) => new(a),
        SpecCommand::Publish(a) => publish(a),
        SpecCommand::NewVersion(a) => new_version(a),
        SpecCommand::List(a) => list(a),
    }
}

fn new(a: NewArgs) -> Result<ExitCode> {
    let lang = crate::default_lang();
    let issuer = microcred_issuer::Issuer::open(&a.data.data)?;
    let mut draft = match &a.from {
        Some(path) => validate::parse_json(&read_limited(path, MAX_DOCUMENT_BYTES)?)
            .map_err(|r| anyhow::anyhow!("{path}: {}", r.describe(lang)))?,
        None => serde_json::json!({ "version": microcred_issuer::catalogue::FIRST_VERSION }),
    };
    if let Some(id) = &a.id {
        draft["id"] = serde_json::json!(id);
    }
    if let Some(o) = draft.as_object_mut() {
        o.remove("$schema");
    }
    let id = issuer
        .save_draft(&draft)
        .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    let report = validate::validate_specification(&draft, &Options::default());
    println!("{id}");
    let problems = report.errors().count();
    eprintln!(
        "{}",
        if problems == 0 {
            t!(lang, "cli_spec_draft_ready", id = id)
        } else {
            t!(lang, "cli_spec_draft_to_fix", id = id, count = problems)
        }
    );
    for p in report.errors() {
        eprintln!("  {}", p.describe(lang));
    }
    Ok(ExitCode::SUCCESS)
}

fn publish(a: SpecPublishArgs) -> Result<ExitCode> {
    use microcred_issuer::catalogue::Published;
    let lang = crate::default_lang();
    let issuer = microcred_issuer::Issuer::open(&a.data.data)?;
    let mut failed = false;
    for item in &a.specs {
        let outcome = if std::path::Path::new(item).is_file() {
            let bytes = read_limited(item, MAX_DOCUMENT_BYTES)?;
            match validate::load_specification(&bytes, &Options::default()) {
                Ok((spec, _)) => issuer.publish_spec(&spec).map(|p| (spec, p)),
                Err(e) => Err(microcred_issuer::IssuerError::InvalidSpecification(e.0)),
            }
        } else {
            issuer.publish_draft(item)
        };
        match outcome {
            Ok((spec, done)) => {
                let version = spec
                    .version
                    .as_deref()
                    .unwrap_or(microcred_issuer::catalogue::FIRST_VERSION);
                let what = match done {
                    Published::New => t!(lang, "cli_spec_published"),
                    Published::Unchanged => t!(lang, "cli_spec_published_unchanged"),
                };
                println!(
                    "{}/specs/{}/versions/{version}",
                    issuer.config().base_url,
                    spec.id
                );
                eprintln!("{} {version}: {what}", spec.id);
            }
            Err(e) => {
                failed = true;
                eprintln!("{item}: {}", e.message(lang));
            }
        }
    }
    Ok(ExitCode::from(u8::from(failed)))
}

fn new_version(a: NewVersionArgs) -> Result<ExitCode> {
    let lang = crate::default_lang();
    let issuer = microcred_issuer::Issuer::open(&a.data.data)?;
    match issuer.new_version(&a.id, a.version.as_deref()) {
        Ok(draft) => {
            let v = draft["version"].as_str().unwrap_or_default();
            println!("{v}");
            eprintln!(
                "{}",
                t!(lang, "cli_spec_draft_saved", id = a.id, version = v)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{}: {}", a.id, e.message(lang));
            Ok(ExitCode::from(1))
        }
    }
}

fn list(a: crate::issuer::DataArg) -> Result<ExitCode> {
    let lang = crate::default_lang();
    let issuer = microcred_issuer::Issuer::open(&a.data)?;
    for s in issuer.catalogue()? {
        let versions = issuer.versions(&s.id)?.join(", ");
        println!(
            "{}  {}  {}  ({}: {})",
            s.id,
            s.version.as_deref().unwrap_or("-"),
            s.title.text(lang),
            t!(lang, "cli_spec_versions"),
            versions
        );
    }
    for d in issuer.drafts()? {
        println!(
            "{}  {}  {}",
            d.id,
            d.document["version"].as_str().unwrap_or("-"),
            t!(lang, "cli_spec_draft")
        );
    }
    Ok(ExitCode::SUCCESS)
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
    let lang = crate::default_lang();
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
        t!(lang, "cli_report_valid")
    } else {
        t!(lang, "cli_report_invalid")
    };
    let counts = format!(
        "{}, {}",
        t!(lang, "cli_report_errors", count = e),
        t!(lang, "cli_report_warnings", count = w)
    );
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
    let lang = crate::default_lang();
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
