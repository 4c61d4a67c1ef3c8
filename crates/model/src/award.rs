//! The **Award**: this learner has achieved that micro-credential (Annex I elements 1
//! and 5, plus grade, place and evidence).

use serde::{Deserialize, Serialize};

use crate::lang::LangMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Award {
    /// The editor hint `"$schema"`: accepted so that schema-aware editors can check the
    /// file; carries no meaning.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub json_schema: Option<String>,
    /// Set by the issuer when the credential is signed (`urn:uuid:…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The id of the [`crate::Specification`] awarded.
    pub specification: String,
    /// Annex I element 1.
    pub learner: Learner,
    /// Annex I element 5: date (`2026-05-31`) or date-time with offset (RFC 3339).
    pub issued: String,
    /// Where it was awarded; defaults to the issuer's locality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// End of validity, when the provider sets one (e.g. a first-aid certificate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// The options the learner took where the specification offers a choice of
    /// qualification units: each a unit's code (or, for a unit without one, its name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chosen_units: Vec<String>,
}

/// The learner, identified as the provider knows them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Learner {
    /// Full name as printed on the certificate.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// National identifier (in Finland the henkilötunnus); carried only when the provider
    /// chooses to, and always selectively disclosable in SD-JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The learner's own DID, when their wallet supplied one: binds the credential to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Place {
    pub locality: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Evidence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LangMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<LangMap>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
