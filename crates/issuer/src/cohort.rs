//! Issuing to a whole cohort from a learner list: CSV, or an .xlsx spreadsheet.
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
use microcred_text::t;
use sha2::{Digest, Sha256};

use crate::error::{io, IssuerError, Result};
use crate::format::Format;
use crate::issuer::{Issuer, Request};
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
    ValidUntil,
    Units,
}

/// Accepted header names, in English, Finnish and Swedish; the first of each language is
/// the one the template uses.
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
    ("utfärdandedatum", Column::Issued),
    ("valid_until", Column::ValidUntil),
    ("voimassa_asti", Column::ValidUntil),
    ("giltig_till", Column::ValidUntil),
    ("units", Column::Units),
    ("valitut_osat", Column::Units),
    ("valda_delar", Column::Units),
];

/// The template's header in `lang`, with the chosen-units column when `choices`.
pub fn template_header(lang: Lang, choices: bool) -> Vec<&'static str> {
    let mut h = vec![
        t!(lang, "issuer_column_name"),
        t!(lang, "issuer_column_birth_date"),
        t!(lang, "issuer_column_email"),
        t!(lang, "issuer_column_grade"),
        t!(lang, "issuer_column_issued"),
        t!(lang, "issuer_column_valid_until"),
    ];
    if choices {
        h.push(t!(lang, "issuer_column_units"));
    }
    h
}

/// A downloadable learner list with its header only (UTF-8 with a byte-order mark, so
/// spreadsheet programs read the letters right), for `spec` in `lang`.
pub fn template_csv(spec: &Specification, lang: Lang) -> String {
    let choices = spec.units.as_ref().is_some_and(|u| !u.choices.is_empty());
    format!("\u{feff}{}\n", template_header(lang, choices).join(","))
}

/// The template as an .xlsx workbook.
pub fn template_xlsx(spec: &Specification, lang: Lang) -> Result<Vec<u8>> {
    let choices = spec.units.as_ref().is_some_and(|u| !u.choices.is_empty());
    let header = template_header(lang, choices)
        .into_iter()
        .map(str::to_string)
        .collect();
    crate::xlsx_out::write(t!(lang, "issuer_sheet_learners"), &[header])
        .map_err(|e| IssuerError::Cohort(e.to_string()))
}

/// A learner row ready to issue.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line in the file (the header is line 1).
    pub line: usize,
    pub award: Award,
    /// Names this row's learner and content (not the date filled in for it), so that an
    /// offer is made for it once however often the list is uploaded.
    pub offer_key: String,
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

/// How to read a learner list.
#[derive(Debug, Clone)]
pub struct ReadOptions<'a> {
    /// Date of issue for rows without one.
    pub default_issued: &'a str,
    pub format: Format,
    /// Language of the row problems.
    pub lang: Lang,
    /// Accept rows already expired on their day of issue.
    pub confirm_expired: bool,
}

/// The path of a problem as the column the provider wrote in the header.
fn column_of(path: &str, header: &[(String, Column)], lang: Lang) -> String {
    let p = path
        .trim_start_matches("$.learner.")
        .trim_start_matches("$.");
    let p = p.split(['.', '[']).next().unwrap_or(p);
    let col = match p {
        "name" => Some(Column::Name),
        "givenName" => Some(Column::GivenName),
        "familyName" => Some(Column::FamilyName),
        "dateOfBirth" => Some(Column::DateOfBirth),
        "email" => Some(Column::Email),
        "did" => Some(Column::Did),
        "grade" => Some(Column::Grade),
        "nationalId" => Some(Column::NationalId),
        "issued" => Some(Column::Issued),
        "validUntil" => Some(Column::ValidUntil),
        "chosenUnits" => Some(Column::Units),
        _ => None,
    };
    col.and_then(|c| {
        header
            .iter()
            .find(|(_, hc)| *hc == c)
            .map(|(h, _)| h.clone())
    })
    .unwrap_or_else(|| validate::describe_path(path, lang))
}

/// A learner list as text cells: the header, then each row with its 1-based line.
struct Table {
    header: Vec<String>,
    rows: Vec<(usize, Result<Vec<String>, String>)>,
}

/// Whether `bytes` is an Office Open XML spreadsheet (a ZIP archive).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn csv_table(bytes: &[u8], lang: Lang) -> Result<Table> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| IssuerError::Cohort(t!(lang, "issuer_list_not_utf8").into()))?;
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
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| IssuerError::Cohort(format!("{} 1: {e}", t!(lang, "issuer_line"))))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        if rows.len() > MAX_ROWS {
            break;
        }
        rows.push((
            n + 2,
            record
                .map(|r| r.iter().map(str::to_string).collect())
                .map_err(|e| e.to_string()),
        ));
    }
    Ok(Table { header, rows })
}

