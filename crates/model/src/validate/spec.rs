//! Rules for a micro-credential Specification.

use serde_json::{Map, Value};

use super::problem::ProblemKind;
use super::walk::{is_absolute_uri, is_slug, Ctx, Path, MAX_SHORT};
use super::Options;
use crate::dates::IsoDuration;
use crate::elements::Element;
use crate::lang::is_language_tag;
use crate::spec::{scope_range, NOT_APPLICABLE};
use crate::vocab::{
    AssessmentType, LearningSetting, ParticipationMode, QfEheaCycle, QualityAssuranceType,
    ScopeUnit, Supervision, UnitBasis,
};

const FIELDS: &[&str] = &[
    "$schema",
    "id",
    "version",
    "title",
    "description",
    "learningOutcomes",
    "workload",
    "duration",
    "validity",
    "level",
    "assessment",
    "participation",
    "qualityAssurance",
    "prerequisites",
    "supervision",
    "gradingScheme",
    "integration",
    "units",
    "furtherInformation",
    "url",
    "languages",
    "learningSetting",
    "partners",
];

/// Usual total scope of a micro-credential; outside it is a warning, not an error.
const USUAL_OSP: (f64, f64) = (5.0, 60.0);
const USUAL_ECTS: (f64, f64) = (1.0, 60.0);
const USUAL_HOURS: (f64, f64) = (27.0, 1620.0);

/// A unit as far as the description rule needs it: its names per language and code.
struct UnitNames<'v> {
    names: Vec<(&'v str, &'v str)>,
    code: Option<&'v str>,
}

