//! `credential::read` and `credential::summary` give exactly what they gave when they
//! walked `serde_json::Value` by hand (kept below as `old`), on every credential microcred
//! builds from the examples, on credentials other implementations made, and on every one
//! of those with any member replaced by something it should not be.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use microcred_model::credential::{self, BuildOptions};
use microcred_model::issuer::{IssuerProfile, LegalIdScheme, LegalIdentifier, Organisation};
use microcred_model::spec::Specification;
use microcred_model::{Award, Evidence, LangMap, Learner, Place};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// `read` and `summary` as they were before they read through the Open Badges types.
mod old {
    use microcred_model::award::{Award, Evidence, Learner, Place};
    use microcred_model::credential::{
        ects_framework, Read, ReadError, Summary, NOT_APPLICABLE_LEVEL, OSP_FRAMEWORK,
    };
    use microcred_model::issuer::{IssuerProfile, LegalIdScheme, LegalIdentifier, Organisation};
    use microcred_model::lang::LangMap;
    use microcred_model::spec::*;
    use microcred_model::vocab::Vocabulary;
    use serde_json::Value;

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
}

/// Asserts that old and new agree on `doc`; `what` says which document it is. Values are
/// compared as they are, and where they differ as their `Debug` text (a `NaN` read from
/// `"NaN"` is the same on both sides but not equal to itself).
fn same(doc: &Value, what: &dyn Fn() -> String) {
    let (new, old) = (credential::read(doc), old::read(doc));
    if new != old {
        let (new, old) = (format!("{new:?}"), format!("{old:?}"));
        assert!(
            new == old,
            "read differs on {}:\n new {new}\n old {old}",
            what()
        );
    }
    let (new, old) = (credential::summary(doc), old::summary(doc));
    if new != old {
        let (new, old) = (format!("{new:?}"), format!("{old:?}"));
        assert!(
            new == old,
            "summary differs on {}:\n new {new}\n old {old}",
            what()
        );
    }
}

fn specs() -> Vec<Specification> {
    let out = microcred_testkit::examples::specs();
    assert_eq!(out.len(), 6);
    out
}

fn lei(value: &str, scheme: LegalIdScheme) -> LegalIdentifier {
    LegalIdentifier {
        scheme,
        value: value.into(),
    }
}

/// The issuer variants a credential can carry: the example, one with nothing optional,
/// one with co-awarding bodies, one with another identifier scheme and odd text.
fn issuers() -> Vec<IssuerProfile> {
    let example = microcred_testkit::examples::profile();
    let mut full = example.clone();
    full.id = Some("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2".into());
    let bare = IssuerProfile {
        id: None,
        name: LangMap::new().with("sv", "Exempel"),
        legal_name: "Exempel Ab".into(),
        legal_identifier: lei("SE556677889901", LegalIdScheme::Vat),
        country: "SE".into(),
        region: None,
        locality: None,
        url: None,
        email: None,
        logo: None,
        co_awarding_bodies: Vec::new(),
        ..example.clone()
    };
    let mut co = full.clone();
    co.legal_identifier = lei("5493001KJTIIGC8Y1R12", LegalIdScheme::Lei);
    co.co_awarding_bodies = vec![
        Organisation {
            name: LangMap::new().with("fi", "Kumppani").with("en", "Partner"),
            legal_name: "Kumppani Oy".into(),
            legal_identifier: Some(lei("7654321-0", LegalIdScheme::FiBusinessId)),
            country: "FI".into(),
            region: Some("FI-18".into()),
            url: Some("https://partner.example".into()),
        },
        Organisation {
            name: LangMap::new(),
            legal_name: String::new(),
            legal_identifier: None,
            country: "EE".into(),
            region: None,
            url: None,
        },
    ];
    let mut other = full.clone();
    other.legal_identifier = lei("X-1", LegalIdScheme::Other);
    other.name = LangMap::new()
        .with("FI-fi", "Rivi\r\nvaihto\u{7}")
        .with("en", " ");
    other.legal_name = "Tab\there".into();
    vec![full, bare, co, other]
}

