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

/// The same shapes as a reader takes them: `Deserialize` twins of the types above, for
/// credentials microcred made (perhaps with claims concealed) and for other Open Badges
/// 3.0 credentials. They are looser than what microcred writes, so they are types of
/// their own: every member may be missing or malformed and reads as absent (see
/// [`super::lenient`]; which members a credential needs is for the reader to say), codes
/// are any string rather than microcred's, and a few members that only other issuers
/// write are here too (`achievedLevel`, `issuanceDate`, …). Members nothing reads, such
/// as `type`, are left out. No type contains itself, so reading is as deep as these
/// types whatever the input's nesting.
pub(super) mod de {
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
}
