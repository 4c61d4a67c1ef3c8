//! A credential's claims → the specification, issuer profile and award it carries.
//!
//! For microcred's own credentials this is the inverse of [`super::build`] (except that
//! hashed identifiers stay hashed). For any other Open Badges 3.0 credential,
//! [`summary`] reads what the common fields say.
//!
//! Both read the credential as the lenient shapes of [`super::ob3::de`]: a member that is
//! missing or of the wrong type is absent, and only the members named in [`ReadError`]
//! make a credential unreadable.

use serde::Serialize;
use serde_json::Value;

use super::lenient::{IriOr, OneOrList};
use super::ob3::de;
use super::{ects_framework, lenient, NOT_APPLICABLE_LEVEL, OSP_FRAMEWORK};
use crate::award::{Award, Evidence, Learner, Place};
use crate::issuer::{IssuerProfile, LegalIdScheme, LegalIdentifier, Organisation};
use crate::lang::LangMap;
use crate::spec::*;
use crate::vocab::Vocabulary;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("not a microcred micro-credential (no specificationIdentifier)")]
    NotMicrocred,
    #[error("{0} is missing or malformed")]
    Field(&'static str),
}

/// What a microcred credential says, as the three documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub spec: Specification,
    pub issuer: IssuerProfile,
    pub award: Award,
}

fn vocab<V: Vocabulary>(code: Option<&str>) -> Option<V> {
    code.and_then(V::from_code)
}

/// The codes of a list that this vocabulary knows, in their order.
fn vocab_list<V: Vocabulary>(codes: &[Option<String>]) -> Vec<V> {
    codes.iter().filter_map(|c| vocab(c.as_deref())).collect()
}

fn legal_id(entries: Vec<de::IdentifierEntry>) -> Option<LegalIdentifier> {
    entries.into_iter().find_map(|e| {
        let scheme = match e.identifier_type.as_deref()? {
            "ext:fi-business-id" => LegalIdScheme::FiBusinessId,
            "ext:vat" => LegalIdScheme::Vat,
            "ext:lei" => LegalIdScheme::Lei,
            _ => LegalIdScheme::Other,
        };
        Some(LegalIdentifier {
            scheme,
            value: e.identifier?,
        })
    })
}

/// A unit, if it states its scope.
fn unit(u: de::QualificationUnit) -> Option<QualificationUnit> {
    Some(QualificationUnit {
        scope: Scope {
            value: u.scope_value?,
            unit: vocab(u.scope_unit.as_deref())?,
        },
        code: u.unit_code,
        name: u.unit_name,
        qualifications: u
            .qualification
            .into_iter()
            .map(|q| QualificationRef {
                code: q.qualification_code,
                name: q.qualification_name,
            })
            .collect(),
        basis: vocab(u.unit_basis.as_deref()),
        url: u.url,
    })
}

/// The credential as the shapes of [`super::ob3::de`] (none of which fails; a
/// credential that is not an object has none of their members).
fn shapes(credential: &Value) -> de::Credential {
    lenient::object(credential).unwrap_or_default()
}

fn eqf_level(iri: Option<&str>) -> Result<EqfLevel, ReadError> {
    match iri {
        Some(NOT_APPLICABLE_LEVEL) => Ok(EqfLevel::NotApplicable),
        Some(iri) => iri
            .strip_prefix("http://data.europa.eu/snb/eqf/")
            .and_then(|n| n.parse().ok())
            .filter(|n| (1..=8).contains(n))
            .map(EqfLevel::Level)
            .ok_or(ReadError::Field("eqfLevel")),
        None => Err(ReadError::Field("eqfLevel")),
    }
}