/// Most cells read from a spreadsheet: a full list (`MAX_ROWS` learners) with room for
/// every column of the template, and then some.
const MAX_CELLS: usize = (MAX_ROWS + 1) * 32;

/// The first worksheet of an .xlsx file. Dates are read as dates (a spreadsheet keeps
/// them as day numbers), whole numbers without a decimal point.
///
/// Cells are read one at a time and kept only as given: a sheet whose cells name far
/// corners (`A1` and `XFD1048576`) would otherwise be laid out as billions of empty cells,
/// and a reference too long for calamine's arithmetic panics inside it (found by the
/// `learner_list` fuzz target; [`crate::xlsx_in`] refuses such references before calamine
/// sees them). Both are refused as an unreadable spreadsheet, and so is any panic of the
/// reader that is left.
fn xlsx_table(bytes: &[u8], lang: Lang) -> Result<Table> {
    let unreadable = || IssuerError::Cohort(t!(lang, "issuer_list_unreadable_xlsx").into());
    if !crate::xlsx_in::references_are_in_range(bytes) {
        return Err(unreadable());
    }
    let read = std::panic::catch_unwind(|| xlsx_cells(bytes));
    let cells = match read {
        Ok(Some(cells)) => cells,
        _ => return Err(unreadable()),
    };
    let (Some(first_row), Some(last_row)) = (
        cells.keys().map(|(r, _)| *r).min(),
        cells.keys().map(|(r, _)| *r).max(),
    ) else {
        return Ok(Table {
            header: Vec::new(),
            rows: Vec::new(),
        });
    };
    let first_col = cells.keys().map(|(_, c)| *c).min().unwrap_or(0);
    let row_of = |r: u32| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for ((_, c), text) in cells.range((r, 0)..=(r, u32::MAX)) {
            let i = (c - first_col) as usize;
            if out.len() <= i {
                out.resize(i + 1, String::new());
            }
            out[i] = text.clone();
        }
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        out
    };
    let header = row_of(first_row);
    let mut out = Vec::new();
    for r in first_row.saturating_add(1)..=last_row {
        if out.len() > MAX_ROWS {
            break;
        }
        out.push((r as usize + 1, Ok(row_of(r))));
    }
    Ok(Table { header, rows: out })
}

/// The non-empty cells of the first worksheet by (row, column), as text; `None` when the
/// file cannot be read, has a cell beyond the largest sheet, or more than [`MAX_CELLS`].
fn xlsx_cells(bytes: &[u8]) -> Option<std::collections::BTreeMap<(u32, u32), String>> {
    use calamine::{DataRef, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).ok()?;
    let first = book.sheet_names().first()?.clone();
    let mut reader = book.worksheet_cells_reader(&first).ok()?;
    let mut cells = std::collections::BTreeMap::new();
    while let Some(cell) = reader.next_cell().ok()? {
        let (row, col) = cell.get_position();
        // Cells without a reference count on from the last one, past what xlsx_in checked.
        if row >= crate::xlsx_in::SHEET_ROWS || col >= crate::xlsx_in::SHEET_COLUMNS {
            return None;
        }
        let text = match cell.get_value() {
            DataRef::Empty | DataRef::Error(_) => String::new(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                s.trim().to_string()
            }
            DataRef::SharedString(s) => s.trim().to_string(),
            DataRef::Float(f) => validate::fmt_num(*f),
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(dt) => dt
                .as_datetime()
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        };
        if text.is_empty() {
            continue;
        }
        if cells.len() >= MAX_CELLS {
            return None;
        }
        cells.insert((row, col), text);
    }
    Some(cells)
}

/// Who a row is: the same person twice in one list is reported, not issued twice.
fn identity(l: &Learner) -> String {
    let norm = |s: &Option<String>| s.as_deref().unwrap_or("").trim().to_lowercase();
    [
        l.name.trim().to_lowercase(),
        norm(&l.date_of_birth),
        norm(&l.email),
        norm(&l.national_id),
        norm(&l.did),
    ]
    .join("\u{1f}")
}

