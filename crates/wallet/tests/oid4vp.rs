//! OpenID4VP 1.0 through the library APIs of both sides: the verifier makes a signed
//! DCQL request, the wallet checks it, finds the credential and answers with exactly the
//! requested claims, and the verifier checks the answer; then every way an answer must
//! be refused, each with its own reason.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::sync::Arc;

use microcred_core::status::StatusPurpose;
use microcred_core::x509;
use microcred_issuer::{Format, InitOptions as IssuerInit, Issuer, Request};
use microcred_model::{Award, Lang, Learner};
use microcred_testkit::examples;
use microcred_verifier::oid4vp::{
    self, ClientIdPrefix, MemoryPending, Outcome, PendingStore, Refusal, ResponseMode,
    VerifierIdentity,
};
use microcred_verifier::{MapFetch, Options, TrustList, Verdict, Verifier};
use microcred_wallet::crypto::KdfParams;
use microcred_wallet::oid4vp::{check_request_object, parse_link, Request as VpRequest};
use microcred_wallet::{InitOptions, Wallet};
use serde_json::{json, Value};

const BASE: &str = "https://verifier.example";

struct World {
    tmp: tempfile::TempDir,
    issuer: Issuer,
    fetch: Arc<MapFetch>,
    wallet: Wallet,
    identity: VerifierIdentity,
    store: MemoryPending,
    verifier: Verifier,
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
                kdf: Some(KdfParams {
                    memory_kib: 8_192,
                    ..KdfParams::new()
                }),
                ..InitOptions::default()
            },
        )
        .unwrap();
        let identity = VerifierIdentity::open_or_create(
            &tmp.path().join("verifier"),
            &["verifier.example".into()],
            ClientIdPrefix::X509Hash,
        )
        .unwrap();
        let fetch = Arc::new(MapFetch::new());
        let verifier = Verifier::new(fetch.clone(), TrustList::empty(), Options::default());
        World {
            tmp,
            issuer,
            fetch,
            wallet,
            identity,
            store: MemoryPending::new(100),
            verifier,
        }
    }

    fn issue(&self, format: Format) -> String {
        let spec = examples::spec("tapahtumatekniikan-osaajaksi");
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
            chosen_units: vec![],
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
        futures_executor::block_on(self.wallet.import(text.as_bytes(), &self.verifier))
            .unwrap()
            .entry
            .id
    }

    fn anchors(&self) -> Vec<Vec<u8>> {
        x509::pem_certificates(
            &std::fs::read_to_string(self.tmp.path().join("verifier/ca.pem")).unwrap(),
        )
        .unwrap()
    }

    /// A request made by the verifier and read by the wallet from its link.
    fn request(&self, query: Option<&Value>, mode: ResponseMode) -> (String, VpRequest) {
        let now = chrono::Utc::now().timestamp();
        let created = oid4vp::create(&self.identity, &self.store, BASE, query, mode, now).unwrap();
        let pending = self.store.get(&created.id).unwrap().unwrap();
        let jws =
            oid4vp::request_object(&self.identity, &pending, BASE, "Työnantaja Oy", None, now);
        self.fetch.insert(&created.request_uri, jws);
        let req = futures_executor::block_on(self.wallet.resolve_request(
            &created.link,
            self.fetch.as_ref(),
            &self.anchors(),
        ))
        .unwrap();
        (created.id, req)
    }

    fn answer(
        &self,
        id: &str,
        form: &[(String, String)],
    ) -> Result<Vec<(String, microcred_verifier::Report)>, Refusal> {
        futures_executor::block_on(oid4vp::check_response(
            &self.verifier,
            &self.store,
            id,
            form,
            chrono::Utc::now().timestamp(),
        ))
        .unwrap()
    }
}

fn disclosed_names(form: &[(String, String)], req: &VpRequest, w: &World) -> Value {
    // Decrypt as the verifier would, to look at what was disclosed.
    let pending = w
        .store
        .get(req.response_uri.rsplit('/').next().unwrap())
        .unwrap()
        .unwrap();
    let key = microcred_core::jwe::EphemeralKey::from_private_jwk(
        pending.encryption_key.as_ref().unwrap(),
    )
    .unwrap();
    let (plain, _) = key.decrypt(&form[0].1).unwrap();
    serde_json::from_slice(&plain).unwrap()
}

