//! Share links through the library API, as the server will serve them: only what was
//! chosen is in a link, ended and expired links are gone, and the limits hold.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::sync::Arc;

use microcred_core::status::StatusPurpose;
use microcred_issuer::{Format, InitOptions as IssuerInit, Issuer, Request};
use microcred_model::{Award, Learner};
use microcred_testkit::examples;
use microcred_verifier::{MapFetch, Options, TrustList, Verdict, Verifier};
use microcred_wallet::crypto::KdfParams;
use microcred_wallet::share::{parse_expiry, MAX_ACTIVE_SHARES};
use microcred_wallet::{Disclose, InitOptions, Lookup, Wallet};

struct World {
    _tmp: tempfile::TempDir,
    issuer: Issuer,
    fetch: Arc<MapFetch>,
    wallet: Wallet,
}

fn fast_kdf() -> KdfParams {
    KdfParams {
        memory_kib: 8_192,
        ..KdfParams::new()
    }
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let profile = examples::profile();
        let issuer = Issuer::init(
            &tmp.path().join("issuer"),
            profile,
            IssuerInit {
                base_url: Some("https://opisto.example.fi".into()),
                ..IssuerInit::default()
            },
        )
        .unwrap();
        let wallet = Wallet::init(
            &tmp.path().join("wallet"),
            "salasana on pitkä",
            InitOptions {
                kdf: Some(fast_kdf()),
                ..InitOptions::default()
            },
        )
        .unwrap();
        World {
            _tmp: tmp,
            issuer,
            fetch: Arc::new(MapFetch::new()),
            wallet,
        }
    }

    fn verifier(&self) -> Verifier {
        for p in [
            StatusPurpose::Message,
            StatusPurpose::Revocation,
            StatusPurpose::Suspension,
        ] {
            if let Ok(b) = std::fs::read(self.issuer.status_list_path(p, 1)) {
                self.fetch.insert(&self.issuer.status_list_url(p, 1), b);
            }
        }
        if let Ok(b) = std::fs::read(self.issuer.status_token_path(1)) {
            self.fetch.insert(&self.issuer.status_token_url(1), b);
        }
        Verifier::new(self.fetch.clone(), TrustList::empty(), Options::default())
    }

    fn import(&self, spec: &str, format: Format) -> String {
        let spec = examples::spec(spec);
        let award = Award {
            json_schema: None,
            id: None,
            specification: spec.id.clone(),
            learner: Learner {
                name: "Maija Meikäläinen".into(),
                date_of_birth: Some("2003-04-17".into()),
                did: Some(self.wallet.did().to_string()),
                ..Learner::default()
            },
            issued: "2026-05-29".into(),
            place: None,
            grade: spec
                .grading_scheme
                .as_ref()
                .and_then(|g| g.grades.last())
                .map(|g| g.value.clone()),
            evidence: vec![],
            valid_until: None,
            chosen_units: Vec::new(),
        };
        let text = self
            .issuer
            .issue(
                &spec,
                Request {
                    award,
                    format,
                    idempotency_key: None,
                },
            )
            .unwrap()
            .credential;
        let v = self.verifier();
        futures_executor::block_on(self.wallet.import(text.as_bytes(), &v))
            .unwrap()
            .entry
            .id
    }
}

#[test]
fn a_link_holds_only_what_was_chosen_and_verifies() {
    let w = World::new();
    let id = w.import("tapahtumatekniikan-osaajaksi", Format::SdJwt);
    let expires = parse_expiry(Some("30d"), chrono::Utc::now()).unwrap();
    let share = w
        .wallet
        .share(
            std::slice::from_ref(&id),
            expires,
            &Disclose::Only(vec!["name".into()]),
        )
        .unwrap();
    assert_eq!(share.disclosed, ["name"]);
    let Lookup::Found(content) = w.wallet.lookup_share(&share.token).unwrap() else {
        panic!("the link is active");
    };
    assert_eq!(content.credentials.len(), 1);
    let shared = &content.credentials[0];
    assert_eq!(shared.format, "sd-jwt");
    let r = futures_executor::block_on(
        w.verifier()
            .verify(shared.credential.as_bytes(), &Default::default()),
    );
    assert_eq!(
        r.verdict,
        Verdict::ValidIssuerNotRecognised,
        "{}",
        r.to_text(microcred_model::Lang::En)
    );
    let subject = &r.credentials[0].claims.as_ref().unwrap()["credentialSubject"];
    assert_eq!(subject["fullName"], "Maija Meikäläinen");
    assert!(subject.get("result").is_none(), "the grade was not chosen");
    assert!(subject.get("birthDate").is_none());

    // Ended: gone at once; unknown and malformed tokens are simply not found.
    w.wallet.unshare(&share.token).unwrap();
    assert_eq!(w.wallet.lookup_share(&share.token).unwrap(), Lookup::Gone);
    assert_eq!(
        w.wallet.lookup_share("AAAAAAAAAAAAAAAAAAAAAA").unwrap(),
        Lookup::NotFound
    );
    assert_eq!(w.wallet.lookup_share("../etc").unwrap(), Lookup::NotFound);
}

