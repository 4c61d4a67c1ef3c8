//! The specification editor as a form: every Annex I and optional element a labelled
//! field, text in Finnish, Swedish and English side by side, controlled lists as choices,
//! rows added with a button (no script needed), and every problem shown next to its field
//! in words. Drafts are kept in the issuer's catalogue until published; JSON can still be
//! uploaded and downloaded.
//!
//! A form field is named `s.` and the path of its value in the specification
//! (`s.learningOutcomes.0.text.fi`), so that a posted form becomes the specification's JSON
//! without a table of names, and a validation problem's JSONPath names the field it
//! belongs to. What the form does not show (partners, say) rides along in a hidden field.

// A refusal here is the page to answer with, built once per request: boxing it buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use microcred_issuer::catalogue::Published;
use microcred_model::validate::{self, Options};
use microcred_model::vocab::{
    AssessmentType, LearningSetting, ParticipationMode, QfEheaCycle, QualityAssuranceType,
    ScopeUnit, Supervision, UnitBasis, Vocabulary,
};
use microcred_model::Lang;

use super::i18n::t;
use super::provider::{issuer_of, staff_json, Staff};
use super::session::{SignedForm, SignedIn};
use super::{failure, field, render, render_status, see_other, PageLang};
use crate::error::ApiError;
use crate::issuer_api::blocking;
use crate::state::Shared;

fn langs() -> Value {
    json!({ "fi": "", "sv": "", "en": "" })
}

fn unit() -> Value {
    json!({
        "code": "", "name": langs(), "scope": { "value": "", "unit": "osp" },
        "qualifications": [ { "code": "", "name": langs() } ], "basis": ""
    })
}

/// Every value the form shows, empty: the shape the template reads.
fn skeleton() -> Value {
    json!({
        "id": "", "version": "", "validity": "",
        "title": langs(), "description": langs(),
        "learningOutcomes": [ { "text": langs(), "escoSkill": "" } ],
        "workload": { "ects": "", "osp": "", "hours": "" },
        "duration": "",
        "level": { "eqf": "", "nqf": "", "qfEheaCycle": "" },
        "assessment": { "types": [], "description": langs() },
        "participation": { "modes": [], "description": langs() },
        "qualityAssurance": [ { "type": "", "body": "", "reference": "" } ],
        "prerequisites": langs(),
        "supervision": { "type": "" },
        "gradingScheme": { "grades": "", "description": langs() },
        "integration": { "type": "", "towards": [ { "id": "", "title": langs() } ] },
        "units": {
            "required": [ unit() ],
            "choices": [ { "select": "", "description": langs(), "options": [ unit() ] } ]
        },
        "furtherInformation": langs(),
        "url": "",
        "languages": "",
        "learningSetting": ""
    })
}

/// Lists that always show at least one (empty) row.
const ROWS_SHOWN: &[&str] = &[
    "learningOutcomes",
    "qualityAssurance",
    "units.required",
    "integration.towards",
];

/// Lists a row can be added to, and what a new row looks like.
fn new_row(list: &str) -> Option<Value> {
    let sk = skeleton();
    let path = list.split('.').collect::<Vec<_>>();
    // `units.choices.N.options` takes a unit; every other list its skeleton's first row.
    if path.len() == 4 && path[0] == "units" && path[1] == "choices" && path[3] == "options" {
        return Some(unit());
    }
    let mut at = &sk;
    for p in &path {
        at = at.get(*p)?;
    }
    at.as_array()?.first().cloned()
}

