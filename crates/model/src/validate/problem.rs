//! What validation finds: each problem with its JSON path, severity and a plain message
//! in the reader's language.

use microcred_text::t;
use serde::{Serialize, Serializer};

use crate::elements::Element;
use crate::lang::Lang;
use crate::vocab::{ScopeUnit, Vocabulary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document must not be used as it is.
    Error,
    /// Allowed, but unusual enough that a person should look.
    Warning,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => t!(lang, "cli_error"),
            Severity::Warning => t!(lang, "problem_severity_warning"),
        }
    }
}

/// JSON types named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    String,
    Number,
    Integer,
    Object,
    Array,
    LanguageMap,
}

impl Expected {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Expected::String => t!(lang, "problem_expected_string"),
            Expected::Number => t!(lang, "problem_expected_number"),
            Expected::Integer => t!(lang, "problem_expected_integer"),
            Expected::Object => t!(lang, "problem_expected_object"),
            Expected::Array => t!(lang, "problem_expected_array"),
            Expected::LanguageMap => t!(lang, "problem_expected_language_map"),
        }
    }
}

/// The kinds of problem, each with the data its message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    Missing {
        element: Option<Element>,
    },
    WrongType {
        expected: Expected,
    },
    Empty,
    UnknownField,
    InvalidLanguageTag {
        tag: String,
    },
    NotPositive,
    OutOfRange {
        min: i64,
        max: i64,
    },
    TooLong {
        max: usize,
    },
    TooMany {
        max: usize,
    },
    InvalidDate {
        value: String,
    },
    FutureDate,
    EndBeforeStart,
    ImplausibleBirthDate,
    UnknownValue {
        value: String,
        allowed: Vec<&'static str>,
    },
    Duplicate {
        value: String,
    },
    UnitNotNamed {
        unit: String,
        lang: String,
    },
    ProtectedTitle {
        title: String,
    },
    UnusualScope {
        total: f64,
        unit: ScopeUnit,
    },
    ScopeMismatch {
        declared: f64,
        low: f64,
        high: f64,
        unit: ScopeUnit,
    },
    InvalidBusinessId {
        value: String,
    },
    InvalidCountry {
        value: String,
    },
    InvalidUrl {
        value: String,
    },
    InvalidEmail {
        value: String,
    },
    InvalidDid {
        value: String,
    },
    InvalidLogo {
        problem: crate::logo::LogoError,
    },
    InvalidDuration {
        value: String,
    },
    InvalidIdentifier {
        value: String,
    },
    InvalidValidity {
        value: String,
    },
    NotAnOption {
        value: String,
        allowed: Vec<String>,
    },
    WrongChoiceCount {
        select: u64,
        chosen: u64,
    },
    DescriptionRequired,
    StackableWithoutTarget,
    SelectTooLarge {
        select: u64,
        options: usize,
    },
    NoLearnerIdentifier,
    GradeNotInScheme {
        grade: String,
        allowed: Vec<String>,
    },
    SpecificationMismatch {
        expected: String,
        found: String,
    },
    NoPlace,
    NoQualityReference,
    UnreadableJson {
        detail: String,
    },
    // The W3C data model (VCDM 2.0 §4–§5, Bitstring Status List §2.1).
    NotAUrl {
        value: String,
    },
    NotSingle,
    ContextNotFirst {
        expected: String,
    },
    ContextItem,
    TypeMissing {
        required: String,
    },
    NoClaims,
    NotDateTimeStamp {
        value: String,
    },
    NoDigest,
    NotIndex {
        value: String,
    },
    StatusMessageCount {
        expected: usize,
        found: usize,
    },
    NotHexStatus {
        value: String,
    },
    NotAnObjectCredential,
    NotDataUrl {
        value: String,
    },
    /// JSON-LD processing refused the document (a protected term redefined, a type
    /// that expands to no IRI, an unknown context).
    JsonLd {
        detail: String,
    },
    // What an issuer refuses to sign.
    ForeignIssuer {
        given: String,
        ours: String,
    },
    AlreadySigned,
    AlreadyIssued {
        id: String,
    },
}

