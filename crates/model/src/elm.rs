//! A micro-credential as a European Learning Model 3 `EuropeanDigitalCredential` (the
//! JSON-LD document Europass reads), following the European Commission's Annex I sample
//! and the EDC application profile's SHACL shapes.
//!
//! Every Annex I element goes to its ELM property (see `docs/data-model.md`): the title
//! and outcomes to the `Qualification` the achievement is `specifiedBy`, the workload to
//! `creditPoint` and `volumeOfLearning`, the assessment to the qualification's
//! `provenBy` specification (and, with a grade, the achievement's `provenBy`
//! assessment), the form of participation to `mode`, quality assurance to
//! `accreditation`, the awarding body, date and place to `awardedBy`. Every language of
//! every text is kept.
//!
//! Concepts ELM has a confirmed IRI for use it; the others (our assessment types, on-site
//! and work-based participation, osaamispiste) are concepts of our own under
//! `urn:microcred:…` with labels in Finnish, Swedish and English, rather than guessed EU
//! IRIs. The shapes ask for a picture of the credential (`displayDetail.image`): an SVG
//! certificate is drawn here, one a language.

use base64::Engine;
use microcred_text::t;
use serde_json::{json, Map, Value};

use crate::award::Award;
use crate::issuer::{IssuerProfile, LegalIdScheme, Organisation};
use crate::lang::{Lang, LangMap};
use crate::spec::{EqfLevel, Specification};
use crate::vocab::{self, Vocabulary};

/// The JSON-LD contexts of an EDC credential (VC 1.1 and the EDC application profile).
pub const CONTEXTS: [&str; 2] = [
    "https://www.w3.org/2018/credentials/v1",
    "http://data.europa.eu/snb/model/context/edc-ap",
];
/// The SHACL profile the credential claims to follow.
pub const SHACL_PROFILE: &str = "http://data.europa.eu/snb/model/ap/edc-generic-full";
const GENERIC_PROFILE: &str = "http://data.europa.eu/snb/credential/e34929035b";
const SHORT_LEARNING_PROGRAMME: &str = "http://data.europa.eu/snb/learning-opportunity/74a4a268e8";
const ECTS: &str = "http://data.europa.eu/snb/education-credit/6fcec5c5af";
const BASE64: &str = "http://data.europa.eu/snb/encoding/6146cde7dd";
const SVG: &str = "http://publications.europa.eu/resource/authority/file-type/SVG";

/// What the ELM document needs besides the credential's content.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The credential's own identifier (`urn:uuid:…`).
    pub credential_id: String,
    /// When it was issued, and its validity (RFC 3339 or a date).
    pub issued: String,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    /// Where the credential can be checked (a share link), shown as its homepage.
    pub verify_url: Option<String>,
}

