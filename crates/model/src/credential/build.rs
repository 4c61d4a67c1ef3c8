//! Specification + issuer profile + award → an Open Badges 3.0 `OpenBadgeCredential`.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::{
    ects_framework, primary_lang, BuildError, BuildOptions, CONTEXTS, NOT_APPLICABLE_LEVEL,
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

fn note(m: &LangMap) -> Value {
    json!({"type": "Note", "noteLiteral": lang_map(m)})
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

fn identifier_entry(id: &LegalIdentifier) -> Value {
    json!({
        "type": "IdentifierEntry",
        "identifier": id.value,
        "identifierType": identifier_type(id.scheme),
    })
}

fn address(country: &str, region: Option<&str>, locality: Option<&str>) -> Value {
    let mut a = Map::new();
    a.insert("type".into(), json!(["Address"]));
    a.insert("addressCountryCode".into(), json!(country));
    if let Some(r) = region {
        a.insert("addressRegion".into(), json!(r));
    }
    if let Some(l) = locality {
        a.insert("addressLocality".into(), json!(l));
    }
    Value::Object(a)
}

fn profile(
    id: Option<&str>,
    name: &LangMap,
    legal_name: &str,
    legal_id: Option<&LegalIdentifier>,
    address_v: Value,
    url: Option<&str>,
    lang: &str,
) -> Map<String, Value> {
    let mut p = Map::new();
    if let Some(id) = id {
        p.insert("id".into(), json!(id));
    }
    p.insert("type".into(), json!(["Profile"]));
    p.insert("name".into(), json!(name.best(lang).unwrap_or(legal_name)));
    p.insert("localizedName".into(), lang_map(name));
    p.insert("legalName".into(), json!(legal_name));
    if let Some(l) = legal_id {
        p.insert("otherIdentifier".into(), json!([identifier_entry(l)]));
    }
    p.insert("address".into(), address_v);
    if let Some(u) = url {
        p.insert("url".into(), json!(u));
    }
    p
}

fn co_body(o: &Organisation, lang: &str) -> Value {
    Value::Object(profile(
        None,
        &o.name,
        &o.legal_name,
        o.legal_identifier.as_ref(),
        address(&o.country, o.region.as_deref(), None),
        o.url.as_deref(),
        lang,
    ))
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

fn unit(u: &QualificationUnit) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!("QualificationUnit"));
    if let Some(c) = &u.code {
        m.insert("unitCode".into(), json!(c));
    }
    m.insert("unitName".into(), lang_map(&u.name));
    m.insert("scopeValue".into(), json!(fmt_num(u.scope.value)));
    m.insert("scopeUnit".into(), json!(u.scope.unit.code()));
    m.insert(
        "qualification".into(),
        Value::Array(
            u.qualifications
                .iter()
                .map(|q| {
                    let mut qm = Map::new();
                    qm.insert("id".into(), json!(qualification_iri(q)));
                    qm.insert("type".into(), json!("QualificationReference"));
                    if let Some(c) = &q.code {
                        qm.insert("qualificationCode".into(), json!(c));
                    }
                    qm.insert("qualificationName".into(), lang_map(&q.name));
                    Value::Object(qm)
                })
                .collect(),
        ),
    );
    if let Some(b) = u.basis {
        m.insert("unitBasis".into(), json!(b.code()));
    }
    if let Some(url) = &u.url {
        m.insert("url".into(), json!(url));
    }
    Value::Object(m)
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

fn achievement(spec: &Specification, achievement_id: &str, lang: &str) -> Value {
    let mut a = Map::new();
    a.insert("id".into(), json!(achievement_id));
    a.insert("type".into(), json!(["Achievement"]));
    a.insert("achievementType".into(), json!("MicroCredential"));
    a.insert(
        "name".into(),
        json!(spec.title.best(lang).unwrap_or_default()),
    );
    a.insert(
        "description".into(),
        json!(spec.description.best(lang).unwrap_or_default()),
    );
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
    a.insert("criteria".into(), json!({ "narrative": criteria }));
    // Only a whole number of credits goes into the OB number field: JSON-LD
    // implementations write non-integer numbers differently, so they would break
    // signatures across implementations. The exact amount is in `creditPoint`.
    if let Some(ects) = spec.workload.ects.filter(|e| e.fract() == 0.0 && *e < 1e9) {
        a.insert("creditsAvailable".into(), json!(ects as i64));
    }
    let mut alignment = Vec::new();
    if let EqfLevel::Level(n) = spec.level.eqf {
        alignment.push(json!({
            "type": ["Alignment"],
            "targetName": format!("EQF level {n}"),
            "targetUrl": eqf_level_iri(n),
            "targetFramework": "European Qualifications Framework",
            "targetType": "ext:EQFLevel",
        }));
    }
    for o in &spec.learning_outcomes {
        if let Some(esco) = &o.esco_skill {
            alignment.push(json!({
                "type": ["Alignment"],
                "targetName": o.text.best(lang).unwrap_or_default(),
                "targetUrl": esco,
                "targetFramework": "ESCO",
                "targetType": "ext:ESCOSkill",
            }));
        }
    }
    if !alignment.is_empty() {
        a.insert("alignment".into(), Value::Array(alignment));
    }
    if let Some(gs) = &spec.grading_scheme {
        let mut rd = Map::new();
        rd.insert("id".into(), json!(format!("{achievement_id}#grade")));
        rd.insert("type".into(), json!(["ResultDescription"]));
        rd.insert(
            "name".into(),
            json!(match lang {
                "fi" => "Arvosana",
                "sv" => "Vitsord",
                _ => "Grade",
            }),
        );
        rd.insert("resultType".into(), json!("Result"));
        // The grades go in `gradeDefinition` (a set), not in Open Badges' `allowedValue`:
        // that is an RDF list, and ssi 0.16 leaves list items out of what it signs, so a
        // credential with it would not verify across implementations.
        if !gs.grades.is_empty() {
            rd.insert(
                "gradeDefinition".into(),
                Value::Array(
                    gs.grades
                        .iter()
                        .map(|g| {
                            let mut gm = Map::new();
                            gm.insert("type".into(), json!("GradeDefinition"));
                            gm.insert("gradeValue".into(), json!(g.value));
                            if let Some(l) = &g.label {
                                gm.insert("gradeLabel".into(), lang_map(l));
                            }
                            Value::Object(gm)
                        })
                        .collect(),
                ),
            );
        }
        if let Some(d) = &gs.description {
            rd.insert("localizedDescription".into(), lang_map(d));
        }
        a.insert("resultDescription".into(), json!([Value::Object(rd)]));
    }
    if let Some(first) = spec.languages.first() {
        a.insert("inLanguage".into(), json!(first));
    }
    if let Some(u) = &spec.url {
        a.insert("url".into(), json!(u));
    }

    // The EU elements Open Badges lacks, as terms of the microcred context.
    a.insert("specificationIdentifier".into(), json!(spec.id));
    if let Some(v) = &spec.version {
        a.insert("specificationVersion".into(), json!(v));
    }
    a.insert("title".into(), lang_map(&spec.title));
    a.insert("localizedDescription".into(), lang_map(&spec.description));
    a.insert(
        "learningOutcome".into(),
        Value::Array(
            spec.learning_outcomes
                .iter()
                .map(|o| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!("LearningOutcome"));
                    m.insert("title".into(), lang_map(&o.text));
                    if let Some(e) = &o.esco_skill {
                        m.insert("relatedESCOSkill".into(), json!([e]));
                    }
                    Value::Object(m)
                })
                .collect(),
        ),
    );
    let mut credits = Vec::new();
    if let Some(e) = spec.workload.ects {
        credits.push(
            json!({"type": "CreditPoint", "framework": ects_framework(), "point": fmt_num(e)}),
        );
    }
    if let Some(o) = spec.workload.osp {
        credits
            .push(json!({"type": "CreditPoint", "framework": OSP_FRAMEWORK, "point": fmt_num(o)}));
    }
    if !credits.is_empty() {
        a.insert("creditPoint".into(), Value::Array(credits));
    }
    if let Some(h) = spec.workload.hours {
        a.insert("volumeOfLearning".into(), json!(hours_duration(h)));
    }
    if let Some(d) = &spec.duration {
        a.insert("duration".into(), json!(d));
    }
    if let Some(v) = &spec.validity {
        a.insert("validityPeriod".into(), json!(v));
    }
    a.insert(
        "eqfLevel".into(),
        json!(match spec.level.eqf {
            EqfLevel::Level(n) => eqf_level_iri(n),
            EqfLevel::NotApplicable => NOT_APPLICABLE_LEVEL.to_string(),
        }),
    );
    if let Some(n) = &spec.level.nqf {
        a.insert("nqfLevel".into(), json!(n));
    }
    if let Some(c) = spec.level.qf_ehea_cycle {
        a.insert("qfEheaCycle".into(), json!(c.code()));
    }
    a.insert(
        "assessmentType".into(),
        json!(spec
            .assessment
            .types
            .iter()
            .map(|t| t.code())
            .collect::<Vec<_>>()),
    );
    if let Some(d) = &spec.assessment.description {
        a.insert("assessmentDescription".into(), lang_map(d));
    }
    a.insert(
        "participationMode".into(),
        json!(spec
            .participation
            .modes
            .iter()
            .map(|m| m.code())
            .collect::<Vec<_>>()),
    );
    if let Some(d) = &spec.participation.description {
        a.insert("participationDescription".into(), lang_map(d));
    }
    if let Some(s) = spec.learning_setting {
        a.insert("learningSetting".into(), json!(s.code()));
    }
    a.insert(
        "qualityAssurance".into(),
        Value::Array(
            spec.quality_assurance
                .iter()
                .map(|q| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!("QualityAssurance"));
                    m.insert("qualityAssuranceType".into(), json!(q.kind.code()));
                    if let Some(b) = &q.body {
                        m.insert("qualityAssuranceBody".into(), json!(b));
                    }
                    if let Some(r) = &q.reference {
                        m.insert("qualityAssuranceReference".into(), json!(r));
                    }
                    if let Some(d) = &q.description {
                        m.insert("localizedDescription".into(), lang_map(d));
                    }
                    Value::Object(m)
                })
                .collect(),
        ),
    );
    if let Some(p) = &spec.prerequisites {
        a.insert("entryRequirement".into(), note(p));
    }
    if let Some(s) = &spec.supervision {
        a.insert("supervision".into(), json!(s.kind.code()));
        if let Some(d) = &s.description {
            a.insert("supervisionDescription".into(), lang_map(d));
        }
    }
    if let Some(i) = &spec.integration {
        let mut m = Map::new();
        m.insert("type".into(), json!("Integration"));
        m.insert(
            "integrationType".into(),
            json!(match i.kind {
                IntegrationKind::StandAlone => "standAlone",
                IntegrationKind::Stackable => "stackable",
            }),
        );
        if !i.towards.is_empty() {
            m.insert(
                "stacksTowards".into(),
                Value::Array(
                    i.towards
                        .iter()
                        .map(|t| {
                            let mut tm = Map::new();
                            tm.insert("type".into(), json!("StackTarget"));
                            tm.insert("targetIdentifier".into(), json!(t.id));
                            tm.insert("title".into(), lang_map(&t.title));
                            if let Some(u) = &t.url {
                                tm.insert("url".into(), json!(u));
                            }
                            if !t.parts.is_empty() {
                                tm.insert(
                                    "hasPart".into(),
                                    Value::Array(
                                        t.parts
                                            .iter()
                                            .map(|p| {
                                                json!({"type": "StackTarget", "targetIdentifier": p.id, "title": lang_map(&p.title)})
                                            })
                                            .collect(),
                                    ),
                                );
                            }
                            Value::Object(tm)
                        })
                        .collect(),
                ),
            );
        }
        if let Some(d) = &i.description {
            m.insert("localizedDescription".into(), lang_map(d));
        }
        a.insert("integration".into(), Value::Object(m));
    }
    if let Some(units) = &spec.units {
        if !units.required.is_empty() {
            a.insert(
                "qualificationUnit".into(),
                Value::Array(units.required.iter().map(unit).collect()),
            );
        }
        if !units.choices.is_empty() {
            a.insert(
                "unitChoice".into(),
                Value::Array(
                    units
                        .choices
                        .iter()
                        .map(|c| {
                            let mut cm = Map::new();
                            cm.insert("type".into(), json!("UnitChoice"));
                            cm.insert("select".into(), json!(c.select));
                            cm.insert(
                                "unitOption".into(),
                                Value::Array(c.options.iter().map(unit).collect()),
                            );
                            if let Some(d) = &c.description {
                                cm.insert("localizedDescription".into(), lang_map(d));
                            }
                            Value::Object(cm)
                        })
                        .collect(),
                ),
            );
        }
    }
    if let Some(f) = &spec.further_information {
        a.insert("additionalNote".into(), json!([note(f)]));
    }
    if !spec.languages.is_empty() {
        a.insert("instructionLanguage".into(), json!(spec.languages));
    }
    if !spec.partners.is_empty() {
        a.insert(
            "partner".into(),
            Value::Array(
                spec.partners
                    .iter()
                    .map(|p| {
                        let mut pm = Map::new();
                        pm.insert("type".into(), json!("Partner"));
                        pm.insert("name".into(), json!(p.name));
                        if let Some(r) = &p.role {
                            pm.insert("partnerRole".into(), lang_map(r));
                        }
                        if let Some(u) = &p.url {
                            pm.insert("url".into(), json!(u));
                        }
                        Value::Object(pm)
                    })
                    .collect(),
            ),
        );
    }
    Value::Object(a)
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
        if let Some(e) = &issuer.email {
            issuer_v.insert("email".into(), json!(e));
        }
        if !issuer.co_awarding_bodies.is_empty() {
            issuer_v.insert(
                "coAwardingBody".into(),
                Value::Array(
                    issuer
                        .co_awarding_bodies
                        .iter()
                        .map(|o| co_body(o, &lang))
                        .collect(),
                ),
            );
        }
        let mut issuer_v = Value::Object(issuer_v);
        clean_all(&mut issuer_v);
        let mut achievement_v = achievement(spec, achievement_id, &lang);
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
        let issued_s = dates.issued.clone();
        let valid_until = dates.valid_until.clone();

        let l = &award.learner;
        let mut subject = Map::new();
        if let Some(did) = &l.did {
            subject.insert("id".into(), json!(did));
        }
        subject.insert("type".into(), json!(["AchievementSubject"]));
        // Hashed identifiers are plain strings of our context rather than Open Badges
        // IdentityObjects: OB types `hashed` as a boolean with an unusual datatype IRI, and
        // JSON-LD processors disagree on booleans with a datatype, so a credential carrying
        // one would verify in some implementations and not in others.
        if l.email.is_some() || l.national_id.is_some() {
            subject.insert("identitySalt".into(), json!(identity_salt));
        }
        if let Some(e) = &l.email {
            subject.insert(
                "hashedEmail".into(),
                json!(identity_hash(&e.to_lowercase(), identity_salt)),
            );
        }
        if let Some(n) = &l.national_id {
            subject.insert(
                "hashedNationalId".into(),
                json!(identity_hash(n, identity_salt)),
            );
        }
        // Without a DID the subject is identified the Open Badges way too, by
        // `identifier` (IdentityObjects with the same salted hashes), so that Open
        // Badges validators see who it is about.
        if l.did.is_none() {
            let ids: Vec<Value> = [
                l.email.as_ref().map(|e| ("emailAddress", e.to_lowercase())),
                l.national_id
                    .as_ref()
                    .map(|n| ("nationalIdentityNumber", n.clone())),
            ]
            .into_iter()
            .flatten()
            .map(|(kind, value)| {
                json!({
                    "type": "IdentityObject",
                    "identityHash": identity_hash(&value, identity_salt),
                    "identityType": kind,
                    "hashed": true,
                    "salt": identity_salt,
                })
            })
            .collect();
            if !ids.is_empty() {
                subject.insert("identifier".into(), Value::Array(ids));
            }
        }
        subject.insert("fullName".into(), json!(l.name));
        if let Some(g) = &l.given_name {
            subject.insert("learnerGivenName".into(), json!(g));
        }
        if let Some(f) = &l.family_name {
            subject.insert("learnerFamilyName".into(), json!(f));
        }
        if let Some(d) = &l.date_of_birth {
            subject.insert("birthDate".into(), json!(d));
        }
        subject.insert("achievement".into(), achievement_v);
        if let Some(g) = &award.grade {
            let mut r = Map::new();
            r.insert("type".into(), json!(["Result"]));
            if self.has_grading {
                r.insert(
                    "resultDescription".into(),
                    json!(format!("{}#grade", self.achievement_id)),
                );
            }
            r.insert("value".into(), json!(g));
            subject.insert("result".into(), json!([Value::Object(r)]));
        }
        // The options the learner took, each the whole unit as the achievement names it,
        // so a reader sees which units this learner completed.
        let completed: Vec<Value> = award
            .chosen_units
            .iter()
            .filter_map(|k| self.spec.unit_option(k).map(|(_, u)| unit(u)))
            .collect();
        if !completed.is_empty() {
            subject.insert("completedUnit".into(), Value::Array(completed));
        }
        let place = award
            .place
            .as_ref()
            .map(|p| (p.locality.as_str(), p.country.as_str()))
            .or_else(|| {
                self.default_place
                    .as_ref()
                    .map(|(l, c)| (l.as_str(), c.as_str()))
            });
        if let Some((locality, country)) = place {
            subject.insert(
                "awardingPlace".into(),
                address(country, None, Some(locality)),
            );
        }
        let mut subject = Value::Object(subject);
        clean_all(&mut subject);

        let mut vc = Map::new();
        vc.insert("@context".into(), json!(CONTEXTS));
        vc.insert("id".into(), json!(credential_id));
        vc.insert(
            "type".into(),
            json!(["VerifiableCredential", "OpenBadgeCredential"]),
        );
        vc.insert("name".into(), json!(self.name));
        vc.insert("issuer".into(), issuer_v);
        vc.insert("validFrom".into(), json!(issued_s));
        if let Some(u) = valid_until {
            vc.insert("validUntil".into(), json!(u));
        }
        vc.insert("awardedDate".into(), json!(issued_s));
        vc.insert("credentialSubject".into(), subject);
        if !award.evidence.is_empty() {
            let mut evidence = Value::Array(
                award
                    .evidence
                    .iter()
                    .map(|e| {
                        let mut m = Map::new();
                        if let Some(u) = &e.url {
                            m.insert("id".into(), json!(u));
                        }
                        m.insert("type".into(), json!(["Evidence"]));
                        if let Some(n) = &e.name {
                            m.insert("name".into(), json!(n.best(lang).unwrap_or_default()));
                            m.insert("title".into(), lang_map(n));
                        }
                        if let Some(n) = &e.narrative {
                            m.insert("narrative".into(), json!(n.best(lang).unwrap_or_default()));
                            m.insert("localizedDescription".into(), lang_map(n));
                        }
                        Value::Object(m)
                    })
                    .collect(),
            );
            clean_all(&mut evidence);
            vc.insert("evidence".into(), evidence);
        }
        // One entry is written as the object itself: Open Badges 3.0's JSON Schema
        // takes `credentialStatus` as a single object.
        match status {
            [] => {}
            [one] => {
                vc.insert("credentialStatus".into(), one.clone());
            }
            many => {
                vc.insert("credentialStatus".into(), Value::Array(many.to_vec()));
            }
        }
        Value::Object(vc)
    }
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