impl ProblemKind {
    /// A stable code for machines (`--json` output, tests, the schema agreement manifest).
    pub fn code(&self) -> &'static str {
        use ProblemKind::*;
        match self {
            Missing { .. } => "missing",
            WrongType { .. } => "wrong-type",
            Empty => "empty",
            UnknownField => "unknown-field",
            InvalidLanguageTag { .. } => "invalid-language-tag",
            NotPositive => "not-positive",
            OutOfRange { .. } => "out-of-range",
            TooLong { .. } => "too-long",
            TooMany { .. } => "too-many",
            InvalidDate { .. } => "invalid-date",
            FutureDate => "future-date",
            EndBeforeStart => "end-before-start",
            ImplausibleBirthDate => "implausible-birth-date",
            UnknownValue { .. } => "unknown-value",
            Duplicate { .. } => "duplicate",
            UnitNotNamed { .. } => "unit-not-named",
            ProtectedTitle { .. } => "protected-title",
            UnusualScope { .. } => "unusual-scope",
            ScopeMismatch { .. } => "scope-mismatch",
            InvalidBusinessId { .. } => "invalid-business-id",
            InvalidCountry { .. } => "invalid-country",
            InvalidUrl { .. } => "invalid-url",
            InvalidEmail { .. } => "invalid-email",
            InvalidDid { .. } => "invalid-did",
            InvalidLogo { .. } => "invalid-logo",
            InvalidDuration { .. } => "invalid-duration",
            InvalidIdentifier { .. } => "invalid-identifier",
            InvalidValidity { .. } => "invalid-validity",
            NotAnOption { .. } => "not-an-option",
            WrongChoiceCount { .. } => "wrong-choice-count",
            DescriptionRequired => "description-required",
            StackableWithoutTarget => "stackable-without-target",
            SelectTooLarge { .. } => "select-too-large",
            NoLearnerIdentifier => "no-learner-identifier",
            GradeNotInScheme { .. } => "grade-not-in-scheme",
            SpecificationMismatch { .. } => "specification-mismatch",
            NoPlace => "no-place",
            NoQualityReference => "no-quality-reference",
            UnreadableJson { .. } => "unreadable-json",
            NotAUrl { .. } => "not-a-url",
            NotSingle => "not-single",
            ContextNotFirst { .. } => "context-not-first",
            ContextItem => "context-item",
            TypeMissing { .. } => "type-missing",
            NoClaims => "no-claims",
            NotDateTimeStamp { .. } => "not-date-time-stamp",
            NoDigest => "no-digest",
            NotIndex { .. } => "not-index",
            StatusMessageCount { .. } => "status-message-count",
            NotHexStatus { .. } => "not-hex-status",
            NotAnObjectCredential => "not-an-object-credential",
            NotDataUrl { .. } => "not-data-url",
            JsonLd { .. } => "json-ld",
            ForeignIssuer { .. } => "foreign-issuer",
            AlreadySigned => "already-signed",
            AlreadyIssued { .. } => "already-issued",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use ProblemKind::*;
        let l = lang;
        match self {
            Missing { element: Some(e) } => match e.number() {
                Some(n) => t!(
                    l,
                    "problem_missing_mandatory",
                    number = n,
                    element = e.label(l)
                ),
                None => t!(l, "problem_missing_element", element = e.label(l)),
            },
            Missing { element: None } => t!(l, "problem_missing").to_string(),
            WrongType { expected } => t!(l, "problem_wrong_type", expected = expected.label(l)),
            Empty => t!(l, "problem_empty").to_string(),
            UnknownField => t!(l, "problem_unknown_field").to_string(),
            InvalidLanguageTag { tag } => t!(l, "problem_invalid_language_tag", tag = tag),
            NotPositive => t!(l, "problem_not_positive").to_string(),
            OutOfRange { min, max } => t!(l, "problem_out_of_range", min = min, max = max),
            TooLong { max } => t!(l, "problem_too_long", max = max),
            TooMany { max } => t!(l, "problem_too_many", max = max),
            InvalidDate { value } => t!(l, "problem_invalid_date", value = value),
            FutureDate => t!(l, "problem_future_date").to_string(),
            EndBeforeStart => t!(l, "problem_end_before_start").to_string(),
            ImplausibleBirthDate => t!(l, "problem_implausible_birth_date").to_string(),
            UnknownValue { value, allowed } => t!(
                l,
                "problem_unknown_value",
                value = value,
                allowed = allowed.join(", ")
            ),
            Duplicate { value } => t!(l, "problem_duplicate", value = value),
            UnitNotNamed { unit, lang: tag } => {
                t!(l, "problem_unit_not_named", tag = tag, unit = unit)
            }
            ProtectedTitle { title } => t!(l, "problem_protected_title", title = title),
            UnusualScope { total, unit } => t!(
                l,
                "problem_unusual_scope",
                total = fmt_num(*total),
                unit = unit.label(l),
                usual = usual_range(*unit)
            ),
            ScopeMismatch {
                declared,
                low,
                high,
                unit,
            } => {
                let range = if low == high {
                    fmt_num(*low)
                } else {
                    format!("{}–{}", fmt_num(*low), fmt_num(*high))
                };
                t!(
                    l,
                    "problem_scope_mismatch",
                    declared = fmt_num(*declared),
                    unit = unit.label(l),
                    range = range
                )
            }
            InvalidBusinessId { value } => t!(l, "problem_invalid_business_id", value = value),
            InvalidCountry { value } => t!(l, "problem_invalid_country", value = value),
            InvalidUrl { value } => t!(l, "problem_invalid_url", value = value),
            InvalidEmail { value } => t!(l, "problem_invalid_email", value = value),
            InvalidDid { value } => t!(l, "problem_invalid_did", value = value),
            InvalidLogo { problem } => logo_message(problem, l),
            InvalidDuration { value } => t!(l, "problem_invalid_duration", value = value),
            InvalidIdentifier { value } => t!(l, "problem_invalid_identifier", value = value),
            InvalidValidity { value } => t!(l, "problem_invalid_validity", value = value),
            NotAnOption { value, allowed } => t!(
                l,
                "problem_not_an_option",
                value = value,
                allowed = allowed.join(", ")
            ),
            WrongChoiceCount { select, chosen } => t!(
                l,
                "problem_wrong_choice_count",
                chosen = chosen,
                select = select
            ),
            DescriptionRequired => t!(l, "problem_description_required").to_string(),
            StackableWithoutTarget => t!(l, "problem_stackable_without_target").to_string(),
            SelectTooLarge { select, options } => t!(
                l,
                "problem_select_too_large",
                select = select,
                options = options
            ),
            NoLearnerIdentifier => t!(l, "problem_no_learner_identifier").to_string(),
            GradeNotInScheme { grade, allowed } => t!(
                l,
                "problem_grade_not_in_scheme",
                grade = grade,
                allowed = allowed.join(", ")
            ),
            SpecificationMismatch { expected, found } => t!(
                l,
                "problem_specification_mismatch",
                found = found,
                expected = expected
            ),
            NoPlace => t!(l, "problem_no_place").to_string(),
            NoQualityReference => t!(l, "problem_no_quality_reference").to_string(),
            UnreadableJson { detail } => t!(l, "problem_unreadable_json", detail = detail),
            NotAUrl { value } => t!(l, "problem_not_a_url", value = value),
            NotSingle => t!(l, "problem_not_single").to_string(),
            ContextNotFirst { expected } => t!(l, "problem_context_not_first", expected = expected),
            ContextItem => t!(l, "problem_context_item").to_string(),
            TypeMissing { required } => t!(l, "problem_type_missing", required = required),
            NoClaims => t!(l, "problem_no_claims").to_string(),
            NotDateTimeStamp { value } => t!(l, "problem_not_date_time_stamp", value = value),
            NoDigest => t!(l, "problem_no_digest").to_string(),
            NotIndex { value } => t!(l, "problem_not_index", value = value),
            StatusMessageCount { expected, found } => t!(
                l,
                "problem_status_message_count",
                found = found,
                expected = expected
            ),
            NotHexStatus { value } => t!(l, "problem_not_hex_status", value = value),
            NotAnObjectCredential => t!(l, "problem_not_an_object_credential").to_string(),
            NotDataUrl { value } => t!(l, "problem_not_data_url", value = value),
            JsonLd { detail } => t!(l, "problem_json_ld", detail = detail),
            ForeignIssuer { given, ours } => {
                t!(l, "problem_foreign_issuer", given = given, ours = ours)
            }
            AlreadySigned => t!(l, "problem_already_signed").to_string(),
            AlreadyIssued { id } => t!(l, "problem_already_issued", id = id),
        }
    }
}

