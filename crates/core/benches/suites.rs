//! Verifying one credential signed by another issuer, per proof suite (the vectors of
//! `tests/vectors/foreign/`, made by the JavaScript reference implementation), from
//! parsed JSON with the key already resolved. Run: `cargo bench -p microcred-core --bench
//! suites`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use microcred_core::di::suites;
use microcred_core::did;

fn suites_verify(c: &mut Criterion) {
    let mut g = c.benchmark_group("verify-suite");
    g.throughput(Throughput::Elements(1));
    for name in [
        "Ed25519Signature2020",
        "Ed25519Signature2018",
        "eddsa-jcs-2022",
        "ecdsa-rdfc-2019",
        "ecdsa-rdfc-2019-p384",
        "ecdsa-jcs-2019",
        "ecdsa-sd-2023",
        "ecdsa-sd-2023-derived-reveal",
    ] {
        let path = format!(
            "{}/tests/vectors/foreign/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let proof = suites::proofs(&doc).unwrap()[0].clone();
        let key = did::public_key_of(proof["verificationMethod"].as_str().unwrap()).unwrap();
        suites::verify(&doc, &proof, &key).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| suites::verify(&doc, &proof, &key).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, suites_verify);
criterion_main!(benches);