#[test]
fn an_sd_jwt_answer_discloses_exactly_the_name_and_title_and_is_valid() {
    let w = World::new();
    w.issue(Format::SdJwt);
    let (id, req) = w.request(None, ResponseMode::DirectPostJwt);
    assert_eq!(req.client_name.as_deref(), Some("Työnantaja Oy"));
    assert!(req.client_id.starts_with("x509_hash:"));
    assert!(req
        .trusted_by
        .as_deref()
        .unwrap()
        .contains("microcred verifier CA"));
    assert_eq!(req.encryption.as_ref().unwrap().1, "A256GCM");
    let matches = w.wallet.match_request(&req, Lang::Fi).unwrap();
    let chosen = matches.choose(&req.query).expect("the wallet can answer");
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].0, "microcredential_sd_jwt");
    assert_eq!(
        chosen[0].1.pointers,
        [
            "/credentialSubject/fullName",
            "/credentialSubject/achievement/name"
        ]
    );
    let (form, _) = w.wallet.response_form(&req, Some(&chosen)).unwrap();
    assert_eq!(form.len(), 1, "one encrypted response parameter");
    assert_eq!(form[0].0, "response");
    let payload = disclosed_names(&form, &req, &w);
    let sd = payload["vp_token"]["microcredential_sd_jwt"][0]
        .as_str()
        .unwrap();
    // Only the name's disclosure travels: the birth date and the grade stay hidden.
    let parts = microcred_core::sdjwt::split(sd).unwrap();
    assert_eq!(parts.disclosures.len(), 1, "{sd}");
    let reports = w.answer(&id, &form).unwrap();
    assert_eq!(oid4vp::overall(&reports), Verdict::ValidIssuerNotRecognised);
    let claims = reports[0].1.credentials[0].claims.as_ref().unwrap();
    assert_eq!(claims["credentialSubject"]["fullName"], "Maija Meikäläinen");
    assert!(claims["credentialSubject"].get("birthDate").is_none());
    assert!(claims["credentialSubject"].get("result").is_none());
    // The same answer again is a replay.
    assert_eq!(w.answer(&id, &form), Err(Refusal::Replayed));
    assert!(matches!(
        w.store.get(&id).unwrap().unwrap().outcome,
        Outcome::Answered(_)
    ));
}

#[test]
fn w3c_formats_answer_with_bound_presentations() {
    let w = World::new();
    w.issue(Format::DataIntegrity);
    let (id, req) = w.request(None, ResponseMode::DirectPost);
    let chosen = w
        .wallet
        .match_request(&req, Lang::En)
        .unwrap()
        .choose(&req.query)
        .unwrap();
    assert_eq!(chosen[0].0, "microcredential_ldp");
    let (form, _) = w.wallet.response_form(&req, Some(&chosen)).unwrap();
    assert!(form.iter().any(|(k, _)| k == "vp_token"));
    let reports = w.answer(&id, &form).unwrap();
    assert_eq!(
        oid4vp::overall(&reports),
        Verdict::ValidIssuerNotRecognised,
        "{:?}",
        reports[0].1
    );

    let w = World::new();
    w.issue(Format::Jwt);
    let (id, req) = w.request(None, ResponseMode::DirectPostJwt);
    let chosen = w
        .wallet
        .match_request(&req, Lang::En)
        .unwrap()
        .choose(&req.query)
        .unwrap();
    assert_eq!(chosen[0].0, "microcredential_jwt");
    let (form, _) = w.wallet.response_form(&req, Some(&chosen)).unwrap();
    let reports = w.answer(&id, &form).unwrap();
    assert_eq!(
        oid4vp::overall(&reports),
        Verdict::ValidIssuerNotRecognised,
        "{:?}",
        reports[0].1
    );
}