/// Why a logo was refused, with what to do instead.
fn logo_message(problem: &crate::logo::LogoError, l: Lang) -> String {
    use crate::logo::{LogoError, MAX_LOGO_BYTES};
    let max = MAX_LOGO_BYTES / 1024;
    match problem {
        LogoError::NotDataUri => t!(l, "problem_logo_not_data_uri").to_string(),
        LogoError::BadBase64 => t!(l, "problem_logo_bad_base64").to_string(),
        LogoError::TooLarge { size } => {
            let kib = size.div_ceil(1024);
            t!(l, "problem_logo_too_large", kib = kib, max = max)
        }
        LogoError::NotAnImage { detail } => t!(l, "problem_logo_not_an_image", detail = detail),
    }
}

fn usual_range(unit: ScopeUnit) -> &'static str {
    match unit {
        ScopeUnit::Osp => "5–60 osp",
        ScopeUnit::Ects => "1–60 ECTS",
        ScopeUnit::Hours => "27–1620 h",
    }
}

/// Formats a number without a trailing `.0`.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// JSONPath of the offending value, `$.learningOutcomes[0].text`.
    pub path: String,
    pub severity: Severity,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
    }

    /// "Osaamistavoite 2 › teksti: on tyhjä…": where, in words, and what.
    pub fn describe(&self, lang: Lang) -> String {
        format!(
            "{}: {}",
            super::place::describe(&self.path, lang),
            self.message(lang)
        )
    }

    /// The machine form: `{path, severity, code, message}` with the message in `lang`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "path": self.path,
            "severity": self.severity,
            "code": self.kind.code(),
            "field": super::place::describe(&self.path, lang),
            "message": self.message(lang),
        })
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json(Lang::En).serialize(s)
    }
}

