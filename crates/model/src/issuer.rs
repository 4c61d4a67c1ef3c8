//! The **Issuer profile**: who awards the micro-credential and where (Annex I elements 3
//! and 4, and Annex II's "legal identity of the issuer").

use serde::{Deserialize, Serialize};

use crate::lang::LangMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuerProfile {
    /// The editor hint `"$schema"`: accepted so that schema-aware editors can check the
    /// file; carries no meaning.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub json_schema: Option<String>,
    /// The issuer's DID (`did:key:…` or `did:web:…`), filled in when the keys are made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name readers know, per language.
    pub name: LangMap,
    /// The registered legal name.
    pub legal_name: String,
    pub legal_identifier: LegalIdentifier,
    /// ISO 3166-1 alpha-2 country code (Annex I element 3).
    pub country: String,
    /// Region, as an ISO 3166-2 code (`FI-11`) or a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Town or city: the default place of issuing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The provider's logo for the printed certificate: a `data:image/png;base64,…` or
    /// `data:image/jpeg;base64,…` URI (see [`crate::logo`]); inline so nothing is
    /// fetched when a certificate is printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// Other bodies that award the credential together with the issuer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_awarding_bodies: Vec<Organisation>,
}

/// An awarding body other than the issuer itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Organisation {
    pub name: LangMap,
    pub legal_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_identifier: Option<LegalIdentifier>,
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LegalIdentifier {
    pub scheme: LegalIdScheme,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LegalIdScheme {
    /// Finnish business ID (Y-tunnus), `1234567-8`, checked by its check digit.
    #[serde(rename = "fi-business-id")]
    FiBusinessId,
    /// EU VAT number.
    #[serde(rename = "vat")]
    Vat,
    /// Legal Entity Identifier (ISO 17442).
    #[serde(rename = "lei")]
    Lei,
    #[serde(rename = "other")]
    Other,
}

impl LegalIdScheme {
    pub const CODES: [&'static str; 4] = ["fi-business-id", "vat", "lei", "other"];

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "fi-business-id" => Some(Self::FiBusinessId),
            "vat" => Some(Self::Vat),
            "lei" => Some(Self::Lei),
            "other" => Some(Self::Other),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::FiBusinessId => "fi-business-id",
            Self::Vat => "vat",
            Self::Lei => "lei",
            Self::Other => "other",
        }
    }
}

/// Whether `id` is a Finnish business ID with a correct check digit.
///
/// Format `NNNNNNN-C`; weights 7,9,10,5,8,4,2; remainder 0 gives check digit 0,
/// remainder 1 is never issued, otherwise the check digit is 11 − remainder.
pub fn is_valid_fi_business_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    if bytes.len() != 9 || bytes[7] != b'-' {
        return false;
    }
    let digits: Option<Vec<u32>> = bytes[..7]
        .iter()
        .chain(&bytes[8..])
        .map(|b| (*b as char).to_digit(10))
        .collect();
    let Some(d) = digits else { return false };
    let sum: u32 = [7, 9, 10, 5, 8, 4, 2]
        .iter()
        .zip(&d[..7])
        .map(|(w, x)| w * x)
        .sum();
    match sum % 11 {
        0 => d[7] == 0,
        1 => false,
        r => d[7] == 11 - r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_id_check_digit() {
        // IDs whose check digits are right, including published ones.
        for ok in ["2769790-1", "0112038-9", "0211675-2"] {
            assert!(is_valid_fi_business_id(ok), "{ok}");
        }
        for bad in [
            "2769790-2",
            "27697901",
            "276979-01",
            "abcdefg-h",
            "",
            "2769790-1x",
        ] {
            assert!(!is_valid_fi_business_id(bad), "{bad}");
        }
    }
}
