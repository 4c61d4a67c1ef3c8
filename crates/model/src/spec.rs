//! The micro-credential **Specification**: what the micro-credential is.
//!
//! Written once by the provider and public; every award points to one. The JSON form is
//! described by `schemas/specification.schema.json`, and [`crate::validate`] checks it.

use microcred_text::t;
use serde::{Deserialize, Serialize};

use crate::lang::LangMap;
use crate::vocab::{
    AssessmentType, LearningSetting, ParticipationMode, QfEheaCycle, QualityAssuranceType,
    ScopeUnit, Supervision, UnitBasis,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Specification {
    /// The editor hint `"$schema"`: accepted so that schema-aware editors can check the
    /// file; carries no meaning.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub json_schema: Option<String>,
    /// The provider's stable identifier for this micro-credential (a slug such as
    /// `tapahtumatekniikka`): it names the credential in the catalogue and in every award.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Annex I element 2.
    pub title: LangMap,
    pub description: LangMap,
    /// Annex I element 6.
    pub learning_outcomes: Vec<LearningOutcome>,
    /// Annex I element 7.
    pub workload: Workload,
    /// Typical duration as an ISO 8601 duration (`P6M`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// How long what it awards stays valid, as an ISO 8601 duration of whole years,
    /// months, weeks or days (`P5Y` for a hot-work licence): each award's `validUntil`
    /// follows from its date of issue. `None`: valid without end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<String>,
    /// Annex I element 8.
    pub level: Level,
    /// Annex I element 9.
    pub assessment: Assessment,
    /// Annex I element 10.
    pub participation: Participation,
    /// Annex I element 11.
    pub quality_assurance: Vec<QualityAssurance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prerequisites: Option<LangMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervision: Option<SupervisionDetail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grading_scheme: Option<GradingScheme>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<Integration>,
    /// Qualification units (tutkinnon osat) the micro-credential is made of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<UnitComposition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub further_information: Option<LangMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Languages of instruction and assessment (BCP 47).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_setting: Option<LearningSetting>,
    /// Organisations that took part in designing or delivering it (e.g. a company or an NGO).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Partner>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LearningOutcome {
    pub text: LangMap,
    /// ESCO skill or competence URI (`http://data.europa.eu/esco/skill/...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco_skill: Option<String>,
}

/// Notional workload in three units that are never converted into one another.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Workload {
    /// ECTS credits (opintopiste): about 27 hours of work each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ects: Option<f64>,
    /// Notional learning hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// Finnish vocational osaamispiste: measures competence, not time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub osp: Option<f64>,
}

impl Specification {
    /// The end of validity of an award issued on `issued` (a date or RFC 3339 date-time):
    /// `issued` plus [`Specification::validity`], as a date. `None` when the
    /// specification sets no validity, or the dates cannot be read.
    pub fn valid_until(&self, issued: &str) -> Option<String> {
        let d = crate::dates::IsoDuration::parse(self.validity.as_deref()?)?;
        let start = crate::dates::DocDate::parse(issued)?.date();
        d.add_to(start).map(|e| e.format("%Y-%m-%d").to_string())
    }

    /// The chosen option of a choice group named by `key`: its code, or (for a unit
    /// without one) its name in any language.
    pub fn unit_option(&self, key: &str) -> Option<(usize, &QualificationUnit)> {
        let key = key.trim();
        self.units
            .as_ref()?
            .choices
            .iter()
            .enumerate()
            .find_map(|(i, c)| c.options.iter().find(|u| u.matches(key)).map(|u| (i, u)))
    }
}

impl QualificationUnit {
    /// Whether `key` names this unit: its code, or one of its names (case-insensitive).
    pub fn matches(&self, key: &str) -> bool {
        let key = key.trim();
        !key.is_empty()
            && (self
                .code
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(key))
                || self
                    .name
                    .iter()
                    .any(|(_, n)| n.trim().eq_ignore_ascii_case(key)))
    }
}

impl Workload {
    /// The amounts that are given, each with its unit.
    pub fn amounts(&self) -> Vec<(f64, ScopeUnit)> {
        [
            (self.ects, ScopeUnit::Ects),
            (self.osp, ScopeUnit::Osp),
            (self.hours, ScopeUnit::Hours),
        ]
        .into_iter()
        .filter_map(|(v, u)| v.map(|v| (v, u)))
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Level {
    pub eqf: EqfLevel,
    /// National qualifications framework level, as the national framework writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nqf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qf_ehea_cycle: Option<QfEheaCycle>,
}

/// EQF level 1–8, or explicitly "not applicable" (Annex I allows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EqfLevel {
    Level(u8),
    NotApplicable,
}

pub const NOT_APPLICABLE: &str = "notApplicable";

impl Serialize for EqfLevel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            EqfLevel::Level(n) => s.serialize_u8(*n),
            EqfLevel::NotApplicable => s.serialize_str(NOT_APPLICABLE),
        }
    }
}

