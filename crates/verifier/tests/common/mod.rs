//! A small world for verifier tests and benchmarks: an issuer (did:key or did:web), a
//! holder, and an in-memory "internet" serving the issuer's DID document and status lists.
#![allow(dead_code)]

use std::sync::Arc;

use microcred_core::did;
use microcred_core::keys::SecretKey;
use microcred_core::status::StatusPurpose;
use microcred_issuer::{Format, InitOptions, Issued, Issuer, Request};
use microcred_model::{Award, Lang, LangMap, Learner, Specification};
use microcred_verifier::{Expectation, MapFetch, Options, Report, TrustList, Verifier};

pub const BASE: &str = "https://opisto.example.fi";
pub const WEB_DOMAIN: &str = "opisto.example.fi";
pub const HOLDER_SEED: [u8; 32] = [9; 32];

pub use microcred_testkit::examples::{profile, spec};

/// The smallest credential that still carries every EU element: one language, no
/// optional elements.
pub fn compact_spec() -> Specification {
    let mut s = spec("datan-visualisointi-5op");
    let en = |m: &LangMap| LangMap::en(m.text(Lang::En));
    s.title = en(&s.title);
    s.description = en(&s.description);
    for o in &mut s.learning_outcomes {
        o.text = en(&o.text);
    }
    s.assessment.description = None;
    s.quality_assurance
        .iter_mut()
        .for_each(|q| q.description = None);
    s.prerequisites = None;
    s.supervision = None;
    s.grading_scheme = None;
    s.integration = None;
    s.languages = vec!["en".into()];
    s
}

pub fn holder() -> SecretKey {
    SecretKey::from_seed(&HOLDER_SEED)
}

pub fn holder_did() -> String {
    did::did_key(holder().public())
}

pub fn award(spec: &Specification) -> Award {
    Award {
        json_schema: None,
        id: None,
        specification: spec.id.clone(),
        learner: Learner {
            name: "Maija Meikäläinen".into(),
            date_of_birth: Some("2003-04-17".into()),
            did: Some(holder_did()),
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
        valid_until: Some("2031-05-29".into()),
        chosen_units: Vec::new(),
    }
}

pub struct World {
    pub tmp: tempfile::TempDir,
    pub issuer: Issuer,
    pub fetch: Arc<MapFetch>,
}

impl World {
    pub fn new() -> World {
        Self::with(false)
    }

    /// A did:web issuer whose DID document the in-memory internet serves.
    pub fn web() -> World {
        Self::with(true)
    }

    fn with(web: bool) -> World {
        let tmp = tempfile::tempdir().unwrap();
        let issuer = Issuer::init(
            &tmp.path().join("issuer"),
            profile(),
            InitOptions {
                did_web: web.then(|| WEB_DOMAIN.to_string()),
                base_url: Some(BASE.into()),
                seed: Some([3; 32]),
                ..InitOptions::default()
            },
        )
        .unwrap();
        let w = World {
            tmp,
            issuer,
            fetch: Arc::new(MapFetch::new()),
        };
        w.publish();
        w
    }

    /// Puts the issuer's current DID document and status lists on the in-memory internet.
    pub fn publish(&self) {
        if self.issuer.did().starts_with("did:web:") {
            let doc = serde_json::to_vec(&self.issuer.did_document().unwrap()).unwrap();
            self.fetch
                .insert(&did::did_web_url(self.issuer.did()).unwrap(), doc);
        }
        for list in 1..=self.issuer.registry().unwrap().last_list().unwrap().max(1) {
            for p in [
                StatusPurpose::Message,
                StatusPurpose::Revocation,
                StatusPurpose::Suspension,
            ] {
                if let Ok(body) = std::fs::read(self.issuer.status_list_path(p, list)) {
                    self.fetch
                        .insert(&self.issuer.status_list_url(p, list), body);
                }
            }
            if let Ok(body) = std::fs::read(self.issuer.status_token_path(list)) {
                self.fetch.insert(&self.issuer.status_token_url(list), body);
            }
        }
    }

    pub fn issue(&self, spec: &Specification, format: Format) -> Issued {
        let issued = self
            .issuer
            .issue(
                spec,
                Request {
                    award: award(spec),
                    format,
                    idempotency_key: None,
                },
            )
            .unwrap();
        self.publish();
        issued
    }

    pub fn issue_award(&self, spec: &Specification, award: Award, format: Format) -> Issued {
        let issued = self
            .issuer
            .issue(
                spec,
                Request {
                    award,
                    format,
                    idempotency_key: None,
                },
            )
            .unwrap();
        self.publish();
        issued
    }

    pub fn trust_list(&self) -> TrustList {
        TrustList::from_json(
            serde_json::json!({"issuers": [{
                "did": self.issuer.did(),
                "legalName": "Esimerkkiopisto Oy",
                "country": "FI",
                "legalIdentifier": "1234567-1",
                "accreditation": "Järjestämislupa"
            }]})
            .to_string()
            .as_bytes(),
        )
        .unwrap()
    }

    pub fn verifier(&self) -> Verifier {
        self.verifier_with(Options::default())
    }

    pub fn verifier_with(&self, opts: Options) -> Verifier {
        Verifier::new(self.fetch.clone(), self.trust_list(), opts)
    }
}

pub fn verify(v: &Verifier, text: &str) -> Report {
    futures_executor::block_on(v.verify(text.as_bytes(), &Expectation::default()))
}

pub fn verify_expecting(v: &Verifier, text: &str, challenge: &str, domain: &str) -> Report {
    futures_executor::block_on(v.verify(
        text.as_bytes(),
        &Expectation {
            challenge: Some(challenge.into()),
            domain: Some(domain.into()),
            ..Default::default()
        },
    ))
}