/// Reads a learner list (CSV, or the first sheet of an .xlsx, told apart by content).
/// Problems with the file as a whole (no header, unknown columns) are errors; problems
/// with a row, a learner listed twice among them, are in [`Cohort::problems`] with its
/// line, in `opts.lang`.
pub fn read_learners(
    bytes: &[u8],
    spec: &Specification,
    issuer: &Issuer,
    opts: &ReadOptions<'_>,
) -> Result<Cohort> {
    let lang = opts.lang;
    let line_word = t!(lang, "issuer_line");
    if bytes.len() > MAX_CSV_BYTES {
        return Err(IssuerError::Cohort(t!(
            lang,
            "issuer_list_larger_than",
            mib = MAX_CSV_BYTES / 1024 / 1024
        )));
    }
    let table = if is_xlsx(bytes) {
        xlsx_table(bytes, lang)?
    } else {
        csv_table(bytes, lang)?
    };
    let mut columns: Vec<(String, Column)> = Vec::new();
    for h in &table.header {
        let key = h.trim().to_lowercase().replace(' ', "_");
        match HEADERS.iter().find(|(n, _)| *n == key) {
            Some((_, c)) => columns.push((h.trim().to_string(), *c)),
            None => {
                let known = template_header(lang, true).join(", ");
                return Err(IssuerError::Cohort(match lang {
                    Lang::Fi => format!("rivi 1: tuntematon sarake '{h}'; sarakkeet: {known}"),
                    Lang::Sv => format!("rad 1: okänd kolumn '{h}'; kolumner: {known}"),
                    Lang::En => format!("line 1: unknown column '{h}'; use {known}"),
                }));
            }
        }
    }
    if !columns.iter().any(|(_, c)| *c == Column::Name) {
        return Err(IssuerError::Cohort(
            t!(lang, "issuer_list_no_name_column").into(),
        ));
    }
    if table.rows.len() > MAX_ROWS {
        return Err(IssuerError::Cohort(t!(
            lang,
            "issuer_list_too_many_rows",
            max = MAX_ROWS
        )));
    }
    let vopts = ValidationOptions::default();
    let now = chrono::Utc::now();
    let mut cohort = Cohort::default();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (line, record) in table.rows {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                cohort.problems.push(RowProblem { line, reason: e });
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() > columns.len() {
            cohort.problems.push(RowProblem {
                line,
                reason: match lang {
                    Lang::Fi => format!(
                        "rivillä on {} kenttää, mutta otsikkorivillä {} saraketta",
                        record.len(),
                        columns.len()
                    ),
                    Lang::Sv => format!(
                        "raden har {} fält men rubrikraden {} kolumner",
                        record.len(),
                        columns.len()
                    ),
                    Lang::En => format!(
                        "{} fields, but the header has {}",
                        record.len(),
                        columns.len()
                    ),
                },
            });
            continue;
        }
        let mut learner = Learner::default();
        let mut grade = None;
        let mut issued = None;
        let mut valid_until = None;
        let mut units: Vec<String> = Vec::new();
        for (value, (_, col)) in record.iter().zip(&columns) {
            let value = value.trim();
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
                Column::Issued => issued = v,
                Column::ValidUntil => valid_until = v,
                Column::Units => {
                    units = value
                        .split([';', '|'])
                        .map(|u| u.trim().to_string())
                        .filter(|u| !u.is_empty())
                        .collect()
                }
            }
        }
        let award = Award {
            json_schema: None,
            id: None,
            specification: spec.id.clone(),
            learner,
            issued: issued
                .clone()
                .unwrap_or_else(|| opts.default_issued.to_string()),
            place: None,
            grade,
            evidence: Vec::new(),
            valid_until,
            chosen_units: units,
        };
        let report = validate::check_award(&award, Some(spec), Some(issuer.profile()), &vopts);
        let mut errors: Vec<String> = report
            .errors()
            .map(|p| {
                format!(
                    "{}: {}",
                    column_of(&p.path, &columns, lang),
                    p.message(lang)
                )
            })
            .collect();
        if opts.format == Format::SdJwt {
            if let Some(d) = award
                .learner
                .did
                .as_deref()
                .filter(|d| crate::format::holder_key(d).is_err())
            {
                errors.push(match lang {
                    Lang::Fi => {
                        format!("did: {d} ei ole did:key- tai did:jwk-tunniste Ed25519-avaimella")
                    }
                    Lang::Sv => {
                        format!("did: {d} är varken did:key eller did:jwk med en Ed25519-nyckel")
                    }
                    Lang::En => {
                        format!("did: {d} is neither did:key nor did:jwk with an Ed25519 key")
                    }
                });
            }
        }
        if errors.is_empty() && !opts.confirm_expired {
            let completed = Issuer::complete_award(spec, &award);
            if let Some(until) = Issuer::expired_on(&completed, now) {
                errors.push(match lang {
                    Lang::Fi => format!("olisi vanhentunut jo myönnettäessä (voimassa {until} asti); vahvista vanhentuneiden myöntäminen, jos tämä on tarkoitus"),
                    Lang::Sv => format!("skulle ha gått ut redan vid utfärdandet (giltigt till {until}); bekräfta utfärdande av utgångna intyg om det är meningen"),
                    Lang::En => format!("would be expired when issued (valid until {until}); confirm issuing expired credentials if that is meant"),
                });
            }
        }
        if !errors.is_empty() {
            cohort.problems.push(RowProblem {
                line,
                reason: errors.join("; "),
            });
            continue;
        }
        let who = identity(&award.learner);
        if let Some(first) = seen.get(&who) {
            cohort.problems.push(RowProblem {
                line,
                reason: match lang {
                    Lang::Fi => format!("sama oppija kuin rivillä {first}: ohitettu"),
                    Lang::Sv => format!("samma studerande som på rad {first}: hoppades över"),
                    Lang::En => format!("same learner as line {first}: skipped"),
                },
            });
            continue;
        }
        seen.insert(who.clone(), line);
        let offer_key = row_key(spec, opts.format, &award, issued.as_deref());
        cohort.rows.push(Row {
            line,
            award,
            offer_key,
        });
    }
    let _ = line_word;
    Ok(cohort)
}

