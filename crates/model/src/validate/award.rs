//! Rules for an Award, alone or against its Specification and Issuer profile.

use chrono::Duration;
use serde_json::Value;

use super::problem::ProblemKind;
use super::walk::{is_absolute_uri, is_did, is_email, is_slug, Ctx, Path, MAX_SHORT};
use super::Options;
use crate::dates::DocDate;
use crate::elements::Element;
use crate::issuer::IssuerProfile;
use crate::spec::Specification;

const FIELDS: &[&str] = &[
    "$schema",
    "id",
    "specification",
    "learner",
    "issued",
    "place",
    "grade",
    "evidence",
    "validUntil",
    "chosenUnits",
];

const LEARNER_FIELDS: &[&str] = &[
    "name",
    "givenName",
    "familyName",
    "dateOfBirth",
    "nationalId",
    "email",
    "did",
];

pub(super) fn check(
    ctx: &mut Ctx,
    v: &Value,
    spec: Option<&Specification>,
    issuer: Option<&IssuerProfile>,
    opts: &Options,
) {
    let root = Path::root();
    let Some(m) = ctx.object(v, &root, FIELDS) else {
        return;
    };
    if let Some(id) = ctx.optional(m, "id") {
        let p = root.key("id");
        if let Some(s) = ctx.string(id, &p, MAX_SHORT) {
            if !is_absolute_uri(s) {
                ctx.error(
                    &p,
                    ProblemKind::InvalidIdentifier {
                        value: s.to_string(),
                    },
                );
            }
        }
    }
    if let Some(s) = ctx.required(m, &root, "specification", None) {
        let p = root.key("specification");
        if let Some(id) = ctx.string(s, &p, MAX_SHORT) {
            if !is_slug(id) && !is_absolute_uri(id) {
                ctx.error(
                    &p,
                    ProblemKind::InvalidIdentifier {
                        value: id.to_string(),
                    },
                );
            } else if let Some(spec) = spec {
                if spec.id != id {
                    ctx.error(
                        &p,
                        ProblemKind::SpecificationMismatch {
                            expected: spec.id.clone(),
                            found: id.to_string(),
                        },
                    );
                }
            }
        }
    }
    if let Some(l) = ctx.required(m, &root, "learner", Some(Element::Learner)) {
        learner(ctx, l, &root.key("learner"), opts);
    }
    let issued = ctx
        .required(m, &root, "issued", Some(Element::IssueDate))
        .and_then(|d| date(ctx, d, &root.key("issued")));
    if let Some(d) = issued {
        if d.earliest_instant() > opts.now + opts.clock_skew {
            ctx.error(&root.key("issued"), ProblemKind::FutureDate);
        }
    }
    match ctx.optional(m, "place") {
        Some(pl) => {
            let p = root.key("place");
            if let Some(o) = ctx.object(pl, &p, &["locality", "country"]) {
                if let Some(l) = ctx.required(o, &p, "locality", None) {
                    ctx.string(l, &p.key("locality"), 200);
                }
                if let Some(c) = ctx.required(o, &p, "country", None) {
                    super::issuer::country(ctx, c, &p.key("country"));
                }
            }
        }
        None => {
            if issuer.is_some_and(|i| i.locality.is_none()) {
                ctx.warn(&root.key("place"), ProblemKind::NoPlace);
            }
        }
    }
    if let Some(g) = ctx.optional(m, "grade") {
        let p = root.key("grade");
        if let Some(grade) = ctx.string(g, &p, 64) {
            let allowed: Vec<String> = spec
                .and_then(|s| s.grading_scheme.as_ref())
                .map(|gs| gs.grades.iter().map(|g| g.value.clone()).collect())
                .unwrap_or_default();
            if !allowed.is_empty() && !allowed.iter().any(|a| a == grade) {
                ctx.error(
                    &p,
                    ProblemKind::GradeNotInScheme {
                        grade: grade.to_string(),
                        allowed,
                    },
                );
            }
        }
    }
    if let Some(e) = ctx.optional(m, "evidence") {
        let p = root.key("evidence");
        if let Some(items) = ctx.array(e, &p, 0, None) {
            for (i, item) in items.iter().enumerate() {
                let ip = p.idx(i);
                let Some(o) = ctx.object(item, &ip, &["name", "narrative", "url"]) else {
                    continue;
                };
                if o.is_empty() {
                    ctx.error(&ip, ProblemKind::Empty);
                }
                for key in ["name", "narrative"] {
                    if let Some(x) = ctx.optional(o, key) {
                        ctx.lang_map(x, &ip.key(key));
                    }
                }
                if let Some(u) = ctx.optional(o, "url") {
                    ctx.url(u, &ip.key("url"));
                }
            }
        }
    }
    if let Some(c) = ctx.optional(m, "chosenUnits") {
        chosen_units(ctx, c, &root.key("chosenUnits"), spec);
    }
    if let Some(vu) = ctx.optional(m, "validUntil") {
        let p = root.key("validUntil");
        if let (Some(until), Some(from)) = (date(ctx, vu, &p), issued) {
            if until.latest_instant() < from.earliest_instant() {
                ctx.error(&p, ProblemKind::EndBeforeStart);
            }
        }
    }
}

