//! Issuing to a whole cohort from a CSV learner list.
//!
//! One learner a row, with a header. A bad row is reported with its line number and
//! skipped (or, in strict mode, nothing is signed at all). Each row has an idempotency
//! key, so running the same list again issues nothing twice; a credential file is written
//! only after its credential is durably in the registry, so a file never exists without
//! its record. After a crash, re-running writes the files that were missing.

use std::fs;
use std::path::{Path, PathBuf};

use microcred_model::validate::{self, Options as ValidationOptions};
use microcred_model::{Award, Lang, Learner, Specification};
use sha2::{Digest, Sha256};

use crate::error::{io, IssuerError, Result};
use crate::format::Format;
use crate::issuer::{write_atomic, Issuer, Request};
use crate::registry::Record;

/// Largest learner list accepted.
pub const MAX_CSV_BYTES: usize = 64 * 1024 * 1024;
pub const MAX_ROWS: usize = 200_000;
/// Rows signed and recorded per durable write, by default.
pub const DEFAULT_BATCH: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    GivenName,
    FamilyName,
    DateOfBirth,
    Email,
    Did,
    Grade,
    NationalId,
    Issued,
}

/// Accepted header names, in English, Finnish and Swedish.
const HEADERS: &[(&str, Column)] = &[
    ("name", Column::Name),
    ("full_name", Column::Name),
    ("nimi", Column::Name),
    ("namn", Column::Name),
    ("given_name", Column::GivenName),
    ("etunimi", Column::GivenName),
    ("förnamn", Column::GivenName),
    ("family_name", Column::FamilyName),
    ("sukunimi", Column::FamilyName),
    ("efternamn", Column::FamilyName),
    ("date_of_birth", Column::DateOfBirth),
    ("birth_date", Column::DateOfBirth),
    ("dob", Column::DateOfBirth),
    ("syntymäaika", Column::DateOfBirth),
    ("födelsedatum", Column::DateOfBirth),
    ("email", Column::Email),
    ("e-mail", Column::Email),
    ("sähköposti", Column::Email),
    ("e-post", Column::Email),
    ("did", Column::Did),
    ("holder_did", Column::Did),
    ("grade", Column::Grade),
    ("arvosana", Column::Grade),
    ("vitsord", Column::Grade),
    ("national_id", Column::NationalId),
    ("henkilötunnus", Column::NationalId),
    ("personbeteckning", Column::NationalId),
    ("issued", Column::Issued),
    ("myöntämispäivä", Column::Issued),
    ("utfärdad", Column::Issued),
];

/// A learner row ready to issue.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line in the file (the header is line 1).
    pub line: usize,
    pub award: Award,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Cohort {
    pub rows: Vec<Row>,
    pub problems: Vec<RowProblem>,
}

fn column_of(path: &str) -> &str {
    let p = path
        .trim_start_matches("$.learner.")
        .trim_start_matches("$.");
    match p {
        "dateOfBirth" => "date_of_birth",
        "nationalId" => "national_id",
        "givenName" => "given_name",
        "familyName" => "family_name",
        "learner" => "learner",
        other => other,
    }
}

