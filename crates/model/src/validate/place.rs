//! Where a problem is, in words: a JSONPath such as `$.learningOutcomes[1].text.fi`
//! becomes "Osaamistavoite 2 › teksti › suomeksi", so that people who never see the JSON
//! (the provider's form, the cohort report, an error message) still know which field.

use crate::lang::Lang;

/// `(key, [fi, sv, en] of the field, [fi, sv, en] of one item when it is a list)`.
type Label = (&'static str, [&'static str; 3], Option<[&'static str; 3]>);

const LABELS: &[Label] = &[
    ("id", ["Tunniste", "Id", "Identifier"], None),
    ("version", ["Versio", "Version", "Version"], None),
    ("title", ["Nimi", "Benämning", "Title"], None),
    (
        "description",
        ["Kuvaus", "Beskrivning", "Description"],
        None,
    ),
    (
        "learningOutcomes",
        ["Osaamistavoitteet", "Lärandemål", "Learning outcomes"],
        Some(["Osaamistavoite", "Lärandemål", "Learning outcome"]),
    ),
    ("text", ["teksti", "text", "text"], None),
    (
        "escoSkill",
        ["ESCO-taito", "ESCO-färdighet", "ESCO skill"],
        None,
    ),
    ("workload", ["Laajuus", "Omfattning", "Workload"], None),
    ("ects", ["op (ECTS)", "sp (ECTS)", "ECTS credits"], None),
    ("osp", ["osp", "kp", "osp"], None),
    ("hours", ["tunnit", "timmar", "hours"], None),
    ("duration", ["Kesto", "Längd", "Duration"], None),
    (
        "validity",
        ["Voimassaoloaika", "Giltighetstid", "Validity"],
        None,
    ),
    ("level", ["Taso", "Nivå", "Level"], None),
    ("eqf", ["EQF-taso", "EQF-nivå", "EQF level"], None),
    ("nqf", ["NQF-taso", "NQF-nivå", "NQF level"], None),
    (
        "qfEheaCycle",
        ["QF-EHEA-sykli", "QF-EHEA-cykel", "QF-EHEA cycle"],
        None,
    ),
    ("assessment", ["Arviointi", "Bedömning", "Assessment"], None),
    (
        "types",
        ["tyypit", "typer", "types"],
        Some(["tyyppi", "typ", "type"]),
    ),
    (
        "participation",
        [
            "Osallistumismuoto",
            "Deltagandeform",
            "Form of participation",
        ],
        None,
    ),
    (
        "modes",
        ["muodot", "former", "forms"],
        Some(["muoto", "form", "form"]),
    ),
    (
        "qualityAssurance",
        ["Laadunvarmistus", "Kvalitetssäkring", "Quality assurance"],
        Some(["Laadunvarmistus", "Kvalitetssäkring", "Quality assurance"]),
    ),
    ("type", ["tyyppi", "typ", "type"], None),
    ("body", ["vastuutaho", "ansvarigt organ", "body"], None),
    ("reference", ["viite", "hänvisning", "reference"], None),
    (
        "prerequisites",
        ["Esitiedot", "Förkunskaper", "Prerequisites"],
        None,
    ),
    (
        "supervision",
        [
            "Valvonta ja henkilöllisyyden tarkistus",
            "Övervakning och identitetskontroll",
            "Supervision and identity check",
        ],
        None,
    ),
    (
        "gradingScheme",
        ["Arviointiasteikko", "Bedömningsskala", "Grading scheme"],
        None,
    ),
    (
        "grades",
        ["arvosanat", "vitsord", "grades"],
        Some(["arvosana", "vitsord", "grade"]),
    ),
    ("value", ["arvo", "värde", "value"], None),
    ("label", ["selite", "förklaring", "label"], None),
    (
        "integration",
        [
            "Kokonaisuuteen liittäminen",
            "Integrering och staplingsbarhet",
            "Integration and stackability",
        ],
        None,
    ),
    (
        "towards",
        ["kohteet", "mål", "targets"],
        Some(["kohde", "mål", "target"]),
    ),
    (
        "parts",
        ["osat", "delar", "parts"],
        Some(["osa", "del", "part"]),
    ),
    (
        "units",
        ["Tutkinnon osat", "Examensdelar", "Qualification units"],
        None,
    ),
    (
        "required",
        ["pakolliset osat", "obligatoriska delar", "required units"],
        Some(["Pakollinen osa", "Obligatorisk del", "Required unit"]),
    ),
    (
        "choices",
        ["valinnaiset ryhmät", "valbara grupper", "choice groups"],
        Some(["Valinnainen ryhmä", "Valbar grupp", "Choice group"]),
    ),
    (
        "select",
        ["valittavien määrä", "antal att välja", "how many to choose"],
        None,
    ),
    (
        "options",
        ["vaihtoehdot", "alternativ", "options"],
        Some(["vaihtoehto", "alternativ", "option"]),
    ),
    ("code", ["koodi", "kod", "code"], None),
    ("name", ["nimi", "namn", "name"], None),
    ("scope", ["laajuus", "omfattning", "scope"], None),
    ("unit", ["yksikkö", "enhet", "unit"], None),
    (
        "qualifications",
        ["tutkinnot", "examina", "qualifications"],
        Some(["tutkinto", "examen", "qualification"]),
    ),
    ("basis", ["peruste", "grund", "basis"], None),
    (
        "furtherInformation",
        ["Lisätiedot", "Mer information", "Further information"],
        None,
    ),
    ("url", ["verkko-osoite", "webbadress", "web address"], None),
    (
        "languages",
        ["Opetuskielet", "Undervisningsspråk", "Languages"],
        Some(["kieli", "språk", "language"]),
    ),
    (
        "learningSetting",
        ["Oppimisympäristö", "Lärandemiljö", "Learning setting"],
        None,
    ),
    (
        "partners",
        ["Kumppanit", "Partner", "Partners"],
        Some(["Kumppani", "Partner", "Partner"]),
    ),
    ("role", ["rooli", "roll", "role"], None),
    (
        "specification",
        ["Osaamiskokonaisuus", "Mikromerit", "Micro-credential"],
        None,
    ),
    ("learner", ["Oppija", "Studerande", "Learner"], None),
    ("givenName", ["etunimi", "förnamn", "given name"], None),
    ("familyName", ["sukunimi", "efternamn", "family name"], None),
    (
        "dateOfBirth",
        ["syntymäaika", "födelsedatum", "date of birth"],
        None,
    ),
    (
        "nationalId",
        ["henkilötunnus", "personbeteckning", "national identifier"],
        None,
    ),
    ("email", ["sähköposti", "e-post", "e-mail"], None),
    ("did", ["DID", "DID", "DID"], None),
    (
        "issued",
        ["Myöntämispäivä", "Utfärdandedatum", "Date of issue"],
        None,
    ),
    (
        "place",
        ["Myöntämispaikka", "Utfärdandeort", "Place of issue"],
        None,
    ),
    ("locality", ["paikkakunta", "ort", "locality"], None),
    ("country", ["maa", "land", "country"], None),
    ("grade", ["Arvosana", "Vitsord", "Grade"], None),
    (
        "evidence",
        ["Näytöt", "Bevis", "Evidence"],
        Some(["Näyttö", "Bevis", "Evidence"]),
    ),
    ("narrative", ["kuvaus", "beskrivning", "narrative"], None),
    (
        "validUntil",
        ["Voimassa asti", "Giltigt till", "Valid until"],
        None,
    ),
    (
        "chosenUnits",
        [
            "Valitut tutkinnon osat",
            "Valda examensdelar",
            "Units chosen",
        ],
        Some(["Valittu osa", "Vald del", "Unit chosen"]),
    ),
];

/// A language tag as a reader says it: "suomeksi", "på svenska", "in English", or the
/// tag itself in parentheses for other languages.
pub fn language_name(tag: &str, lang: Lang) -> String {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    match primary.as_str() {
        "fi" => lang.pick("suomeksi", "på finska", "in Finnish").into(),
        "sv" => lang.pick("ruotsiksi", "på svenska", "in Swedish").into(),
        "en" => lang.pick("englanniksi", "på engelska", "in English").into(),
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
        return lang
            .pick("koko asiakirja", "hela dokumentet", "the whole document")
            .to_string();
    }
    let i = match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < segs.len() {
        match &segs[k] {
            Segment::Key(key) => {
                let label = LABELS.iter().find(|(n, ..)| n == key);
                match (label, segs.get(k + 1)) {
                    (Some((_, _, Some(item))), Some(Segment::Index(n))) => {
                        parts.push(format!("{} {}", item[i], n + 1));
                        k += 1;
                    }
                    (Some((_, whole, _)), _) => parts.push(whole[i].to_string()),
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