/// `value` laid over `shape`: every key of the shape present (empty where the value has
/// nothing), arrays row by row, other keys of the value kept.
fn fill(value: &Value, shape: &Value, path: &str) -> Value {
    match (value, shape) {
        (Value::Object(v), Value::Object(s)) => {
            let mut out = Map::new();
            for (k, sv) in s {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                out.insert(
                    k.clone(),
                    match v.get(k) {
                        Some(x) => fill(x, sv, &p),
                        None => fill(&Value::Null, sv, &p),
                    },
                );
            }
            for (k, x) in v {
                out.entry(k.clone()).or_insert_with(|| x.clone());
            }
            Value::Object(out)
        }
        (Value::Array(items), Value::Array(s)) => {
            let row = s.first().cloned().unwrap_or(Value::Null);
            // Checkbox lists (codes) stay as they are.
            if row.is_null() || s.is_empty() {
                return Value::Array(items.clone());
            }
            let row = if path.ends_with(".options") {
                unit()
            } else {
                row
            };
            let mut out: Vec<Value> = items.iter().map(|i| fill(i, &row, path)).collect();
            let always = ROWS_SHOWN.contains(&path)
                || path.ends_with(".qualifications")
                || path.ends_with(".options");
            if out.is_empty() && always {
                out.push(fill(&Value::Null, &row, path));
            }
            Value::Array(out)
        }
        (Value::Null, Value::Array(_)) => fill(&json!([]), shape, path),
        (Value::Null, s) => match s {
            Value::Object(_) => fill(&json!({}), s, path),
            other => other.clone(),
        },
        (Value::String(_), Value::Object(_)) | (Value::Number(_), Value::Object(_)) => {
            fill(&json!({}), shape, path)
        }
        (Value::Number(n), _) => Value::String(n.to_string()),
        (Value::Bool(b), _) => Value::String(b.to_string()),
        (v, _) => v.clone(),
    }
}

/// A specification (or draft) as the form shows it.
fn to_form(spec: &Value) -> Value {
    let mut v = spec.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("$schema");
        if let Some(Value::Array(l)) = o.get("languages") {
            let joined: Vec<&str> = l.iter().filter_map(Value::as_str).collect();
            o.insert("languages".into(), json!(joined.join(", ")));
        }
    }
    if let Some(Value::Array(g)) = v.pointer("/gradingScheme/grades").cloned() {
        let joined: Vec<&str> = g.iter().filter_map(|x| x["value"].as_str()).collect();
        v["gradingScheme"]["grades"] = json!(joined.join(", "));
    }
    // What the form has no field for is carried along unchanged.
    let shape = skeleton();
    let extra: Map<String, Value> = v
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| shape.get(k.as_str()).is_none())
                .map(|(k, x)| (k.clone(), x.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut form = fill(&v, &shape, "");
    if let Some(o) = form.as_object_mut() {
        for k in extra.keys() {
            o.remove(k);
        }
        o.insert(
            "extra".into(),
            json!(if extra.is_empty() {
                String::new()
            } else {
                Value::Object(extra).to_string()
            }),
        );
    }
    form
}

/// The posted fields (`s.` names) as the form's value tree.
fn from_fields(f: &[(String, String)]) -> Value {
    let mut root = Value::Object(Map::new());
    for (name, value) in f {
        let Some(path) = name.strip_prefix("s.") else {
            continue;
        };
        let (path, push) = match path.strip_suffix("[]") {
            Some(p) => (p, true),
            None => (path, false),
        };
        let mut at = &mut root;
        let parts: Vec<&str> = path.split('.').collect();
        if parts.len() > 12 {
            continue;
        }
        for (i, p) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let index = p.parse::<usize>().ok().filter(|n| *n < 500);
            match index {
                Some(n) => {
                    if !at.is_array() {
                        *at = json!([]);
                    }
                    let Some(arr) = at.as_array_mut() else { break };
                    while arr.len() <= n {
                        arr.push(json!({}));
                    }
                    at = &mut arr[n];
                }
                None => {
                    if !at.is_object() {
                        *at = json!({});
                    }
                    let Some(obj) = at.as_object_mut() else { break };
                    at = obj.entry(p.to_string()).or_insert(Value::Null);
                }
            }
            if last {
                if push {
                    if !at.is_array() {
                        *at = json!([]);
                    }
                    if let Some(a) = at.as_array_mut() {
                        a.push(json!(value));
                    }
                } else {
                    *at = json!(value);
                }
            }
        }
    }
    let extra = field(f, "extra");
    let mut form = fill(&root, &skeleton(), "");
    form["extra"] = json!(extra);
    form
}