/// The award variants: everything there is, nothing optional, odd values, nothing much.
fn awards(spec: &Specification) -> Vec<Award> {
    let chosen: Vec<String> = spec
        .units
        .iter()
        .flat_map(|u| &u.choices)
        .filter_map(|c| c.options.first())
        .map(|u| {
            u.code
                .clone()
                .unwrap_or_else(|| u.name.best("fi").unwrap_or_default().to_string())
        })
        .collect();
    let full = Award {
        json_schema: None,
        id: Some("urn:uuid:0b1c8f4e-1d2a-4a7e-9a51-8d0c6e2f3a10".into()),
        specification: spec.id.clone(),
        learner: Learner {
            name: "Maija Meikäläinen".into(),
            given_name: Some("Maija".into()),
            family_name: Some("Meikäläinen".into()),
            date_of_birth: Some("2003-04-17".into()),
            national_id: Some("170403A123B".into()),
            email: Some("Maija@Example.org".into()),
            did: Some("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into()),
        },
        issued: "2026-05-29T00:00:00Z".into(),
        place: Some(Place {
            locality: "Tampere".into(),
            country: "FI".into(),
        }),
        grade: spec
            .grading_scheme
            .as_ref()
            .and_then(|g| g.grades.first())
            .map(|g| g.value.clone()),
        evidence: vec![
            Evidence {
                name: Some(LangMap::new().with("fi", "Näyttö").with("en", "Demo")),
                narrative: Some(LangMap::en("Ran the stage.")),
                url: Some("https://example.org/evidence/1".into()),
            },
            Evidence {
                name: None,
                narrative: Some(LangMap::new().with("sv", "Berättelse")),
                url: None,
            },
        ],
        valid_until: Some("2029-05-29T00:00:00Z".into()),
        chosen_units: chosen,
    };
    let bare = Award {
        id: None,
        learner: Learner {
            name: "Matti".into(),
            given_name: None,
            family_name: None,
            date_of_birth: None,
            national_id: Some("021101A987C".into()),
            email: Some("matti@example.org".into()),
            did: None,
        },
        issued: "2026-06-12".into(),
        place: None,
        grade: None,
        evidence: Vec::new(),
        valid_until: None,
        chosen_units: Vec::new(),
        ..full.clone()
    };
    let odd = Award {
        grade: Some("not a grade".into()),
        place: Some(Place {
            locality: "Tallinn".into(),
            country: "EE".into(),
        }),
        evidence: vec![Evidence {
            name: None,
            narrative: None,
            url: Some("https://example.org/e".into()),
        }],
        chosen_units: vec!["no such unit".into()],
        ..full.clone()
    };
    let empty = Award {
        learner: Learner {
            name: String::new(),
            given_name: None,
            family_name: None,
            date_of_birth: None,
            national_id: None,
            email: None,
            did: None,
        },
        ..bare.clone()
    };
    vec![full, bare, odd, empty]
}

fn statuses() -> Vec<Vec<Value>> {
    let entry = |i: u32| {
        json!({
            "id": format!("https://example.org/status/revocation/1#{i}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": i.to_string(),
            "statusListCredential": "https://example.org/status/revocation/1"
        })
    };
    vec![Vec::new(), vec![entry(5)], vec![entry(5), entry(6)]]
}

fn build(spec: &Specification, issuer: &IssuerProfile, award: &Award, status: &[Value]) -> Value {
    let achievement_id = format!("https://example.org/specs/{}", spec.id);
    let opts = BuildOptions {
        credential_id: award.id.as_deref().unwrap_or("urn:uuid:1"),
        achievement_id: &achievement_id,
        issuer_id: issuer.id.as_deref().unwrap_or("did:web:example.org"),
        status,
        identity_salt: "c2FsdA",
    };
    credential::build(spec, issuer, award, &opts).unwrap()
}

/// Every credential microcred builds from the examples: each specification with each
/// issuer, award and status variant, each of the example awards, and each with every
/// group of claims a learner may conceal taken out (as an SD-JWT VC shows them).
fn built() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for spec in specs() {
        for (i, issuer) in issuers().iter().enumerate() {
            for (a, award) in awards(&spec).iter().enumerate() {
                for (s, status) in statuses().iter().enumerate() {
                    let vc = build(&spec, issuer, award, status);
                    let name = format!("{} issuer {i} award {a} status {s}", spec.id);
                    if s == 1 {
                        let claims = credential::disclosable_claims(&vc);
                        let mut all = vc.clone();
                        for (label, pointers) in claims {
                            let mut one = vc.clone();
                            for p in &pointers {
                                remove(&mut one, p);
                                remove(&mut all, p);
                            }
                            out.push((format!("{name} without {label}"), one));
                        }
                        out.push((format!("{name} without any concealable claim"), all));
                    }
                    out.push((name, vc));
                }
            }
        }
    }
    let dir = microcred_testkit::repo().join("examples/awards");
    let issuer = issuers().remove(0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let award: Award = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let spec = microcred_testkit::examples::spec(&award.specification);
        out.push((
            path.display().to_string(),
            build(&spec, &issuer, &award, &statuses()[1]),
        ));
    }
    out
}

fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    if let Some(Value::Object(m)) = doc.pointer_mut(parent) {
        m.shift_remove(key);
    }
}