impl<'de> Deserialize<'de> for EqfLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u8),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) if (1..=8).contains(&n) => Ok(EqfLevel::Level(n)),
            Raw::N(n) => Err(serde::de::Error::custom(format!(
                "EQF level {n} is outside 1–8"
            ))),
            Raw::S(s) if s == NOT_APPLICABLE => Ok(EqfLevel::NotApplicable),
            Raw::S(s) => Err(serde::de::Error::custom(format!(
                "EQF level must be 1–8 or \"{NOT_APPLICABLE}\", not \"{s}\""
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Assessment {
    pub types: Vec<AssessmentType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Participation {
    pub modes: Vec<ParticipationMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QualityAssurance {
    #[serde(rename = "type")]
    pub kind: QualityAssuranceType,
    /// The body responsible (e.g. Opetushallitus, FINEEC/Karvi).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// A URL or document reference where the quality assurance can be checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SupervisionDetail {
    #[serde(rename = "type")]
    pub kind: Supervision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GradingScheme {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
    /// The grades an award may carry, in order. Empty means free text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<GradeDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GradeDefinition {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<LangMap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Integration {
    #[serde(rename = "type")]
    pub kind: IntegrationKind,
    /// The larger credentials this one counts towards (when stackable).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub towards: Vec<StackTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IntegrationKind {
    StandAlone,
    Stackable,
}

impl IntegrationKind {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            IntegrationKind::StandAlone => {
                t!(lang, "spec_integration_stand_alone")
            }
            IntegrationKind::Stackable => t!(lang, "spec_integration_stackable"),
        }
    }
}

/// A credential that micro-credentials stack towards, with the parts that make it up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StackTarget {
    /// Identifier of the target (URI or the provider's slug).
    pub id: String,
    pub title: LangMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The micro-credentials (specification ids or URIs) that together make it up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<StackPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StackPart {
    pub id: String,
    pub title: LangMap,
}

/// Which qualification units make up the micro-credential: every `required` unit, plus
/// `select` units from each choice group (e.g. "unit A and either B or C").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnitComposition {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<QualificationUnit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<UnitChoice>,
}

impl UnitComposition {
    /// Every unit named anywhere in the composition.
    pub fn all_units(&self) -> impl Iterator<Item = &QualificationUnit> {
        self.required
            .iter()
            .chain(self.choices.iter().flat_map(|c| c.options.iter()))
    }

    /// The smallest and largest total scope a learner can complete; `None` when the units
    /// are measured in more than one unit.
    pub fn scope_range(&self) -> Option<(f64, f64, ScopeUnit)> {
        let required: Vec<(f64, ScopeUnit)> = self
            .required
            .iter()
            .map(|u| (u.scope.value, u.scope.unit))
            .collect();
        let choices: Vec<(u64, Vec<(f64, ScopeUnit)>)> = self
            .choices
            .iter()
            .map(|c| {
                let options = c
                    .options
                    .iter()
                    .map(|u| (u.scope.value, u.scope.unit))
                    .collect();
                (u64::from(c.select), options)
            })
            .collect();
        scope_range(&required, &choices)
    }
}

/// Smallest and largest total of `required` units plus `select` of each choice's options,
/// when every unit is measured in the same unit.
pub(crate) fn scope_range(
    required: &[(f64, ScopeUnit)],
    choices: &[(u64, Vec<(f64, ScopeUnit)>)],
) -> Option<(f64, f64, ScopeUnit)> {
    let mut all = required
        .iter()
        .chain(choices.iter().flat_map(|(_, o)| o.iter()))
        .map(|(_, u)| *u);
    let unit = all.next()?;
    if !all.all(|u| u == unit) {
        return None;
    }
    let fixed: f64 = required.iter().map(|(v, _)| v).sum();
    let (mut lo, mut hi) = (fixed, fixed);
    for (select, options) in choices {
        let mut values: Vec<f64> = options.iter().map(|(v, _)| *v).collect();
        values.sort_by(f64::total_cmp);
        let n = usize::try_from(*select)
            .unwrap_or(usize::MAX)
            .min(values.len());
        lo += values[..n].iter().sum::<f64>();
        hi += values[values.len() - n..].iter().sum::<f64>();
    }
    Some((lo, hi, unit))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnitChoice {
    /// How many of the options the learner completes.
    pub select: u32,
    pub options: Vec<QualificationUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LangMap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QualificationUnit {
    /// The unit's code in the national qualification requirements (ePerusteet), or the
    /// provider's own code for a local unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name: LangMap,
    pub scope: Scope,
    /// The qualification(s) the unit belongs to; a local unit may sit in several.
    pub qualifications: Vec<QualificationRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<UnitBasis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scope {
    pub value: f64,
    pub unit: ScopeUnit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QualificationRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name: LangMap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Partner {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<LangMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
