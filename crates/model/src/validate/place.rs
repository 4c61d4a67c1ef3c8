//! Where a problem is, in words: a JSONPath such as `$.learningOutcomes[1].text.fi`
//! becomes "Osaamistavoite 2 › teksti › suomeksi", so that people who never see the JSON
//! (the provider's form, the cohort report, an error message) still know which field.

use microcred_text::{msg, t, MsgRef};

use crate::lang::Lang;

/// `(key, the field's name, the name of one item when it is a list)`.
type Label = (&'static str, MsgRef, Option<MsgRef>);

const LABELS: &[Label] = &[
    ("id", msg!("place_id"), None),
    ("version", msg!("place_version"), None),
    ("title", msg!("place_title"), None),
    ("description", msg!("render_description"), None),
    (
        "learningOutcomes",
        msg!("element_learning_outcomes"),
        Some(msg!("place_learning_outcomes_item")),
    ),
    ("text", msg!("place_text"), None),
    ("escoSkill", msg!("place_esco_skill"), None),
    ("workload", msg!("place_workload"), None),
    ("ects", msg!("render_unit_ects"), None),
    ("osp", msg!("render_unit_osp"), None),
    ("hours", msg!("place_hours"), None),
    ("duration", msg!("render_duration"), None),
    ("validity", msg!("place_validity"), None),
    ("level", msg!("place_level"), None),
    ("eqf", msg!("place_eqf"), None),
    ("nqf", msg!("place_nqf"), None),
    ("qfEheaCycle", msg!("place_qf_ehea_cycle"), None),
    ("assessment", msg!("elm_assessment"), None),
    ("types", msg!("place_types"), Some(msg!("place_type"))),
    ("participation", msg!("element_participation"), None),
    ("modes", msg!("place_modes"), Some(msg!("place_modes_item"))),
    (
        "qualityAssurance",
        msg!("place_quality_assurance"),
        Some(msg!("place_quality_assurance")),
    ),
    ("type", msg!("place_type"), None),
    ("body", msg!("place_body"), None),
    ("reference", msg!("place_reference"), None),
    ("prerequisites", msg!("place_prerequisites"), None),
    ("supervision", msg!("place_supervision"), None),
    ("gradingScheme", msg!("render_grading_scheme"), None),
    (
        "grades",
        msg!("place_grades"),
        Some(msg!("place_grades_item")),
    ),
    ("value", msg!("place_value"), None),
    ("label", msg!("place_label"), None),
    ("integration", msg!("element_integration"), None),
    (
        "towards",
        msg!("place_towards"),
        Some(msg!("place_towards_item")),
    ),
    ("parts", msg!("place_parts"), Some(msg!("place_parts_item"))),
    ("units", msg!("place_units"), None),
    (
        "required",
        msg!("place_required"),
        Some(msg!("place_required_item")),
    ),
    (
        "choices",
        msg!("place_choices"),
        Some(msg!("place_choices_item")),
    ),
    ("select", msg!("place_select"), None),
    (
        "options",
        msg!("place_options"),
        Some(msg!("place_options_item")),
    ),
    ("code", msg!("place_code"), None),
    ("name", msg!("place_name"), None),
    ("scope", msg!("place_scope"), None),
    ("unit", msg!("place_unit"), None),
    (
        "qualifications",
        msg!("place_qualifications"),
        Some(msg!("place_qualifications_item")),
    ),
    ("basis", msg!("place_basis"), None),
    (
        "furtherInformation",
        msg!("place_further_information"),
        None,
    ),
    ("url", msg!("place_url"), None),
    (
        "languages",
        msg!("place_languages"),
        Some(msg!("place_languages_item")),
    ),
    ("learningSetting", msg!("place_learning_setting"), None),
    (
        "partners",
        msg!("place_partners"),
        Some(msg!("place_partners_item")),
    ),
    ("role", msg!("place_role"), None),
    ("specification", msg!("place_specification"), None),
    ("learner", msg!("place_learner"), None),
    ("givenName", msg!("place_given_name"), None),
    ("familyName", msg!("place_family_name"), None),
    ("dateOfBirth", msg!("place_date_of_birth"), None),
    ("nationalId", msg!("place_national_id"), None),
    ("email", msg!("place_email"), None),
    ("did", msg!("place_did"), None),
    ("issued", msg!("place_issued"), None),
    ("place", msg!("place_place"), None),
    ("locality", msg!("place_locality"), None),
    ("country", msg!("place_country"), None),
    ("grade", msg!("element_grade"), None),
    (
        "evidence",
        msg!("place_evidence"),
        Some(msg!("place_evidence_item")),
    ),
    ("narrative", msg!("place_narrative"), None),
    ("validUntil", msg!("place_valid_until"), None),
    (
        "chosenUnits",
        msg!("place_chosen_units"),
        Some(msg!("place_chosen_units_item")),
    ),
];

/// A language tag as a reader says it: "suomeksi", "på svenska", "in English", or the
/// tag itself in parentheses for other languages.
pub fn language_name(tag: &str, lang: Lang) -> String {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    match primary.as_str() {
        "fi" => t!(lang, "place_in_finnish").into(),
        "sv" => t!(lang, "place_in_swedish").into(),
        "en" => t!(lang, "place_in_english").into(),
        _ => format!("({tag})"),
    }
}

enum Segment {
    Key(String),
    Index(usize),
}

fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = path.strip_prefix('$').unwrap_or(path);
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            out.push(Segment::Key(r[..end].to_string()));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else { break };
            let inner = &r[..end];
            match inner.parse::<usize>() {
                Ok(i) => out.push(Segment::Index(i)),
                Err(_) => out.push(Segment::Key(
                    serde_json::from_str::<String>(inner).unwrap_or_else(|_| inner.to_string()),
                )),
            }
            rest = &r[end + 1..];
        } else {
            break;
        }
    }
    out
}