/// The units a learner chose: each names an option of one of the specification's choice
/// groups, at most once, and a group with any choice has exactly as many as it asks for.
fn chosen_units(ctx: &mut Ctx, v: &Value, p: &Path, spec: Option<&Specification>) {
    let Some(items) = ctx.array(v, p, 0, None) else {
        return;
    };
    let groups = spec
        .and_then(|s| s.units.as_ref())
        .map(|u| u.choices.len())
        .unwrap_or(0);
    let mut per_group = vec![0u64; groups];
    let mut seen: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ip = p.idx(i);
        let Some(key) = ctx.string(item, &ip, MAX_SHORT) else {
            continue;
        };
        if seen.iter().any(|s| s.eq_ignore_ascii_case(key.trim())) {
            ctx.error(
                &ip,
                ProblemKind::Duplicate {
                    value: key.to_string(),
                },
            );
            continue;
        }
        seen.push(key.trim().to_string());
        let Some(spec) = spec else { continue };
        match spec.unit_option(key) {
            Some((group, _)) => per_group[group] += 1,
            None => {
                let allowed: Vec<String> = spec
                    .units
                    .iter()
                    .flat_map(|u| u.choices.iter())
                    .flat_map(|c| c.options.iter())
                    .map(|u| {
                        u.code
                            .clone()
                            .unwrap_or_else(|| u.name.best("fi").unwrap_or_default().to_string())
                    })
                    .collect();
                ctx.error(
                    &ip,
                    ProblemKind::NotAnOption {
                        value: key.to_string(),
                        allowed,
                    },
                )
            }
        }
    }
    if let Some(units) = spec.and_then(|s| s.units.as_ref()) {
        for (c, n) in units.choices.iter().zip(&per_group) {
            if *n > 0 && *n != u64::from(c.select) {
                ctx.error(
                    p,
                    ProblemKind::WrongChoiceCount {
                        select: u64::from(c.select),
                        chosen: *n,
                    },
                );
            }
        }
    }
}

fn date(ctx: &mut Ctx, v: &Value, p: &Path) -> Option<DocDate> {
    let s = ctx.string(v, p, 64)?;
    let d = DocDate::parse(s);
    if d.is_none() {
        ctx.error(
            p,
            ProblemKind::InvalidDate {
                value: s.to_string(),
            },
        );
    }
    d
}

fn learner(ctx: &mut Ctx, v: &Value, p: &Path, opts: &Options) {
    let Some(o) = ctx.object(v, p, LEARNER_FIELDS) else {
        return;
    };
    if let Some(n) = ctx.required(o, p, "name", Some(Element::Learner)) {
        ctx.string(n, &p.key("name"), 300);
    }
    for key in ["givenName", "familyName"] {
        if let Some(x) = ctx.optional(o, key) {
            ctx.string(x, &p.key(key), 300);
        }
    }
    let mut identified = false;
    if let Some(d) = ctx.optional(o, "dateOfBirth") {
        identified = true;
        let dp = p.key("dateOfBirth");
        if let Some(dob) = date(ctx, d, &dp) {
            let year = chrono::Datelike::year(&dob.date());
            if dob.earliest_instant() > opts.now + Duration::days(1) || year < 1900 {
                ctx.error(&dp, ProblemKind::ImplausibleBirthDate);
            }
        }
    }
    if let Some(n) = ctx.optional(o, "nationalId") {
        identified = true;
        ctx.string(n, &p.key("nationalId"), 64);
    }
    if let Some(e) = ctx.optional(o, "email") {
        identified = true;
        let ep = p.key("email");
        if let Some(s) = ctx.string(e, &ep, 320) {
            if !is_email(s) {
                ctx.error(
                    &ep,
                    ProblemKind::InvalidEmail {
                        value: s.to_string(),
                    },
                );
            }
        }
    }
    if let Some(d) = ctx.optional(o, "did") {
        identified = true;
        let dp = p.key("did");
        if let Some(s) = ctx.string(d, &dp, MAX_SHORT) {
            if !is_did(s) {
                ctx.error(
                    &dp,
                    ProblemKind::InvalidDid {
                        value: s.to_string(),
                    },
                );
            }
        }
    }
    if !identified {
        ctx.error(p, ProblemKind::NoLearnerIdentifier);
    }
}
