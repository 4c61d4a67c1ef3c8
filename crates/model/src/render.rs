//! The micro-credential as a reader sees it: labelled sections in one language.
//!
//! Built once as data ([`View`]) so the terminal, the verifier report and the web pages
//! show the same elements with the same labels; each front end only lays it out.

use microcred_text::t;
use serde::Serialize;

use crate::award::Award;
use crate::countries::country_name;
use crate::dates::{format_date, DocDate, IsoDuration};
use crate::elements::Element;
use crate::issuer::{IssuerProfile, Organisation};
use crate::lang::{Lang, LangMap};
use crate::spec::{EqfLevel, QualificationUnit, Specification};
use crate::validate::fmt_num;
use crate::vocab::{ScopeUnit, Vocabulary};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The Annex I element this section shows, if it is one.
    pub element: Option<Element>,
    pub label: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    pub title: String,
    pub lang: Lang,
    pub sections: Vec<Section>,
}

impl View {
    pub fn section(&self, element: Element) -> Option<&Section> {
        self.sections.iter().find(|s| s.element == Some(element))
    }

    /// Plain text for a terminal: a title, then each section as a label and indented lines.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        out.push('\n');
        out.push_str(&"=".repeat(self.title.chars().count().min(80)));
        out.push('\n');
        for s in &self.sections {
            out.push('\n');
            out.push_str(&s.label);
            out.push('\n');
            for l in &s.lines {
                for (i, part) in l.lines().enumerate() {
                    out.push_str(if i == 0 { "  " } else { "    " });
                    out.push_str(part);
                    out.push('\n');
                }
            }
        }
        out
    }
}

fn not_yet(lang: Lang) -> String {
    t!(lang, "render_not_yet").to_string()
}

/// "Voimassa 5.3.2031 asti" while valid; "Vanhentunut 5.3.2031" once `valid_until` has
/// passed at `now`: an expired credential is never called valid.
pub fn validity_line(
    valid_until: &str,
    now: chrono::DateTime<chrono::Utc>,
    lang: Lang,
) -> Option<String> {
    let d = DocDate::parse(valid_until)?;
    let shown = format_date(d.date(), lang);
    Some(if d.latest_instant() < now {
        t!(lang, "render_expired_on", date = shown)
    } else {
        t!(lang, "render_valid_until", date = shown)
    })
}

/// "Voimassa 5 vuotta myöntämisestä": a specification's validity period.
pub fn validity_period(d: &IsoDuration, lang: Lang) -> String {
    t!(lang, "render_valid_for", period = d.describe(lang))
}

fn text(m: &LangMap, lang: Lang) -> String {
    m.text(lang).to_string()
}

/// "45 osp", "5 op (ECTS)", "135 tuntia"
pub fn amount(value: f64, unit: ScopeUnit, lang: Lang) -> String {
    let u = match unit {
        ScopeUnit::Osp => t!(lang, "render_unit_osp"),
        ScopeUnit::Ects => t!(lang, "render_unit_ects"),
        ScopeUnit::Hours => t!(lang, "render_unit_hours"),
    };
    format!("{} {u}", fmt_num(value))
}

fn unit_line(u: &QualificationUnit, lang: Lang) -> String {
    let mut s = String::new();
    if let Some(code) = &u.code {
        s.push_str(code);
        s.push(' ');
    }
    s.push_str(u.name.text(lang));
    s.push_str(&format!(", {}", amount(u.scope.value, u.scope.unit, lang)));
    let quals: Vec<&str> = u.qualifications.iter().map(|q| q.name.text(lang)).collect();
    if !quals.is_empty() {
        s.push_str(&format!(" ({})", quals.join("; ")));
    }
    s
}

fn organisation_lines(
    name: &LangMap,
    legal: &str,
    id: Option<String>,
    url: Option<&str>,
    lang: Lang,
) -> Vec<String> {
    let mut lines = vec![name.text(lang).to_string()];
    if legal != name.text(lang) {
        lines.push(format!("{}: {legal}", t!(lang, "render_legal_name")));
    }
    if let Some(id) = id {
        lines.push(id);
    }
    if let Some(u) = url {
        lines.push(u.to_string());
    }
    lines
}