/// The `EuropeanDigitalCredential` for a micro-credential.
pub fn european_digital_credential(
    spec: &Specification,
    issuer: &IssuerProfile,
    award: &Award,
    meta: &Meta,
) -> Value {
    let mut ids = Ids::default();
    let langs = languages(spec);
    let primary = langs.first().cloned().unwrap_or_else(|| "fi".into());
    let issued =
        date_time(&meta.issued).unwrap_or_else(|| date_time(&award.issued).unwrap_or_default());
    let body = organisation_of_issuer(issuer, &mut ids);
    let mut bodies = vec![body.clone()];
    for co in &issuer.co_awarding_bodies {
        bodies.push(organisation(co, &mut ids));
    }
    let place = award.place.as_ref().map(|p| {
        json!({
            "id": ids.next("location"),
            "type": "Location",
            "geographicName": { primary.clone(): p.locality },
            "address": address(&p.country, None, &mut ids),
        })
    });
    let mut awarding = json!({
        "id": ids.next("awardingProcess"),
        "type": "AwardingProcess",
        "awardingBody": bodies,
        "awardingDate": date_time(&award.issued).unwrap_or_else(|| issued.clone()),
    });
    if let Some(p) = place {
        awarding["location"] = p;
    }

    let mut achievement = json!({
        "id": ids.next("learningAchievement"),
        "type": "LearningAchievement",
        "title": lang_map(&spec.title),
        "description": lang_map(&spec.description),
        "awardedBy": awarding.clone(),
        "specifiedBy": qualification(spec, issuer, &langs, &mut ids),
    });
    if let Some(grade) = &award.grade {
        let mut assessment = json!({
            "id": ids.next("learningAssessment"),
            "type": "LearningAssessment",
            "title": lang_map(&assessment_title(spec)),
            "grade": note(&LangMap::new().with(&primary, grade_text(spec, grade, lang_of(&primary))), &mut ids),
            "awardedBy": awarding.clone(),
        });
        if let Some(s) = &spec.supervision {
            assessment["idVerification"] = concept_of(s.kind, "supervision");
        }
        achievement["provenBy"] = assessment;
    }
    if let Some(url) = &meta.verify_url {
        // Where anyone can check the credential as the learner shares it.
        achievement["supplementaryDocument"] = json!([web_resource(url, &mut ids)]);
    }
    let mut notes = Vec::new();
    if let Some(i) = &spec.integration {
        let mut text = LangMap::new();
        for l in &langs {
            let lang = lang_of(l);
            let mut t = i.kind.label(lang).to_string();
            for target in &i.towards {
                t.push_str(&format!(" — {}", target.title.text(lang)));
            }
            if let Some(d) = &i.description {
                t.push_str(&format!(". {}", d.text(lang)));
            }
            text = text.with(l, t);
        }
        notes.push(note(&text, &mut ids));
    }
    if !award.evidence.is_empty() {
        let mut text = LangMap::new();
        for l in &langs {
            let lang = lang_of(l);
            let items: Vec<String> = award
                .evidence
                .iter()
                .map(|e| {
                    let mut s = e
                        .name
                        .as_ref()
                        .map(|n| n.text(lang).to_string())
                        .unwrap_or_default();
                    if let Some(n) = &e.narrative {
                        s.push_str(&format!(": {}", n.text(lang)));
                    }
                    if let Some(u) = &e.url {
                        s.push_str(&format!(" ({u})"));
                    }
                    s
                })
                .collect();
            text = text.with(
                l,
                format!("{}: {}", t!(lang, "elm_evidence"), items.join("; ")),
            );
        }
        notes.push(note(&text, &mut ids));
    }
    if !notes.is_empty() {
        achievement["additionalNote"] = Value::Array(notes);
    }

    let subject = person(award, &primary, achievement, &mut ids);
    let display = display(spec, issuer, award, &langs, &mut ids);
    let id = if meta.credential_id.starts_with("urn:") || meta.credential_id.contains(':') {
        meta.credential_id.clone()
    } else {
        format!("urn:credential:{}", meta.credential_id)
    };
    let mut doc = json!({
        "@context": CONTEXTS,
        "id": id,
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": {
            "id": GENERIC_PROFILE,
            "type": "Concept",
            "inScheme": { "id": "http://data.europa.eu/snb/credential/25831c2", "type": "ConceptScheme" },
            "prefLabel": { "en": "Generic" },
        },
        "displayParameter": display,
        "identifier": {
            "id": ids.next("identifier"),
            "type": "Identifier",
            "schemeName": "microcred credential ID",
            "notation": meta.credential_id,
        },
        "credentialSchema": { "id": SHACL_PROFILE, "type": "ShaclValidator2017" },
        "credentialSubject": subject,
        "issuer": body,
        "issued": issued,
        "validFrom": meta.valid_from.as_deref().and_then(date_time).unwrap_or_else(|| issued.clone()),
    });
    if let Some(until) = meta
        .valid_until
        .as_deref()
        .or(award.valid_until.as_deref())
        .and_then(date_time)
    {
        doc["validUntil"] = Value::from(until);
    }
    doc
}

