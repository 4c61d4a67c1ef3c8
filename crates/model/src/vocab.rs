//! Controlled lists of the EU micro-credential elements.
//!
//! Each value has a stable JSON code, labels in Finnish, Swedish and English, and the
//! European Learning Model (ELM 3) concept IRI where the published ELM material confirms
//! one. An IRI is left out rather than guessed: a wrong concept IRI would silently
//! misclassify a credential in Europass, a missing one only leaves our own term.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// Behaviour shared by every controlled list.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The JSON code.
    fn code(self) -> &'static str;
    /// The ELM 3 concept IRI, where one is confirmed.
    fn elm_iri(self) -> Option<&'static str>;
    /// Human label.
    fn label(self, lang: Lang) -> &'static str;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }

    fn codes() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.code()).collect()
    }
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $variant:ident = $code:literal, $iri:expr, [$fi:literal, $sv:literal, $en:literal]; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( #[serde(rename = $code)] $variant, )+
        }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[ $( $name::$variant, )+ ];

            fn code(self) -> &'static str {
                match self { $( $name::$variant => $code, )+ }
            }

            fn elm_iri(self) -> Option<&'static str> {
                match self { $( $name::$variant => $iri, )+ }
            }

            fn label(self, lang: Lang) -> &'static str {
                match self { $( $name::$variant => lang.pick($fi, $sv, $en), )+ }
            }
        }
    };
}

vocabulary! {
    /// Annex I element 9: how the learning outcomes were assessed.
    AssessmentType {
        WrittenExam = "writtenExam", None,
            ["Kirjallinen koe", "Skriftligt prov", "Written exam"];
        OralExam = "oralExam", None,
            ["Suullinen koe", "Muntligt prov", "Oral exam"];
        PracticalDemonstration = "practicalDemonstration", None,
            ["Näyttö (osaamisen osoittaminen käytännön työtehtävissä)",
             "Yrkesprov (visa kunnande i praktiska arbetsuppgifter)",
             "Practical demonstration of competence in real work tasks"];
        Portfolio = "portfolio", None,
            ["Portfolio", "Portfolio", "Portfolio"];
        Project = "project", None,
            ["Projektityö", "Projektarbete", "Project work"];
        Assignment = "assignment", None,
            ["Harjoitustyö tai tehtävät", "Uppgifter", "Assignments"];
        OnlineTest = "onlineTest", None,
            ["Verkkokoe", "Webbprov", "Online test"];
        RecognitionOfPriorLearning = "recognitionOfPriorLearning", None,
            ["Aiemmin hankitun osaamisen tunnustaminen",
             "Erkännande av tidigare förvärvat kunnande",
             "Recognition of prior learning"];
        Other = "other", None,
            ["Muu", "Annat", "Other"];
    }
}

vocabulary! {
    /// Annex I element 10: form of participation in the learning activity.
    ParticipationMode {
        Online = "online", Some("http://data.europa.eu/snb/learning-assessment/920fbb3cbe"),
            ["Verkossa", "På nätet", "Online"];
        OnSite = "onSite", None,
            ["Lähiopetus", "Närundervisning", "On-site"];
        Blended = "blended", Some("http://data.europa.eu/snb/learning-assessment/e92d221e4d"),
            ["Monimuoto (verkko ja lähi)", "Flerform (nät och när)", "Blended (online and on-site)"];
        WorkBased = "workBased", None,
            ["Työpaikalla tapahtuva oppiminen", "Lärande i arbetet", "Work-based learning"];
    }
}

vocabulary! {
    /// Annex I element 11: type of quality assurance used to underpin the credential.
    QualityAssuranceType {
        InstitutionalAccreditation = "institutionalAccreditation", None,
            ["Akkreditoidun oppilaitoksen sisäinen laadunvarmistus",
             "Intern kvalitetssäkring vid en ackrediterad läroanstalt",
             "Internal quality assurance of an accredited institution"];
        ProgrammeAccreditation = "programmeAccreditation", None,
            ["Koulutusohjelman akkreditointi",
             "Ackreditering av utbildningsprogrammet",
             "Programme accreditation"];
        ExternalQualityAssurance = "externalQualityAssurance", None,
            ["Ulkoisen laadunvarmistuselimen arviointi",
             "Extern kvalitetssäkring",
             "External quality assurance body"];
        NationalQualificationRequirements = "nationalQualificationRequirements", None,
            ["Tutkinnon perusteet (Opetushallitus) ja järjestämislupa",
             "Examensgrunder (Utbildningsstyrelsen) och tillstånd att ordna utbildning",
             "National qualification requirements and a licence to provide the qualification"];
        IndustryStandard = "industryStandard", None,
            ["Alan tai yhteistyökumppanin standardi",
             "Branschens eller samarbetspartnerns standard",
             "Industry or partner standard"];
        Other = "other", None,
            ["Muu", "Annat", "Other"];
    }
}