fn legal_id_line(scheme: crate::issuer::LegalIdScheme, value: &str, lang: Lang) -> String {
    use crate::issuer::LegalIdScheme::*;
    let label = match scheme {
        FiBusinessId => t!(lang, "render_business_id"),
        Vat => t!(lang, "render_vat_number"),
        Lei => "LEI",
        Other => t!(lang, "render_identifier"),
    };
    format!("{label}: {value}")
}

fn co_body_lines(o: &Organisation, lang: Lang) -> Vec<String> {
    let id = o
        .legal_identifier
        .as_ref()
        .map(|l| legal_id_line(l.scheme, &l.value, lang));
    let mut lines = organisation_lines(&o.name, &o.legal_name, id, o.url.as_deref(), lang);
    lines.push(country_name(&o.country, lang).to_string());
    lines
}

/// The whole micro-credential in `lang`. Without an award, the learner and date are
/// marked as filled in on issue; without an issuer profile, so are country and body.
pub fn view(
    spec: &Specification,
    issuer: Option<&IssuerProfile>,
    award: Option<&Award>,
    lang: Lang,
) -> View {
    let mut sections = Vec::new();
    let mut push = |element: Option<Element>, label: String, lines: Vec<String>| {
        if !lines.is_empty() {
            sections.push(Section {
                element,
                label,
                lines,
            })
        }
    };
    let el = |e: Element| (Some(e), e.numbered_label(lang));

    // 1. Learner
    let learner = match award {
        Some(a) => {
            let l = &a.learner;
            let mut lines = vec![l.name.clone()];
            if let Some(d) = l.date_of_birth.as_deref().and_then(DocDate::parse) {
                lines.push(format!(
                    "{}: {}",
                    t!(lang, "render_date_of_birth"),
                    format_date(d.date(), lang)
                ));
            }
            if let Some(n) = &l.national_id {
                lines.push(format!("{}: {n}", t!(lang, "render_national_id")));
            }
            if let Some(e) = &l.email {
                lines.push(format!("{}: {e}", t!(lang, "render_email")));
            }
            if let Some(d) = &l.did {
                lines.push(format!("DID: {d}"));
            }
            lines
        }
        None => vec![not_yet(lang)],
    };
    let (e, l) = el(Element::Learner);
    push(e, l, learner);

    // 2. Title
    let mut title_lines = vec![text(&spec.title, lang)];
    for (tag, t) in spec.title.iter() {
        if t != spec.title.text(lang) && !t.trim().is_empty() {
            title_lines.push(format!("({tag}) {t}"));
        }
    }
    let (e, l) = el(Element::Title);
    push(e, l, title_lines);

    // 3. Country / region, 4. Awarding body
    match issuer {
        Some(i) => {
            let mut c = vec![country_name(&i.country, lang).to_string()];
            if let Some(r) = &i.region {
                c.push(r.clone());
            }
            let (e, l) = el(Element::Country);
            push(e, l, c);
            let id = Some(legal_id_line(
                i.legal_identifier.scheme,
                &i.legal_identifier.value,
                lang,
            ));
            let mut body = organisation_lines(&i.name, &i.legal_name, id, i.url.as_deref(), lang);
            if let Some(did) = &i.id {
                body.push(format!("DID: {did}"));
            }
            for o in &i.co_awarding_bodies {
                body.push(String::new());
                body.extend(co_body_lines(o, lang));
            }
            let (e, l) = el(Element::AwardingBody);
            push(e, l, body);
        }
        None => {
            let (e, l) = el(Element::Country);
            push(e, l, vec![not_yet(lang)]);
            let (e, l) = el(Element::AwardingBody);
            push(e, l, vec![not_yet(lang)]);
        }
    }

    // 5. Date (and place) of issuing
    let date = match award {
        Some(a) => {
            let mut lines = vec![DocDate::parse(&a.issued)
                .map(|d| format_date(d.date(), lang))
                .unwrap_or_else(|| a.issued.clone())];
            let place = a
                .place
                .as_ref()
                .map(|p| format!("{}, {}", p.locality, country_name(&p.country, lang)))
                .or_else(|| {
                    issuer.and_then(|i| {
                        i.locality
                            .as_ref()
                            .map(|l| format!("{l}, {}", country_name(&i.country, lang)))
                    })
                });
            if let Some(p) = place {
                lines.push(format!("{}: {p}", t!(lang, "render_place")));
            }
            if let Some(v) = a.valid_until.as_deref() {
                if let Some(line) = validity_line(v, chrono::Utc::now(), lang) {
                    lines.push(line);
                }
            }
            lines
        }
        None => {
            let mut lines = vec![not_yet(lang)];
            if let Some(d) = spec.validity.as_deref().and_then(IsoDuration::parse) {
                lines.push(validity_period(&d, lang));
            }
            lines
        }
    };
    let (e, l) = el(Element::IssueDate);
    push(e, l, date);

    // Description (not an Annex I element, but what a reader wants next to the title)
    push(
        None,
        t!(lang, "render_description").to_string(),
        vec![text(&spec.description, lang)],
    );

    // 6. Learning outcomes
    let outcomes = spec
        .learning_outcomes
        .iter()
        .map(|o| {
            let mut s = format!("• {}", o.text.text(lang));
            if let Some(esco) = &o.esco_skill {
                s.push_str(&format!("\n  ESCO: {esco}"));
            }
            s
        })
        .collect();
    let (e, l) = el(Element::LearningOutcomes);
    push(e, l, outcomes);

    // 7. Workload
    let mut work: Vec<String> = spec
        .workload
        .amounts()
        .into_iter()
        .map(|(v, u)| amount(v, u, lang))
        .collect();
    if let Some(d) = spec.duration.as_deref().and_then(IsoDuration::parse) {
        work.push(format!(
            "{}: {}",
            t!(lang, "render_duration"),
            d.describe(lang)
        ));
    }
    if let Some(units) = &spec.units {
        for u in &units.required {
            work.push(format!("• {}", unit_line(u, lang)));
        }
        let chosen: Vec<String> = award
            .map(|a| a.chosen_units.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|k| spec.unit_option(k))
            .map(|(_, u)| unit_line(u, lang))
            .collect();
        if !chosen.is_empty() {
            work.push(format!(
                "• {}: {}",
                t!(lang, "render_units_chosen"),
                chosen.join("; ")
            ));
        }
        for c in &units.choices {
            let head = t!(lang, "render_choose_of", select = c.select);
            work.push(head);
            for u in &c.options {
                work.push(format!("    – {}", unit_line(u, lang)));
            }
        }
    }
    let (e, l) = el(Element::Workload);
    push(e, l, work);

    // 8. Level
    let mut level = vec![match spec.level.eqf {
        EqfLevel::Level(n) => format!("EQF {n}"),
        EqfLevel::NotApplicable => t!(lang, "render_eqf_not_applicable").to_string(),
    }];
    if let Some(n) = &spec.level.nqf {
        level.push(format!("NQF {n}"));
    }
    if let Some(c) = spec.level.qf_ehea_cycle {
        level.push(format!("QF-EHEA: {}", c.label(lang)));
    }
    let (e, l) = el(Element::Level);
    push(e, l, level);

    // 9. Assessment
    let mut assess: Vec<String> = spec
        .assessment
        .types
        .iter()
        .map(|t| t.label(lang).to_string())
        .collect();
    if let Some(d) = &spec.assessment.description {
        assess.push(text(d, lang));
    }
    let (e, l) = el(Element::Assessment);
    push(e, l, assess);

    // 10. Participation
    let mut part: Vec<String> = spec
        .participation
        .modes
        .iter()
        .map(|m| m.label(lang).to_string())
        .collect();
    if let Some(d) = &spec.participation.description {
        part.push(text(d, lang));
    }
    let (e, l) = el(Element::Participation);
    push(e, l, part);

    // 11. Quality assurance
    let qa = spec
        .quality_assurance
        .iter()
        .map(|q| {
            let mut s = q.kind.label(lang).to_string();
            if let Some(b) = &q.body {
                s.push_str(&format!(" — {b}"));
            }
            if let Some(d) = &q.description {
                s.push_str(&format!("\n{}", d.text(lang)));
            }
            if let Some(r) = &q.reference {
                s.push_str(&format!("\n{r}"));
            }
            s
        })
        .collect();
    let (e, l) = el(Element::QualityAssurance);
    push(e, l, qa);

    // Optional elements
    if let Some(p) = &spec.prerequisites {
        let (e, l) = el(Element::Prerequisites);
        push(e, l, vec![text(p, lang)]);
    }
    if let Some(s) = &spec.supervision {
        let mut lines = vec![s.kind.label(lang).to_string()];
        if let Some(d) = &s.description {
            lines.push(text(d, lang));
        }
        let (e, l) = el(Element::Supervision);
        push(e, l, lines);
    }
    let mut grade = Vec::new();
    if let Some(g) = award.and_then(|a| a.grade.as_ref()) {
        let label = spec
            .grading_scheme
            .as_ref()
            .and_then(|gs| gs.grades.iter().find(|d| &d.value == g))
            .and_then(|d| d.label.as_ref())
            .map(|l| l.text(lang).to_string());
        grade.push(match label {
            Some(l) if l != *g => format!("{g} ({l})"),
            _ => g.clone(),
        });
    }
    if let Some(gs) = &spec.grading_scheme {
        let mut scheme = Vec::new();
        if let Some(d) = &gs.description {
            scheme.push(text(d, lang));
        }
        if !gs.grades.is_empty() {
            let values: Vec<String> = gs
                .grades
                .iter()
                .map(|g| match &g.label {
                    Some(l) => format!("{} = {}", g.value, l.text(lang)),
                    None => g.value.clone(),
                })
                .collect();
            scheme.push(values.join(", "));
        }
        if !scheme.is_empty() {
            grade.push(format!(
                "{}: {}",
                t!(lang, "render_grading_scheme"),
                scheme.join(" — ")
            ));
        }
    }
    if !grade.is_empty() {
        let (e, l) = el(Element::Grade);
        push(e, l, grade);
    }
    if let Some(i) = &spec.integration {
        let mut lines = vec![i.kind.label(lang).to_string()];
        for t in &i.towards {
            lines.push(format!("• {}", t.title.text(lang)));
            for p in &t.parts {
                lines.push(format!("    – {}", p.title.text(lang)));
            }
        }
        if let Some(d) = &i.description {
            lines.push(text(d, lang));
        }
        let (e, l) = el(Element::Integration);
        push(e, l, lines);
    }
    let mut further = Vec::new();
    if let Some(f) = &spec.further_information {
        further.push(text(f, lang));
    }
    if !spec.partners.is_empty() {
        let names: Vec<String> = spec
            .partners
            .iter()
            .map(|p| match &p.role {
                Some(r) => format!("{} ({})", p.name, r.text(lang)),
                None => p.name.clone(),
            })
            .collect();
        further.push(format!(
            "{}: {}",
            t!(lang, "render_in_partnership"),
            names.join(", ")
        ));
    }
    if !spec.languages.is_empty() {
        further.push(format!(
            "{}: {}",
            t!(lang, "render_languages"),
            spec.languages.join(", ")
        ));
    }
    if let Some(u) = &spec.url {
        further.push(u.clone());
    }
    if !further.is_empty() {
        let (e, l) = el(Element::FurtherInformation);
        push(e, l, further);
    }
    if let Some(a) = award {
        let ev: Vec<String> = a
            .evidence
            .iter()
            .map(|e| {
                [
                    e.name.as_ref().map(|n| n.text(lang).to_string()),
                    e.narrative.as_ref().map(|n| n.text(lang).to_string()),
                    e.url.clone(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" — ")
            })
            .collect();
        push(None, t!(lang, "render_evidence").to_string(), ev);
    }

    View {
        title: text(&spec.title, lang),
        lang,
        sections,
    }
}