/// The field a JSONPath names, in words, in `lang`.
pub fn describe(path: &str, lang: Lang) -> String {
    let segs = segments(path);
    if segs.is_empty() {
        return t!(lang, "place_whole_document").to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < segs.len() {
        match &segs[k] {
            Segment::Key(key) => {
                let label = LABELS.iter().find(|(n, ..)| n == key);
                match (label, segs.get(k + 1)) {
                    (Some((_, _, Some(item))), Some(Segment::Index(n))) => {
                        parts.push(format!("{} {}", item.text(lang), n + 1));
                        k += 1;
                    }
                    (Some((_, whole, _)), _) => parts.push(whole.text(lang).to_string()),
                    (None, _) if crate::lang::is_language_tag(key) => {
                        parts.push(language_name(key, lang))
                    }
                    (None, _) => parts.push(key.clone()),
                }
            }
            Segment::Index(n) => parts.push(format!("{}", n + 1)),
        }
        k += 1;
    }
    parts.join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_words() {
        assert_eq!(
            describe("$.learningOutcomes[1].text.fi", Lang::Fi),
            "Osaamistavoite 2 › teksti › suomeksi"
        );
        assert_eq!(
            describe("$.units.choices[0].options[2].scope.value", Lang::Sv),
            "Examensdelar › Valbar grupp 1 › alternativ 3 › omfattning › värde"
        );
        assert_eq!(
            describe("$.learner.dateOfBirth", Lang::En),
            "Learner › date of birth"
        );
        assert_eq!(describe("$", Lang::Fi), "koko asiakirja");
        assert_eq!(describe("$[\"odd key\"]", Lang::En), "odd key");
        assert_eq!(describe("$.title.de", Lang::Fi), "Nimi › (de)");
        for p in ["$.", "$[", "$[x", "$..a", "$[99999999999999999999]"] {
            let _ = describe(p, Lang::Fi);
        }
    }
}