/// Everything validation found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// Valid means no errors; warnings are allowed.
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// Every error (warnings too when there are no errors), each as "where: what" with
    /// the place in words, in `lang`, joined by "; ".
    pub fn describe(&self, lang: Lang) -> String {
        let errors: Vec<&Problem> = self.errors().collect();
        let shown: Vec<&Problem> = if errors.is_empty() {
            self.problems.iter().collect()
        } else {
            errors
        };
        shown
            .iter()
            .map(|p| p.describe(lang))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn has(&self, code: &str, path: &str) -> bool {
        self.problems
            .iter()
            .any(|p| p.kind.code() == code && p.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_fill_their_placeholders_and_keep_other_braces() {
        let language_map = ProblemKind::WrongType {
            expected: Expected::LanguageMap,
        };
        assert_eq!(
            language_map.message(Lang::Sv),
            "ska vara språkversioner, t.ex. {\"sv\": \"…\", \"en\": \"…\"}"
        );
        let missing = ProblemKind::Missing {
            element: Some(Element::Title),
        };
        assert_eq!(
            missing.message(Lang::Fi),
            "puuttuu (EU:n pakollinen tieto 2: Nimi)"
        );
        let mismatch = ProblemKind::ScopeMismatch {
            declared: 30.0,
            low: 25.0,
            high: 35.5,
            unit: ScopeUnit::Osp,
        };
        assert_eq!(
            mismatch.message(Lang::En),
            "the declared workload of 30 osp (Finnish vocational competence points) differs \
             from the units' total of 25–35.5 osp (Finnish vocational competence points)"
        );
        assert_eq!(Severity::Error.label(Lang::Sv), "fel");
    }
}
