//! Specification + issuer profile + award → an Open Badges 3.0 `OpenBadgeCredential`.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{
    ects_framework, ob3, primary_lang, BuildError, BuildOptions, CONTEXTS, NOT_APPLICABLE_LEVEL,
    OSP_FRAMEWORK,
};
use crate::award::Award;
use crate::dates::DocDate;
use crate::issuer::{IssuerProfile, LegalIdScheme, LegalIdentifier, Organisation};
use crate::lang::LangMap;
use crate::spec::{EqfLevel, IntegrationKind, QualificationUnit, Specification};
use crate::validate::fmt_num;
use crate::vocab::{eqf_level_iri, Vocabulary};

/// Text as it goes into a credential: control characters other than line breaks become
/// spaces and line breaks become `\n`, because JSON-LD implementations escape other
/// control characters differently in canonical N-Quads and signatures would not carry
/// across them.
pub(super) fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// [`clean`] on every string of a document.
fn clean_all(v: &mut Value) {
    match v {
        Value::String(s) if s.chars().any(char::is_control) => *s = clean(s),
        Value::Array(a) => a.iter_mut().for_each(clean_all),
        Value::Object(m) => m.values_mut().for_each(clean_all),
        _ => {}
    }
}

/// A language map with lower-case tags (JSON-LD processors differ on keeping case).
fn lang_map(m: &LangMap) -> Value {
    Value::Object(
        m.iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(k, v)| (k.to_lowercase(), Value::String(v.to_string())))
            .collect(),
    )
}

fn note(m: &LangMap) -> ob3::Note {
    ob3::Note {
        kind: "Note",
        note_literal: lang_map(m),
    }
}

/// OB's `identifierType` for a legal identifier scheme (`ext:` names are OB's extension
/// convention).
pub(super) fn identifier_type(scheme: LegalIdScheme) -> &'static str {
    match scheme {
        LegalIdScheme::FiBusinessId => "ext:fi-business-id",
        LegalIdScheme::Vat => "ext:vat",
        LegalIdScheme::Lei => "ext:lei",
        LegalIdScheme::Other => "identifier",
    }
}

fn identifier_entry(id: &LegalIdentifier) -> ob3::IdentifierEntry {
    ob3::IdentifierEntry {
        kind: "IdentifierEntry",
        identifier: id.value.clone(),
        identifier_type: identifier_type(id.scheme),
    }
}

fn address(country: &str, region: Option<&str>, locality: Option<&str>) -> ob3::Address {
    ob3::Address {
        kind: ["Address"],
        address_country_code: country.to_string(),
        address_region: region.map(str::to_string),
        address_locality: locality.map(str::to_string),
    }
}

fn profile(
    id: Option<&str>,
    name: &LangMap,
    legal_name: &str,
    legal_id: Option<&LegalIdentifier>,
    address: ob3::Address,
    url: Option<&str>,
    lang: &str,
) -> ob3::Profile {
    ob3::Profile {
        id: id.map(str::to_string),
        kind: ["Profile"],
        name: name.best(lang).unwrap_or(legal_name).to_string(),
        localized_name: lang_map(name),
        legal_name: legal_name.to_string(),
        other_identifier: legal_id.map(|l| [identifier_entry(l)]),
        address,
        url: url.map(str::to_string),
        email: None,
        co_awarding_body: Vec::new(),
    }
}

fn co_body(o: &Organisation, lang: &str) -> ob3::Profile {
    profile(
        None,
        &o.name,
        &o.legal_name,
        o.legal_identifier.as_ref(),
        address(&o.country, o.region.as_deref(), None),
        o.url.as_deref(),
        lang,
    )
}

/// `sha256$<hex>` of value + salt: Open Badges' salted identity hash, so an e-mail or a
/// national identifier can be checked by someone who knows it but not read by others.
pub fn identity_hash(value: &str, salt: &str) -> String {
    let mut h = Sha256::new();
    h.update(value.as_bytes());
    h.update(salt.as_bytes());
    let digest = h.finalize();
    let hex: String = hex::encode(digest);
    format!("sha256${hex}")
}

fn unit(u: &QualificationUnit) -> ob3::QualificationUnit {
    ob3::QualificationUnit {
        kind: "QualificationUnit",
        unit_code: u.code.clone(),
        unit_name: lang_map(&u.name),
        scope_value: fmt_num(u.scope.value),
        scope_unit: u.scope.unit.code(),
        qualification: u
            .qualifications
            .iter()
            .map(|q| ob3::QualificationReference {
                id: qualification_iri(q),
                kind: "QualificationReference",
                qualification_code: q.code.clone(),
                qualification_name: lang_map(&q.name),
            })
            .collect(),
        unit_basis: u.basis.map(|b| b.code()),
        url: u.url.clone(),
    }
}

