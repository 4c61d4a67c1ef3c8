//! The elements of EU Council Recommendation 2022/C 243/02, Annex I.
//!
//! Named once here so that validation, the `spec show` page, the verifier's completeness
//! check and the web pages all speak of the same eleven elements with the same labels.

use microcred_text::t;
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Element {
    Learner,
    Title,
    Country,
    AwardingBody,
    IssueDate,
    LearningOutcomes,
    Workload,
    Level,
    Assessment,
    Participation,
    QualityAssurance,
    // Optional elements.
    Prerequisites,
    Supervision,
    Grade,
    Integration,
    FurtherInformation,
}

impl Element {
    /// The eleven mandatory elements, in the order of Annex I.
    pub const MANDATORY: [Element; 11] = [
        Element::Learner,
        Element::Title,
        Element::Country,
        Element::AwardingBody,
        Element::IssueDate,
        Element::LearningOutcomes,
        Element::Workload,
        Element::Level,
        Element::Assessment,
        Element::Participation,
        Element::QualityAssurance,
    ];

    pub const OPTIONAL: [Element; 5] = [
        Element::Prerequisites,
        Element::Supervision,
        Element::Grade,
        Element::Integration,
        Element::FurtherInformation,
    ];

    /// Annex I number (1–11) of a mandatory element.
    pub fn number(self) -> Option<u8> {
        Self::MANDATORY
            .iter()
            .position(|e| *e == self)
            .map(|i| i as u8 + 1)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use Element::*;
        match self {
            Learner => t!(lang, "element_learner"),
            Title => t!(lang, "element_title"),
            Country => t!(lang, "element_country"),
            AwardingBody => t!(lang, "element_awarding_body"),
            IssueDate => t!(lang, "element_issue_date"),
            LearningOutcomes => t!(lang, "element_learning_outcomes"),
            Workload => t!(lang, "element_workload"),
            Level => t!(lang, "element_level"),
            Assessment => t!(lang, "element_assessment"),
            Participation => t!(lang, "element_participation"),
            QualityAssurance => t!(lang, "element_quality_assurance"),
            Prerequisites => t!(lang, "element_prerequisites"),
            Supervision => t!(lang, "element_supervision"),
            Grade => t!(lang, "element_grade"),
            Integration => t!(lang, "element_integration"),
            FurtherInformation => {
                t!(lang, "element_further_information")
            }
        }
    }

    /// "2. Nimi" for mandatory elements, the bare label otherwise.
    pub fn numbered_label(self, lang: Lang) -> String {
        match self.number() {
            Some(n) => format!("{n}. {}", self.label(lang)),
            None => self.label(lang).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_numbered_elements() {
        for (i, e) in Element::MANDATORY.iter().enumerate() {
            assert_eq!(e.number(), Some(i as u8 + 1));
        }
        for e in Element::OPTIONAL {
            assert_eq!(e.number(), None);
        }
        assert_eq!(Element::Title.numbered_label(Lang::Fi), "2. Nimi");
    }
}
