//! Validation of specifications, issuer profiles and awards.
//!
//! Every rule runs on the raw JSON so that one pass reports **every** problem, each with
//! its JSONPath, severity and a plain message in Finnish, Swedish or English. A document
//! without errors is guaranteed to deserialise into the typed model (tested on every
//! fixture).

mod award;
mod issuer;
mod place;
mod problem;
mod protected;
mod spec;
pub mod vcdm;
mod walk;

use chrono::{DateTime, Duration, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use place::{describe as describe_path, language_name};
pub use problem::{fmt_num, Expected, Problem, ProblemKind, Report, Severity};
pub use protected::{ProtectedTitles, DEFAULT_LIST as DEFAULT_PROTECTED_TITLES};
pub use walk::{is_absolute_uri, is_did, is_email, is_http_url, is_slug};

use crate::award::Award;
use crate::issuer::IssuerProfile;
use crate::spec::Specification;

/// Largest document accepted, in bytes. A specification is a few kilobytes; anything near
/// this is a mistake or an attack, and is refused before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// Settings that a rule depends on.
#[derive(Debug, Clone)]
pub struct Options {
    /// "Now", for dates that must not lie in the future.
    pub now: DateTime<Utc>,
    /// How far ahead of `now` a date may be, for machines whose clocks disagree.
    pub clock_skew: Duration,
    pub protected_titles: ProtectedTitles,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            now: Utc::now(),
            clock_skew: Duration::minutes(5),
            protected_titles: ProtectedTitles::default(),
        }
    }
}

fn run(f: impl FnOnce(&mut walk::Ctx)) -> Report {
    let mut ctx = walk::Ctx::default();
    f(&mut ctx);
    Report {
        problems: ctx.problems,
    }
}

pub fn validate_specification(v: &Value, opts: &Options) -> Report {
    run(|ctx| spec::check(ctx, v, opts))
}

pub fn validate_issuer_profile(v: &Value) -> Report {
    run(|ctx| issuer::check(ctx, v))
}

/// Validates an award; with its specification the grade and specification id are checked
/// against it, with the issuer profile the place of issuing.
pub fn validate_award(
    v: &Value,
    spec: Option<&Specification>,
    issuer: Option<&IssuerProfile>,
    opts: &Options,
) -> Report {
    run(|ctx| award::check(ctx, v, spec, issuer, opts))
}

/// Checks a credential against the W3C data model (VCDM 2.0 §4–§5, or 1.1 when its
/// first context is 1.1's) before it is signed: every problem, each with its path.
pub fn validate_vc_document(v: &Value) -> Report {
    run(|ctx| vcdm::check_credential(ctx, v))
}

/// Checks a presentation's structure (VCDM 2.0 §4.13), signed or not.
pub fn validate_vp_document(v: &Value) -> Report {
    run(|ctx| vcdm::check_presentation(ctx, v))
}

/// Checks one `BitstringStatusListEntry` (Bitstring Status List v1.0 §2.1).
pub fn validate_status_entry(v: &Value) -> Report {
    run(|ctx| match v.as_object() {
        Some(m) => vcdm::status_entry(ctx, m, &walk::Path::root()),
        None => ctx.error(
            &walk::Path::root(),
            ProblemKind::WrongType {
                expected: Expected::Object,
            },
        ),
    })
}

/// A report of one problem at `path`.
pub fn one_problem(path: &str, kind: ProblemKind) -> Report {
    Report {
        problems: vec![Problem {
            path: path.to_string(),
            severity: Severity::Error,
            kind,
        }],
    }
}

/// A document that failed to load: why, with every problem found.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} problem(s), first: {}: {}", .0.problems.len(), .0.problems.first().map(|p| p.path.as_str()).unwrap_or("$"), .0.problems.first().map(|p| p.message(crate::Lang::En)).unwrap_or_default())]
pub struct Invalid(pub Report);

impl Invalid {
    /// Every problem, each with where it is in words, in `lang`.
    pub fn message(&self, lang: crate::Lang) -> String {
        self.0.describe(lang)
    }
}

/// Parses JSON text with the size limit, reporting unreadable JSON as a problem at `$`.
pub fn parse_json(text: &[u8]) -> Result<Value, Report> {
    let fail = |detail: String| Report {
        problems: vec![Problem {
            path: "$".into(),
            severity: Severity::Error,
            kind: ProblemKind::UnreadableJson { detail },
        }],
    };
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Report {
            problems: vec![Problem {
                path: "$".into(),
                severity: Severity::Error,
                kind: ProblemKind::TooLong {
                    max: MAX_DOCUMENT_BYTES,
                },
            }],
        });
    }
    serde_json::from_slice(text).map_err(|e| fail(e.to_string()))
}

fn typed<T: DeserializeOwned>(v: Value, report: Report) -> Result<(T, Report), Invalid> {
    if !report.is_valid() {
        return Err(Invalid(report));
    }
    // The validator accepted it, so this cannot fail unless the validator and the types
    // disagree; that is reported rather than trusted.
    serde_json::from_value(v)
        .map(|t| (t, report.clone()))
        .map_err(|e| {
            let mut report = report;
            report.problems.push(Problem {
                path: "$".into(),
                severity: Severity::Error,
                kind: ProblemKind::UnreadableJson {
                    detail: e.to_string(),
                },
            });
            Invalid(report)
        })
}

/// Validates and loads a specification; the report carries any warnings.
pub fn load_specification(text: &[u8], opts: &Options) -> Result<(Specification, Report), Invalid> {
    let v = parse_json(text).map_err(Invalid)?;
    let report = validate_specification(&v, opts);
    typed(v, report)
}

pub fn load_issuer_profile(text: &[u8]) -> Result<(IssuerProfile, Report), Invalid> {
    let v = parse_json(text).map_err(Invalid)?;
    let report = validate_issuer_profile(&v);
    typed(v, report)
}

pub fn load_award(
    text: &[u8],
    spec: Option<&Specification>,
    issuer: Option<&IssuerProfile>,
    opts: &Options,
) -> Result<(Award, Report), Invalid> {
    let v = parse_json(text).map_err(Invalid)?;
    let report = validate_award(&v, spec, issuer, opts);
    typed(v, report)
}

/// Validates an in-memory award (one built from a CSV row, say) the same way as a file.
pub fn check_award(
    award: &Award,
    spec: Option<&Specification>,
    issuer: Option<&IssuerProfile>,
    opts: &Options,
) -> Report {
    match serde_json::to_value(award) {
        Ok(v) => validate_award(&v, spec, issuer, opts),
        Err(e) => Report {
            problems: vec![Problem {
                path: "$".into(),
                severity: Severity::Error,
                kind: ProblemKind::UnreadableJson {
                    detail: e.to_string(),
                },
            }],
        },
    }
}