/// The `EuropeanDigitalCredential` for a credential's claims (as verified or as issued):
/// only microcred micro-credentials carry every Annex I element, so others are refused.
pub fn from_claims(
    claims: &Value,
    verify_url: Option<&str>,
) -> Result<Value, crate::credential::ReadError> {
    let read = crate::credential::read(claims)?;
    let text = |k: &str| claims[k].as_str().map(str::to_string);
    let meta = Meta {
        credential_id: text("id")
            .or_else(|| text("jti"))
            .unwrap_or_else(|| read.award.id.clone().unwrap_or_default()),
        issued: text("validFrom")
            .or_else(|| text("issuanceDate"))
            .or_else(|| {
                claims["iat"]
                    .as_i64()
                    .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                    .map(|d| d.to_rfc3339())
            })
            .unwrap_or_else(|| read.award.issued.clone()),
        valid_from: text("validFrom"),
        valid_until: text("validUntil").or_else(|| text("expirationDate")),
        verify_url: verify_url.map(str::to_string),
    };
    Ok(european_digital_credential(
        &read.spec,
        &read.issuer,
        &read.award,
        &meta,
    ))
}

/// Blank-node-free identifiers for the document's parts: `urn:epass:{kind}:{n}`, as the
/// Commission's sample names them.
#[derive(Default)]
struct Ids(u32);

impl Ids {
    fn next(&mut self, kind: &str) -> String {
        self.0 += 1;
        format!("urn:epass:{kind}:{}", self.0)
    }
}

/// The languages the specification is written in, as its title has them (Finnish first
/// when present: most readers are Finnish), then any others it declares.
fn languages(spec: &Specification) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in ["fi", "sv", "en"] {
        if spec.title.exact(l).is_some() {
            out.push(l.into());
        }
    }
    for l in spec
        .title
        .tags()
        .chain(spec.languages.iter().map(String::as_str))
    {
        if !out.iter().any(|o| o == l) && language_code(l).is_some() {
            out.push(l.to_string());
        }
    }
    out
}

/// The EU language authority code for a BCP 47 primary tag (the EU's official
/// languages and the Nordic ones).
fn language_code(tag: &str) -> Option<&'static str> {
    let primary = tag
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "fi" => "FIN",
        "sv" => "SWE",
        "en" => "ENG",
        "de" => "DEU",
        "fr" => "FRA",
        "es" => "SPA",
        "it" => "ITA",
        "et" => "EST",
        "lv" => "LAV",
        "lt" => "LIT",
        "pl" => "POL",
        "nl" => "NLD",
        "da" => "DAN",
        "pt" => "POR",
        "cs" => "CES",
        "sk" => "SLK",
        "sl" => "SLV",
        "hu" => "HUN",
        "ro" => "RON",
        "bg" => "BUL",
        "hr" => "HRV",
        "el" => "ELL",
        "ga" => "GLE",
        "mt" => "MLT",
        "no" | "nb" | "nn" => "NOR",
        "is" => "ISL",
        "se" => "SME",
        _ => return None,
    })
}

fn language_concept(tag: &str) -> Value {
    let code = language_code(tag).unwrap_or("MUL");
    json!({
        "id": format!("http://publications.europa.eu/resource/authority/language/{code}"),
        "type": "Concept",
        "inScheme": { "id": "http://publications.europa.eu/resource/authority/language", "type": "ConceptScheme" },
        "notation": "language",
        "prefLabel": { "en": code },
    })
}

fn country_concept(alpha2: &str) -> Value {
    let code = isocountry::CountryCode::for_alpha2_caseless(alpha2)
        .map(|c| c.alpha3())
        .unwrap_or("ZZZ");
    json!({
        "id": format!("http://publications.europa.eu/resource/authority/country/{code}"),
        "type": "Concept",
        "inScheme": { "id": "http://publications.europa.eu/resource/authority/country", "type": "ConceptScheme" },
        "notation": "country",
        "prefLabel": { "en": crate::countries::country_name(alpha2, Lang::En) },
    })
}

