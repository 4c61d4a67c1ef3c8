//! Build + sign one credential in each format, and bulk issuance into the durable
//! registry. Run: `cargo bench -p microcred-issuer`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test says what it expected by unwrapping

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use microcred_core::did;
use microcred_core::keys::SecretKey;
use microcred_core::signing::SigningKey;
use microcred_issuer::cohort::{self, Run};
use microcred_issuer::format::{self, Format};
use microcred_issuer::{InitOptions, Issuer};
use microcred_model::credential;
use microcred_model::{Award, Lang, LangMap, Learner, Specification};
use microcred_testkit::examples::{self, profile};
use serde_json::json;

fn spec() -> Specification {
    examples::spec("tapahtumatekniikan-osaajaksi")
}

fn award(spec: &Specification, n: usize) -> Award {
    Award {
        json_schema: None,
        id: None,
        specification: spec.id.clone(),
        learner: Learner {
            name: format!("Oppija {n}"),
            email: Some(format!("oppija{n}@example.org")),
            date_of_birth: Some("2003-04-17".into()),
            did: Some("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into()),
            ..Learner::default()
        },
        issued: "2026-05-29".into(),
        place: None,
        grade: Some("4".into()),
        evidence: vec![],
        valid_until: None,
        chosen_units: Vec::new(),
    }
}

/// The higher-education example in English only, without optional elements: a credential
/// of about the size the reference figures (JavaScript libraries, raw Ed25519) were
/// measured on.
fn compact_spec() -> Specification {
    let mut s = examples::spec("datan-visualisointi-5op");
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

/// Build + sign, per format: what `issuer issue` does per learner, without the registry.
fn sign_one(c: &mut Criterion) {
    let ed = || SigningKey::Ed25519(Arc::new(SecretKey::generate()));
    let es = || SigningKey::P256(Arc::new(microcred_core::es256::P256Secret::generate()));
    sign_one_of(c, "build+sign", spec(), ed(), &Format::ALL);
    sign_one_of(c, "build+sign-compact", compact_spec(), ed(), &Format::ALL);
    // ES256 (P-256) beside EdDSA; Data Integrity stays Ed25519 (eddsa-rdfc-2022).
    let jose = [Format::Jwt, Format::SdJwt];
    sign_one_of(c, "build+sign-es256", spec(), es(), &jose);
    sign_one_of(c, "build+sign-compact-es256", compact_spec(), es(), &jose);
}

fn sign_one_of(
    c: &mut Criterion,
    name: &str,
    spec: Specification,
    key: SigningKey,
    formats: &[Format],
) {
    let profile = profile();
    let issuer_did = did::did_key(key.public());
    let vm = did::did_key_vm(key.public());
    let status = [
        json!({"id": "http://127.0.0.1:8080/status/revocation/1#77", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "77", "statusListCredential": "http://127.0.0.1:8080/status/revocation/1"}),
    ];
    let achievement = format!("http://127.0.0.1:8080/specs/{}", spec.id);
    // As the issuer does: the specification's part once, then each award.
    let mut template = credential::Template::new(&spec, &profile, &issuer_did, &achievement);
    let size = template
        .build(&award(&spec, 0), "urn:uuid:x", &status, "c2FsdA")
        .unwrap()
        .to_string()
        .len();
    eprintln!("{name}: unsigned credential {size} bytes");
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(1));
    for fmt in formats {
        group.bench_with_input(BenchmarkId::from_parameter(fmt), fmt, |b, fmt| {
            let mut n = 0usize;
            b.iter(|| {
                n += 1;
                let a = award(&spec, n);
                template
                    .with_document(
                        &a,
                        "urn:uuid:6a2b7f1e-5b1c-4f0e-9d7a-2c3b4a5d6e7f",
                        &status,
                        "c2FsdA",
                        |doc| {
                            format::sign_document_with(
                                *fmt,
                                doc,
                                &key,
                                &vm,
                                chrono::Utc::now(),
                                format::ProofForm::Object,
                                &format::SdJwtExtras::default(),
                            )
                            .unwrap()
                        },
                    )
                    .unwrap()
            })
        });
    }
    group.finish();
}

/// A cohort issued, signed on every core and durably recorded: credentials per second.
fn bulk(c: &mut Criterion) {
    let spec = spec();
    let mut group = c.benchmark_group("cohort");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let rows = 10_000;
    let mut csv = String::from("name,email,grade\n");
    for n in 0..rows {
        csv.push_str(&format!("Oppija {n},oppija{n}@example.org,{}\n", n % 5 + 1));
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    group.throughput(Throughput::Elements(rows as u64));
    for fmt in Format::ALL {
        group.bench_with_input(BenchmarkId::from_parameter(fmt), &fmt, |b, fmt| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let tmp = tempfile::tempdir().unwrap();
                    let issuer =
                        Issuer::init(&tmp.path().join("i"), profile(), InitOptions::default())
                            .unwrap();
                    let cohort = cohort::read_csv(
                        csv.as_bytes(),
                        &spec,
                        &issuer,
                        "2026-05-29",
                        *fmt,
                        Lang::En,
                    )
                    .unwrap();
                    let out = tmp.path().join("out");
                    let run = Run {
                        format: *fmt,
                        out_dir: &out,
                        strict: false,
                        threads,
                        batch: cohort::DEFAULT_BATCH,
                        confirm_expired: false,
                    };
                    let start = Instant::now();
                    let o = cohort::issue(&issuer, &spec, &cohort, &run, &|_, _| {}).unwrap();
                    total += start.elapsed();
                    assert_eq!(o.issued, rows);
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, sign_one, bulk);
criterion_main!(benches);
