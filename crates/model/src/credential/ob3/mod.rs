//! The shapes of the Open Badges 3.0 / VC 2.0 credential microcred writes, each a type
//! whose fields are its JSON members in the order they are written: what a credential
//! holds is read here rather than pieced together from map insertions. Elements Open
//! Badges lacks are terms of the microcred context and sit in the same types.
//!
//! Language maps are [`Value`]s made by the builder (lower-case tags, empty texts left
//! out). The template's issuer and achievement are [`Value`]s too: they are built once
//! per specification and moved into each document, not copied.
//!
//! [`de`] has the same shapes as the reader takes them, from microcred or anyone else.

use serde::Serialize;
use serde_json::Value;

/// A language map, as the builder makes it.
pub(super) type Localized = Value;

/// `skip_serializing_if` for members left out when they hold nothing.
fn is_empty<T>(v: &[T]) -> bool {
    v.is_empty()
}

/// The credential itself: an `OpenBadgeCredential`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Credential<'a> {
    #[serde(rename = "@context")]
    pub context: [&'static str; 3],
    pub id: &'a str,
    #[serde(rename = "type")]
    pub kind: [&'static str; 2],
    pub name: &'a str,
    /// The template's issuer profile, put in after serialising (see the module).
    pub issuer: Value,
    pub valid_from: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<&'a str>,
    pub awarded_date: &'a str,
    pub credential_subject: AchievementSubject,
    #[serde(skip_serializing_if = "is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_status: Option<CredentialStatus<'a>>,
}

/// One status entry is written as the object itself: Open Badges 3.0's JSON Schema takes
/// `credentialStatus` as a single object.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(super) enum CredentialStatus<'a> {
    One(&'a Value),
    Many(&'a [Value]),
}

impl<'a> CredentialStatus<'a> {
    pub fn of(status: &'a [Value]) -> Option<CredentialStatus<'a>> {
        match status {
            [] => None,
            [one] => Some(CredentialStatus::One(one)),
            many => Some(CredentialStatus::Many(many)),
        }
    }
}

/// An issuer, or a body awarding the credential with it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: [&'static str; 1],
    pub name: String,
    pub localized_name: Localized,
    pub legal_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_identifier: Option<[IdentifierEntry; 1]>,
    pub address: Address,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "is_empty")]
    pub co_awarding_body: Vec<Profile>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct IdentifierEntry {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub identifier: String,
    pub identifier_type: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Address {
    #[serde(rename = "type")]
    pub kind: [&'static str; 1],
    pub address_country_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_locality: Option<String>,
}

/// The achievement: the specification, as Open Badges and the microcred context write it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Achievement {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: [&'static str; 1],
    pub achievement_type: &'static str,
    pub name: String,
    pub description: String,
    pub criteria: Criteria,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits_available: Option<i64>,
    #[serde(skip_serializing_if = "is_empty")]
    pub alignment: Vec<Alignment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_description: Option<[ResultDescription; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    // The EU elements Open Badges lacks, as terms of the microcred context.
    pub specification_identifier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specification_version: Option<String>,
    pub title: Localized,
    pub localized_description: Localized,
    pub learning_outcome: Vec<LearningOutcome>,
    #[serde(skip_serializing_if = "is_empty")]
    pub credit_point: Vec<CreditPoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_of_learning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity_period: Option<String>,
    pub eqf_level: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nqf_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qf_ehea_cycle: Option<&'static str>,
    pub assessment_type: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment_description: Option<Localized>,
    pub participation_mode: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participation_description: Option<Localized>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning_setting: Option<&'static str>,
    pub quality_assurance: Vec<QualityAssurance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_requirement: Option<Note>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supervision: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supervision_description: Option<Localized>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration: Option<Integration>,
    #[serde(skip_serializing_if = "is_empty")]
    pub qualification_unit: Vec<QualificationUnit>,
    #[serde(skip_serializing_if = "is_empty")]
    pub unit_choice: Vec<UnitChoice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_note: Option<[Note; 1]>,
    #[serde(skip_serializing_if = "is_empty")]
    pub instruction_language: Vec<String>,
    #[serde(skip_serializing_if = "is_empty")]
    pub partner: Vec<Partner>,
}

#[derive(Debug, Serialize)]
pub(super) struct Criteria {
    pub narrative: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Alignment {
    #[serde(rename = "type")]
    pub kind: [&'static str; 1],
    pub target_name: String,
    pub target_url: String,
    pub target_framework: &'static str,
    pub target_type: &'static str,
}

/// How the achievement is graded: the grades in `gradeDefinition` (see the builder for
/// why not Open Badges' `allowedValue`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ResultDescription {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: [&'static str; 1],
    pub name: &'static str,
    pub result_type: &'static str,
    #[serde(skip_serializing_if = "is_empty")]
    pub grade_definition: Vec<GradeDefinition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub localized_description: Option<Localized>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GradeDefinition {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub grade_value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade_label: Option<Localized>,
}

#[derive(Debug, Serialize)]
pub(super) struct LearningOutcome {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: Localized,
    #[serde(rename = "relatedESCOSkill", skip_serializing_if = "Option::is_none")]
    pub related_esco_skill: Option<[String; 1]>,
}

#[derive(Debug, Serialize)]
pub(super) struct CreditPoint {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub framework: &'static str,
    pub point: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct QualityAssurance {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub quality_assurance_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality_assurance_body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality_assurance_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub localized_description: Option<Localized>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Note {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub note_literal: Localized,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Integration {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub integration_type: &'static str,
    #[serde(skip_serializing_if = "is_empty")]
    pub stacks_towards: Vec<StackTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub localized_description: Option<Localized>,
}

/// A larger credential this one stacks into, or (in `hasPart`, without parts or URL of
/// its own) one of that credential's parts.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StackTarget {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub target_identifier: String,
    pub title: Localized,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "is_empty")]
    pub has_part: Vec<StackTarget>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct QualificationUnit {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    pub unit_name: Localized,
    pub scope_value: String,
    pub scope_unit: &'static str,
    pub qualification: Vec<QualificationReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_basis: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct QualificationReference {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualification_code: Option<String>,
    pub qualification_name: Localized,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UnitChoice {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub select: u32,
    pub unit_option: Vec<QualificationUnit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub localized_description: Option<Localized>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Partner {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_role: Option<Localized>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Who the credential is about, and what they achieved.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AchievementSubject {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_salt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashed_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashed_national_id: Option<String>,
    #[serde(skip_serializing_if = "is_empty")]
    pub identifier: Vec<IdentityObject>,
    pub full_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learner_given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learner_family_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// The template's achievement, put in after serialising (see the module).
    pub achievement: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<[AchievementResult; 1]>,
    #[serde(skip_serializing_if = "is_empty")]
    pub completed_unit: Vec<QualificationUnit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awarding_place: Option<Address>,
}

/// Open Badges' salted hash of an identifier of the learner.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct IdentityObject {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub identity_hash: String,
    pub identity_type: &'static str,
    pub hashed: bool,
    pub salt: String,
}

/// The learner's grade (Open Badges' `Result`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AchievementResult {
    #[serde(rename = "type")]
    pub kind: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_description: Option<String>,
    pub value: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Evidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: [&'static str; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Localized>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub localized_description: Option<Localized>,
}

pub(super) mod de;