/// A concept of one of our controlled lists: its ELM IRI where confirmed, else ours.
fn concept_of<V: Vocabulary>(v: V, list: &str) -> Value {
    let id = v
        .elm_iri()
        .map(str::to_string)
        .unwrap_or_else(|| format!("urn:microcred:{list}:{}", v.code()));
    json!({
        "id": id,
        "type": "Concept",
        "notation": v.code(),
        "prefLabel": { "fi": v.label(Lang::Fi), "sv": v.label(Lang::Sv), "en": v.label(Lang::En) },
    })
}

/// A language map as JSON-LD language values; `und` (no language) is kept as such.
fn lang_map(m: &LangMap) -> Value {
    let mut out = Map::new();
    for (tag, text) in m.iter() {
        if !text.trim().is_empty() {
            out.insert(tag.to_string(), Value::from(text));
        }
    }
    Value::Object(out)
}

fn note(text: &LangMap, ids: &mut Ids) -> Value {
    json!({ "id": ids.next("note"), "type": "Note", "noteLiteral": lang_map(text) })
}

/// A date or date-time as `xsd:dateTime` (a bare date is its midnight, UTC).
fn date_time(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(
            d.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
        );
    }
    chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
}

fn address(country: &str, full: Option<&LangMap>, ids: &mut Ids) -> Value {
    let mut a = json!({
        "id": ids.next("address"),
        "type": "Address",
        "countryCode": country_concept(country),
    });
    if let Some(f) = full {
        a["fullAddress"] = note(f, ids);
    }
    a
}

fn legal_identifier(scheme: LegalIdScheme, value: &str, country: &str, ids: &mut Ids) -> Value {
    json!({
        "id": ids.next("legalIdentifier"),
        "type": "LegalIdentifier",
        "notation": value,
        "schemeName": scheme.code(),
        "spatial": country_concept(country),
    })
}

fn web_resource(url: &str, ids: &mut Ids) -> Value {
    json!({ "id": ids.next("webResource"), "type": "WebResource", "contentURL": url })
}

/// The issuer as an ELM organisation: names in every language, the legal name, the
/// registration (business ID), the country and region, the home page.
fn organisation_of_issuer(i: &IssuerProfile, ids: &mut Ids) -> Value {
    let id = i.id.clone().unwrap_or_else(|| ids.next("org"));
    let mut o = json!({
        "id": id,
        "type": "Organisation",
        "legalName": { "und": i.legal_name },
        "altLabel": lang_map(&i.name),
        "location": location(&i.country, i.region.as_deref(), i.locality.as_deref(), ids),
        "registration": legal_identifier(i.legal_identifier.scheme, &i.legal_identifier.value, &i.country, ids),
        // The issuer of an EDC must name exactly one legal identifier as such.
        "eIDASIdentifier": legal_identifier(i.legal_identifier.scheme, &i.legal_identifier.value, &i.country, ids),
    });
    if let Some(u) = &i.url {
        o["homepage"] = web_resource(u, ids);
    }
    if let Some(e) = &i.email {
        o["contactPoint"] = json!({
            "id": ids.next("contactPoint"),
            "type": "ContactPoint",
            "emailAddress": { "id": format!("mailto:{e}"), "type": "Mailbox" },
        });
    }
    o
}

fn organisation(o: &Organisation, ids: &mut Ids) -> Value {
    let mut v = json!({
        "id": ids.next("org"),
        "type": "Organisation",
        "legalName": { "und": o.legal_name },
        "altLabel": lang_map(&o.name),
        "location": location(&o.country, o.region.as_deref(), None, ids),
    });
    if let Some(l) = &o.legal_identifier {
        v["registration"] = legal_identifier(l.scheme, &l.value, &o.country, ids);
    }
    if let Some(u) = &o.url {
        v["homepage"] = web_resource(u, ids);
    }
    v
}

fn location(country: &str, region: Option<&str>, locality: Option<&str>, ids: &mut Ids) -> Value {
    let full = match (locality, region) {
        (None, None) => None,
        (l, r) => Some(LangMap::new().with(
            "und",
            [l, r].into_iter().flatten().collect::<Vec<_>>().join(", "),
        )),
    };
    json!({
        "id": ids.next("location"),
        "type": "Location",
        "address": address(country, full.as_ref(), ids),
    })
}