pub(super) fn check(ctx: &mut Ctx, v: &Value, opts: &Options) {
    let root = Path::root();
    let Some(m) = ctx.object(v, &root, FIELDS) else {
        return;
    };

    if let Some(id) = ctx.required(m, &root, "id", None) {
        identifier(ctx, id, &root.key("id"));
    }
    if let Some(ver) = ctx.optional(m, "version") {
        ctx.string(ver, &root.key("version"), 64);
    }

    if let Some(t) = ctx.required(m, &root, "title", Some(Element::Title)) {
        let p = root.key("title");
        if let Some(titles) = ctx.lang_map(t, &p) {
            for (tag, text) in titles {
                if let Some(prot) = opts.protected_titles.matching(text) {
                    ctx.error(
                        &p.key(tag),
                        ProblemKind::ProtectedTitle {
                            title: prot.to_string(),
                        },
                    );
                }
            }
        }
    }

    let description = ctx
        .required(m, &root, "description", None)
        .and_then(|d| ctx.lang_map(d, &root.key("description")));

    if let Some(lo) = ctx.required(
        m,
        &root,
        "learningOutcomes",
        Some(Element::LearningOutcomes),
    ) {
        let p = root.key("learningOutcomes");
        if let Some(items) = ctx.array(lo, &p, 1, Some(Element::LearningOutcomes)) {
            for (i, item) in items.iter().enumerate() {
                let ip = p.idx(i);
                if let Some(o) = ctx.object(item, &ip, &["text", "escoSkill"]) {
                    if let Some(t) = ctx.required(o, &ip, "text", Some(Element::LearningOutcomes)) {
                        ctx.lang_map(t, &ip.key("text"));
                    }
                    if let Some(s) = ctx.optional(o, "escoSkill") {
                        ctx.url(s, &ip.key("escoSkill"));
                    }
                }
            }
        }
    }

    let declared = ctx
        .required(m, &root, "workload", Some(Element::Workload))
        .and_then(|w| workload(ctx, w, &root.key("workload")))
        .unwrap_or_default();

    if let Some(d) = ctx.optional(m, "duration") {
        let p = root.key("duration");
        if let Some(s) = ctx.string(d, &p, 40) {
            if IsoDuration::parse(s).is_none() {
                ctx.error(
                    &p,
                    ProblemKind::InvalidDuration {
                        value: s.to_string(),
                    },
                );
            }
        }
    }

    if let Some(d) = ctx.optional(m, "validity") {
        let p = root.key("validity");
        if let Some(s) = ctx.string(d, &p, 40) {
            match IsoDuration::parse(s) {
                Some(d) if d.is_date_only() => {}
                _ => ctx.error(
                    &p,
                    ProblemKind::InvalidValidity {
                        value: s.to_string(),
                    },
                ),
            }
        }
    }

    if let Some(l) = ctx.required(m, &root, "level", Some(Element::Level)) {
        level(ctx, l, &root.key("level"));
    }

    if let Some(a) = ctx.required(m, &root, "assessment", Some(Element::Assessment)) {
        let p = root.key("assessment");
        if let Some(o) = ctx.object(a, &p, &["types", "description"]) {
            let types = match ctx.required(o, &p, "types", Some(Element::Assessment)) {
                Some(t) => {
                    ctx.vocab_list::<AssessmentType>(t, &p.key("types"), Some(Element::Assessment))
                }
                None => Vec::new(),
            };
            described(ctx, o, &p, types.contains(&AssessmentType::Other));
        }
    }

    if let Some(a) = ctx.required(m, &root, "participation", Some(Element::Participation)) {
        let p = root.key("participation");
        if let Some(o) = ctx.object(a, &p, &["modes", "description"]) {
            if let Some(t) = ctx.required(o, &p, "modes", Some(Element::Participation)) {
                ctx.vocab_list::<ParticipationMode>(
                    t,
                    &p.key("modes"),
                    Some(Element::Participation),
                );
            }
            described(ctx, o, &p, false);
        }
    }

    if let Some(q) = ctx.required(
        m,
        &root,
        "qualityAssurance",
        Some(Element::QualityAssurance),
    ) {
        quality_assurance(ctx, q, &root.key("qualityAssurance"));
    }

    if let Some(pr) = ctx.optional(m, "prerequisites") {
        ctx.lang_map(pr, &root.key("prerequisites"));
    }

    if let Some(s) = ctx.optional(m, "supervision") {
        let p = root.key("supervision");
        if let Some(o) = ctx.object(s, &p, &["type", "description"]) {
            if let Some(t) = ctx.required(o, &p, "type", Some(Element::Supervision)) {
                ctx.vocab::<Supervision>(t, &p.key("type"));
            }
            described(ctx, o, &p, false);
        }
    }

    if let Some(g) = ctx.optional(m, "gradingScheme") {
        grading_scheme(ctx, g, &root.key("gradingScheme"));
    }

    if let Some(i) = ctx.optional(m, "integration") {
        integration(ctx, i, &root.key("integration"));
    }

    let units = ctx
        .optional(m, "units")
        .map(|u| units(ctx, u, &root.key("units")))
        .unwrap_or_default();
    if let Some(desc) = &description {
        description_names_units(ctx, desc, &units.names, &root.key("description"));
    }
    if let Some((lo, hi, unit)) = units.range {
        if let Some(&(value, _)) = declared.iter().find(|(_, u)| *u == unit) {
            if value < lo - 1e-9 || value > hi + 1e-9 {
                ctx.warn(
                    &root.key("workload").key(unit_key(unit)),
                    ProblemKind::ScopeMismatch {
                        declared: value,
                        low: lo,
                        high: hi,
                        unit,
                    },
                );
            }
        }
    }

    if let Some(f) = ctx.optional(m, "furtherInformation") {
        ctx.lang_map(f, &root.key("furtherInformation"));
    }
    if let Some(u) = ctx.optional(m, "url") {
        ctx.url(u, &root.key("url"));
    }
    if let Some(l) = ctx.optional(m, "languages") {
        languages(ctx, l, &root.key("languages"));
    }
    if let Some(l) = ctx.optional(m, "learningSetting") {
        ctx.vocab::<LearningSetting>(l, &root.key("learningSetting"));
    }
    if let Some(pa) = ctx.optional(m, "partners") {
        let p = root.key("partners");
        if let Some(items) = ctx.array(pa, &p, 0, None) {
            for (i, item) in items.iter().enumerate() {
                let ip = p.idx(i);
                if let Some(o) = ctx.object(item, &ip, &["name", "role", "url"]) {
                    if let Some(n) = ctx.required(o, &ip, "name", None) {
                        ctx.string(n, &ip.key("name"), MAX_SHORT);
                    }
                    if let Some(r) = ctx.optional(o, "role") {
                        ctx.lang_map(r, &ip.key("role"));
                    }
                    if let Some(u) = ctx.optional(o, "url") {
                        ctx.url(u, &ip.key("url"));
                    }
                }
            }
        }
    }
}

