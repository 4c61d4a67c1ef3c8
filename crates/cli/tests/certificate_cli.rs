//! `microcred issuer init --certificate … --key …`, `microcred issuer certificate` and
//! `microcred verify --trust-anchor`: an issuer whose P-256 key a certificate authority
//! certified signs SD-JWT VCs with its `x5c` chain, and an employer who trusts that CA
//! sees them valid, with the anchor named. The CA is made here with rcgen; the issuer's
//! status list token is served on 127.0.0.1 (the certificate names that address as a URI).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod support;

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, SanType, PKCS_ECDSA_P256_SHA256,
};
use support::*;

struct Ca {
    cert: rcgen::Certificate,
    key: KeyPair,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.distinguished_name.push(DnType::CommonName, name);
        let cert = p.self_signed(&key).unwrap();
        Ca { cert, key }
    }

    /// A leaf for `key` naming the issuer's address `url` (a URI SAN).
    fn leaf(&self, key: &KeyPair, url: &str, until: i32) -> String {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.subject_alt_names = vec![SanType::URI(url.try_into().unwrap())];
        p.distinguished_name
            .push(DnType::CommonName, "Testiopisto Oy");
        p.not_before = rcgen::date_time_ymd(2025, 1, 1);
        p.not_after = rcgen::date_time_ymd(until, 1, 1);
        p.signed_by(key, &self.cert, &self.key).unwrap().pem()
    }
}

fn write_private(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path.to_path_buf()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_issuer_with_a_certificate_and_an_employer_who_trusts_its_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("issuer");
    let (listener, addr) = Server::bind();
    let base = format!("http://{addr}");
    allow_test_origin(&base);
    let root = data.clone();
    let _server = Server::serve(listener, move |path| {
        let n = path.strip_prefix("/status/token/")?;
        std::fs::read(root.join("status").join(format!("token-{n}.jwt"))).ok()
    });

    let ca = Ca::new("Testi-CA");
    let kp = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let key = write_private(&tmp.path().join("key.pem"), &kp.serialize_pem());
    let chain = write_private(
        &tmp.path().join("chain.pem"),
        &format!("{}{}", ca.leaf(&kp, &base, 2040), ca.cert.pem()),
    );
    let ca_pem = write_private(&tmp.path().join("ca.pem"), &ca.cert.pem());
    let init = |data: &Path, key: &Path| {
        microcred(&[
            "issuer",
            "init",
            "--data",
            data.to_str().unwrap(),
            "--name",
            "Testiopisto",
            "--legal-id",
            "1234567-1",
            "--country",
            "FI",
            "--base-url",
            &base,
            "--certificate",
            chain.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
        ])
    };

    // A key the certificate is not for: refused with the reason, nothing left behind.
    let other = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let other_key = write_private(&tmp.path().join("other.pem"), &other.serialize_pem());
    let refused = init(&tmp.path().join("wrong"), &other_key);
    assert_eq!(refused.status.code(), Some(2), "{}", describe(&refused));
    assert!(
        stderr(&refused).contains("is for another key than the issuer's signing key"),
        "{}",
        describe(&refused)
    );
    assert!(!tmp.path().join("wrong/issuer.json").exists());

    // The right key: the issuer is made, and says what its credentials will carry.
    let made = init(&data, &key);
    assert_eq!(made.status.code(), Some(0), "{}", describe(&made));
    let said = stderr(&made);
    assert!(
        said.contains("CN=Testiopisto Oy (issued by CN=Testi-CA)"),
        "{said}"
    );
    assert!(said.contains("the root certificate was left out"), "{said}");
    assert!(data.join("keys/key-1.cert.pem").exists());

    let spec = repo().join("examples/tapahtumatekniikan-osaajaksi.json");
    let award = repo().join("examples/awards/tapahtumatekniikka-maija.json");
    let cred = tmp.path().join("maija.sd-jwt");
    expect_exit(
        &microcred(&[
            "issuer",
            "issue",
            "--data",
            data.to_str().unwrap(),
            "--spec",
            spec.to_str().unwrap(),
            "--award",
            award.to_str().unwrap(),
            "--format",
            "sd-jwt",
            "--out",
            cred.to_str().unwrap(),
        ]),
        0,
    );

    // The employer trusts the CA: valid, the anchor named, the status read.
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", cred.to_str().unwrap()];
        args.extend_from_slice(extra);
        microcred(&args)
    };
    let text = expect_exit(&verify(&["--trust-anchor", ca_pem.to_str().unwrap()]), 0);
    assert!(text.starts_with("✔ VALID — genuine and current"), "{text}");
    assert!(
        text.contains("signed by the key of the issuer's certificate CN=Testiopisto Oy"),
        "{text}"
    );
    assert!(
        text.contains("leads to a certificate authority on the trust list: CN=Testi-CA"),
        "{text}"
    );
    assert!(text.contains("not revoked, not suspended"), "{text}");
    let fi = expect_exit(
        &verify(&["--trust-anchor", ca_pem.to_str().unwrap(), "--lang", "fi"]),
        0,
    );
    assert!(
        fi.contains("johtaa luotettujen myöntäjien listan varmentajaan: CN=Testi-CA"),
        "{fi}"
    );
    // The same anchor from a trust list file, under the list's own name for it.
    let list = tmp.path().join("trust.json");
    std::fs::write(
        &list,
        serde_json::json!({"x509Anchors": [{"name": "Testivarmentaja", "certificate": ca.cert.pem()}]})
            .to_string(),
    )
    .unwrap();
    let sv = expect_exit(
        &verify(&["--trust-list", list.to_str().unwrap(), "--lang", "sv"]),
        0,
    );
    assert!(
        sv.contains("leder till en certifikatutfärdare på förtroendelistan: Testivarmentaja"),
        "{sv}"
    );

    // Without the anchor: could not check (exit 3), never invalid.
    let text = expect_exit(&verify(&[]), 3);
    assert!(text.starts_with("? COULD NOT CHECK"), "{text}");
    assert!(
        text.contains("leads to no certificate authority on the trust list"),
        "{text}"
    );

    // A renewed certificate from the same CA is put in place; credentials still verify.
    let renewed = write_private(&tmp.path().join("renewed.pem"), &ca.leaf(&kp, &base, 2041));
    let put = microcred(&[
        "issuer",
        "certificate",
        "--data",
        data.to_str().unwrap(),
        renewed.to_str().unwrap(),
        "--lang",
        "fi",
    ]);
    assert_eq!(put.status.code(), Some(0), "{}", describe(&put));
    assert!(
        stderr(&put).contains("voimassa 2041-01-01 asti"),
        "{}",
        describe(&put)
    );
    expect_exit(&verify(&["--trust-anchor", ca_pem.to_str().unwrap()]), 0);
}