fn assessment_title(spec: &Specification) -> LangMap {
    let mut m = LangMap::new();
    for lang in [Lang::Fi, Lang::Sv, Lang::En] {
        let types: Vec<&str> = spec
            .assessment
            .types
            .iter()
            .map(|t| t.label(lang))
            .collect();
        let head = t!(lang, "elm_assessment");
        m = m.with(
            lang.code(),
            if types.is_empty() {
                head.to_string()
            } else {
                format!("{head}: {}", types.join(", "))
            },
        );
    }
    m
}

/// A grade with its meaning from the grading scheme (`4 (hyvä 4)`), in `lang`.
fn grade_text(spec: &Specification, grade: &str, lang: Lang) -> String {
    let label = spec
        .grading_scheme
        .as_ref()
        .and_then(|g| g.grades.iter().find(|d| d.value == grade))
        .and_then(|d| d.label.as_ref())
        .map(|l| l.text(lang).to_string());
    match label {
        Some(l) if !l.is_empty() => format!("{grade} ({l})"),
        _ => grade.to_string(),
    }
}

/// The specification as an ELM `Qualification` (a partial one when it is made of
/// qualification units).
fn qualification(
    spec: &Specification,
    issuer: &IssuerProfile,
    langs: &[String],
    ids: &mut Ids,
) -> Value {
    let outcomes: Vec<Value> = spec
        .learning_outcomes
        .iter()
        .map(|o| {
            let mut v = json!({
                "id": ids.next("learningOutcome"),
                "type": "LearningOutcome",
                "title": lang_map(&o.text),
            });
            if let Some(skill) = &o.esco_skill {
                v["relatedESCOSkill"] = json!([{ "id": skill, "type": "Concept" }]);
            }
            v
        })
        .collect();
    let mut summary = LangMap::new();
    for l in langs {
        let lang = lang_of(l);
        let lines: Vec<String> = spec
            .learning_outcomes
            .iter()
            .map(|o| format!("• {}", o.text.text(lang)))
            .collect();
        summary = summary.with(l, lines.join("\n"));
    }
    let mut credit = Vec::new();
    if let Some(e) = spec.workload.ects {
        credit.push(json!({
            "id": ids.next("creditPoint"),
            "type": "CreditPoint",
            "framework": {
                "id": ECTS, "type": "Concept",
                "inScheme": { "id": "http://data.europa.eu/snb/education-credit/25831c2", "type": "ConceptScheme" },
                "prefLabel": { "en": "European Credit Transfer System" },
            },
            "point": number(e),
        }));
    }
    if let Some(o) = spec.workload.osp {
        // Osaamispiste measures competence, not time: its own framework, never ECTS.
        credit.push(json!({
            "id": ids.next("creditPoint"),
            "type": "CreditPoint",
            "framework": concept_of(vocab::ScopeUnit::Osp, "credit"),
            "point": number(o),
        }));
    }
    let modes: Vec<Value> = spec
        .participation
        .modes
        .iter()
        .map(|m| concept_of(*m, "participation"))
        .collect();
    let assessments: Vec<Value> = spec
        .assessment
        .types
        .iter()
        .map(|t| {
            let mut a = json!({
                "id": ids.next("learningAssessmentSpecification"),
                "type": "LearningAssessmentSpecification",
                "title": lang_map(&LangMap::new().with("fi", t.label(Lang::Fi)).with("sv", t.label(Lang::Sv)).with("en", t.label(Lang::En))),
                "dcType": concept_of(*t, "assessment"),
            });
            if let Some(d) = &spec.assessment.description {
                a["description"] = lang_map(d);
            }
            if let Some(g) = &spec.grading_scheme {
                let mut title = LangMap::new();
                for lang in [Lang::Fi, Lang::Sv, Lang::En] {
                    title = title.with(lang.code(), t!(lang, "render_grading_scheme"));
                }
                let mut gs = json!({
                    "id": ids.next("gradingScheme"),
                    "type": "GradingScheme",
                    "title": lang_map(&title),
                });
                let mut desc = LangMap::new();
                for l in langs {
                    let lang = lang_of(l);
                    let mut t = g.description.as_ref().map(|d| d.text(lang).to_string()).unwrap_or_default();
                    let grades: Vec<String> = g.grades.iter().map(|d| match &d.label {
                        Some(lab) => format!("{} = {}", d.value, lab.text(lang)),
                        None => d.value.clone(),
                    }).collect();
                    if !grades.is_empty() {
                        if !t.is_empty() { t.push_str(" — "); }
                        t.push_str(&grades.join(", "));
                    }
                    if !t.is_empty() { desc = desc.with(l, t); }
                }
                if !desc.is_empty() {
                    gs["description"] = lang_map(&desc);
                }
                a["gradingScheme"] = gs;
            }
            a
        })
        .collect();
    let accreditations: Vec<Value> = spec
        .quality_assurance
        .iter()
        .map(|qa| {
            // The accrediting body's country is not recorded; quality assurance of a
            // provider is national, so the provider's country is used.
            let agent_name = qa.body.clone().unwrap_or_else(|| issuer.legal_name.clone());
            let mut a = json!({
                "id": ids.next("accreditation"),
                "type": "Accreditation",
                "dcType": concept_of(qa.kind, "quality-assurance"),
                "title": lang_map(&LangMap::new().with("fi", qa.kind.label(Lang::Fi)).with("sv", qa.kind.label(Lang::Sv)).with("en", qa.kind.label(Lang::En))),
                "accreditingAgent": {
                    "id": ids.next("org"),
                    "type": "Organisation",
                    "legalName": { "und": agent_name },
                    "location": location(&issuer.country, None, None, ids),
                },
            });
            if let Some(d) = &qa.description {
                a["description"] = lang_map(d);
            }
            if let Some(r) = &qa.reference {
                if r.starts_with("http") {
                    a["homepage"] = web_resource(r, ids);
                } else {
                    a["additionalNote"] = json!([note(&LangMap::new().with("und", r.as_str()), ids)]);
                }
            }
            a
        })
        .collect();
    let units: Vec<Value> = spec
        .units
        .iter()
        .flat_map(|u| u.all_units())
        .map(|u| {
            let mut title = u.name.clone();
            if title.is_empty() {
                title = LangMap::new().with("und", u.code.clone().unwrap_or_default());
            }
            let mut part = json!({
                "id": ids.next("qualification"),
                "type": "Qualification",
                "title": lang_map(&title),
                "creditPoint": [{
                    "id": ids.next("creditPoint"),
                    "type": "CreditPoint",
                    "framework": match u.scope.unit {
                        vocab::ScopeUnit::Ects => json!({ "id": ECTS, "type": "Concept", "prefLabel": { "en": "European Credit Transfer System" } }),
                        other => concept_of(other, "credit"),
                    },
                    "point": number(u.scope.value),
                }],
            });
            if let Some(c) = &u.code {
                part["identifier"] = json!([{ "id": ids.next("identifier"), "type": "Identifier", "schemeName": "ePerusteet", "notation": c }]);
            }
            if let Some(url) = &u.url {
                part["homepage"] = web_resource(url, ids);
            }
            part
        })
        .collect();
    let mut q = json!({
        "id": ids.next("qualification"),
        "type": "Qualification",
        "title": lang_map(&spec.title),
        "description": lang_map(&spec.description),
        "dcType": {
            "id": SHORT_LEARNING_PROGRAMME,
            "type": "Concept",
            "inScheme": { "id": "http://data.europa.eu/snb/learning-opportunity/25831c2", "type": "ConceptScheme" },
            "prefLabel": { "en": "Short learning programme" },
        },
        "language": langs.iter().map(|l| language_concept(l)).collect::<Vec<_>>(),
        "learningOutcome": outcomes,
        "learningOutcomeSummary": note(&summary, ids),
        "isPartialQualification": !units.is_empty(),
    });
    if !credit.is_empty() {
        q["creditPoint"] = Value::Array(credit);
    }
    if let Some(h) = spec.workload.hours {
        q["volumeOfLearning"] = Value::from(format!("PT{}H", number(h)));
    }
    if let Some(d) = &spec.duration {
        q["maximumDuration"] = Value::from(d.as_str());
    }
    if let EqfLevel::Level(n) = spec.level.eqf {
        q["eqfLevel"] = json!({
            "id": vocab::eqf_level_iri(n),
            "type": "Concept",
            "inScheme": { "id": "http://data.europa.eu/snb/eqf/25831c2", "type": "ConceptScheme" },
            "prefLabel": { "en": format!("Level {n}") },
        });
    }
    if let Some(n) = &spec.level.nqf {
        q["nqfLevel"] = json!([{ "id": format!("urn:microcred:nqf:{}", slug(n)), "type": "Concept", "notation": n, "prefLabel": { "und": n } }]);
    }
    if let Some(c) = spec.level.qf_ehea_cycle {
        q["additionalNote"] = json!([note(
            &LangMap::new()
                .with("fi", format!("QF-EHEA: {}", c.label(Lang::Fi)))
                .with("sv", format!("QF-EHEA: {}", c.label(Lang::Sv)))
                .with("en", format!("QF-EHEA: {}", c.label(Lang::En))),
            ids
        )]);
    }
    if !modes.is_empty() {
        q["mode"] = Value::Array(modes);
    }
    if let Some(s) = spec.learning_setting {
        q["learningSetting"] = concept_of(s, "learning-setting");
    }
    if let Some(p) = &spec.prerequisites {
        q["entryRequirement"] = note(p, ids);
    }
    if !assessments.is_empty() {
        q["provenBy"] = Value::Array(assessments);
    }
    if !accreditations.is_empty() {
        q["accreditation"] = Value::Array(accreditations);
    }
    if !units.is_empty() {
        q["hasPart"] = Value::Array(units);
    }
    let mut further = Vec::new();
    if let Some(d) = &spec.participation.description {
        further.push(note(d, ids));
    }
    if let Some(s) = spec
        .supervision
        .as_ref()
        .and_then(|s| s.description.as_ref())
    {
        further.push(note(s, ids));
    }
    if let Some(f) = &spec.further_information {
        further.push(note(f, ids));
    }
    if !further.is_empty() {
        match q.get_mut("additionalNote").and_then(Value::as_array_mut) {
            Some(a) => a.extend(further),
            None => q["additionalNote"] = Value::Array(further),
        }
    }
    if let Some(u) = &spec.url {
        q["homepage"] = web_resource(u, ids);
    }
    q
}