/// Reads a CSV learner list (see [`read_learners`]).
pub fn read_csv(
    bytes: &[u8],
    spec: &Specification,
    issuer: &Issuer,
    default_issued: &str,
    format: Format,
    lang: Lang,
) -> Result<Cohort> {
    read_learners(
        bytes,
        spec,
        issuer,
        &ReadOptions {
            default_issued,
            format,
            lang,
            confirm_expired: false,
        },
    )
}

/// A row's key for offers: its learner and content, and the date of issue only when the
/// row gives one (a list uploaded again the next day is still the same list).
fn row_key(spec: &Specification, format: Format, award: &Award, issued: Option<&str>) -> String {
    let l = &award.learner;
    let units = award.chosen_units.join(";");
    let fields = [
        "offer-row",
        spec.id.as_str(),
        spec.version.as_deref().unwrap_or(""),
        format.code(),
        &identity(l),
        l.given_name.as_deref().unwrap_or(""),
        l.family_name.as_deref().unwrap_or(""),
        award.grade.as_deref().unwrap_or(""),
        issued.unwrap_or(""),
        award.valid_until.as_deref().unwrap_or(""),
        &units,
    ];
    let mut h = Sha256::new();
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
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
    let units = award.chosen_units.join(";");
    // Fields added later count only when given, so a list issued before they existed
    // keeps its keys.
    let later = [award.valid_until.as_deref().unwrap_or(""), units.as_str()];
    let mut h = Sha256::new();
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    if later.iter().any(|f| !f.is_empty()) {
        for f in later {
            h.update((f.len() as u64).to_be_bytes());
            h.update(f.as_bytes());
        }
    }
    hex::encode(h.finalize())
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
    /// Issue rows already expired on their day of issue (the reading let them through).
    pub confirm_expired: bool,
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

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    microcred_core::files::write_atomic(path, bytes, true).map_err(io(path))
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
    // Learners' names and credentials: the owner's alone (0700, files 0600).
    microcred_core::files::create_private_dir(out_dir).map_err(io(out_dir))?;
    remove_stale_temporaries(out_dir)?;
    let total = cohort.rows.len();
    let mut done_before = 0;
    let mut manifest: Vec<[String; 5]> = Vec::new();
    let files = microcred_core::files::FileBatch::new(out_dir, true);
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
            &crate::issuer::IssueOptions {
                confirm_expired: run.confirm_expired,
                renews: None,
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
            manifest.push([
                row.line.to_string(),
                row.award.learner.name.clone(),
                item.record.id.clone(),
                name,
                item.new.to_string(),
            ]);
            outcome.files.push(path);
        }
        files.commit().map_err(io(out_dir))?;
        done_before += chunk.len();
        progress(done_before, total);
    }
    let manifest = crate::csv_out::csv(&["line", "name", "credential_id", "file", "new"], manifest);
    write_private(&out_dir.join("issued.csv"), &manifest)?;
    Ok(outcome)
}
