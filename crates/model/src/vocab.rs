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
            $( $variant:ident = $code:literal, $iri:expr, $label:literal; )+
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
                match self { $( $name::$variant => microcred_text::t!(lang, $label), )+ }
            }
        }
    };
}

vocabulary! {
    /// Annex I element 9: how the learning outcomes were assessed.
    AssessmentType {
        WrittenExam = "writtenExam", None,
            "vocab_assessment_type_written_exam";
        OralExam = "oralExam", None,
            "vocab_assessment_type_oral_exam";
        PracticalDemonstration = "practicalDemonstration", None,
            "vocab_assessment_type_practical_demonstration";
        Portfolio = "portfolio", None,
            "vocab_assessment_type_portfolio";
        Project = "project", None,
            "vocab_assessment_type_project";
        Assignment = "assignment", None,
            "vocab_assessment_type_assignment";
        OnlineTest = "onlineTest", None,
            "vocab_assessment_type_online_test";
        RecognitionOfPriorLearning = "recognitionOfPriorLearning", None,
            "vocab_assessment_type_recognition_of_prior_learning";
        Other = "other", None,
            "vocab_other";
    }
}

vocabulary! {
    /// Annex I element 10: form of participation in the learning activity.
    ParticipationMode {
        Online = "online", Some("http://data.europa.eu/snb/learning-assessment/920fbb3cbe"),
            "vocab_participation_mode_online";
        OnSite = "onSite", None,
            "vocab_participation_mode_on_site";
        Blended = "blended", Some("http://data.europa.eu/snb/learning-assessment/e92d221e4d"),
            "vocab_participation_mode_blended";
        WorkBased = "workBased", None,
            "vocab_participation_mode_work_based";
    }
}

vocabulary! {
    /// Annex I element 11: type of quality assurance used to underpin the credential.
    QualityAssuranceType {
        InstitutionalAccreditation = "institutionalAccreditation", None,
            "vocab_quality_assurance_type_institutional_accreditation";
        ProgrammeAccreditation = "programmeAccreditation", None,
            "vocab_quality_assurance_type_programme_accreditation";
        ExternalQualityAssurance = "externalQualityAssurance", None,
            "vocab_quality_assurance_type_external_quality_assurance";
        NationalQualificationRequirements = "nationalQualificationRequirements", None,
            "vocab_quality_assurance_type_national_qualification_requirements";
        IndustryStandard = "industryStandard", None,
            "vocab_quality_assurance_type_industry_standard";
        Other = "other", None,
            "vocab_other";
    }
}

vocabulary! {
    /// Optional element: supervision and identity verification during assessment
    /// (the four options of Annex I).
    Supervision {
        UnsupervisedNoIdentityCheck = "unsupervisedNoIdentityCheck",
            Some("http://data.europa.eu/snb/supervision-verification/c598449d64"),
            "vocab_supervision_unsupervised_no_identity_check";
        SupervisedNoIdentityCheck = "supervisedNoIdentityCheck", None,
            "vocab_supervision_supervised_no_identity_check";
        SupervisedOnlineWithIdentityCheck = "supervisedOnlineWithIdentityCheck", None,
            "vocab_supervision_supervised_online_with_identity_check";
        SupervisedOnSiteWithIdentityCheck = "supervisedOnSiteWithIdentityCheck", None,
            "vocab_supervision_supervised_on_site_with_identity_check";
    }
}

vocabulary! {
    /// Whether the learning happened in formal education or outside it.
    LearningSetting {
        Formal = "formal", None,
            "vocab_learning_setting_formal";
        NonFormal = "nonFormal", Some("http://data.europa.eu/snb/learning-setting/e207a81fc7"),
            "vocab_learning_setting_non_formal";
    }
}

vocabulary! {
    /// Cycle of the Qualifications Framework of the European Higher Education Area.
    QfEheaCycle {
        ShortCycle = "shortCycle", None,
            "vocab_qf_ehea_cycle_short_cycle";
        First = "first", None,
            "vocab_qf_ehea_cycle_first";
        Second = "second", None,
            "vocab_qf_ehea_cycle_second";
        Third = "third", None,
            "vocab_qf_ehea_cycle_third";
    }
}

vocabulary! {
    /// Units in which a workload or scope is measured. Kept apart on purpose:
    /// osaamispiste measures competence, not time, and is never converted to ECTS.
    ScopeUnit {
        Ects = "ects", Some("http://data.europa.eu/snb/education-credit/6fcec5c5af"),
            "render_unit_ects";
        Osp = "osp", None,
            "vocab_scope_unit_osp";
        Hours = "hours", None,
            "render_unit_hours";
    }
}

vocabulary! {
    /// Whether a unit's competence requirements come from the national qualification
    /// requirements or were written locally by the provider.
    UnitBasis {
        National = "national", None,
            "vocab_unit_basis_national";
        Local = "local", None,
            "vocab_unit_basis_local";
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