/// The learner: names in the one language they are written in (a name is not
/// translated, and the profile allows one), date of birth, national ID, e-mail.
fn person(award: &Award, primary: &str, claim: Value, ids: &mut Ids) -> Value {
    let l = &award.learner;
    let id = l.did.clone().unwrap_or_else(|| ids.next("person"));
    let mut p = json!({
        "id": id,
        "type": "Person",
        "fullName": { primary: l.name },
        "hasClaim": claim,
    });
    if let Some(g) = &l.given_name {
        p["givenName"] = json!({ primary: g });
    }
    if let Some(f) = &l.family_name {
        p["familyName"] = json!({ primary: f });
    }
    if let Some(d) = l.date_of_birth.as_deref().and_then(date_time) {
        p["dateOfBirth"] = Value::from(d);
    }
    if let Some(n) = &l.national_id {
        let country = award
            .place
            .as_ref()
            .map(|p| p.country.as_str())
            .unwrap_or("FI");
        p["nationalID"] = json!({
            "id": ids.next("legalIdentifier"),
            "type": "LegalIdentifier",
            "notation": n,
            "spatial": country_concept(country),
        });
    }
    if let Some(e) = &l.email {
        p["contactPoint"] = json!({
            "id": ids.next("contactPoint"),
            "type": "ContactPoint",
            "emailAddress": { "id": format!("mailto:{e}"), "type": "Mailbox" },
        });
    }
    p
}

