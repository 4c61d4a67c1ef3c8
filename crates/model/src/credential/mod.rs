//! The micro-credential as a W3C Verifiable Credential 2.0 / Open Badges 3.0
//! `OpenBadgeCredential`, and back.
//!
//! The same JSON is the payload of all three signed forms: with a Data Integrity proof,
//! as a VC-JOSE JWT, and (with some claims concealed) as an SD-JWT VC. Elements that Open
//! Badges 3.0 lacks are terms of the microcred JSON-LD context
//! (`schemas/contexts/microcred-v1.jsonld`), named after and mapped to European Learning
//! Model (ELM 3) properties where ELM has one; see `docs/data-model.md`.

mod build;
mod lenient;
mod ob3;
mod read;

use serde_json::Value;

use crate::elements::Element;
use crate::spec::Specification;
use crate::vocab::{ScopeUnit, Vocabulary};

pub use build::{build, identity_hash, Template};
pub use read::{read, summary, Read, ReadError, Summary};

/// The general type of every microcred SD-JWT VC. Each issuer's own `vct` (where its type
/// metadata is served) names this one in `aka_vcts`, so a verifier can ask for any
/// issuer's micro-credentials by it. Every one carries its status (`status` or, before
/// the Token Status List, `credentialStatus`) in the clear.
pub const SD_JWT_VCT: &str = "https://microcred.eu/vct/micro-credential";
pub const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_V3_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
pub const MICROCRED_CONTEXT: &str = "https://microcred.eu/contexts/v1";
/// The `@context` of every credential microcred issues, in this order (VC first).
pub const CONTEXTS: [&str; 3] = [VC_V2_CONTEXT, OB_V3_CONTEXT, MICROCRED_CONTEXT];

/// The ELM credit framework concept for ECTS.
pub fn ects_framework() -> &'static str {
    ScopeUnit::Ects.elm_iri().unwrap_or_default()
}

/// Osaamispiste has no ELM credit-framework concept; this is microcred's own.
pub const OSP_FRAMEWORK: &str = "https://microcred.eu/vocab#osaamispiste";
/// EQF level "not applicable" (Annex I allows it).
pub const NOT_APPLICABLE_LEVEL: &str = "https://microcred.eu/vocab#notApplicable";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BuildError {
    #[error("'{0}' is not a date")]
    BadDate(String),
}

/// What the issuer decides about a credential, beyond the three documents.
#[derive(Debug, Clone)]
pub struct BuildOptions<'a> {
    /// `urn:uuid:…`
    pub credential_id: &'a str,
    /// The IRI of the achievement: the specification in the provider's public catalogue.
    pub achievement_id: &'a str,
    /// The issuer's DID.
    pub issuer_id: &'a str,
    /// `BitstringStatusListEntry` objects.
    pub status: &'a [Value],
    /// Salt for the hashed e-mail and national identifier; random per credential.
    pub identity_salt: &'a str,
}

/// The language whose text goes into the plain-string Open Badges fields (`name`,
/// `description`): the first language of instruction that the title has, else Finnish,
/// Swedish, English, else any. All languages are in the microcred terms.
pub fn primary_lang(spec: &Specification) -> &str {
    spec.languages
        .iter()
        .find(|l| spec.title.exact(l).is_some())
        .map(String::as_str)
        .or_else(|| {
            ["fi", "sv", "en"]
                .into_iter()
                .find(|l| spec.title.exact(l).is_some())
        })
        .or_else(|| spec.title.tags().next())
        .unwrap_or("en")
}

/// Every name [`disclosable_claims`] may give, whichever claims a credential has.
pub const DISCLOSABLE: [&str; 10] = [
    "name",
    "birthDate",
    "email",
    "nationalId",
    "grade",
    "evidence",
    "prerequisites",
    "supervision",
    "integration",
    "furtherInformation",
];

