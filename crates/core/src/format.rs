//! The formats a credential is secured in: the one list that the issuer signs in, the
//! wallet stores by and the verifier recognises, with the names they are known by in
//! files, command lines, HTTP APIs and stored wallets.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How a credential is secured. The serialised names (`di`, `jwt`, `sd-jwt`) are kept in
/// stored wallets and HTTP answers, so they never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// W3C VC 2.0 + Open Badges 3.0 with a Data Integrity proof (`eddsa-rdfc-2022`).
    #[serde(rename = "di")]
    DataIntegrity,
    /// VC-JOSE: the credential as a JWS (`application/vc+jwt`).
    #[serde(rename = "jwt")]
    Jwt,
    /// SD-JWT VC (`dc+sd-jwt`), claims selectively disclosable.
    #[serde(rename = "sd-jwt")]
    SdJwt,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::DataIntegrity, Format::Jwt, Format::SdJwt];

    pub fn code(self) -> &'static str {
        match self {
            Format::DataIntegrity => "di",
            Format::Jwt => "jwt",
            Format::SdJwt => "sd-jwt",
        }
    }

    /// File extension for a credential file of this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::DataIntegrity => "json",
            Format::Jwt => "jwt",
            Format::SdJwt => "sd-jwt",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::DataIntegrity => "application/vc",
            Format::Jwt => "application/vc+jwt",
            Format::SdJwt => "application/dc+sd-jwt",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown format '{0}': use di, jwt or sd-jwt")]
pub struct UnknownFormat(String);

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "di" | "data-integrity" | "ldp" | "ldp_vc" | "json-ld" => Ok(Format::DataIntegrity),
            "jwt" | "vc+jwt" | "jwt_vc_json" | "vc-jose" => Ok(Format::Jwt),
            "sd-jwt" | "sdjwt" | "dc+sd-jwt" | "vc+sd-jwt" => Ok(Format::SdJwt),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_what_stored_wallets_and_apis_read() {
        for f in Format::ALL {
            let json = serde_json::to_value(f).unwrap();
            assert_eq!(json, serde_json::json!(f.code()));
            assert_eq!(serde_json::from_value::<Format>(json).unwrap(), f);
            assert_eq!(f.code().parse::<Format>().unwrap(), f);
        }
        assert_eq!(
            Format::ALL.map(Format::code),
            ["di", "jwt", "sd-jwt"],
            "the serialised names never change"
        );
        assert!("pdf".parse::<Format>().is_err());
    }
}