/// Open Badges 3.0 credentials other implementations made, and other credentials kept
/// in the repository (W3C test vectors, fuzzing seeds).
fn foreign() -> Vec<(String, Value)> {
    let repo = microcred_testkit::repo();
    let mut files = Vec::new();
    for dir in [
        "crates/core/tests/vectors/foreign",
        "crates/core/tests/vectors/eddsa-rdfc-2022",
        "crates/server/tests/fixtures",
        "fuzz/corpus/json_ld_rdfc",
        "fuzz/corpus/verify_input",
        "fuzz/corpus/spec_award",
    ] {
        let Ok(entries) = std::fs::read_dir(repo.join(dir)) else {
            continue;
        };
        for e in entries {
            files.push(e.unwrap().path());
        }
    }
    files.sort();
    let mut out: Vec<(String, Value)> = files
        .iter()
        .filter_map(|p| {
            let v: Value = serde_json::from_slice(&std::fs::read(p).ok()?).ok()?;
            let text = v.to_string();
            text.contains("credentialSubject")
                .then(|| (p.display().to_string(), v))
        })
        .collect();
    assert!(out.len() >= 9, "{}", out.len());
    // An Open Badge with what microcred reads from others, in the shapes others use.
    out.push((
        "a foreign badge with every common field".into(),
        json!({
            "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:2",
            "type": ["VerifiableCredential", "OpenBadgeCredential", "Extra"],
            "name": "Outer name",
            "description": "Outer description",
            "issuer": {"id": "https://badges.example", "type": "Profile", "name": "Badges", "address": {"addressCountry": "Finland"}, "extra": 1},
            "issuanceDate": "2020-01-01T00:00:00Z",
            "expirationDate": "2030-01-01T00:00:00Z",
            "credentialSubject": [
                {"id": "did:example:learner", "type": "AchievementSubject",
                 "achievement": {"type": "Achievement", "achievementType": "Badge", "creditsAvailable": "3",
                     "criteria": {"narrative": "Do it"},
                     "alignment": {"targetName": "One alignment", "targetUrl": "https://x"}},
                 "result": [{"achievedLevel": "urn:level:2"}, {"value": "B"}, {"value": 5}, "loose"]},
                {"id": "did:example:second"}
            ]
        }),
    ));
    out.push((
        "an issuer given as a string".into(),
        json!({"issuer": "did:web:badges.example", "validFrom": "2024-01-01T00:00:00Z",
               "credentialSubject": {"achievement": {"specificationIdentifier": "x", "eqfLevel": "http://data.europa.eu/snb/eqf/4"}}}),
    ));
    out
}

#[test]
fn built_credentials_read_as_before() {
    let built = built();
    eprintln!(
        "{} credentials built, {} others",
        built.len(),
        foreign().len()
    );
    assert!(built.len() > 6 * 4 * 4 * 3, "{}", built.len());
    for (name, vc) in &built {
        same(vc, &|| name.clone());
        // A microcred credential reads back.
        if !name.contains("without") {
            assert!(credential::read(vc).is_ok(), "{name}");
        }
    }
    for (name, vc) in foreign() {
        same(&vc, &|| name.clone());
    }
}

/// Every JSON pointer of a document, the root left out.
fn pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", escape(k));
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        _ => {}
    }
}

/// What may stand where a value was: every JSON type, numbers as strings, the value as a
/// list (once and twice), in a language map, or the first of its own list.
fn hostile(v: &Value) -> Vec<Value> {
    let mut out = vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(7),
        json!(-1),
        json!(2.5),
        json!(1e300),
        json!(u64::MAX),
        json!("NaN"),
        json!(""),
        json!(" "),
        json!("x"),
        json!("7"),
        json!("2.5"),
        json!("stackable"),
        json!([]),
        json!({}),
        json!([v]),
        json!([v, v]),
        json!({ "en": v }),
        json!([{}, v, null, "x", 3]),
    ];
    match v {
        Value::Array(a) => out.extend(a.first().cloned()),
        Value::Number(n) => out.push(json!(n.to_string())),
        Value::String(s) => {
            out.push(json!({ "en": s }));
            if let Ok(n) = s.parse::<f64>() {
                out.push(json!(n));
            }
        }
        _ => {}
    }
    out
}