/// Claims a learner may hide in an SD-JWT, by a name the learner chooses from
/// (`--disclose name,grade`), each with the JSON pointers it covers. The learner's
/// identifying claims, the grade, evidence and each optional element are separately
/// disclosable; what the credential *is* stays visible.
pub fn disclosable_claims(credential: &Value) -> Vec<(&'static str, Vec<String>)> {
    let cs = &credential["credentialSubject"];
    let ach = &cs["achievement"];
    let mut out: Vec<(&'static str, Vec<String>)> = Vec::new();
    let present = |v: &Value, k: &str| v.get(k).is_some();
    let mut name = Vec::new();
    for k in ["fullName", "learnerGivenName", "learnerFamilyName"] {
        if present(cs, k) {
            name.push(format!("/credentialSubject/{k}"));
        }
    }
    out.push(("name", name));
    for (label, key) in [
        ("birthDate", "birthDate"),
        ("email", "hashedEmail"),
        ("nationalId", "hashedNationalId"),
    ] {
        if present(cs, key) {
            out.push((label, vec![format!("/credentialSubject/{key}")]));
        }
    }
    if present(cs, "result") {
        out.push(("grade", vec!["/credentialSubject/result".into()]));
    }
    if present(credential, "evidence") {
        out.push(("evidence", vec!["/evidence".into()]));
    }
    let optional: [(&'static str, &[&str]); 4] = [
        ("prerequisites", &["entryRequirement"]),
        ("supervision", &["supervision", "supervisionDescription"]),
        ("integration", &["integration"]),
        ("furtherInformation", &["additionalNote"]),
    ];
    for (label, keys) in optional {
        let ptrs: Vec<String> = keys
            .iter()
            .filter(|k| present(ach, k))
            .map(|k| format!("/credentialSubject/achievement/{k}"))
            .collect();
        if !ptrs.is_empty() {
            out.push((label, ptrs));
        }
    }
    out.retain(|(_, p)| !p.is_empty());
    out
}

/// Whether each of the eleven Annex I elements is present in a credential's claims (as
/// disclosed). Works on any Open Badges 3.0 credential; the microcred terms count, and so
/// do their nearest Open Badges fields.
pub fn eu_elements(credential: &Value) -> Vec<(Element, bool)> {
    const NULL: Value = Value::Null;
    let cs = match credential.get("credentialSubject") {
        Some(Value::Array(a)) => a.first().unwrap_or(&NULL),
        Some(other) => other,
        None => &NULL,
    };
    let ach = &cs["achievement"];
    let issuer = &credential["issuer"];
    let non_empty = |v: &Value| match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    };
    let any = |v: &Value, keys: &[&str]| keys.iter().any(|k| non_empty(&v[*k]));
    let eqf_alignment = ach["alignment"].as_array().is_some_and(|a| {
        a.iter().any(|x| {
            x["targetUrl"]
                .as_str()
                .is_some_and(|u| u.starts_with("http://data.europa.eu/snb/eqf/"))
                || x["targetFramework"].as_str().is_some_and(|f| {
                    f.contains("EQF") || f.contains("European Qualifications Framework")
                })
        })
    });
    // Open Badges' own way of naming the learner counts too.
    let named_identity = cs["identifier"].as_array().is_some_and(|a| !a.is_empty());
    Element::MANDATORY
        .iter()
        .map(|e| {
            let ok = match e {
                Element::Learner => {
                    any(cs, &["fullName", "id", "hashedEmail", "hashedNationalId"])
                        || named_identity
                }
                Element::Title => any(ach, &["name", "title"]),
                Element::Country => any(
                    &issuer["address"],
                    &["addressCountryCode", "addressCountry"],
                ),
                Element::AwardingBody => issuer.is_string() || any(issuer, &["name", "legalName"]),
                Element::IssueDate => {
                    any(credential, &["validFrom", "awardedDate", "issuanceDate"])
                }
                // An Open Badge states what was learnt in its criteria.
                Element::LearningOutcomes => {
                    any(ach, &["learningOutcome"]) || non_empty(&ach["criteria"]["narrative"])
                }
                Element::Workload => any(
                    ach,
                    &["creditPoint", "volumeOfLearning", "creditsAvailable"],
                ),
                Element::Level => any(ach, &["eqfLevel"]) || eqf_alignment,
                Element::Assessment => any(ach, &["assessmentType", "assessmentDescription"]),
                Element::Participation => any(ach, &["participationMode"]),
                Element::QualityAssurance => any(ach, &["qualityAssurance"]),
                _ => false,
            };
            (*e, ok)
        })
        .collect()
}