fn specification(a: de::Achievement) -> Result<Specification, ReadError> {
    let id = a.specification_identifier.ok_or(ReadError::NotMicrocred)?;
    let mut workload = Workload {
        hours: a
            .volume_of_learning
            .as_deref()
            .and_then(|d| d.strip_prefix("PT")?.strip_suffix('H')?.parse().ok()),
        ..Workload::default()
    };
    for cp in a.credit_point {
        match cp.framework.as_deref() {
            Some(f) if f == ects_framework() => workload.ects = cp.point,
            Some(OSP_FRAMEWORK) => workload.osp = cp.point,
            _ => {}
        }
    }
    let eqf = eqf_level(a.eqf_level.as_deref())?;
    let grading = a
        .result_description
        .into_iter()
        .next()
        .map(|rd| GradingScheme {
            description: rd.localized_description,
            grades: rd
                .grade_definition
                .into_iter()
                .filter_map(|g| {
                    Some(GradeDefinition {
                        value: g.grade_value?,
                        label: g.grade_label,
                    })
                })
                .collect(),
        });
    let integration = a.integration.map(|i| Integration {
        kind: if i.integration_type.as_deref() == Some("stackable") {
            IntegrationKind::Stackable
        } else {
            IntegrationKind::StandAlone
        },
        towards: i
            .stacks_towards
            .into_iter()
            .map(|t| StackTarget {
                id: t.target_identifier.unwrap_or_default(),
                title: t.title,
                url: t.url,
                parts: t
                    .has_part
                    .into_iter()
                    .map(|p| StackPart {
                        id: p.target_identifier.unwrap_or_default(),
                        title: p.title,
                    })
                    .collect(),
            })
            .collect(),
        description: i.localized_description,
    });
    let required: Vec<QualificationUnit> =
        a.qualification_unit.into_iter().filter_map(unit).collect();
    let choices: Vec<UnitChoice> = a
        .unit_choice
        .into_iter()
        .filter_map(|c| {
            Some(UnitChoice {
                select: c.select?,
                options: c.unit_option.into_iter().filter_map(unit).collect(),
                description: c.localized_description,
            })
        })
        .collect();
    Ok(Specification {
        json_schema: None,
        id,
        version: a.specification_version,
        title: a.title,
        description: a.localized_description,
        learning_outcomes: a
            .learning_outcome
            .into_iter()
            .map(|o| LearningOutcome {
                text: o.title,
                esco_skill: o.related_esco_skill.into_iter().next().flatten(),
            })
            .collect(),
        workload,
        duration: a.duration,
        validity: a.validity_period,
        level: Level {
            eqf,
            nqf: a.nqf_level,
            qf_ehea_cycle: vocab(a.qf_ehea_cycle.as_deref()),
        },
        assessment: Assessment {
            types: vocab_list(&a.assessment_type),
            description: a.assessment_description,
        },
        participation: Participation {
            modes: vocab_list(&a.participation_mode),
            description: a.participation_description,
        },
        quality_assurance: a
            .quality_assurance
            .into_iter()
            .filter_map(|q| {
                Some(QualityAssurance {
                    kind: vocab(q.quality_assurance_type.as_deref())?,
                    body: q.quality_assurance_body,
                    reference: q.quality_assurance_reference,
                    description: q.localized_description,
                })
            })
            .collect(),
        prerequisites: a.entry_requirement.note_literal,
        supervision: vocab(a.supervision.as_deref()).map(|kind| SupervisionDetail {
            kind,
            description: a.supervision_description,
        }),
        grading_scheme: grading,
        integration,
        units: (!required.is_empty() || !choices.is_empty())
            .then_some(UnitComposition { required, choices }),
        further_information: a
            .additional_note
            .into_iter()
            .next()
            .and_then(|n| n.note_literal),
        url: a.url,
        languages: a.instruction_language.into_iter().flatten().collect(),
        learning_setting: vocab(a.learning_setting.as_deref()),
        partners: a
            .partner
            .into_iter()
            .filter_map(|p| {
                Some(Partner {
                    name: p.name?,
                    role: p.partner_role,
                    url: p.url,
                })
            })
            .collect(),
    })
}

fn issuer_profile(issuer: IriOr<de::Profile>) -> Result<IssuerProfile, ReadError> {
    let (iri, p) = match issuer {
        IriOr::Iri(iri) => (Some(iri), de::Profile::default()),
        IriOr::Object(p) => (None, p),
    };
    let addr = p.address;
    Ok(IssuerProfile {
        json_schema: None,
        id: p.id.or(iri),
        name: p
            .localized_name
            .unwrap_or_else(|| LangMap::en(p.name.as_deref().unwrap_or_default())),
        legal_name: p.legal_name.or(p.name).unwrap_or_default(),
        legal_identifier: legal_id(p.other_identifier)
            .ok_or(ReadError::Field("issuer.otherIdentifier"))?,
        country: addr.address_country_code.unwrap_or_default(),
        region: addr.address_region,
        locality: addr.address_locality,
        url: p.url,
        email: p.email,
        logo: None,
        co_awarding_bodies: p
            .co_awarding_body
            .into_iter()
            .map(|o| Organisation {
                name: o.localized_name,
                legal_name: o.legal_name.unwrap_or_default(),
                legal_identifier: legal_id(o.other_identifier),
                country: o.address.address_country_code.unwrap_or_default(),
                region: o.address.address_region,
                url: o.url,
            })
            .collect(),
    })
}

