//! SD-JWT VC type metadata (SD-JWT VC draft, "SD-JWT VC Type Metadata"): what a wallet
//! reads at the `vct` URL of our SD-JWT VCs to show them — the type's name and description
//! in Finnish, Swedish and English, and for every Annex I element its claim path, its
//! label in the three languages and whether it is selectively disclosable.
//!
//! Each issuer serves it under its own base URL (`/vct/micro-credential`); the document
//! names microcred's general type in `extends`, and each credential names it in
//! `aka_vcts`, so a verifier can ask for any issuer's micro-credentials by that one type.
//! Credentials carry `vct#integrity`, the SHA-256 of exactly the bytes served.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use microcred_model::credential::SD_JWT_VCT as MICROCRED_VCT;
use microcred_model::{Element, Lang};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Where an issuer serves the type metadata, under its base URL.
pub const PATH: &str = "/vct/micro-credential";

/// The `vct` of an issuer's SD-JWT VCs.
pub fn vct(base_url: &str) -> String {
    format!("{base_url}{PATH}")
}

/// Each Annex I element: its claim path in our SD-JWT VC and whether the issuer makes it
/// selectively disclosable (`always`) or not (`never`), as `format::sign` does.
const CLAIMS: [(Element, &[&str], &str); 16] = [
    (
        Element::Learner,
        &["credentialSubject", "fullName"],
        "always",
    ),
    (
        Element::Title,
        &["credentialSubject", "achievement", "name"],
        "never",
    ),
    (
        Element::Country,
        &["issuer", "address", "addressCountryCode"],
        "never",
    ),
    (Element::AwardingBody, &["issuer", "name"], "never"),
    (Element::IssueDate, &["validFrom"], "never"),
    (
        Element::LearningOutcomes,
        &["credentialSubject", "achievement", "learningOutcome"],
        "never",
    ),
    (
        Element::Workload,
        &["credentialSubject", "achievement", "creditPoint"],
        "never",
    ),
    (
        Element::Level,
        &["credentialSubject", "achievement", "eqfLevel"],
        "never",
    ),
    (
        Element::Assessment,
        &["credentialSubject", "achievement", "assessmentType"],
        "never",
    ),
    (
        Element::Participation,
        &["credentialSubject", "achievement", "participationMode"],
        "never",
    ),
    (
        Element::QualityAssurance,
        &["credentialSubject", "achievement", "qualityAssurance"],
        "never",
    ),
    (
        Element::Prerequisites,
        &["credentialSubject", "achievement", "entryRequirement"],
        "always",
    ),
    (
        Element::Supervision,
        &["credentialSubject", "achievement", "supervision"],
        "always",
    ),
    (Element::Grade, &["credentialSubject", "result"], "always"),
    (
        Element::Integration,
        &["credentialSubject", "achievement", "integration"],
        "always",
    ),
    (
        Element::FurtherInformation,
        &["credentialSubject", "achievement", "additionalNote"],
        "always",
    ),
];

const LANGS: [(Lang, &str); 3] = [(Lang::Fi, "fi"), (Lang::Sv, "sv"), (Lang::En, "en")];

/// The type metadata document for `vct`.
pub fn document(vct: &str) -> Value {
    let display: Vec<Value> = LANGS
        .iter()
        .map(|(l, code)| {
            json!({
                "locale": code,
                "name": microcred_text::t!(*l, "issuer_type_name"),
                "description": microcred_text::t!(*l, "issuer_type_description"),
            })
        })
        .collect();
    let claims: Vec<Value> = CLAIMS
        .iter()
        .map(|(e, path, sd)| {
            json!({
                "path": path,
                "display": LANGS.iter().map(|(l, code)| json!({"locale": code, "label": e.label(*l)})).collect::<Vec<_>>(),
                "mandatory": Element::MANDATORY.contains(e),
                "sd": sd,
            })
        })
        .collect();
    json!({
        "vct": vct,
        "name": "microcred micro-credential",
        "description": "An EU micro-credential (Council Recommendation 2022/C 243/02, Annex I) issued by microcred",
        "extends": MICROCRED_VCT,
        "display": display,
        "claims": claims,
    })
}

/// The exact bytes served (and hashed for `vct#integrity`).
pub fn bytes(vct: &str) -> Vec<u8> {
    serde_json::to_vec(&document(vct)).unwrap_or_default()
}

/// `sha256-<base64>`: W3C Subresource Integrity metadata of the served bytes.
pub fn integrity(vct: &str) -> String {
    format!("sha256-{}", STANDARD.encode(Sha256::digest(bytes(vct))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_annex_element_is_labelled_in_three_languages() {
        let doc = document("https://opisto.example.fi/vct/micro-credential");
        let claims = doc["claims"].as_array().unwrap();
        for e in Element::MANDATORY.iter().chain(Element::OPTIONAL.iter()) {
            let c = claims
                .iter()
                .find(|c| c["display"][2]["label"] == e.label(Lang::En))
                .unwrap_or_else(|| panic!("{e:?}"));
            assert_eq!(c["display"].as_array().unwrap().len(), 3);
            assert_ne!(c["display"][0]["label"], c["display"][2]["label"], "{e:?}");
        }
        assert_eq!(doc["display"][0]["locale"], "fi");
        let i = integrity("https://opisto.example.fi/vct/micro-credential");
        assert!(i.starts_with("sha256-"));
        let digest = STANDARD.decode(&i[7..]).unwrap();
        assert_eq!(
            digest,
            Sha256::digest(bytes("https://opisto.example.fi/vct/micro-credential")).to_vec()
        );
    }
}