/// A slug or an absolute URI.
fn identifier(ctx: &mut Ctx, v: &Value, p: &Path) {
    if let Some(s) = ctx.string(v, p, MAX_SHORT) {
        if !is_slug(s) && !is_absolute_uri(s) {
            ctx.error(
                p,
                ProblemKind::InvalidIdentifier {
                    value: s.to_string(),
                },
            );
        }
    }
}

fn unit_key(unit: ScopeUnit) -> &'static str {
    match unit {
        ScopeUnit::Ects => "ects",
        ScopeUnit::Osp => "osp",
        ScopeUnit::Hours => "hours",
    }
}

/// Checks the workload; returns the amounts that are valid.
fn workload(ctx: &mut Ctx, v: &Value, p: &Path) -> Option<Vec<(f64, ScopeUnit)>> {
    let o = ctx.object(v, p, &["ects", "hours", "osp"])?;
    let mut out = Vec::new();
    let mut any = false;
    for unit in [ScopeUnit::Ects, ScopeUnit::Osp, ScopeUnit::Hours] {
        let key = unit_key(unit);
        if let Some(x) = ctx.optional(o, key) {
            any = true;
            let kp = p.key(key);
            if let Some(n) = ctx.positive(x, &kp) {
                let (lo, hi) = match unit {
                    ScopeUnit::Osp => USUAL_OSP,
                    ScopeUnit::Ects => USUAL_ECTS,
                    ScopeUnit::Hours => USUAL_HOURS,
                };
                if n < lo || n > hi {
                    ctx.warn(&kp, ProblemKind::UnusualScope { total: n, unit });
                }
                out.push((n, unit));
            }
        }
    }
    if !any {
        ctx.error(
            p,
            ProblemKind::Missing {
                element: Some(Element::Workload),
            },
        );
    }
    Some(out)
}

fn level(ctx: &mut Ctx, v: &Value, p: &Path) {
    let Some(o) = ctx.object(v, p, &["eqf", "nqf", "qfEheaCycle"]) else {
        return;
    };
    if let Some(e) = ctx.required(o, p, "eqf", Some(Element::Level)) {
        let ep = p.key("eqf");
        match e {
            Value::String(s) if s == NOT_APPLICABLE => {}
            Value::String(s) => ctx.error(
                &ep,
                ProblemKind::UnknownValue {
                    value: s.clone(),
                    allowed: vec!["1", "2", "3", "4", "5", "6", "7", "8", NOT_APPLICABLE],
                },
            ),
            _ => {
                if let Some(n) = ctx.integer(e, &ep) {
                    if !(1..=8).contains(&n) {
                        ctx.error(&ep, ProblemKind::OutOfRange { min: 1, max: 8 });
                    }
                }
            }
        }
    }
    if let Some(n) = ctx.optional(o, "nqf") {
        ctx.string(n, &p.key("nqf"), 20);
    }
    if let Some(c) = ctx.optional(o, "qfEheaCycle") {
        ctx.vocab::<QfEheaCycle>(c, &p.key("qfEheaCycle"));
    }
}

/// The optional `description` of a coded element; required when the code is "other".
fn described(ctx: &mut Ctx, o: &Map<String, Value>, p: &Path, needs_description: bool) {
    match ctx.optional(o, "description") {
        Some(d) => {
            ctx.lang_map(d, &p.key("description"));
        }
        None if needs_description => {
            ctx.error(&p.key("description"), ProblemKind::DescriptionRequired)
        }
        None => {}
    }
}