/// Reads a microcred credential's claims (after any selective disclosure). Claims that
/// were not disclosed come back empty: an empty learner name, no grade.
pub fn read(credential: &Value) -> Result<Read, ReadError> {
    let c = shapes(credential);
    // A microcred credential has one subject.
    let cs = match c.credential_subject {
        OneOrList::One(cs) => cs,
        OneOrList::List(_) => de::AchievementSubject::default(),
    };
    let spec = specification(cs.achievement)?;
    let issuer = issuer_profile(c.issuer)?;
    let learner = Learner {
        name: cs.full_name.unwrap_or_default(),
        given_name: cs.learner_given_name,
        family_name: cs.learner_family_name,
        date_of_birth: cs.birth_date,
        national_id: None,
        email: None,
        did: cs.id,
    };
    let place = cs.awarding_place;
    let place = place
        .address_locality
        .zip(place.address_country_code)
        .map(|(locality, country)| Place { locality, country });
    let award = Award {
        json_schema: None,
        id: c.id,
        specification: spec.id.clone(),
        learner,
        issued: c
            .valid_from
            .or(c.awarded_date)
            .ok_or(ReadError::Field("validFrom"))?,
        place,
        grade: cs.result.into_iter().next().and_then(|r| r.value),
        evidence: c
            .evidence
            .into_iter()
            .map(|e| Evidence {
                name: e.title,
                narrative: e.localized_description,
                url: e.id,
            })
            .collect(),
        valid_until: c.valid_until,
        chosen_units: cs
            .completed_unit
            .into_iter()
            .filter_map(unit)
            .map(|u| {
                u.code
                    .unwrap_or_else(|| u.name.best("fi").unwrap_or_default().to_string())
            })
            .collect(),
    };
    Ok(Read {
        spec,
        issuer,
        award,
    })
}

/// The common Open Badges 3.0 fields of any credential, for credentials not made by
/// microcred.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub title: Option<String>,
    pub description: Option<String>,
    pub achievement_type: Option<String>,
    pub issuer_name: Option<String>,
    pub issuer_id: Option<String>,
    pub issuer_country: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub subject_id: Option<String>,
    pub credits: Option<f64>,
    pub criteria: Option<String>,
    pub alignments: Vec<String>,
    /// The learner's results (`credentialSubject.result`): each value or level achieved.
    pub results: Vec<String>,
}

pub fn summary(credential: &Value) -> Summary {
    let c = shapes(credential);
    // Of several subjects, the first.
    let cs = match c.credential_subject {
        OneOrList::One(cs) => cs,
        OneOrList::List(list) => list.into_iter().next().unwrap_or_default(),
    };
    let a = cs.achievement;
    let (issuer_iri, iv) = match c.issuer {
        IriOr::Iri(iri) => (Some(iri), de::Profile::default()),
        IriOr::Object(p) => (None, p),
    };
    Summary {
        title: a.name.or(c.name),
        description: a.description.or(c.description),
        achievement_type: a.achievement_type,
        issuer_name: iv.name,
        issuer_id: iv.id.or(issuer_iri),
        issuer_country: iv
            .address
            .address_country_code
            .or(iv.address.address_country),
        valid_from: c.valid_from.or(c.issuance_date),
        valid_until: c.valid_until.or(c.expiration_date),
        subject_id: cs.id,
        credits: a.credits_available,
        criteria: a.criteria.narrative,
        alignments: a
            .alignment
            .into_iter()
            .filter_map(|x| x.target_name)
            .collect(),
        results: cs
            .result
            .into_iter()
            .filter_map(|r| r.value.or(r.achieved_level))
            .collect(),
    }
}