vocabulary! {
    /// Optional element: supervision and identity verification during assessment
    /// (the four options of Annex I).
    Supervision {
        UnsupervisedNoIdentityCheck = "unsupervisedNoIdentityCheck",
            Some("http://data.europa.eu/snb/supervision-verification/c598449d64"),
            ["Valvomaton, ei henkilöllisyyden tarkistusta",
             "Utan övervakning, ingen identitetskontroll",
             "Unsupervised, no identity verification"];
        SupervisedNoIdentityCheck = "supervisedNoIdentityCheck", None,
            ["Valvottu, ei henkilöllisyyden tarkistusta",
             "Övervakat, ingen identitetskontroll",
             "Supervised, no identity verification"];
        SupervisedOnlineWithIdentityCheck = "supervisedOnlineWithIdentityCheck", None,
            ["Valvottu verkossa, henkilöllisyys tarkistettu",
             "Övervakat på nätet, identiteten kontrollerad",
             "Supervised online with identity verification"];
        SupervisedOnSiteWithIdentityCheck = "supervisedOnSiteWithIdentityCheck", None,
            ["Valvottu paikan päällä, henkilöllisyys tarkistettu",
             "Övervakat på plats, identiteten kontrollerad",
             "Supervised on-site with identity verification"];
    }
}

vocabulary! {
    /// Whether the learning happened in formal education or outside it.
    LearningSetting {
        Formal = "formal", None,
            ["Formaali koulutus", "Formell utbildning", "Formal learning"];
        NonFormal = "nonFormal", Some("http://data.europa.eu/snb/learning-setting/e207a81fc7"),
            ["Koulutusjärjestelmän ulkopuolinen (non-formaali) oppiminen",
             "Icke-formellt lärande",
             "Non-formal learning"];
    }
}

vocabulary! {
    /// Cycle of the Qualifications Framework of the European Higher Education Area.
    QfEheaCycle {
        ShortCycle = "shortCycle", None,
            ["Lyhyt sykli", "Kort cykel", "Short cycle"];
        First = "first", None,
            ["Ensimmäinen sykli (kandidaatti)", "Första cykeln (kandidat)", "First cycle (bachelor)"];
        Second = "second", None,
            ["Toinen sykli (maisteri)", "Andra cykeln (magister)", "Second cycle (master)"];
        Third = "third", None,
            ["Kolmas sykli (tohtori)", "Tredje cykeln (doktor)", "Third cycle (doctorate)"];
    }
}

vocabulary! {
    /// Units in which a workload or scope is measured. Kept apart on purpose:
    /// osaamispiste measures competence, not time, and is never converted to ECTS.
    ScopeUnit {
        Ects = "ects", Some("http://data.europa.eu/snb/education-credit/6fcec5c5af"),
            ["op (ECTS)", "sp (ECTS)", "ECTS credits"];
        Osp = "osp", None,
            ["osp (osaamispistettä)", "kp (kompetenspoäng)", "osp (Finnish vocational competence points)"];
        Hours = "hours", None,
            ["tuntia", "timmar", "hours"];
    }
}

vocabulary! {
    /// Whether a unit's competence requirements come from the national qualification
    /// requirements or were written locally by the provider.
    UnitBasis {
        National = "national", None,
            ["Valtakunnalliset ammattitaitovaatimukset",
             "Riksomfattande yrkeskunskapskrav",
             "National competence requirements"];
        Local = "local", None,
            ["Paikalliset ammattitaitovaatimukset",
             "Lokala yrkeskunskapskrav",
             "Local competence requirements"];
    }
}

/// The ELM concept IRI of an EQF level.
pub fn eqf_level_iri(level: u8) -> String {
    format!("http://data.europa.eu/snb/eqf/{level}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<V: Vocabulary + std::fmt::Debug + PartialEq + serde::Serialize>() {
        let mut seen = std::collections::HashSet::new();
        for v in V::ALL {
            assert!(seen.insert(v.code()), "duplicate code {}", v.code());
            assert_eq!(V::from_code(v.code()), Some(*v));
            for lang in Lang::ALL {
                assert!(!v.label(lang).is_empty());
            }
            if let Some(iri) = v.elm_iri() {
                assert!(iri.starts_with("http://data.europa.eu/snb/"), "{iri}");
            }
            let json = serde_json::to_value(v).unwrap();
            assert_eq!(json, serde_json::Value::String(v.code().into()));
        }
        assert_eq!(V::from_code("no-such-code"), None);
    }

    #[test]
    fn every_vocabulary_is_consistent() {
        check::<AssessmentType>();
        check::<ParticipationMode>();
        check::<QualityAssuranceType>();
        check::<Supervision>();
        check::<LearningSetting>();
        check::<QfEheaCycle>();
        check::<ScopeUnit>();
        check::<UnitBasis>();
    }
}