/// A number typed by a person: `7,5` is 7.5. What is not a number stays text, for the
/// validator to say so.
fn number(s: &str) -> Value {
    let t = s.trim().replace(',', ".");
    match t.parse::<f64>() {
        Ok(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => json!(n as i64),
        Ok(n) if n.is_finite() => json!(n),
        _ => json!(s.trim()),
    }
}

/// The form's value tree as a specification's JSON: blanks dropped, numbers as numbers,
/// lists of words split, and what rode along put back.
fn to_spec(form: &Value) -> Value {
    fn prune(v: &Value, path: &str) -> Option<Value> {
        match v {
            Value::String(s) => {
                let s = s.trim();
                if s.is_empty() {
                    return None;
                }
                let key = path.rsplit('.').next().unwrap_or(path);
                Some(match key {
                    "ects" | "osp" | "hours" | "value" | "select" => number(s),
                    "eqf" if s != microcred_model::spec::NOT_APPLICABLE => number(s),
                    _ if path == "languages" => json!(s
                        .split([',', ';', ' '])
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .collect::<Vec<_>>()),
                    _ if path == "gradingScheme.grades" => json!(s
                        .split([',', ';'])
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(|g| json!({ "value": g }))
                        .collect::<Vec<_>>()),
                    _ => json!(s),
                })
            }
            Value::Object(o) => {
                let mut out = Map::new();
                for (k, x) in o {
                    if path.is_empty() && k == "extra" {
                        continue;
                    }
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    if let Some(x) = prune(x, &p) {
                        out.insert(k.clone(), x);
                    }
                }
                // A unit's scope is a value and its unit: the unit alone (a default of
                // the choice) is no scope.
                if path.ends_with("scope") && !out.contains_key("value") {
                    return None;
                }
                (!out.is_empty()).then_some(Value::Object(out))
            }
            Value::Array(a) => {
                let items: Vec<Value> = a.iter().filter_map(|x| prune(x, path)).collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
            other => Some(other.clone()),
        }
    }
    let mut spec = prune(form, "").unwrap_or_else(|| json!({}));
    if let (Some(o), Ok(Value::Object(extra))) = (
        spec.as_object_mut(),
        serde_json::from_str::<Value>(form["extra"].as_str().unwrap_or("")),
    ) {
        for (k, x) in extra {
            o.entry(k).or_insert(x);
        }
    }
    spec
}

/// Each problem under the form field it belongs to (`learningOutcomes.0.text.fi`), and
/// all of them, in words, for the list at the top of the page.
fn problems(report: &validate::Report, lang: Lang) -> (BTreeMap<String, Vec<Value>>, Vec<Value>) {
    let mut by_key: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut all = Vec::new();
    for p in &report.problems {
        let key = p
            .path
            .trim_start_matches('$')
            .trim_start_matches('.')
            .replace('[', ".")
            .replace(']', "");
        let error = p.severity == validate::Severity::Error;
        let item = json!({ "message": p.message(lang), "error": error });
        by_key.entry(key.clone()).or_default().push(item);
        all.push(json!({
            "key": key,
            "where": p.describe(lang).split(": ").next().unwrap_or_default(),
            "message": p.message(lang),
            "error": error,
        }));
    }
    (by_key, all)
}

fn options<V: Vocabulary>(lang: Lang) -> Vec<Value> {
    V::ALL
        .iter()
        .map(|v| json!({ "code": v.code(), "label": v.label(lang) }))
        .collect()
}

/// The form page: the values, the choices, and the problems.
fn page(
    s: &Staff,
    form: &Value,
    report: Option<&validate::Report>,
    notice: Option<String>,
    problem: Option<String>,
    lang: Lang,
) -> Value {
    let (by_key, all) = report.map(|r| problems(r, lang)).unwrap_or_default();
    let validity = ["P1Y", "P2Y", "P3Y", "P4Y", "P5Y", "P10Y"];
    let current = form["validity"].as_str().unwrap_or("");
    let mut validity_choices: Vec<Value> = validity
        .iter()
        .map(|v| {
            json!({
                "code": v,
                "label": microcred_model::dates::IsoDuration::parse(v).map(|d| d.describe(lang)).unwrap_or_default(),
            })
        })
        .collect();
    if !current.is_empty() && !validity.contains(&current) {
        validity_choices.push(json!({ "code": current, "label": current }));
    }
    json!({
        "staff": staff_json(s),
        "d": form,
        "problems": by_key,
        "all_problems": all,
        "checked": report.is_some(),
        "valid": report.is_some_and(|r| r.is_valid()),
        "notice": notice,
        "problem": problem,
        "choices": {
            "validity": validity_choices,
            "assessment": options::<AssessmentType>(lang),
            "participation": options::<ParticipationMode>(lang),
            "qa": options::<QualityAssuranceType>(lang),
            "supervision": options::<Supervision>(lang),
            "setting": options::<LearningSetting>(lang),
            "cycle": options::<QfEheaCycle>(lang),
            "unit": options::<ScopeUnit>(lang),
            "basis": options::<UnitBasis>(lang),
            "eqf": (1..=8).map(|n| json!({ "code": n.to_string(), "label": format!("EQF {n}") }))
                .chain(std::iter::once(json!({ "code": microcred_model::spec::NOT_APPLICABLE, "label": t(lang, "sf_eqf_na") })))
                .collect::<Vec<_>>(),
        },
    })
}

fn check(form: &Value) -> validate::Report {
    validate::validate_specification(&to_spec(form), &Options::default())
}

#[derive(Deserialize, Default)]
pub(super) struct EditQuery {
    id: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    published: Option<String>,
    version: Option<String>,
    how: Option<String>,
}

/// The catalogue for the provider: drafts, published specifications and their versions.
pub(super) async fn list(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
    Query(q): Query<ListQuery>,
) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let lang = pl.lang;
    let data = blocking(move || {
        let drafts: Vec<Value> = issuer
            .drafts()?
            .into_iter()
            .map(|d| {
                json!({
                    "id": d.id,
                    "version": d.document["version"].as_str().unwrap_or(""),
                    "title": d.document["title"][lang.code()].as_str().or_else(|| d.document["title"]["fi"].as_str()).unwrap_or(""),
                })
            })
            .collect();
        let published: Vec<Value> = issuer
            .catalogue()?
            .into_iter()
            .map(|sp| {
                json!({
                    "id": sp.id,
                    "version": sp.version.clone().unwrap_or_default(),
                    "title": sp.title.text(lang),
                    "versions": issuer.versions(&sp.id).unwrap_or_default().join(", "),
                })
            })
            .collect();
        Ok((drafts, published))
    })
    .await;
    let (drafts, published) = match data {
        Ok(d) => d,
        Err(e) => return failure(pl, e),
    };
    render(
        pl,
        "provider_specs.html",
        json!({
            "staff": staff_json(&s),
            "drafts": drafts,
            "published": published,
            "problem": Value::Null,
            "published_now": q.published.map(|id| json!({
                "id": id,
                "version": q.version.unwrap_or_default(),
                "new": q.how.as_deref() == Some("new"),
            })),
        }),
    )
}

/// A draft in the form (or an empty form for a new specification).
pub(super) async fn edit(
    State(state): State<Shared>,
    SignedIn(s): SignedIn<Staff>,
    pl: PageLang,
    Query(q): Query<EditQuery>,
) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let draft = match q.id.filter(|i| !i.is_empty()) {
        Some(id) => match blocking(move || Ok(issuer.draft(&id)?)).await {
            Ok(Some(d)) => Some(d),
            Ok(None) => return super::not_found(pl),
            Err(e) => return failure(pl, e),
        },
        None => None,
    };
    let form = to_form(&draft.clone().unwrap_or_else(|| json!({ "version": "1" })));
    let report = draft.as_ref().map(|_| check(&form));
    render(
        pl,
        "provider_spec_form.html",
        page(&s, &form, report.as_ref(), None, None, pl.lang),
    )
}