fn mutate_everywhere(name: &str, doc: &Value) -> usize {
    let mut ptrs = Vec::new();
    pointers(doc, "", &mut ptrs);
    let mut n = 0;
    let mut d = doc.clone();
    // Inside members nothing reads, replacing the member itself is enough.
    ptrs.retain(|p| {
        !["/@context/", "/proof/", "/credentialStatus/"]
            .iter()
            .any(|x| p.starts_with(x))
    });
    for p in &ptrs {
        let here = doc.pointer(p).unwrap();
        for (i, h) in hostile(here).into_iter().enumerate() {
            let was = std::mem::replace(d.pointer_mut(p).unwrap(), h);
            same(&d, &|| {
                format!("{name} with {p} replaced by hostile value {i}")
            });
            *d.pointer_mut(p).unwrap() = was;
            n += 1;
        }
        let mut d = doc.clone();
        remove(&mut d, p);
        same(&d, &|| format!("{name} without {p}"));
        n += 1;
    }
    n
}

#[test]
fn any_member_made_wrong_reads_as_before() {
    // The fewest credentials that between them have every member any example's has.
    let all: Vec<(String, Value)> = specs()
        .into_iter()
        .map(|spec| {
            let vc = build(&spec, &issuers()[2], &awards(&spec)[0], &statuses()[2]);
            (spec.id, vc)
        })
        .collect();
    let shape = |vc: &Value| {
        let mut ptrs = Vec::new();
        pointers(vc, "", &mut ptrs);
        let index = |p: &str| {
            p.split('/')
                .map(|k| if k.parse::<usize>().is_ok() { "#" } else { k })
                .collect::<Vec<_>>()
                .join("/")
        };
        ptrs.iter().map(|p| index(p)).collect::<BTreeSet<String>>()
    };
    let mut missing: BTreeSet<String> = all.iter().flat_map(|(_, vc)| shape(vc)).collect();
    let mut n = 0;
    while !missing.is_empty() {
        let (name, vc) = all
            .iter()
            .max_by_key(|(_, vc)| shape(vc).intersection(&missing).count())
            .unwrap();
        missing.retain(|p| !shape(vc).contains(p));
        n += mutate_everywhere(name, vc);
    }
    for (name, vc) in foreign() {
        n += mutate_everywhere(&name, &vc);
    }
    eprintln!("{n} documents with a member made wrong");
    assert!(n > 10_000, "{n}");
}

#[test]
fn huge_and_deep_input_reads_as_before() {
    let spec = specs().remove(0);
    let vc = build(&spec, &issuers()[2], &awards(&spec)[0], &statuses()[1]);
    // As deep as serde_json parses, and deeper as a value made in code.
    let parsed: Value =
        serde_json::from_str(&format!("{}{}", "[".repeat(120), "]".repeat(120))).unwrap();
    let mut built = json!({"en": "x"});
    for _ in 0..300 {
        built = json!([built, {"k": 1}]);
    }
    let mut nested_objects = json!("x");
    for _ in 0..300 {
        nested_objects = json!({ "title": nested_objects, "noteLiteral": 1 });
    }
    let huge_list = Value::Array(
        (0..5_000)
            .map(|i| json!({"title": {"en": format!("o{i}")}, "scopeValue": i, "scopeUnit": "osp", "value": "v"}))
            .collect(),
    );
    let huge_text = json!("x".repeat(1 << 18));
    let mut ptrs = Vec::new();
    pointers(&vc, "", &mut ptrs);
    for p in &ptrs {
        for (what, v) in [
            ("parsed deep", &parsed),
            ("built deep", &built),
            ("nested objects", &nested_objects),
            ("huge list", &huge_list),
            ("huge text", &huge_text),
        ] {
            // Every member would take minutes; the containers and a few leaves do.
            let target = vc.pointer(p).unwrap();
            if !(target.is_object() || target.is_array() || p.ends_with("Identifier")) {
                continue;
            }
            let mut d = vc.clone();
            *d.pointer_mut(p).unwrap() = v.clone();
            same(&d, &|| format!("{p} replaced by {what}"));
        }
    }
    for v in [&parsed, &built, &nested_objects, &huge_list, &huge_text] {
        same(v, &|| "a document that is no credential".into());
    }
}
