//! A wallet of 100,000 credentials: unlocking it, listing it, and searching by title
//! must stay interactive. The wallet is filled once with real signed credentials (JWT,
//! six specifications) and kept on disk, as a learner's would be.
//!
//!     cargo bench -p microcred-wallet --bench wallet
//!     MICROCRED_BENCH_WALLET=/tmp/w100k MICROCRED_BENCH_SIZE=100000 cargo bench …
//!
//! With `MICROCRED_BENCH_WALLET` the wallet is kept there (passphrase
//! `benchmark passphrase`) for timing the `microcred wallet list` command itself.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use microcred_core::did;
use microcred_core::keys::SecretKey;
use microcred_issuer::format::{self, Format};
use microcred_model::credential;
use microcred_model::{Award, Learner};
use microcred_testkit::examples::{self, specs};
use microcred_wallet::wallet::{entry_from, issuer_of};
use microcred_wallet::{Status, Wallet};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PASS: &str = "benchmark passphrase";

fn fill(dir: &Path, n: usize) {
    let started = Instant::now();
    let wallet = Wallet::init(dir, PASS, Default::default()).unwrap();
    let profile = examples::profile();
    let key = Arc::new(SecretKey::from_seed(&[7; 32]));
    let issuer_did = did::did_key(key.public());
    let vm = did::did_key_vm(key.public());
    let specs = specs();
    let templates: Vec<_> = specs
        .iter()
        .map(|s| {
            credential::Template::new(
                s,
                &profile,
                &issuer_did,
                &format!("https://opisto.example.fi/specs/{}", s.id),
            )
        })
        .collect();
    let mut batch = Vec::new();
    for i in 0..n {
        let k = i % specs.len();
        let spec = &specs[k];
        let award = Award {
            json_schema: None,
            id: None,
            specification: spec.id.clone(),
            learner: Learner {
                name: format!("Maija Meikäläinen {i}"),
                did: Some(wallet.did().to_string()),
                ..Learner::default()
            },
            issued: format!("20{:02}-0{}-1{}", 20 + i % 7, 1 + i % 9, i % 10),
            place: None,
            grade: spec
                .grading_scheme
                .as_ref()
                .and_then(|g| g.grades.first())
                .map(|g| g.value.clone()),
            evidence: vec![],
            valid_until: None,
            chosen_units: Vec::new(),
        };
        let mut doc = templates[k]
            .build(&award, &format!("urn:uuid:bench-{i}"), &[], "c2FsdA")
            .unwrap();
        let text =
            format::sign_document(Format::Jwt, &mut doc, &key, &vm, chrono::Utc::now()).unwrap();
        let entry = entry_from("", Format::Jwt, &doc, issuer_of(&doc), Status::Valid);
        batch.push((text.into_bytes(), entry));
        if batch.len() == 5_000 {
            wallet.put_verified(std::mem::take(&mut batch)).unwrap();
        }
    }
    wallet.put_verified(batch).unwrap();
    eprintln!(
        "filled a wallet of {n} credentials in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn wallet_of(c: &mut Criterion) {
    let n: usize = std::env::var("MICROCRED_BENCH_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let kept = std::env::var("MICROCRED_BENCH_WALLET")
        .ok()
        .map(PathBuf::from);
    let tmp = tempfile::tempdir_in(std::env::temp_dir()).unwrap();
    let dir = kept.clone().unwrap_or_else(|| tmp.path().join("wallet"));
    if !dir.join("wallet.json").exists() {
        fill(&dir, n);
    }
    let mut group = c.benchmark_group(format!("wallet-{n}"));
    group.sample_size(20);
    group.bench_function("unlock (Argon2id + open)", |b| {
        b.iter(|| Wallet::open(&dir, PASS).unwrap())
    });
    let w = Wallet::open(&dir, PASS).unwrap();
    assert_eq!(w.entries().unwrap().len(), n);
    group.bench_function("list", |b| b.iter(|| w.entries().unwrap().len()));
    group.bench_function("search by title", |b| {
        b.iter(|| w.search("ensiapu").unwrap().len())
    });
    group.finish();
    eprintln!(
        "search 'ensiapu' finds {}",
        w.search("ensiapu").unwrap().len()
    );
}

criterion_group!(benches, wallet_of);
criterion_main!(benches);
