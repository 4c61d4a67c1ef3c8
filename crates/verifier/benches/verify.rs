//! Verifications per second for each format, one core, the status lists cached (as a
//! verifier serving employers would have them after the first request).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

/// As the `microcred` binary runs it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use microcred_issuer::Format;
use microcred_verifier::{Expectation, Verdict};

fn verify(c: &mut Criterion) {
    let world = common::World::new();
    let verifier = world.verifier();
    let expect = Expectation::default();
    for (name, spec) in [
        ("full", common::spec("tapahtumatekniikan-osaajaksi")),
        ("compact", common::compact_spec()),
    ] {
        let mut group = c.benchmark_group(format!("verify-{name}"));
        group.throughput(Throughput::Elements(1));
        for format in Format::ALL {
            let text = world.issue(&spec, format).credential;
            eprintln!("{name} {format}: {} bytes", text.len());
            let bytes = text.as_bytes();
            let warm = futures_executor::block_on(verifier.verify(bytes, &expect));
            assert_eq!(
                warm.verdict,
                Verdict::Valid,
                "{}",
                warm.to_text(microcred_model::Lang::En)
            );
            group.bench_with_input(BenchmarkId::from_parameter(format), &bytes, |b, bytes| {
                b.iter(|| futures_executor::block_on(verifier.verify(bytes, &expect)))
            });
        }
        group.finish();
    }
}

/// ES256 (P-256 did:key issuer) beside EdDSA, for the formats P-256 signs.
fn verify_es256(c: &mut Criterion) {
    let world = es256_world();
    let verifier = world.verifier();
    let expect = Expectation::default();
    let mut group = c.benchmark_group("verify-es256");
    group.throughput(Throughput::Elements(1));
    for format in [Format::Jwt, Format::SdJwt] {
        let text = world.issue(&common::compact_spec(), format).credential;
        let bytes = text.as_bytes();
        let warm = futures_executor::block_on(verifier.verify(bytes, &expect));
        assert_eq!(warm.verdict, Verdict::Valid);
        group.bench_with_input(BenchmarkId::from_parameter(format), &bytes, |b, bytes| {
            b.iter(|| futures_executor::block_on(verifier.verify(bytes, &expect)))
        });
    }
    group.finish();
}

fn es256_world() -> common::World {
    let tmp = tempfile::tempdir().unwrap();
    let issuer = microcred_issuer::Issuer::init(
        &tmp.path().join("issuer"),
        common::profile(),
        microcred_issuer::InitOptions {
            base_url: Some(common::BASE.into()),
            key_type: microcred_core::signing::KeyType::P256,
            ..Default::default()
        },
    )
    .unwrap();
    let w = common::World {
        tmp,
        issuer,
        fetch: std::sync::Arc::new(microcred_verifier::MapFetch::new()),
    };
    w.publish();
    w
}

/// A whole OpenID4VP answer checked: decrypting the `direct_post.jwt` response, the
/// SD-JWT VC presentation (issuer signature, disclosures, key binding to client id and
/// nonce, status, validity) and the DCQL query; for an EdDSA and an ES256 issuer.
fn oid4vp_response(c: &mut Criterion) {
    use microcred_verifier::oid4vp::{
        self, ClientIdPrefix, MemoryPending, PendingStore, ResponseMode, VerifierIdentity,
    };
    let mut group = c.benchmark_group("oid4vp-response");
    group.throughput(Throughput::Elements(1));
    for (name, world) in [("EdDSA", common::World::new()), ("ES256", es256_world())] {
        let verifier = world.verifier();
        let issued = world
            .issue(&common::compact_spec(), Format::SdJwt)
            .credential;
        let dir = tempfile::tempdir().unwrap();
        let identity = VerifierIdentity::open_or_create(
            dir.path(),
            &["localhost".into()],
            ClientIdPrefix::X509Hash,
        )
        .unwrap();
        let store = MemoryPending::new(1_000_000);
        let holder =
            microcred_core::jose::Ed25519Signer::new(std::sync::Arc::new(common::holder()), None);
        let make = || {
            let now = chrono::Utc::now().timestamp();
            let created = oid4vp::create(
                &identity,
                &store,
                "https://verifier.example",
                None,
                ResponseMode::DirectPostJwt,
                now,
            )
            .unwrap();
            let req = store.get(&created.id).unwrap().unwrap();
            let keep = |p: &str| p == "/credentialSubject/fullName";
            let vp = microcred_core::sdjwt::present(
                &issued,
                &keep,
                &req.client_id,
                &req.nonce,
                now,
                &holder,
            )
            .unwrap();
            let key = microcred_core::jwe::EphemeralKey::from_private_jwk(
                req.encryption_key.as_ref().unwrap(),
            )
            .unwrap();
            let payload = serde_json::json!({"vp_token": {"microcredential_sd_jwt": [vp]}, "state": req.state});
            let jwe = microcred_core::jwe::encrypt(
                payload.to_string().as_bytes(),
                key.public_jwk(),
                "A256GCM",
            )
            .unwrap();
            (created.id, vec![("response".to_string(), jwe)])
        };
        let (id, form) = make();
        let first = futures_executor::block_on(oid4vp::check_response(
            &verifier,
            &store,
            &id,
            &form,
            chrono::Utc::now().timestamp(),
        ))
        .unwrap()
        .unwrap();
        assert_eq!(oid4vp::overall(&first), Verdict::Valid);
        group.bench_function(name, |b| {
            b.iter_batched(
                make,
                |(id, form)| {
                    futures_executor::block_on(oid4vp::check_response(
                        &verifier,
                        &store,
                        &id,
                        &form,
                        chrono::Utc::now().timestamp(),
                    ))
                    .unwrap()
                    .unwrap()
                },
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, verify, verify_es256, oid4vp_response);
criterion_main!(benches);