/// What the form's buttons do: add or remove a row, check, save the draft, publish,
/// download the JSON. Every answer is the form again, with every problem by its field.
pub(super) async fn post(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { user: s, form: f }: SignedForm<Staff>,
) -> Response {
    let lang = pl.lang;
    let mut form = from_fields(&f);
    let action = field(&f, "action").to_string();
    if let Some(list) = action.strip_prefix("add:") {
        if let Some(row) = new_row(
            &list
                .split('.')
                .map(|p| if p.parse::<usize>().is_ok() { "0" } else { p })
                .collect::<Vec<_>>()
                .join("."),
        ) {
            let ptr = format!("/{}", list.replace('.', "/"));
            match form.pointer_mut(&ptr) {
                Some(Value::Array(a)) if a.len() < 200 => a.push(fill(&row, &row, list)),
                _ => {}
            }
        }
        return render(
            pl,
            "provider_spec_form.html",
            page(&s, &form, None, None, None, lang),
        );
    }
    if let Some(row) = action.strip_prefix("remove:") {
        if let Some((list, index)) = row.rsplit_once('.') {
            if let (Some(Value::Array(a)), Ok(i)) = (
                form.pointer_mut(&format!("/{}", list.replace('.', "/"))),
                index.parse::<usize>(),
            ) {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        form = fill(&form, &skeleton(), "");
        return render(
            pl,
            "provider_spec_form.html",
            page(&s, &form, None, None, None, lang),
        );
    }
    let spec = to_spec(&form);
    let report = check(&form);
    if action == "download" {
        let mut text = serde_json::to_vec_pretty(&spec).unwrap_or_default();
        text.push(b'\n');
        let id = spec["id"]
            .as_str()
            .filter(|i| microcred_model::validate::is_slug(i))
            .unwrap_or("specification");
        let mut resp = (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            text,
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{id}.json\"")) {
            resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
        return resp;
    }
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let has_id = spec["id"].as_str().is_some_and(|i| !i.trim().is_empty());
    // Saving and publishing keep the draft first, so nothing typed is lost.
    let mut notice = None;
    let mut problem = None;
    if (action == "save" || action == "publish") && has_id {
        let (i2, d) = (issuer.clone(), spec.clone());
        if let Err(e) = blocking(move || Ok(i2.save_draft(&d)?)).await {
            problem = Some(e.message);
        } else if action == "save" {
            notice = Some(t(lang, "sf_saved").to_string());
        }
    } else if action == "save" || action == "publish" {
        problem = Some(t(lang, "sf_needs_id").to_string());
    }
    if action == "publish" && problem.is_none() {
        if report.is_valid() {
            let (i2, id) = (
                issuer.clone(),
                spec["id"].as_str().unwrap_or_default().to_string(),
            );
            let done =
                blocking(move || Ok(i2.publish_draft(&id).map_err(|e| e.message(lang)))).await;
            match done {
                Ok(Ok((published, how))) => {
                    let v = published.version.unwrap_or_default();
                    return see_other(&format!(
                        "/provider/spec?published={}&version={}&how={}",
                        microcred_core::pct::percent_encode(&published.id),
                        microcred_core::pct::percent_encode(&v),
                        if how == Published::New { "new" } else { "same" }
                    ));
                }
                Ok(Err(m)) => problem = Some(m),
                Err(e) => problem = Some(e.message),
            }
        } else {
            problem = Some(t(lang, "sf_fix_first").to_string());
        }
    }
    let status = if problem.is_some() || !report.is_valid() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(
        pl,
        status,
        "provider_spec_form.html",
        page(&s, &form, Some(&report), notice, problem, lang),
    )
}

/// A specification's JSON, uploaded or pasted: into the form, problems and all.
pub(super) async fn upload(
    pl: PageLang,
    SignedForm { user: s, form: f }: SignedForm<Staff>,
) -> Response {
    let text = field(&f, "spec");
    match validate::parse_json(text.as_bytes()) {
        Ok(v) if v.is_object() => {
            let form = to_form(&v);
            let report = check(&form);
            let status = if report.is_valid() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            render_status(
                pl,
                status,
                "provider_spec_form.html",
                page(&s, &form, Some(&report), None, None, pl.lang),
            )
        }
        Ok(_) | Err(_) => {
            let message = match validate::parse_json(text.as_bytes()) {
                Err(r) => r.describe(pl.lang),
                Ok(_) => t(pl.lang, "sf_not_object").to_string(),
            };
            render_status(
                pl,
                StatusCode::UNPROCESSABLE_ENTITY,
                "provider_specs.html",
                json!({ "staff": staff_json(&s), "drafts": [], "published": [], "problem": message, "published_now": Value::Null }),
            )
        }
    }
}

/// Starts the next version of a published specification as a draft, in the form.
pub(super) async fn new_version(
    State(state): State<Shared>,
    pl: PageLang,
    SignedForm { form: f, .. }: SignedForm<Staff>,
) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let id = field(&f, "id").to_string();
    let lang = pl.lang;
    let id2 = id.clone();
    match blocking(move || Ok(issuer.new_version(&id2, None).map_err(|e| e.message(lang)))).await {
        Ok(Ok(_)) => see_other(&format!(
            "/provider/spec/edit?id={}",
            microcred_core::pct::percent_encode(&id)
        )),
        Ok(Err(m)) => failure(pl, ApiError::new(StatusCode::CONFLICT, "conflict", m)),
        Err(e) => failure(pl, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_specification_survives_the_form() {
        for text in microcred_issuer::demo::EXAMPLE_SPECS {
            let spec: Value = serde_json::from_str(text).unwrap();
            let form = to_form(&spec);
            // As posted: every value a string field named by its path.
            let mut fields = Vec::new();
            fn walk(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
                match v {
                    Value::Object(o) => o.iter().for_each(|(k, x)| {
                        walk(
                            x,
                            &if path.is_empty() {
                                k.clone()
                            } else {
                                format!("{path}.{k}")
                            },
                            out,
                        )
                    }),
                    Value::Array(a) if path.ends_with("types") || path.ends_with("modes") => {
                        a.iter().for_each(|x| {
                            out.push((format!("s.{path}[]"), x.as_str().unwrap().to_string()))
                        })
                    }
                    Value::Array(a) => a
                        .iter()
                        .enumerate()
                        .for_each(|(i, x)| walk(x, &format!("{path}.{i}"), out)),
                    Value::String(s) if path == "extra" => out.push(("extra".into(), s.clone())),
                    Value::String(s) => out.push((format!("s.{path}"), s.clone())),
                    other => panic!("{path}: {other}"),
                }
            }
            walk(&form, "", &mut fields);
            let back = to_spec(&from_fields(&fields));
            let report = validate::validate_specification(&back, &Options::default());
            assert!(
                report.is_valid(),
                "{}: {}",
                spec["id"],
                report.describe(Lang::En)
            );
            let mut want = spec.clone();
            want.as_object_mut().unwrap().remove("$schema");
            for key in [
                "id",
                "version",
                "title",
                "description",
                "learningOutcomes",
                "workload",
                "level",
                "assessment",
                "participation",
            ] {
                assert_eq!(back[key], want[key], "{}: {key}", spec["id"]);
            }
        }
    }

    #[test]
    fn problems_are_found_by_their_field() {
        let form = from_fields(&[
            ("s.id".into(), "uusi".into()),
            ("s.workload.ects".into(), "viisi".into()),
            ("s.learningOutcomes.0.text.fi".into(), "".into()),
        ]);
        let (by_key, all) = problems(&check(&form), Lang::Fi);
        assert!(by_key.contains_key("workload.ects"), "{by_key:?}");
        assert!(by_key.contains_key("learningOutcomes"), "{by_key:?}");
        assert!(all
            .iter()
            .all(|p| !p["where"].as_str().unwrap().contains('$')));
        // Hostile names do not hurt.
        let _ = from_fields(&[
            ("s.a.99999999.b".into(), "x".into()),
            ("s..".into(), "x".into()),
            ("s.0.0.0.0.0.0.0.0.0.0.0.0.0".into(), "x".into()),
        ]);
    }
}

#[derive(Deserialize)]
pub(super) struct PreviewQuery {
    id: String,
    pdf: Option<String>,
}

/// How a credential of a published specification prints, for a sample learner: the
/// provider sees page 1 and the annex before issuing anything.
pub(super) async fn preview(
    State(state): State<Shared>,
    SignedIn(_s): SignedIn<Staff>,
    pl: PageLang,
    Query(q): Query<PreviewQuery>,
) -> Response {
    let issuer = match issuer_of(&state) {
        Ok(i) => i,
        Err(e) => return failure(pl, e),
    };
    let Ok(spec) = issuer.spec(&q.id) else {
        return super::not_found(pl);
    };
    let lang = pl.lang;
    let chosen: Vec<String> = spec
        .units
        .iter()
        .flat_map(|u| u.choices.iter())
        .flat_map(|c| c.options.iter().take(c.select as usize))
        .map(|u| {
            u.code
                .clone()
                .unwrap_or_else(|| u.name.text(Lang::Fi).to_string())
        })
        .collect();
    let award = microcred_model::Award {
        json_schema: None,
        id: None,
        specification: spec.id.clone(),
        learner: microcred_model::Learner {
            name: "Maija Meikäläinen".into(),
            date_of_birth: Some("2003-04-17".into()),
            ..Default::default()
        },
        issued: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        place: None,
        grade: spec
            .grading_scheme
            .as_ref()
            .and_then(|g| g.grades.last())
            .map(|g| g.value.clone()),
        evidence: Vec::new(),
        valid_until: None,
        chosen_units: chosen,
    };
    let award = microcred_issuer::Issuer::complete_award(&spec, &award);
    let view = microcred_model::render::view(&spec, Some(issuer.profile()), Some(&award), lang);
    let link = format!("{}/catalogue/{}", state.config.base_url, spec.id);
    let results = json!([{
        "kind": "valid",
        "good": true,
        "headline": t(lang, "sf_preview"),
        "issuer": issuer.profile().name.text(lang),
        "logo": issuer.profile().logo,
        "title": view.title,
        "sections": serde_json::to_value(&view.sections).unwrap_or_default(),
    }]);
    if q.pdf.as_deref() == Some("1") {
        let texts = |k: &str| t(lang, k);
        let bytes = super::pdf::certificate(
            results.as_array().map(Vec::as_slice).unwrap_or_default(),
            &link,
            &texts,
        );
        return super::pdf::download(bytes, &spec.id);
    }
    render(
        pl,
        "print.html",
        json!({
            "results": results,
            "link": link,
            "qr": super::qr_svg(&link),
            "checked": award.issued,
            "pdf": format!("/provider/spec/preview?id={}&pdf=1", microcred_core::pct::percent_encode(&spec.id)),
        }),
    )
}