#[test]
fn hiding_the_grade_shows_everything_else() {
    let w = World::new();
    let id = w.import("tapahtumatekniikan-osaajaksi", Format::SdJwt);
    let expires = parse_expiry(Some("30d"), chrono::Utc::now()).unwrap();
    let share = w
        .wallet
        .share(
            std::slice::from_ref(&id),
            expires,
            &Disclose::AllBut(vec!["grade".into()]),
        )
        .unwrap();
    assert!(
        share.disclosed.iter().any(|n| n == "name"),
        "{:?}",
        share.disclosed
    );
    assert!(!share.disclosed.iter().any(|n| n == "grade"));
    let Lookup::Found(content) = w.wallet.lookup_share(&share.token).unwrap() else {
        panic!("the link is active");
    };
    let r = futures_executor::block_on(w.verifier().verify(
        content.credentials[0].credential.as_bytes(),
        &Default::default(),
    ));
    assert_eq!(r.verdict, Verdict::ValidIssuerNotRecognised);
    let claims = r.credentials[0].claims.as_ref().unwrap();
    assert!(
        claims["credentialSubject"].get("result").is_none(),
        "the grade is hidden"
    );
    assert_eq!(claims["credentialSubject"]["birthDate"], "2003-04-17");
    assert!(claims["credentialSubject"]["fullName"].is_string());
    // One credential named twice is shown once; more than twenty are refused.
    let twice = w
        .wallet
        .share(&[id.clone(), id.clone()], expires, &Disclose::All)
        .unwrap();
    let Lookup::Found(content) = w.wallet.lookup_share(&twice.token).unwrap() else {
        panic!("the link is active");
    };
    assert_eq!(content.credentials.len(), 1);
    let many = w
        .wallet
        .share(&vec![id.clone(); 21], expires, &Disclose::All)
        .unwrap_err();
    assert!(many.to_string().contains("at most 20"), "{many}");
    // A name no credential has is refused rather than ignored (a typo would leak).
    let err = w
        .wallet
        .share(
            std::slice::from_ref(&id),
            expires,
            &Disclose::AllBut(vec!["grades".into()]),
        )
        .unwrap_err();
    assert!(err.to_string().contains("grades"), "{err}");
}

#[test]
fn expired_links_are_gone_and_a_hundred_is_the_limit() {
    let w = World::new();
    let id = w.import("ensiapuryhmassa-toimiminen", Format::Jwt);
    let soon = parse_expiry(Some("1d"), chrono::Utc::now()).unwrap();
    let s = w
        .wallet
        .share(std::slice::from_ref(&id), soon, &Disclose::All)
        .unwrap();
    // A day later the same record is gone.
    let later = chrono::Utc::now().timestamp() + 2 * 86_400;
    let shares = w.wallet.lookup_share(&s.token).unwrap();
    assert!(matches!(shares, Lookup::Found(_)));
    assert_eq!(expired(&w.wallet, &s.token, later), Lookup::Gone);

    for _ in 1..MAX_ACTIVE_SHARES {
        w.wallet
            .share(std::slice::from_ref(&id), soon, &Disclose::All)
            .unwrap();
    }
    let err = w
        .wallet
        .share(std::slice::from_ref(&id), soon, &Disclose::All)
        .unwrap_err();
    assert!(err.to_string().contains("100 links are active"), "{err}");
    w.wallet.unshare(&s.token).unwrap();
    w.wallet.share(&[id], soon, &Disclose::All).unwrap();
}

fn expired(wallet: &Wallet, token: &str, at: i64) -> Lookup {
    wallet.lookup_share_at(token, at).unwrap()
}

#[test]
fn every_presentation_the_wallet_makes_verifies_and_a_replay_does_not() {
    let w = World::new();
    let di = w.import("tapahtumatekniikan-osaajaksi", Format::DataIntegrity);
    let jwt = w.import("ensiapuryhmassa-toimiminen", Format::Jwt);
    let sd = w.import("datan-visualisointi-5op", Format::SdJwt);
    let v = w.verifier();
    let expect = |c: &str| microcred_verifier::Expectation {
        challenge: Some(c.into()),
        domain: Some("https://rekry.example.fi".into()),
        ..Default::default()
    };
    for ids in [
        vec![di.clone()],
        vec![jwt.clone()],
        vec![di.clone(), jwt.clone()],
        vec![sd.clone()],
    ] {
        let p = w
            .wallet
            .present(
                &ids,
                "c-1",
                Some("https://rekry.example.fi"),
                &Disclose::All,
            )
            .unwrap();
        let ok = futures_executor::block_on(v.verify(p.text.as_bytes(), &expect("c-1")));
        assert_eq!(
            ok.verdict,
            Verdict::ValidIssuerNotRecognised,
            "{ids:?}\n{}",
            ok.to_text(microcred_model::Lang::En)
        );
        assert_eq!(ok.credentials.len(), ids.len());
        let replay = futures_executor::block_on(v.verify(p.text.as_bytes(), &expect("c-2")));
        assert_eq!(replay.verdict, Verdict::Invalid, "{ids:?}");
    }
    let mixed = w
        .wallet
        .present(&[sd.clone(), di], "c", Some("d"), &Disclose::All);
    assert!(mixed.unwrap_err().to_string().contains("on its own"));
    let hide = w
        .wallet
        .present(&[jwt], "c", Some("d"), &Disclose::Only(vec!["name".into()]));
    assert!(hide.unwrap_err().to_string().contains("only SD-JWT"));
    let no_aud = w.wallet.present(&[sd], "c", None, &Disclose::All);
    assert!(no_aud.unwrap_err().to_string().contains("audience"));
}