#[test]
fn refusals_each_with_their_own_reason() {
    let w = World::new();
    w.issue(Format::SdJwt);
    // An answer to another request: encrypted to the other request's key.
    let (_id_a, req_a) = w.request(None, ResponseMode::DirectPostJwt);
    let (id_b, req_b) = w.request(None, ResponseMode::DirectPostJwt);
    let chosen = w
        .wallet
        .match_request(&req_a, Lang::En)
        .unwrap()
        .choose(&req_a.query)
        .unwrap();
    let (form_a, _) = w.wallet.response_form(&req_a, Some(&chosen)).unwrap();
    assert_eq!(w.answer(&id_b, &form_a), Err(Refusal::AnotherRequest));
    // ...which did not use request B up.
    let (form_b, _) = w.wallet.response_form(&req_b, Some(&chosen)).unwrap();
    assert!(w.answer(&id_b, &form_b).is_ok());

    // A presentation made for another nonce (replayed into a new request) is invalid.
    let (id_c, req_c) = w.request(None, ResponseMode::DirectPost);
    let mut stale = req_c.clone();
    stale.nonce = req_a.nonce.clone();
    let (form_c, _) = w.wallet.response_form(&stale, Some(&chosen)).unwrap();
    let reports = w.answer(&id_c, &form_c).unwrap();
    assert_eq!(oid4vp::overall(&reports), Verdict::Invalid);
    let text = format!("{:?}", reports[0].1);
    assert!(text.contains("ChallengeMismatch"), "{text}");

    // A tampered presentation (a disclosure swapped for a forged one) is invalid.
    let (id_d, req_d) = w.request(None, ResponseMode::DirectPost);
    let (form_d, _) = w.wallet.response_form(&req_d, Some(&chosen)).unwrap();
    let mut token: Value =
        serde_json::from_str(&form_d.iter().find(|(k, _)| k == "vp_token").unwrap().1).unwrap();
    let sd = token["microcredential_sd_jwt"][0]
        .as_str()
        .unwrap()
        .to_string();
    let forged_disclosure =
        microcred_core::sdjwt::Disclosure::new(Some("fullName"), json!("Mallory")).encoded;
    let mut pieces: Vec<&str> = sd.split('~').collect();
    pieces[1] = &forged_disclosure;
    token["microcredential_sd_jwt"][0] = json!(pieces.join("~"));
    let forged: Vec<(String, String)> = form_d
        .iter()
        .map(|(k, v)| {
            if k == "vp_token" {
                (k.clone(), token.to_string())
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect();
    let reports = w.answer(&id_d, &forged).unwrap();
    assert_eq!(oid4vp::overall(&reports), Verdict::Invalid);

    // A missing requested claim: the query asks for an e-mail the credential lacks, and
    // the wallet that answers anyway is refused.
    let q = json!({"credentials": [{
        "id": "mc", "format": "dc+sd-jwt",
        "meta": {"vct_values": [microcred_model::credential::SD_JWT_VCT]},
        "claims": [{"path": ["credentialSubject", "fullName"]}, {"path": ["credentialSubject", "hashedEmail"]}]
    }]});
    let (id_e, req_e) = w.request(Some(&q), ResponseMode::DirectPost);
    assert!(w
        .wallet
        .match_request(&req_e, Lang::En)
        .unwrap()
        .choose(&req_e.query)
        .is_none());
    let mut name_only = chosen.clone();
    name_only[0].0 = "mc".into();
    name_only[0].1.pointers = vec!["/credentialSubject/fullName".into()];
    let (form_e, _) = w.wallet.response_form(&req_e, Some(&name_only)).unwrap();
    assert!(matches!(
        w.answer(&id_e, &form_e),
        Err(Refusal::MissingClaims { .. })
    ));

    // An expired request.
    let (id_f, req_f) = w.request(None, ResponseMode::DirectPost);
    let (form_f, _) = w.wallet.response_form(&req_f, Some(&chosen)).unwrap();
    let late = futures_executor::block_on(oid4vp::check_response(
        &w.verifier,
        &w.store,
        &id_f,
        &form_f,
        chrono::Utc::now().timestamp() + oid4vp::DEFAULT_LIFETIME + 1,
    ))
    .unwrap();
    assert_eq!(late, Err(Refusal::Expired));

    // The learner declines.
    let (id_g, req_g) = w.request(None, ResponseMode::DirectPostJwt);
    let (form_g, _) = w.wallet.response_form(&req_g, None).unwrap();
    assert!(matches!(
        w.answer(&id_g, &form_g),
        Err(Refusal::Declined(_))
    ));
    assert_eq!(
        w.answer("no-such-request", &form_g),
        Err(Refusal::UnknownRequest)
    );
    for r in [Refusal::Replayed, Refusal::Expired, Refusal::AnotherRequest] {
        assert_ne!(r.message(Lang::Fi), r.message(Lang::En));
        assert_ne!(r.message(Lang::Sv), r.message(Lang::En));
    }
}

#[test]
fn the_wallet_refuses_requests_that_do_not_hold() {
    let w = World::new();
    let now = chrono::Utc::now().timestamp();
    let created = oid4vp::create(
        &w.identity,
        &w.store,
        BASE,
        None,
        ResponseMode::DirectPostJwt,
        now,
    )
    .unwrap();
    let pending = w.store.get(&created.id).unwrap().unwrap();
    let jws = oid4vp::request_object(&w.identity, &pending, BASE, "V", None, now);
    let cid = w.identity.client_id().to_string();
    assert!(check_request_object(&jws, &cid, &w.anchors(), now).is_ok());
    // Another client id than the signed one.
    assert!(check_request_object(&jws, "x509_hash:AAAA", &[], now).is_err());
    // A tampered payload.
    let parts: Vec<&str> = jws.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        &parts[1][..parts[1].len() - 2],
        parts[2]
    );
    assert!(check_request_object(&forged, &cid, &[], now).is_err());
    // A chain to an anchor the wallet does not trust.
    let other = tempfile::tempdir().unwrap();
    VerifierIdentity::open_or_create(
        other.path(),
        &["x.example".into()],
        ClientIdPrefix::X509Hash,
    )
    .unwrap();
    let foreign =
        x509::pem_certificates(&std::fs::read_to_string(other.path().join("ca.pem")).unwrap())
            .unwrap();
    assert!(check_request_object(&jws, &cid, &foreign, now).is_err());
    // Expired.
    assert!(check_request_object(&jws, &cid, &[], now + 3600).is_err());
    // Links.
    assert!(parse_link("openid4vp://?client_id=a").is_err());
    assert!(parse_link("not a link").is_err());
    assert!(parse_link(
        "openid4vp://?client_id=a&request_uri=https%3A%2F%2Fx&request_uri_method=put"
    )
    .is_err());
    let l = parse_link(&created.link).unwrap();
    assert_eq!(l.client_id, cid);
    assert_eq!(l.request_uri.as_deref(), Some(created.request_uri.as_str()));
}
