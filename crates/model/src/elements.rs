//! The elements of EU Council Recommendation 2022/C 243/02, Annex I.
//!
//! Named once here so that validation, the `spec show` page, the verifier's completeness
//! check and the web pages all speak of the same eleven elements with the same labels.

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
            Learner => lang.pick(
                "Oppijan tunnistetiedot",
                "Identifiering av den studerande",
                "Identification of the learner",
            ),
            Title => lang.pick("Nimi", "Benämning", "Title of the micro-credential"),
            Country => lang.pick(
                "Myöntäjän maa ja alue",
                "Utfärdarens land och region",
                "Country and region of the issuer",
            ),
            AwardingBody => lang.pick("Myöntäjä", "Utfärdande organ", "Awarding body"),
            IssueDate => lang.pick("Myöntämispäivä", "Utfärdandedatum", "Date of issuing"),
            LearningOutcomes => lang.pick("Osaamistavoitteet", "Lärandemål", "Learning outcomes"),
            Workload => lang.pick(
                "Laajuus (ECTS-opintopisteinä, osaamispisteinä tai tunteina)",
                "Omfattning (ECTS-poäng, kompetenspoäng eller timmar)",
                "Notional workload (ECTS credits, osp or hours)",
            ),
            Level => lang.pick(
                "Taso (EQF, NQF, QF-EHEA)",
                "Nivå (EQF, NQF, QF-EHEA)",
                "Level (EQF, NQF, QF-EHEA cycle)",
            ),
            Assessment => lang.pick("Arviointitapa", "Typ av bedömning", "Type of assessment"),
            Participation => lang.pick(
                "Osallistumismuoto",
                "Deltagandeform",
                "Form of participation",
            ),
            QualityAssurance => lang.pick(
                "Laadunvarmistus",
                "Kvalitetssäkring",
                "Type of quality assurance",
            ),
            Prerequisites => lang.pick("Esitiedot", "Förkunskapskrav", "Prerequisites"),
            Supervision => lang.pick(
                "Valvonta ja henkilöllisyyden tarkistus",
                "Övervakning och identitetskontroll",
                "Supervision and identity verification",
            ),
            Grade => lang.pick("Arvosana", "Vitsord", "Grade"),
            Integration => lang.pick(
                "Kokonaisuuteen liittäminen",
                "Integrering och staplingsbarhet",
                "Integration and stackability",
            ),
            FurtherInformation => {
                lang.pick("Lisätietoja", "Mer information", "Further information")
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