/// Reads a learner list. Problems with the file as a whole (no header, unknown columns)
/// are errors; problems with a row are listed in [`Cohort::problems`] with its line.
pub fn read_csv(
    bytes: &[u8],
    spec: &Specification,
    issuer: &Issuer,
    default_issued: &str,
    format: Format,
    lang: Lang,
) -> Result<Cohort> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(IssuerError::Cohort(format!(
            "the file is larger than {} MiB",
            MAX_CSV_BYTES / 1024 / 1024
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        IssuerError::Cohort("the file is not UTF-8 text (save it as CSV UTF-8)".into())
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Spreadsheets in Finland often save with semicolons.
    let delimiter = match text.lines().next() {
        Some(h) if h.contains(';') && !h.contains(',') => b';',
        _ => b',',
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| IssuerError::Cohort(format!("line 1: {e}")))?
        .clone();
    let mut columns = Vec::new();
    for h in header.iter() {
        let key = h.trim().to_lowercase().replace(' ', "_");
        match HEADERS.iter().find(|(n, _)| *n == key) {
            Some((_, c)) => columns.push(*c),
            None => {
                return Err(IssuerError::Cohort(format!(
                    "line 1: unknown column '{h}'; use name, given_name, family_name, date_of_birth, email, did, grade, national_id, issued"
                )))
            }
        }
    }
    if !columns.contains(&Column::Name) {
        return Err(IssuerError::Cohort(
            "line 1: the header has no 'name' column".into(),
        ));
    }
    let opts = ValidationOptions::default();
    let mut cohort = Cohort::default();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        if cohort.rows.len() + cohort.problems.len() >= MAX_ROWS {
            return Err(IssuerError::Cohort(format!("more than {MAX_ROWS} rows")));
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                cohort.problems.push(RowProblem {
                    line,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() > columns.len() {
            cohort.problems.push(RowProblem {
                line,
                reason: format!(
                    "{} fields, but the header has {}",
                    record.len(),
                    columns.len()
                ),
            });
            continue;
        }
        let mut learner = Learner::default();
        let mut grade = None;
        let mut issued = default_issued.to_string();
        for (value, col) in record.iter().zip(&columns) {
            if value.is_empty() {
                continue;
            }
            let v = Some(value.to_string());
            match col {
                Column::Name => learner.name = value.to_string(),
                Column::GivenName => learner.given_name = v,
                Column::FamilyName => learner.family_name = v,
                Column::DateOfBirth => learner.date_of_birth = v,
                Column::Email => learner.email = v,
                Column::Did => learner.did = v,
                Column::Grade => grade = v,
                Column::NationalId => learner.national_id = v,
                Column::Issued => issued = value.to_string(),
            }
        }
        let award = Award {
            json_schema: None,
            id: None,
            specification: spec.id.clone(),
            learner,
            issued,
            place: None,
            grade,
            evidence: Vec::new(),
            valid_until: None,
            chosen_units: Vec::new(),
        };
        let report = validate::check_award(&award, Some(spec), Some(issuer.profile()), &opts);
        let errors: Vec<String> = report
            .errors()
            .map(|p| format!("{}: {}", column_of(&p.path), p.message(lang)))
            .collect();
        let sd_jwt_unbindable = award
            .learner
            .did
            .as_deref()
            .filter(|d| format == Format::SdJwt && crate::format::holder_key(d).is_err())
            .map(|d| format!("did: {d} is neither did:key nor did:jwk with an Ed25519 key"));
        match (errors.is_empty(), sd_jwt_unbindable) {
            (true, None) => cohort.rows.push(Row { line, award }),
            (_, unbindable) => cohort.problems.push(RowProblem {
                line,
                reason: errors
                    .into_iter()
                    .chain(unbindable)
                    .collect::<Vec<_>>()
                    .join("; "),
            }),
        }
    }
    Ok(cohort)
}

/// The same learner, specification, format and content give the same key, so a list can
/// be run again safely.
pub fn idempotency_key(spec: &Specification, format: Format, award: &Award) -> String {
    let l = &award.learner;
    let fields = [
        spec.id.as_str(),
        spec.version.as_deref().unwrap_or(""),
        format.code(),
        l.name.as_str(),
        l.given_name.as_deref().unwrap_or(""),
        l.family_name.as_deref().unwrap_or(""),
        l.date_of_birth.as_deref().unwrap_or(""),
        l.email.as_deref().unwrap_or(""),
        l.did.as_deref().unwrap_or(""),
        l.national_id.as_deref().unwrap_or(""),
        award.grade.as_deref().unwrap_or(""),
        award.issued.as_str(),
    ];
    let mut h = Sha256::new();
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// `maija-meikalainen-0b1c8f4e.json`
pub fn file_name(record: &Record) -> String {
    let name = record.learner.split(" <").next().unwrap_or("");
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'ü' | 'ú' | 'ù' => 'u',
            'é' | 'è' | 'ê' => 'e',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c != '-' || !slug.ends_with('-') {
            slug.push(c);
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(40).collect();
    let short: String = record
        .id
        .trim_start_matches("urn:uuid:")
        .chars()
        .take(8)
        .collect();
    let stem = if slug.is_empty() {
        short
    } else {
        format!("{slug}-{short}")
    };
    format!("{stem}.{}", record.format.extension())
}

/// What a cohort run did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Credentials signed in this run.
    pub issued: usize,
    /// Rows whose credential an earlier run had issued (files rewritten if missing).
    pub already_issued: usize,
    /// Rows not issued, with why.
    pub skipped: Vec<RowProblem>,
    pub files: Vec<PathBuf>,
}

/// How to run a cohort.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    pub format: Format,
    /// Where the credential files and `issued.csv` go.
    pub out_dir: &'a Path,
    /// Sign nothing if any row is bad.
    pub strict: bool,
    /// Signing threads.
    pub threads: usize,
    /// Rows per durable registry write.
    pub batch: usize,
}

/// Removes temporary files a killed run may have left (`.<name>.<id>.tmp`): the
/// credential files themselves are only ever renamed into place whole.
fn remove_stale_temporaries(out_dir: &Path) -> Result<()> {
    for e in fs::read_dir(out_dir).map_err(io(out_dir))? {
        let e = e.map_err(io(out_dir))?;
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".tmp") {
            fs::remove_file(e.path()).map_err(io(&e.path()))?;
        }
    }
    Ok(())
}

/// Issues every good row. `progress(done, total)` is called as rows are signed.
pub fn issue(
    issuer: &Issuer,
    spec: &Specification,
    cohort: &Cohort,
    run: &Run<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Outcome> {
    let (format, out_dir, threads) = (run.format, run.out_dir, run.threads);
    let mut outcome = Outcome {
        skipped: cohort.problems.clone(),
        ..Outcome::default()
    };
    if run.strict && !cohort.problems.is_empty() {
        return Ok(outcome);
    }
    fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    remove_stale_temporaries(out_dir)?;
    let total = cohort.rows.len();
    let mut done_before = 0;
    let mut manifest = String::from("line,name,credential_id,file,new\n");
    let files = microcred_core::files::FileBatch::new(out_dir, false);
    for chunk in cohort.rows.chunks(run.batch.max(1)) {
        let reqs: Vec<Request> = chunk
            .iter()
            .map(|r| Request {
                idempotency_key: Some(idempotency_key(spec, format, &r.award)),
                award: r.award.clone(),
                format,
            })
            .collect();
        let base = done_before;
        // Files are written under temporary names as credentials are signed, in parallel;
        // they get their real names only after the registry write below is durable.
        let issued = issuer.issue_checked(
            spec,
            reqs,
            threads,
            &|n| progress(base + n, total),
            &|record, text| {
                files
                    .add(&file_name(record), text.as_bytes())
                    .map_err(io(out_dir))
            },
        )?;
        // The registry write above is durable; only now do files appear.
        for (row, item) in chunk.iter().zip(&issued) {
            let name = file_name(&item.record);
            let path = out_dir.join(&name);
            if !item.new && !path.exists() {
                files
                    .add(&name, item.credential.as_bytes())
                    .map_err(io(out_dir))?;
            }
            if item.new {
                outcome.issued += 1;
            } else {
                outcome.already_issued += 1;
            }
            manifest.push_str(&format!(
                "{},\"{}\",{},{},{}\n",
                row.line,
                row.award.learner.name.replace('"', "\"\""),
                item.record.id,
                name,
                item.new
            ));
            outcome.files.push(path);
        }
        files.commit().map_err(io(out_dir))?;
        done_before += chunk.len();
        progress(done_before, total);
    }
    write_atomic(&out_dir.join("issued.csv"), manifest.as_bytes())?;
    Ok(outcome)
}