/// The same qualification is the same RDF node wherever it appears: a qualification a
/// micro-credential's units share would otherwise be several identical blank nodes, whose
/// canonicalisation some implementations get wrong (see microcred-core's `di` module).
fn qualification_iri(q: &crate::spec::QualificationRef) -> String {
    match &q.code {
        Some(code) => format!(
            "urn:microcred:qualification:{}",
            code.chars()
                .map(|c| if c.is_ascii_alphanumeric() || "-._".contains(c) {
                    c
                } else {
                    '_'
                })
                .collect::<String>()
        ),
        None => {
            let names: Vec<String> = q.name.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let digest = Sha256::digest(names.join("\n").as_bytes());
            let hex: String = hex::encode(&digest[..12]);
            format!("urn:microcred:qualification:{hex}")
        }
    }
}

/// `PT135H`, `PT13.5H`.
fn hours_duration(h: f64) -> String {
    format!("PT{}H", fmt_num(h))
}

fn achievement(spec: &Specification, achievement_id: &str, lang: &str) -> ob3::Achievement {
    let criteria = spec
        .assessment
        .description
        .as_ref()
        .and_then(|d| d.best(lang))
        .map(str::to_string)
        .unwrap_or_else(|| {
            spec.assessment
                .types
                .iter()
                .map(|t| t.label(crate::Lang::En))
                .collect::<Vec<_>>()
                .join(", ")
        });
    let mut alignment = Vec::new();
    if let EqfLevel::Level(n) = spec.level.eqf {
        alignment.push(ob3::Alignment {
            kind: ["Alignment"],
            target_name: format!("EQF level {n}"),
            target_url: eqf_level_iri(n),
            target_framework: "European Qualifications Framework",
            target_type: "ext:EQFLevel",
        });
    }
    for o in &spec.learning_outcomes {
        if let Some(esco) = &o.esco_skill {
            alignment.push(ob3::Alignment {
                kind: ["Alignment"],
                target_name: o.text.best(lang).unwrap_or_default().to_string(),
                target_url: esco.clone(),
                target_framework: "ESCO",
                target_type: "ext:ESCOSkill",
            });
        }
    }
    let result_description = spec.grading_scheme.as_ref().map(|gs| {
        [ob3::ResultDescription {
            id: format!("{achievement_id}#grade"),
            kind: ["ResultDescription"],
            name: match lang {
                "fi" => "Arvosana",
                "sv" => "Vitsord",
                _ => "Grade",
            },
            result_type: "Result",
            // The grades go in `gradeDefinition` (a set), not in Open Badges'
            // `allowedValue`: that is an RDF list, and ssi 0.16 leaves list items out of
            // what it signs, so a credential with it would not verify across
            // implementations.
            grade_definition: gs
                .grades
                .iter()
                .map(|g| ob3::GradeDefinition {
                    kind: "GradeDefinition",
                    grade_value: g.value.clone(),
                    grade_label: g.label.as_ref().map(lang_map),
                })
                .collect(),
            localized_description: gs.description.as_ref().map(lang_map),
        }]
    });
    let mut credit_point = Vec::new();
    if let Some(e) = spec.workload.ects {
        credit_point.push(ob3::CreditPoint {
            kind: "CreditPoint",
            framework: ects_framework(),
            point: fmt_num(e),
        });
    }
    if let Some(o) = spec.workload.osp {
        credit_point.push(ob3::CreditPoint {
            kind: "CreditPoint",
            framework: OSP_FRAMEWORK,
            point: fmt_num(o),
        });
    }
    let integration = spec.integration.as_ref().map(|i| ob3::Integration {
        kind: "Integration",
        integration_type: match i.kind {
            IntegrationKind::StandAlone => "standAlone",
            IntegrationKind::Stackable => "stackable",
        },
        stacks_towards: i
            .towards
            .iter()
            .map(|t| ob3::StackTarget {
                kind: "StackTarget",
                target_identifier: t.id.clone(),
                title: lang_map(&t.title),
                url: t.url.clone(),
                has_part: t
                    .parts
                    .iter()
                    .map(|p| ob3::StackTarget {
                        kind: "StackTarget",
                        target_identifier: p.id.clone(),
                        title: lang_map(&p.title),
                        url: None,
                        has_part: Vec::new(),
                    })
                    .collect(),
            })
            .collect(),
        localized_description: i.description.as_ref().map(lang_map),
    });
    let (qualification_unit, unit_choice) = match &spec.units {
        Some(units) => (
            units.required.iter().map(unit).collect(),
            units
                .choices
                .iter()
                .map(|c| ob3::UnitChoice {
                    kind: "UnitChoice",
                    select: c.select,
                    unit_option: c.options.iter().map(unit).collect(),
                    localized_description: c.description.as_ref().map(lang_map),
                })
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    ob3::Achievement {
        id: achievement_id.to_string(),
        kind: ["Achievement"],
        achievement_type: "MicroCredential",
        name: spec.title.best(lang).unwrap_or_default().to_string(),
        description: spec.description.best(lang).unwrap_or_default().to_string(),
        criteria: ob3::Criteria {
            narrative: criteria,
        },
        // Only a whole number of credits goes into the OB number field: JSON-LD
        // implementations write non-integer numbers differently, so they would break
        // signatures across implementations. The exact amount is in `creditPoint`.
        credits_available: spec
            .workload
            .ects
            .filter(|e| e.fract() == 0.0 && *e < 1e9)
            .map(|e| e as i64),
        alignment,
        result_description,
        in_language: spec.languages.first().cloned(),
        url: spec.url.clone(),
        specification_identifier: spec.id.clone(),
        specification_version: spec.version.clone(),
        title: lang_map(&spec.title),
        localized_description: lang_map(&spec.description),
        learning_outcome: spec
            .learning_outcomes
            .iter()
            .map(|o| ob3::LearningOutcome {
                kind: "LearningOutcome",
                title: lang_map(&o.text),
                related_esco_skill: o.esco_skill.clone().map(|e| [e]),
            })
            .collect(),
        credit_point,
        volume_of_learning: spec.workload.hours.map(hours_duration),
        duration: spec.duration.clone(),
        validity_period: spec.validity.clone(),
        eqf_level: match spec.level.eqf {
            EqfLevel::Level(n) => eqf_level_iri(n),
            EqfLevel::NotApplicable => NOT_APPLICABLE_LEVEL.to_string(),
        },
        nqf_level: spec.level.nqf.clone(),
        qf_ehea_cycle: spec.level.qf_ehea_cycle.map(|c| c.code()),
        assessment_type: spec.assessment.types.iter().map(|t| t.code()).collect(),
        assessment_description: spec.assessment.description.as_ref().map(lang_map),
        participation_mode: spec.participation.modes.iter().map(|m| m.code()).collect(),
        participation_description: spec.participation.description.as_ref().map(lang_map),
        learning_setting: spec.learning_setting.map(|s| s.code()),
        quality_assurance: spec
            .quality_assurance
            .iter()
            .map(|q| ob3::QualityAssurance {
                kind: "QualityAssurance",
                quality_assurance_type: q.kind.code(),
                quality_assurance_body: q.body.clone(),
                quality_assurance_reference: q.reference.clone(),
                localized_description: q.description.as_ref().map(lang_map),
            })
            .collect(),
        entry_requirement: spec.prerequisites.as_ref().map(note),
        supervision: spec.supervision.as_ref().map(|s| s.kind.code()),
        supervision_description: spec
            .supervision
            .as_ref()
            .and_then(|s| s.description.as_ref())
            .map(lang_map),
        integration,
        qualification_unit,
        unit_choice,
        additional_note: spec.further_information.as_ref().map(|f| [note(f)]),
        instruction_language: spec.languages.clone(),
        partner: spec
            .partners
            .iter()
            .map(|p| ob3::Partner {
                kind: "Partner",
                name: p.name.clone(),
                partner_role: p.role.as_ref().map(lang_map),
                url: p.url.clone(),
            })
            .collect(),
    }
}

/// An award's dates as the credential writes them (RFC 3339, UTC).
struct Dates {
    issued: String,
    valid_until: Option<String>,
}

impl Dates {
    fn of(award: &Award) -> Result<Dates, BuildError> {
        let stamp = |s: &str| {
            DocDate::parse(s)
                .map(|d| d.to_instant().format("%Y-%m-%dT%H:%M:%SZ").to_string())
                .ok_or_else(|| BuildError::BadDate(s.to_string()))
        };
        Ok(Dates {
            issued: stamp(&award.issued)?,
            valid_until: award.valid_until.as_deref().map(stamp).transpose()?,
        })
    }
}

/// The parts of a credential that depend only on the specification and the issuer:
/// built once and reused for every learner of a cohort.
#[derive(Debug, Clone)]
pub struct Template {
    lang: String,
    name: String,
    issuer: Value,
    achievement: Value,
    achievement_id: String,
    has_grading: bool,
    default_place: Option<(String, String)>,
    /// The specification, to name the units a learner chose in `completedUnit`.
    spec: Specification,
}

impl Template {
    pub fn new(
        spec: &Specification,
        issuer: &IssuerProfile,
        issuer_id: &str,
        achievement_id: &str,
    ) -> Template {
        let lang = primary_lang(spec).to_string();
        let mut issuer_v = profile(
            Some(issuer_id),
            &issuer.name,
            &issuer.legal_name,
            Some(&issuer.legal_identifier),
            address(
                &issuer.country,
                issuer.region.as_deref(),
                issuer.locality.as_deref(),
            ),
            issuer.url.as_deref(),
            &lang,
        );
        issuer_v.email = issuer.email.clone();
        issuer_v.co_awarding_body = issuer
            .co_awarding_bodies
            .iter()
            .map(|o| co_body(o, &lang))
            .collect();
        let mut issuer_v = to_json(&issuer_v);
        clean_all(&mut issuer_v);
        let mut achievement_v = to_json(&achievement(spec, achievement_id, &lang));
        clean_all(&mut achievement_v);
        let mut name = spec.title.best(&lang).unwrap_or_default().to_string();
        if name.chars().any(char::is_control) {
            name = clean(&name);
        }
        Template {
            name,
            issuer: issuer_v,
            achievement: achievement_v,
            achievement_id: achievement_id.to_string(),
            has_grading: spec.grading_scheme.is_some(),
            default_place: issuer.locality.clone().map(|l| (l, issuer.country.clone())),
            lang,
            spec: spec.clone(),
        }
    }

    /// The unsigned credential for one award. The award must already be validated against
    /// the specification; only what is needed to produce a well-formed document is checked.
    pub fn build(
        &self,
        award: &Award,
        credential_id: &str,
        status: &[Value],
        identity_salt: &str,
    ) -> Result<Value, BuildError> {
        let dates = Dates::of(award)?;
        Ok(self.assemble(
            award,
            &dates,
            credential_id,
            status,
            identity_salt,
            self.issuer.clone(),
            self.achievement.clone(),
        ))
    }

    /// Like [`Template::build`], but lends the document to `f` instead of returning it:
    /// the specification's parts (most of a credential) are moved in and taken back
    /// afterwards rather than copied, which matters when signing thousands. `f` may change
    /// the document around those parts (add a proof, say) but must leave them in place.
    pub fn with_document<R>(
        &mut self,
        award: &Award,
        credential_id: &str,
        status: &[Value],
        identity_salt: &str,
        f: impl FnOnce(&mut Value) -> R,
    ) -> Result<R, BuildError> {
        // Everything that can fail happens before the parts are moved out.
        let dates = Dates::of(award)?;
        let issuer = std::mem::take(&mut self.issuer);
        let achievement = std::mem::take(&mut self.achievement);
        let mut doc = self.assemble(
            award,
            &dates,
            credential_id,
            status,
            identity_salt,
            issuer,
            achievement,
        );
        let out = f(&mut doc);
        // Take the parts back; if `f` removed them, rebuild is impossible, so fail loudly
        // in debug builds and keep an empty template part otherwise.
        if let Value::Object(m) = &mut doc {
            if let Some(i) = m.get_mut("issuer") {
                self.issuer = std::mem::take(i);
            }
            if let Some(Value::Object(cs)) = m.get_mut("credentialSubject") {
                if let Some(a) = cs.get_mut("achievement") {
                    self.achievement = std::mem::take(a);
                }
            }
        }
        debug_assert!(!self.issuer.is_null() && !self.achievement.is_null());
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        &self,
        award: &Award,
        dates: &Dates,
        credential_id: &str,
        status: &[Value],
        identity_salt: &str,
        issuer_v: Value,
        achievement_v: Value,
    ) -> Value {
        let lang = self.lang.as_str();

        let l = &award.learner;
        // Hashed identifiers are plain strings of our context rather than Open Badges
        // IdentityObjects: OB types `hashed` as a boolean with an unusual datatype IRI, and
        // JSON-LD processors disagree on booleans with a datatype, so a credential carrying
        // one would verify in some implementations and not in others.
        let hashed = l.email.is_some() || l.national_id.is_some();
        // Without a DID the subject is identified the Open Badges way too, by
        // `identifier` (IdentityObjects with the same salted hashes), so that Open
        // Badges validators see who it is about.
        let identifier = if l.did.is_none() {
            [
                l.email.as_ref().map(|e| ("emailAddress", e.to_lowercase())),
                l.national_id
                    .as_ref()
                    .map(|n| ("nationalIdentityNumber", n.clone())),
            ]
            .into_iter()
            .flatten()
            .map(|(kind, value)| ob3::IdentityObject {
                kind: "IdentityObject",
                identity_hash: identity_hash(&value, identity_salt),
                identity_type: kind,
                hashed: true,
                salt: identity_salt.to_string(),
            })
            .collect()
        } else {
            Vec::new()
        };
        let place = award
            .place
            .as_ref()
            .map(|p| (p.locality.as_str(), p.country.as_str()))
            .or_else(|| {
                self.default_place
                    .as_ref()
                    .map(|(l, c)| (l.as_str(), c.as_str()))
            });
        let subject = ob3::AchievementSubject {
            id: l.did.clone(),
            kind: ["AchievementSubject"],
            identity_salt: hashed.then(|| identity_salt.to_string()),
            hashed_email: l
                .email
                .as_ref()
                .map(|e| identity_hash(&e.to_lowercase(), identity_salt)),
            hashed_national_id: l
                .national_id
                .as_ref()
                .map(|n| identity_hash(n, identity_salt)),
            identifier,
            full_name: l.name.clone(),
            learner_given_name: l.given_name.clone(),
            learner_family_name: l.family_name.clone(),
            birth_date: l.date_of_birth.clone(),
            achievement: Value::Null,
            result: award.grade.as_ref().map(|g| {
                [ob3::AchievementResult {
                    kind: ["Result"],
                    result_description: self
                        .has_grading
                        .then(|| format!("{}#grade", self.achievement_id)),
                    value: g.clone(),
                }]
            }),
            // The options the learner took, each the whole unit as the achievement names
            // it, so a reader sees which units this learner completed.
            completed_unit: award
                .chosen_units
                .iter()
                .filter_map(|k| self.spec.unit_option(k).map(|(_, u)| unit(u)))
                .collect(),
            awarding_place: place.map(|(locality, country)| address(country, None, Some(locality))),
        };
        let evidence = award
            .evidence
            .iter()
            .map(|e| ob3::Evidence {
                id: e.url.clone(),
                kind: ["Evidence"],
                name: e
                    .name
                    .as_ref()
                    .map(|n| n.best(lang).unwrap_or_default().to_string()),
                title: e.name.as_ref().map(lang_map),
                narrative: e
                    .narrative
                    .as_ref()
                    .map(|n| n.best(lang).unwrap_or_default().to_string()),
                localized_description: e.narrative.as_ref().map(lang_map),
            })
            .collect();
        let vc = ob3::Credential {
            context: CONTEXTS,
            id: credential_id,
            kind: ["VerifiableCredential", "OpenBadgeCredential"],
            name: &self.name,
            issuer: Value::Null,
            valid_from: &dates.issued,
            valid_until: dates.valid_until.as_deref(),
            awarded_date: &dates.issued,
            credential_subject: subject,
            evidence,
            credential_status: ob3::CredentialStatus::of(status),
        };
        let mut doc = to_json(&vc);
        if let Value::Object(m) = &mut doc {
            for part in ["credentialSubject", "evidence"] {
                if let Some(v) = m.get_mut(part) {
                    clean_all(v);
                }
            }
            // The template's parts, moved in where their places were kept.
            if let Some(i) = m.get_mut("issuer") {
                *i = issuer_v;
            }
            if let Some(a) = m
                .get_mut("credentialSubject")
                .and_then(|s| s.get_mut("achievement"))
            {
                *a = achievement_v;
            }
        }
        doc
    }
}

/// A shape of [`ob3`] as JSON. They serialise without fail (string keys, no fallible
/// `Serialize`), so the `Null` that stands for an error is never seen.
fn to_json(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// Builds the unsigned credential (see [`Template`] to build many for one specification).
pub fn build(
    spec: &Specification,
    issuer: &IssuerProfile,
    award: &Award,
    opts: &BuildOptions<'_>,
) -> Result<Value, BuildError> {
    Template::new(spec, issuer, opts.issuer_id, opts.achievement_id).build(
        award,
        opts.credential_id,
        opts.status,
        opts.identity_salt,
    )
}
