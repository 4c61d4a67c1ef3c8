//! The demo issuer: a published key (keys-example/), a fictional college and the example
//! specifications, so `microcred serve` works on first run. Credentials it signs prove
//! nothing: anyone can sign with this key.

use std::path::Path;

use microcred_core::keys::SecretKey;
use microcred_model::validate::{self, Options};

use crate::error::{IssuerError, Result};
use crate::issuer::{InitOptions, Issuer};

pub const DEMO_KEY: &str = include_str!("../../../keys-example/issuer-key.jwk");
pub const DEMO_PROFILE: &str = include_str!("../../../examples/issuers/esimerkkiopisto.json");
/// The example specifications, published in the demo issuer's catalogue.
pub const EXAMPLE_SPECS: [&str; 6] = [
    include_str!("../../../examples/tapahtumatekniikan-osaajaksi.json"),
    include_str!("../../../examples/ensiapuryhmassa-toimiminen.json"),
    include_str!("../../../examples/3d-mallinnus-ja-tulostus.json"),
    include_str!("../../../examples/datakeskusymparistossa-toimiminen.json"),
    include_str!("../../../examples/terveydenhuollon-sihteeri.json"),
    include_str!("../../../examples/datan-visualisointi-5op.json"),
];

/// Creates the demo issuer in `dir` with `base_url`, its catalogue holding the examples.
pub fn init_demo(dir: &Path, base_url: Option<String>) -> Result<Issuer> {
    let jwk: serde_json::Value = serde_json::from_str(DEMO_KEY)
        .map_err(|e| IssuerError::BadProfile(format!("demo key: {e}")))?;
    let key = SecretKey::from_jwk(&jwk)?;
    let (mut profile, _) = validate::load_issuer_profile(DEMO_PROFILE.as_bytes())
        .map_err(|e| IssuerError::BadProfile(format!("demo profile: {e}")))?;
    profile.json_schema = None;
    let issuer = Issuer::init(
        dir,
        profile,
        InitOptions {
            seed: Some(*key.seed()),
            base_url,
            ..InitOptions::default()
        },
    )?;
    for text in EXAMPLE_SPECS {
        let (spec, _) = validate::load_specification(text.as_bytes(), &Options::default())
            .map_err(|e| IssuerError::BadSpecification(e.to_string()))?;
        issuer.publish_spec(&spec)?;
    }
    Ok(issuer)
}