/// How Europass shows the credential: its title and description, and one page a
/// language with a picture of the certificate.
fn display(
    spec: &Specification,
    issuer: &IssuerProfile,
    award: &Award,
    langs: &[String],
    ids: &mut Ids,
) -> Value {
    let individual: Vec<Value> = langs
        .iter()
        .map(|l| {
            let svg = certificate_svg(spec, issuer, award, lang_of(l), l);
            json!({
                "id": ids.next("individualDisplay"),
                "type": "IndividualDisplay",
                "language": language_concept(l),
                "displayDetail": {
                    "id": ids.next("displayDetail"),
                    "type": "DisplayDetail",
                    "page": 1,
                    "image": {
                        "id": ids.next("mediaObject"),
                        "type": "MediaObject",
                        "content": base64::engine::general_purpose::STANDARD.encode(svg),
                        "contentEncoding": {
                            "id": BASE64, "type": "Concept",
                            "inScheme": { "id": "http://data.europa.eu/snb/encoding/25831c2", "type": "ConceptScheme" },
                            "prefLabel": { "en": "base64" },
                        },
                        "contentType": {
                            "id": SVG, "type": "Concept",
                            "inScheme": { "id": "http://publications.europa.eu/resource/authority/file-type", "type": "ConceptScheme" },
                            "notation": "file-type",
                            "prefLabel": { "en": "SVG" },
                        },
                    },
                },
            })
        })
        .collect();
    let primary = langs.first().map(String::as_str).unwrap_or("fi");
    json!({
        "id": ids.next("displayParameter"),
        "type": "DisplayParameter",
        "title": lang_map(&spec.title),
        "description": lang_map(&spec.description),
        "primaryLanguage": language_concept(primary),
        "language": langs.iter().map(|l| language_concept(l)).collect::<Vec<_>>(),
        "individualDisplay": individual,
    })
}

