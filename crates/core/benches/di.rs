//! Data Integrity stages on a full microcred credential: JSON-LD to quads, canonical
//! form, sign, verify (from text). Run: `cargo bench -p microcred-core --bench di`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use microcred_core::di::{self, ProofConfig};
use microcred_core::did;
use microcred_core::keys::SecretKey;

#[path = "../tests/common/mod.rs"]
mod common;

fn stages(c: &mut Criterion) {
    let vc = common::our_credentials()
        .into_iter()
        .find(|v| v["name"] == "Tapahtumatekniikan osaajaksi")
        .unwrap();
    let key = SecretKey::generate();
    let vm = did::did_key_vm(key.public());
    let cfg = ProofConfig::assertion(&vm, "2026-05-29T10:00:00Z");
    let signed = di::sign(vc.clone(), &key, &cfg).unwrap();
    let text = signed.to_string();
    let quads = di::quads_fast(&vc).unwrap();
    eprintln!("credential: {} bytes, {} quads", text.len(), quads.len());

    let mut g = c.benchmark_group("di");
    g.throughput(Throughput::Elements(1));
    g.bench_function("quads", |b| b.iter(|| di::quads_fast(&vc).unwrap()));
    g.bench_function("canonicalize", |b| {
        b.iter(|| di::rdfc::canonicalize(&quads).unwrap())
    });
    g.bench_function("sign", |b| {
        b.iter(|| di::sign(vc.clone(), &key, &cfg).unwrap())
    });
    g.bench_function("verify-from-text", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            di::verify(&v, key.public()).unwrap()
        })
    });
    g.bench_function("parse-text", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(&text).unwrap())
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
