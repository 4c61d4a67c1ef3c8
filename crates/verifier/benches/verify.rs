//! Verifications per second for each format, one core, the status lists cached (as a
//! verifier serving employers would have them after the first request).

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

criterion_group!(benches, verify);
criterion_main!(benches);
