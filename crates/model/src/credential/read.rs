//! A credential's claims → the specification, issuer profile and award it carries.
//!
//! For microcred's own credentials this is the inverse of [`super::build`] (except that
//! hashed identifiers stay hashed). For any other Open Badges 3.0 credential,
//! [`summary`] reads what the common fields say.

use serde::Serialize;
use serde_json::Value;

use super::{ects_framework, NOT_APPLICABLE_LEVEL, OSP_FRAMEWORK};
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

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn lang(v: &Value) -> LangMap {
    LangMap(
        v.as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, t)| t.as_str().map(|t| (k.clone(), t.to_string())))
                    .collect()
            })
            .unwrap_or_default(),
    )
}

fn opt_lang(v: &Value) -> Option<LangMap> {
    let m = lang(v);
    (!m.is_empty()).then_some(m)
}

fn note(v: &Value) -> Option<LangMap> {
    opt_lang(&v["noteLiteral"])
}

fn arr(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

fn vocab<V: Vocabulary>(v: &Value) -> Option<V> {
    v.as_str().and_then(V::from_code)
}

fn vocab_list<V: Vocabulary>(v: &Value) -> Vec<V> {
    arr(v).iter().filter_map(vocab::<V>).collect()
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn legal_id(entries: &Value) -> Option<LegalIdentifier> {
    arr(entries).iter().find_map(|e| {
        let scheme = match e["identifierType"].as_str()? {
            "ext:fi-business-id" => LegalIdScheme::FiBusinessId,
            "ext:vat" => LegalIdScheme::Vat,
            "ext:lei" => LegalIdScheme::Lei,
            _ => LegalIdScheme::Other,
        };
        Some(LegalIdentifier {
            scheme,
            value: s(&e["identifier"])?,
        })
    })
}

fn unit(v: &Value) -> Option<QualificationUnit> {
    Some(QualificationUnit {
        code: s(&v["unitCode"]),
        name: lang(&v["unitName"]),
        scope: Scope {
            value: number(&v["scopeValue"])?,
            unit: vocab(&v["scopeUnit"])?,
        },
        qualifications: arr(&v["qualification"])
            .iter()
            .map(|q| QualificationRef {
                code: s(&q["qualificationCode"]),
                name: lang(&q["qualificationName"]),
            })
            .collect(),
        basis: vocab(&v["unitBasis"]),
        url: s(&v["url"]),
    })
}

/// Reads a microcred credential's claims (after any selective disclosure). Claims that
/// were not disclosed come back empty: an empty learner name, no grade.
pub fn read(credential: &Value) -> Result<Read, ReadError> {
    let cs = &credential["credentialSubject"];
    let a = &cs["achievement"];
    let spec_id = s(&a["specificationIdentifier"]).ok_or(ReadError::NotMicrocred)?;

    let mut workload = Workload {
        hours: a["volumeOfLearning"]
            .as_str()
            .and_then(|d| d.strip_prefix("PT")?.strip_suffix('H')?.parse().ok()),
        ..Workload::default()
    };
    for cp in arr(&a["creditPoint"]) {
        let point = number(&cp["point"]);
        match cp["framework"].as_str() {
            Some(f) if f == ects_framework() => workload.ects = point,
            Some(OSP_FRAMEWORK) => workload.osp = point,
            _ => {}
        }
    }
    let eqf = match a["eqfLevel"].as_str() {
        Some(NOT_APPLICABLE_LEVEL) => EqfLevel::NotApplicable,
        Some(iri) => iri
            .strip_prefix("http://data.europa.eu/snb/eqf/")
            .and_then(|n| n.parse().ok())
            .filter(|n| (1..=8).contains(n))
            .map(EqfLevel::Level)
            .ok_or(ReadError::Field("eqfLevel"))?,
        None => return Err(ReadError::Field("eqfLevel")),
    };
    let grading = arr(&a["resultDescription"])
        .first()
        .map(|rd| GradingScheme {
            description: opt_lang(&rd["localizedDescription"]),
            grades: arr(&rd["gradeDefinition"])
                .iter()
                .filter_map(|g| {
                    Some(GradeDefinition {
                        value: s(&g["gradeValue"])?,
                        label: opt_lang(&g["gradeLabel"]),
                    })
                })
                .collect(),
        });
    let integration = a.get("integration").map(|i| Integration {
        kind: if i["integrationType"] == "stackable" {
            IntegrationKind::Stackable
        } else {
            IntegrationKind::StandAlone
        },
        towards: arr(&i["stacksTowards"])
            .iter()
            .map(|t| StackTarget {
                id: s(&t["targetIdentifier"]).unwrap_or_default(),
                title: lang(&t["title"]),
                url: s(&t["url"]),
                parts: arr(&t["hasPart"])
                    .iter()
                    .map(|p| StackPart {
                        id: s(&p["targetIdentifier"]).unwrap_or_default(),
                        title: lang(&p["title"]),
                    })
                    .collect(),
            })
            .collect(),
        description: opt_lang(&i["localizedDescription"]),
    });
    let required: Vec<QualificationUnit> = arr(&a["qualificationUnit"])
        .iter()
        .filter_map(unit)
        .collect();
    let choices: Vec<UnitChoice> = arr(&a["unitChoice"])
        .iter()
        .filter_map(|c| {
            Some(UnitChoice {
                select: c["select"].as_u64().and_then(|n| u32::try_from(n).ok())?,
                options: arr(&c["unitOption"]).iter().filter_map(unit).collect(),
                description: opt_lang(&c["localizedDescription"]),
            })
        })
        .collect();
    let spec = Specification {
        json_schema: None,
        id: spec_id,
        version: s(&a["specificationVersion"]),
        title: lang(&a["title"]),
        description: lang(&a["localizedDescription"]),
        learning_outcomes: arr(&a["learningOutcome"])
            .iter()
            .map(|o| LearningOutcome {
                text: lang(&o["title"]),
                esco_skill: arr(&o["relatedESCOSkill"]).first().and_then(s),
            })
            .collect(),
        workload,
        duration: s(&a["duration"]),
        validity: s(&a["validityPeriod"]),
        level: Level {
            eqf,
            nqf: s(&a["nqfLevel"]),
            qf_ehea_cycle: vocab(&a["qfEheaCycle"]),
        },
        assessment: Assessment {
            types: vocab_list(&a["assessmentType"]),
            description: opt_lang(&a["assessmentDescription"]),
        },
        participation: Participation {
            modes: vocab_list(&a["participationMode"]),
            description: opt_lang(&a["participationDescription"]),
        },
        quality_assurance: arr(&a["qualityAssurance"])
            .iter()
            .filter_map(|q| {
                Some(QualityAssurance {
                    kind: vocab(&q["qualityAssuranceType"])?,
                    body: s(&q["qualityAssuranceBody"]),
                    reference: s(&q["qualityAssuranceReference"]),
                    description: opt_lang(&q["localizedDescription"]),
                })
            })
            .collect(),
        prerequisites: note(&a["entryRequirement"]),
        supervision: vocab(&a["supervision"]).map(|kind| SupervisionDetail {
            kind,
            description: opt_lang(&a["supervisionDescription"]),
        }),
        grading_scheme: grading,
        integration,
        units: (!required.is_empty() || !choices.is_empty())
            .then_some(UnitComposition { required, choices }),
        further_information: arr(&a["additionalNote"]).first().and_then(note),
        url: s(&a["url"]),
        languages: arr(&a["instructionLanguage"])
            .iter()
            .filter_map(s)
            .collect(),
        learning_setting: vocab(&a["learningSetting"]),
        partners: arr(&a["partner"])
            .iter()
            .filter_map(|p| {
                Some(Partner {
                    name: s(&p["name"])?,
                    role: opt_lang(&p["partnerRole"]),
                    url: s(&p["url"]),
                })
            })
            .collect(),
    };

    let iv = &credential["issuer"];
    let addr = &iv["address"];
    let issuer = IssuerProfile {
        json_schema: None,
        id: s(&iv["id"]).or_else(|| s(iv)),
        name: opt_lang(&iv["localizedName"])
            .unwrap_or_else(|| LangMap::en(iv["name"].as_str().unwrap_or_default())),
        legal_name: s(&iv["legalName"])
            .or_else(|| s(&iv["name"]))
            .unwrap_or_default(),
        legal_identifier: legal_id(&iv["otherIdentifier"])
            .ok_or(ReadError::Field("issuer.otherIdentifier"))?,
        country: s(&addr["addressCountryCode"]).unwrap_or_default(),
        region: s(&addr["addressRegion"]),
        locality: s(&addr["addressLocality"]),
        url: s(&iv["url"]),
        email: s(&iv["email"]),
        logo: None,
        co_awarding_bodies: arr(&iv["coAwardingBody"])
            .iter()
            .map(|o| Organisation {
                name: lang(&o["localizedName"]),
                legal_name: s(&o["legalName"]).unwrap_or_default(),
                legal_identifier: legal_id(&o["otherIdentifier"]),
                country: s(&o["address"]["addressCountryCode"]).unwrap_or_default(),
                region: s(&o["address"]["addressRegion"]),
                url: s(&o["url"]),
            })
            .collect(),
    };

    let learner = Learner {
        name: s(&cs["fullName"]).unwrap_or_default(),
        given_name: s(&cs["learnerGivenName"]),
        family_name: s(&cs["learnerFamilyName"]),
        date_of_birth: s(&cs["birthDate"]),
        national_id: None,
        email: None,
        did: s(&cs["id"]),
    };
    let place = cs.get("awardingPlace").and_then(|p| {
        Some(Place {
            locality: s(&p["addressLocality"])?,
            country: s(&p["addressCountryCode"])?,
        })
    });
    let award = Award {
        json_schema: None,
        id: s(&credential["id"]),
        specification: spec.id.clone(),
        learner,
        issued: s(&credential["validFrom"])
            .or_else(|| s(&credential["awardedDate"]))
            .ok_or(ReadError::Field("validFrom"))?,
        place,
        grade: arr(&cs["result"]).first().and_then(|r| s(&r["value"])),
        evidence: arr(&credential["evidence"])
            .iter()
            .map(|e| Evidence {
                name: opt_lang(&e["title"]),
                narrative: opt_lang(&e["localizedDescription"]),
                url: s(&e["id"]),
            })
            .collect(),
        valid_until: s(&credential["validUntil"]),
        chosen_units: arr(&cs["completedUnit"])
            .iter()
            .filter_map(unit)
            .map(|u| {
                u.code
                    .clone()
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
    let cs = match &credential["credentialSubject"] {
        Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let a = &cs["achievement"];
    let iv = &credential["issuer"];
    Summary {
        title: s(&a["name"]).or_else(|| s(&credential["name"])),
        description: s(&a["description"]).or_else(|| s(&credential["description"])),
        achievement_type: s(&a["achievementType"]),
        issuer_name: s(&iv["name"]),
        issuer_id: s(&iv["id"]).or_else(|| s(iv)),
        issuer_country: s(&iv["address"]["addressCountryCode"])
            .or_else(|| s(&iv["address"]["addressCountry"])),
        valid_from: s(&credential["validFrom"]).or_else(|| s(&credential["issuanceDate"])),
        valid_until: s(&credential["validUntil"]).or_else(|| s(&credential["expirationDate"])),
        subject_id: s(&cs["id"]),
        credits: number(&a["creditsAvailable"]),
        criteria: s(&a["criteria"]["narrative"]),
        alignments: arr(&a["alignment"])
            .iter()
            .filter_map(|x| s(&x["targetName"]))
            .collect(),
        results: arr(&cs["result"])
            .iter()
            .filter_map(|r| s(&r["value"]).or_else(|| s(&r["achievedLevel"])))
            .collect(),
    }
}