fn quality_assurance(ctx: &mut Ctx, v: &Value, p: &Path) {
    let Some(items) = ctx.array(v, p, 1, Some(Element::QualityAssurance)) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let ip = p.idx(i);
        let Some(o) = ctx.object(item, &ip, &["type", "body", "reference", "description"]) else {
            continue;
        };
        let kind = ctx
            .required(o, &ip, "type", Some(Element::QualityAssurance))
            .and_then(|t| ctx.vocab::<QualityAssuranceType>(t, &ip.key("type")));
        for key in ["body", "reference"] {
            if let Some(x) = ctx.optional(o, key) {
                ctx.string(x, &ip.key(key), MAX_SHORT);
            }
        }
        described(ctx, o, &ip, kind == Some(QualityAssuranceType::Other));
        if ctx.optional(o, "body").is_none() && ctx.optional(o, "reference").is_none() {
            ctx.warn(&ip, ProblemKind::NoQualityReference);
        }
    }
}

fn grading_scheme(ctx: &mut Ctx, v: &Value, p: &Path) {
    let Some(o) = ctx.object(v, p, &["description", "grades"]) else {
        return;
    };
    if !o.contains_key("description") && !o.contains_key("grades") {
        ctx.error(p, ProblemKind::Empty);
    }
    if let Some(d) = ctx.optional(o, "description") {
        ctx.lang_map(d, &p.key("description"));
    }
    if let Some(g) = ctx.optional(o, "grades") {
        let gp = p.key("grades");
        if let Some(items) = ctx.array(g, &gp, 1, None) {
            let mut seen: Vec<&str> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let ip = gp.idx(i);
                let Some(go) = ctx.object(item, &ip, &["value", "label"]) else {
                    continue;
                };
                if let Some(val) = ctx
                    .required(go, &ip, "value", None)
                    .and_then(|x| ctx.string(x, &ip.key("value"), 64))
                {
                    if seen.contains(&val) {
                        ctx.error(
                            &ip.key("value"),
                            ProblemKind::Duplicate {
                                value: val.to_string(),
                            },
                        );
                    }
                    seen.push(val);
                }
                if let Some(l) = ctx.optional(go, "label") {
                    ctx.lang_map(l, &ip.key("label"));
                }
            }
        }
    }
}