/// A one-page certificate in SVG (A4 proportions): title, learner, awarding body, date.
fn certificate_svg(
    spec: &Specification,
    issuer: &IssuerProfile,
    award: &Award,
    lang: Lang,
    tag: &str,
) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let pick = |m: &LangMap| m.best(tag).unwrap_or_else(|| m.text(lang)).to_string();
    let lines = [
        (110, 28, t!(lang, "micro_credential").to_string()),
        (190, 40, pick(&spec.title)),
        (300, 30, award.learner.name.clone()),
        (
            380,
            22,
            format!("{}: {}", t!(lang, "elm_awarded_by"), pick(&issuer.name)),
        ),
        (
            420,
            22,
            format!(
                "{}: {}",
                t!(lang, "elm_issued"),
                award.issued.get(..10).unwrap_or(&award.issued)
            ),
        ),
    ];
    let mut svg = String::from(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="794" height="1123" viewBox="0 0 794 1123"><rect width="794" height="1123" fill="#fff"/><rect x="30" y="30" width="734" height="1063" fill="none" stroke="#0b4f8a" stroke-width="4"/>"##,
    );
    for (y, size, text) in lines {
        svg.push_str(&format!(
            r##"<text x="397" y="{y}" font-family="sans-serif" font-size="{size}" text-anchor="middle" fill="#111">{}</text>"##,
            esc(&text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The page language for a tag: Finnish, Swedish, or English for any other.
fn lang_of(tag: &str) -> Lang {
    tag.parse().unwrap_or(Lang::En)
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_numbers() {
        assert_eq!(date_time("2026-05-29").unwrap(), "2026-05-29T00:00:00Z");
        assert_eq!(
            date_time("2026-05-29T10:00:00+03:00").unwrap(),
            "2026-05-29T07:00:00Z"
        );
        assert_eq!(date_time("29.5.2026"), None);
        assert_eq!(number(15.0), "15");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(language_code("sv-FI"), Some("SWE"));
        assert_eq!(
            country_concept("FI")["id"],
            "http://publications.europa.eu/resource/authority/country/FIN"
        );
    }
}
