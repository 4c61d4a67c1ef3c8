//! The issuer profile's logo: PNG and JPEG data: URIs are accepted; another media type,
//! a URL, broken base64, an oversize or undecodable image are refused with a message in
//! every language.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::Path;

use base64::Engine;
use microcred_model::logo::{Logo, LogoError, LogoFormat, MAX_LOGO_BYTES};
use microcred_model::validate::validate_issuer_profile;
use microcred_model::Lang;
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/logo")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn data_uri(media: &str, bytes: &[u8]) -> String {
    format!(
        "data:{media};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn profile(logo: &str) -> Value {
    json!({
        "name": { "fi": "Esimerkkiopisto", "en": "Example College" },
        "legalName": "Esimerkkiopisto Oy",
        "legalIdentifier": { "scheme": "fi-business-id", "value": "1234567-1" },
        "country": "FI",
        "logo": logo,
    })
}

#[test]
fn png_and_jpeg_are_accepted() {
    for (media, file, format) in [
        ("image/png", "logo.png", LogoFormat::Png),
        ("image/jpeg", "logo.jpg", LogoFormat::Jpeg),
    ] {
        let uri = data_uri(media, &fixture(file));
        let report = validate_issuer_profile(&profile(&uri));
        assert!(report.is_valid(), "{file}: {}", report.describe(Lang::En));
        let logo = Logo::parse(&uri).unwrap();
        assert_eq!(logo.format, format);
        assert!(logo.width > 0 && logo.height > 0);
    }
    let png = Logo::parse(&data_uri("image/png", &fixture("logo.png"))).unwrap();
    let pixels = png.pixels().unwrap();
    assert_eq!(pixels.rgb.len(), (png.width * png.height * 3) as usize);
    // The profile reads into the model with its logo.
    let uri = data_uri("image/png", &fixture("logo.png"));
    let text = serde_json::to_vec(&profile(&uri)).unwrap();
    let (p, _) = microcred_model::validate::load_issuer_profile(&text).unwrap();
    assert_eq!(p.logo.as_deref(), Some(uri.as_str()));
}

fn refused(logo: &str, expected: LogoError) {
    assert_eq!(Logo::parse(logo), Err(expected.clone()));
    let report = validate_issuer_profile(&profile(logo));
    assert!(report.has("invalid-logo", "$.logo"), "{report:?}");
    for lang in [Lang::Fi, Lang::Sv, Lang::En] {
        let message = report.describe(lang);
        assert!(!message.is_empty());
    }
    assert!(report.describe(Lang::Fi).contains("logo"));
    assert!(report.describe(Lang::Sv).contains("logotypen"));
}

#[test]
fn wrong_type_is_refused() {
    let png = fixture("logo.png");
    refused(&data_uri("image/gif", &png), LogoError::NotDataUri);
    refused(&data_uri("image/svg+xml", b"<svg/>"), LogoError::NotDataUri);
    refused("https://example.org/logo.png", LogoError::NotDataUri);
    // A PNG labelled as JPEG does not decode as one.
    assert!(matches!(
        Logo::parse(&data_uri("image/jpeg", &png)),
        Err(LogoError::NotAnImage { .. })
    ));
    let report = validate_issuer_profile(&profile(&data_uri("image/jpeg", &png)));
    assert!(report.has("invalid-logo", "$.logo"));
}

#[test]
fn bad_base64_is_refused() {
    refused("data:image/png;base64,iVBORw0K!!!!", LogoError::BadBase64);
    refused("data:image/png;base64,iVBORw0", LogoError::BadBase64);
}

#[test]
fn oversize_is_refused() {
    let big = vec![0u8; MAX_LOGO_BYTES + 1];
    let uri = data_uri("image/png", &big);
    assert!(matches!(
        Logo::parse(&uri),
        Err(LogoError::TooLarge { size }) if size > MAX_LOGO_BYTES
    ));
    let report = validate_issuer_profile(&profile(&uri));
    assert!(report.has("invalid-logo", "$.logo"));
    assert!(report.describe(Lang::En).contains("256 KiB"));
    assert!(report.describe(Lang::Fi).contains("256 KiB"));
}

#[test]
fn undecodable_image_is_refused() {
    let mut png = fixture("logo.png");
    png.truncate(40);
    let uri = data_uri("image/png", &png);
    assert!(matches!(
        Logo::parse(&uri),
        Err(LogoError::NotAnImage { .. })
    ));
    let report = validate_issuer_profile(&profile(&uri));
    assert!(report.has("invalid-logo", "$.logo"));
    assert!(report.describe(Lang::Sv).contains("PNG"));
}
