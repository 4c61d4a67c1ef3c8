//! A JWT whose `kid` names a DID other than the issuer its payload names is refused
//! before that DID is resolved: a verifier must not fetch whatever `did:web` a stranger
//! writes into a header.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use microcred_core::did;
use microcred_core::jose::{self, Ed25519Signer};
use microcred_core::keys::SecretKey;
use microcred_model::Lang;
use microcred_verifier::{
    CheckKind, Expectation, Fetch, FetchError, Outcome, Reason, TrustList, Verdict, Verifier,
};
use serde_json::json;

/// Counts what the verifier asks for; has nothing.
#[derive(Default)]
struct Counting(AtomicUsize);

impl Fetch for Counting {
    fn get<'a>(&'a self, _url: &'a str) -> microcred_verifier::fetch::FetchFuture<'a> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(std::future::ready(Err(FetchError::Unreachable)))
    }
}

#[test]
fn a_kid_of_someone_else_is_not_resolved() {
    let fetch = Arc::new(Counting::default());
    let v = Verifier::new(fetch.clone(), TrustList::empty(), Default::default());
    let key = Arc::new(SecretKey::from_seed(&[7; 32]));
    let me = did::did_key(key.public());
    for (kid, issuer) in [
        ("did:web:inside.example#k", me.clone()),
        ("did:web:victim.example:users:x#key-1", me.clone()),
        (
            &*format!("{}#k", "did:web:a.example"),
            "did:web:b.example".to_string(),
        ),
    ] {
        let payload = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": issuer,
            "credentialSubject": { "id": holder_did() }
        });
        let jwt = jose::sign(
            payload.to_string().as_bytes(),
            "vc+jwt",
            &Ed25519Signer::new(key.clone(), Some(kid.to_string())),
        )
        .unwrap();
        let r = futures_executor::block_on(v.verify(jwt.as_bytes(), &Expectation::default()));
        assert_eq!(r.verdict, Verdict::Invalid, "{}", r.to_text(Lang::En));
        let sig = r.check(CheckKind::Signature).unwrap();
        assert_eq!(sig.outcome, Outcome::Failed);
        assert!(
            matches!(sig.reason, Reason::KeyNotIssuers { .. }),
            "{:?}",
            sig.reason
        );
    }
    assert_eq!(
        fetch.0.load(Ordering::SeqCst),
        0,
        "a DID document was fetched"
    );
}
