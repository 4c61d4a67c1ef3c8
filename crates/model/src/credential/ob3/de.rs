//! The Open Badges 3.0 shapes as a reader takes them: `Deserialize` twins of the types
//! in [`super`], for credentials microcred made (perhaps with claims concealed) and for
//! other Open Badges 3.0 credentials. They are looser than what microcred writes, so they
//! are types of their own: every member may be missing or malformed and reads as absent
//! (see [`super::super::lenient`]; which members a credential needs is for the reader to
//! say), codes are any string rather than microcred's, and a few members that only other issuers
//! write are here too (`achievedLevel`, `issuanceDate`, …). Members nothing reads, such
//! as `type`, are left out. No type contains itself, so reading is as deep as these
//! types whatever the input's nesting.

use serde::Deserialize;

use super::super::lenient::{self, IriOr, OneOrList};
use crate::lang::LangMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Credential {
    #[serde(deserialize_with = "lenient::text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub description: Option<String>,
    #[serde(deserialize_with = "lenient::iri_or")]
    pub issuer: IriOr<Profile>,
    #[serde(deserialize_with = "lenient::text")]
    pub valid_from: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub valid_until: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub awarded_date: Option<String>,
    /// VC 1.1's `validFrom`.
    #[serde(deserialize_with = "lenient::text")]
    pub issuance_date: Option<String>,
    /// VC 1.1's `validUntil`.
    #[serde(deserialize_with = "lenient::text")]
    pub expiration_date: Option<String>,
    #[serde(deserialize_with = "lenient::one_or_list")]
    pub credential_subject: OneOrList<AchievementSubject>,
    #[serde(deserialize_with = "lenient::objects")]
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Profile {
    #[serde(deserialize_with = "lenient::text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub localized_name: Option<LangMap>,
    #[serde(deserialize_with = "lenient::text")]
    pub legal_name: Option<String>,
    #[serde(deserialize_with = "lenient::objects")]
    pub other_identifier: Vec<IdentifierEntry>,
    #[serde(deserialize_with = "lenient::object")]
    pub address: Address,
    #[serde(deserialize_with = "lenient::text")]
    pub url: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub email: Option<String>,
    #[serde(deserialize_with = "lenient::objects")]
    pub co_awarding_body: Vec<CoAwardingBody>,
}

/// A [`Profile`] in `coAwardingBody`, as far as it is read.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CoAwardingBody {
    #[serde(deserialize_with = "lenient::lang_map")]
    pub localized_name: LangMap,
    #[serde(deserialize_with = "lenient::text")]
    pub legal_name: Option<String>,
    #[serde(deserialize_with = "lenient::objects")]
    pub other_identifier: Vec<IdentifierEntry>,
    #[serde(deserialize_with = "lenient::object")]
    pub address: Address,
    #[serde(deserialize_with = "lenient::text")]
    pub url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IdentifierEntry {
    #[serde(deserialize_with = "lenient::text")]
    pub identifier: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub identifier_type: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Address {
    #[serde(deserialize_with = "lenient::text")]
    pub address_country_code: Option<String>,
    /// The country's name, which other issuers may give instead of its code.
    #[serde(deserialize_with = "lenient::text")]
    pub address_country: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub address_region: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub address_locality: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Achievement {
    #[serde(deserialize_with = "lenient::text")]
    pub achievement_type: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub description: Option<String>,
    #[serde(deserialize_with = "lenient::object")]
    pub criteria: Criteria,
    #[serde(deserialize_with = "lenient::number_or_string")]
    pub credits_available: Option<f64>,
    #[serde(deserialize_with = "lenient::objects")]
    pub alignment: Vec<Alignment>,
    #[serde(deserialize_with = "lenient::objects")]
    pub result_description: Vec<ResultDescription>,
    #[serde(deserialize_with = "lenient::text")]
    pub url: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub specification_identifier: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub specification_version: Option<String>,
    #[serde(deserialize_with = "lenient::lang_map")]
    pub title: LangMap,
    #[serde(deserialize_with = "lenient::lang_map")]
    pub localized_description: LangMap,
    #[serde(deserialize_with = "lenient::objects")]
    pub learning_outcome: Vec<LearningOutcome>,
    #[serde(deserialize_with = "lenient::objects")]
    pub credit_point: Vec<CreditPoint>,
    #[serde(deserialize_with = "lenient::text")]
    pub volume_of_learning: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub duration: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub validity_period: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub eqf_level: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub nqf_level: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub qf_ehea_cycle: Option<String>,
    #[serde(deserialize_with = "lenient::texts")]
    pub assessment_type: Vec<Option<String>>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub assessment_description: Option<LangMap>,
    #[serde(deserialize_with = "lenient::texts")]
    pub participation_mode: Vec<Option<String>>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub participation_description: Option<LangMap>,
    #[serde(deserialize_with = "lenient::text")]
    pub learning_setting: Option<String>,
    #[serde(deserialize_with = "lenient::objects")]
    pub quality_assurance: Vec<QualityAssurance>,
    #[serde(deserialize_with = "lenient::object")]
    pub entry_requirement: Note,
    #[serde(deserialize_with = "lenient::text")]
    pub supervision: Option<String>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub supervision_description: Option<LangMap>,
    /// `Some` whenever the member is there, whatever it holds.
    #[serde(deserialize_with = "lenient::present")]
    pub integration: Option<Integration>,
    #[serde(deserialize_with = "lenient::objects")]
    pub qualification_unit: Vec<QualificationUnit>,
    #[serde(deserialize_with = "lenient::objects")]
    pub unit_choice: Vec<UnitChoice>,
    #[serde(deserialize_with = "lenient::objects")]
    pub additional_note: Vec<Note>,
    #[serde(deserialize_with = "lenient::texts")]
    pub instruction_language: Vec<Option<String>>,
    #[serde(deserialize_with = "lenient::objects")]
    pub partner: Vec<Partner>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Criteria {
    #[serde(deserialize_with = "lenient::text")]
    pub narrative: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Alignment {
    #[serde(deserialize_with = "lenient::text")]
    pub target_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResultDescription {
    #[serde(deserialize_with = "lenient::objects")]
    pub grade_definition: Vec<GradeDefinition>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub localized_description: Option<LangMap>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GradeDefinition {
    #[serde(deserialize_with = "lenient::text")]
    pub grade_value: Option<String>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub grade_label: Option<LangMap>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LearningOutcome {
    #[serde(deserialize_with = "lenient::lang_map")]
    pub title: LangMap,
    #[serde(rename = "relatedESCOSkill", deserialize_with = "lenient::texts")]
    pub related_esco_skill: Vec<Option<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CreditPoint {
    #[serde(deserialize_with = "lenient::text")]
    pub framework: Option<String>,
    #[serde(deserialize_with = "lenient::number_or_string")]
    pub point: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QualityAssurance {
    #[serde(deserialize_with = "lenient::text")]
    pub quality_assurance_type: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub quality_assurance_body: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub quality_assurance_reference: Option<String>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub localized_description: Option<LangMap>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Note {
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub note_literal: Option<LangMap>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Integration {
    #[serde(deserialize_with = "lenient::text")]
    pub integration_type: Option<String>,
    #[serde(deserialize_with = "lenient::objects")]
    pub stacks_towards: Vec<StackTarget>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub localized_description: Option<LangMap>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StackTarget {
    #[serde(deserialize_with = "lenient::text")]
    pub target_identifier: Option<String>,
    #[serde(deserialize_with = "lenient::lang_map")]
    pub title: LangMap,
    #[serde(deserialize_with = "lenient::text")]
    pub url: Option<String>,
    #[serde(deserialize_with = "lenient::objects")]
    pub has_part: Vec<StackPart>,
}

/// A [`StackTarget`] in `hasPart`, as far as it is read.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StackPart {
    #[serde(deserialize_with = "lenient::text")]
    pub target_identifier: Option<String>,
    #[serde(deserialize_with = "lenient::lang_map")]
    pub title: LangMap,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QualificationUnit {
    #[serde(deserialize_with = "lenient::text")]
    pub unit_code: Option<String>,
    #[serde(deserialize_with = "lenient::lang_map")]
    pub unit_name: LangMap,
    #[serde(deserialize_with = "lenient::number_or_string")]
    pub scope_value: Option<f64>,
    #[serde(deserialize_with = "lenient::text")]
    pub scope_unit: Option<String>,
    #[serde(deserialize_with = "lenient::objects")]
    pub qualification: Vec<QualificationReference>,
    #[serde(deserialize_with = "lenient::text")]
    pub unit_basis: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QualificationReference {
    #[serde(deserialize_with = "lenient::text")]
    pub qualification_code: Option<String>,
    #[serde(deserialize_with = "lenient::lang_map")]
    pub qualification_name: LangMap,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UnitChoice {
    #[serde(deserialize_with = "lenient::count")]
    pub select: Option<u32>,
    #[serde(deserialize_with = "lenient::objects")]
    pub unit_option: Vec<QualificationUnit>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub localized_description: Option<LangMap>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Partner {
    #[serde(deserialize_with = "lenient::text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub partner_role: Option<LangMap>,
    #[serde(deserialize_with = "lenient::text")]
    pub url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AchievementSubject {
    #[serde(deserialize_with = "lenient::text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub full_name: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub learner_given_name: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub learner_family_name: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub birth_date: Option<String>,
    #[serde(deserialize_with = "lenient::object")]
    pub achievement: Achievement,
    #[serde(deserialize_with = "lenient::objects")]
    pub result: Vec<AchievementResult>,
    #[serde(deserialize_with = "lenient::objects")]
    pub completed_unit: Vec<QualificationUnit>,
    #[serde(deserialize_with = "lenient::object")]
    pub awarding_place: Address,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AchievementResult {
    #[serde(deserialize_with = "lenient::text")]
    pub value: Option<String>,
    /// The IRI of the level achieved, which other issuers may give instead of a value.
    #[serde(deserialize_with = "lenient::text")]
    pub achieved_level: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Evidence {
    #[serde(deserialize_with = "lenient::text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub title: Option<LangMap>,
    #[serde(deserialize_with = "lenient::opt_lang_map")]
    pub localized_description: Option<LangMap>,
}