fn integration(ctx: &mut Ctx, v: &Value, p: &Path) {
    let Some(o) = ctx.object(v, p, &["type", "towards", "description"]) else {
        return;
    };
    let kind = ctx
        .required(o, p, "type", Some(Element::Integration))
        .and_then(|t| ctx.string(t, &p.key("type"), 64))
        .and_then(|t| match t {
            "standAlone" | "stackable" => Some(t),
            other => {
                ctx.error(
                    &p.key("type"),
                    ProblemKind::UnknownValue {
                        value: other.to_string(),
                        allowed: vec!["standAlone", "stackable"],
                    },
                );
                None
            }
        });
    let mut targets = 0;
    if let Some(t) = ctx.optional(o, "towards") {
        let tp = p.key("towards");
        if let Some(items) = ctx.array(t, &tp, 0, None) {
            targets = items.len();
            for (i, item) in items.iter().enumerate() {
                let ip = tp.idx(i);
                let Some(to) = ctx.object(item, &ip, &["id", "title", "url", "parts"]) else {
                    continue;
                };
                if let Some(id) = ctx.required(to, &ip, "id", None) {
                    identifier(ctx, id, &ip.key("id"));
                }
                if let Some(title) = ctx.required(to, &ip, "title", None) {
                    ctx.lang_map(title, &ip.key("title"));
                }
                if let Some(u) = ctx.optional(to, "url") {
                    ctx.url(u, &ip.key("url"));
                }
                if let Some(parts) = ctx.optional(to, "parts") {
                    let pp = ip.key("parts");
                    if let Some(ps) = ctx.array(parts, &pp, 0, None) {
                        for (j, part) in ps.iter().enumerate() {
                            let jp = pp.idx(j);
                            if let Some(po) = ctx.object(part, &jp, &["id", "title"]) {
                                if let Some(id) = ctx.required(po, &jp, "id", None) {
                                    identifier(ctx, id, &jp.key("id"));
                                }
                                if let Some(title) = ctx.required(po, &jp, "title", None) {
                                    ctx.lang_map(title, &jp.key("title"));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    if kind == Some("stackable") && targets == 0 {
        ctx.error(&p.key("towards"), ProblemKind::StackableWithoutTarget);
    }
    described(ctx, o, p, false);
}

#[derive(Default)]
struct UnitsFound<'v> {
    names: Vec<UnitNames<'v>>,
    range: Option<(f64, f64, ScopeUnit)>,
}

fn units<'v>(ctx: &mut Ctx, v: &'v Value, p: &Path) -> UnitsFound<'v> {
    let mut found = UnitsFound::default();
    let Some(o) = ctx.object(v, p, &["required", "choices"]) else {
        return found;
    };
    let mut scopes: Vec<(f64, ScopeUnit)> = Vec::new();
    let mut choice_ranges: Vec<(u64, Vec<(f64, ScopeUnit)>)> = Vec::new();
    let mut complete = true;
    if let Some(r) = ctx.optional(o, "required") {
        let rp = p.key("required");
        if let Some(items) = ctx.array(r, &rp, 0, None) {
            for (i, item) in items.iter().enumerate() {
                match unit(ctx, item, &rp.idx(i), &mut found.names) {
                    Some(s) => scopes.push(s),
                    None => complete = false,
                }
            }
        }
    }
    if let Some(c) = ctx.optional(o, "choices") {
        let cp = p.key("choices");
        if let Some(items) = ctx.array(c, &cp, 0, None) {
            for (i, item) in items.iter().enumerate() {
                let ip = cp.idx(i);
                let Some(co) = ctx.object(item, &ip, &["select", "options", "description"]) else {
                    complete = false;
                    continue;
                };
                let select = ctx
                    .required(co, &ip, "select", None)
                    .and_then(|s| ctx.integer(s, &ip.key("select")));
                let select = match select {
                    Some(n) if n >= 1 => Some(n as u64),
                    Some(_) => {
                        ctx.error(&ip.key("select"), ProblemKind::NotPositive);
                        None
                    }
                    None => None,
                };
                let mut option_scopes = Vec::new();
                if let Some(opts) = ctx.required(co, &ip, "options", None) {
                    let op = ip.key("options");
                    if let Some(items) = ctx.array(opts, &op, 1, None) {
                        for (j, item) in items.iter().enumerate() {
                            match unit(ctx, item, &op.idx(j), &mut found.names) {
                                Some(s) => option_scopes.push(s),
                                None => complete = false,
                            }
                        }
                        if let Some(n) = select {
                            if n as usize > items.len() {
                                ctx.error(
                                    &ip.key("select"),
                                    ProblemKind::SelectTooLarge {
                                        select: n,
                                        options: items.len(),
                                    },
                                );
                            }
                        }
                    }
                }
                match select {
                    Some(n) => choice_ranges.push((n, option_scopes)),
                    None => complete = false,
                }
                if let Some(d) = ctx.optional(co, "description") {
                    ctx.lang_map(d, &ip.key("description"));
                }
            }
        }
    }
    if !o.contains_key("required") && !o.contains_key("choices") {
        ctx.error(p, ProblemKind::Empty);
    }
    if complete {
        found.range = scope_range(&scopes, &choice_ranges);
    }
    found
}

/// Checks one qualification unit; returns its scope when valid.
fn unit<'v>(
    ctx: &mut Ctx,
    v: &'v Value,
    p: &Path,
    names: &mut Vec<UnitNames<'v>>,
) -> Option<(f64, ScopeUnit)> {
    let o = ctx.object(
        v,
        p,
        &["code", "name", "scope", "qualifications", "basis", "url"],
    )?;
    let code = ctx
        .optional(o, "code")
        .and_then(|c| ctx.string(c, &p.key("code"), 64));
    let unit_names = ctx
        .required(o, p, "name", None)
        .and_then(|n| ctx.lang_map(n, &p.key("name")));
    if let Some(n) = unit_names {
        names.push(UnitNames { names: n, code });
    }
    let scope = ctx.required(o, p, "scope", None).and_then(|s| {
        let sp = p.key("scope");
        let so = ctx.object(s, &sp, &["value", "unit"])?;
        let value = ctx
            .required(so, &sp, "value", None)
            .and_then(|x| ctx.positive(x, &sp.key("value")));
        let unit = ctx
            .required(so, &sp, "unit", None)
            .and_then(|u| ctx.vocab::<ScopeUnit>(u, &sp.key("unit")));
        Some((value?, unit?))
    });
    if let Some(q) = ctx.required(o, p, "qualifications", None) {
        let qp = p.key("qualifications");
        if let Some(items) = ctx.array(q, &qp, 1, None) {
            for (i, item) in items.iter().enumerate() {
                let ip = qp.idx(i);
                if let Some(qo) = ctx.object(item, &ip, &["code", "name"]) {
                    if let Some(c) = ctx.optional(qo, "code") {
                        ctx.string(c, &ip.key("code"), 64);
                    }
                    if let Some(n) = ctx.required(qo, &ip, "name", None) {
                        ctx.lang_map(n, &ip.key("name"));
                    }
                }
            }
        }
    }
    if let Some(b) = ctx.optional(o, "basis") {
        ctx.vocab::<UnitBasis>(b, &p.key("basis"));
    }
    if let Some(u) = ctx.optional(o, "url") {
        ctx.url(u, &p.key("url"));
    }
    scope
}

/// Finnish guidance: a micro-credential's description names every qualification unit it
/// is made of. In each language of the description, a unit counts as named when its name
/// in that language (or, when it has none there, its name in any language or its code)
/// appears in the text, ignoring case.
fn description_names_units(
    ctx: &mut Ctx,
    description: &[(&str, &str)],
    units: &[UnitNames],
    p: &Path,
) {
    for (tag, text) in description {
        let haystack = text.to_lowercase();
        for u in units {
            let in_lang: Vec<&str> = u
                .names
                .iter()
                .filter(|(t, _)| t.eq_ignore_ascii_case(tag))
                .map(|(_, n)| *n)
                .collect();
            let candidates: Vec<&str> = if in_lang.is_empty() {
                u.names.iter().map(|(_, n)| *n).chain(u.code).collect()
            } else {
                in_lang.iter().copied().chain(u.code).collect()
            };
            let named = candidates
                .iter()
                .any(|c| haystack.contains(&c.to_lowercase()));
            if !named {
                let shown = in_lang
                    .first()
                    .copied()
                    .or_else(|| u.names.first().map(|(_, n)| *n))
                    .unwrap_or_default();
                ctx.error(
                    &p.key(tag),
                    ProblemKind::UnitNotNamed {
                        unit: shown.to_string(),
                        lang: tag.to_string(),
                    },
                );
            }
        }
    }
}

fn languages(ctx: &mut Ctx, v: &Value, p: &Path) {
    let Some(items) = ctx.array(v, p, 0, None) else {
        return;
    };
    let mut seen = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ip = p.idx(i);
        if let Some(tag) = ctx.string(item, &ip, 35) {
            if !is_language_tag(tag) {
                ctx.error(
                    &ip,
                    ProblemKind::InvalidLanguageTag {
                        tag: tag.to_string(),
                    },
                );
            } else if seen.contains(&tag) {
                ctx.error(
                    &ip,
                    ProblemKind::Duplicate {
                        value: tag.to_string(),
                    },
                );
            } else {
                seen.push(tag);
            }
        }
    }
}
