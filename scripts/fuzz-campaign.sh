#!/usr/bin/env bash
# A bounded fuzzing campaign: each libFuzzer target under fuzz/ in turn, one at a time,
# for SECONDS seconds (default 300), then a table of what each run did: executions,
# coverage (libFuzzer's cov: edges and ft: features), corpus size, crashes.
#
#   scripts/fuzz-campaign.sh [SECONDS] [TARGET...]
#
# Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz --locked
# Builds into fuzz/target (fuzz/ is a workspace of its own, outside the main one; or
# CARGO_TARGET_DIR), with AddressSanitizer, optimisations and debug assertions (overflow
# checks on), then runs each target's binary on its corpus.
#
# Inputs that reach new code are added to fuzz/corpus/TARGET; a crash, timeout or
# out-of-memory input is written to fuzz/artifacts/TARGET. Fix the code with a regression
# test, copy the input into fuzz/corpus/TARGET, and `cargo test -p microcred-fuzzing`
# (stable, and so CI) replays it from then on. Minimise a grown corpus before committing:
#   cargo +nightly fuzz cmin TARGET
#
# Environment: FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT (seconds one input may take,
# default 20), FUZZ_MAX_LEN (default 65536), FUZZ_LOG_DIR (default fuzz/logs),
# FUZZ_BUILD_FLAGS (default "--codegen-units 16": a faster build, slightly slower runs),
# FUZZ_NO_BUILD (set: run the binaries built before, as they are).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-300}"
shift || true
rss="${FUZZ_RSS_MB:-2048}"
per_input="${FUZZ_TIMEOUT:-20}"
max_len="${FUZZ_MAX_LEN:-65536}"
logs="${FUZZ_LOG_DIR:-$PWD/fuzz/logs}"
read -r -a build_flags <<<"${FUZZ_BUILD_FLAGS:---codegen-units 16}"
mkdir -p "$logs"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz on a nightly toolchain is needed:" \
    "rustup toolchain install nightly && cargo install cargo-fuzz --locked" >&2
  exit 2
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
  echo "building the targets…"
  cargo +nightly fuzz build "${build_flags[@]}" >"$logs/build.log" 2>&1 || {
    tail -n 30 "$logs/build.log" >&2
    exit 1
  }
fi
# The binaries are run directly, so that a source edited during a campaign (it takes an
# hour) changes nothing until the next one.
triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
bin_dir="${CARGO_TARGET_DIR:-$PWD/fuzz/target}/$triple/release"

summary="$logs/summary.tsv"
printf 'target\tseconds\texecs\texec/s\tcov\tft\tcorpus\tcrashes\n' >"$summary"
status=0
for t in "${targets[@]}"; do
  log="$logs/$t.log"
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  start=$(date +%s)
  echo "== $t: ${seconds}s"
  # libFuzzer stops at the first crash and exits non-zero: the table says so and the
  # campaign goes on with the next target.
  "$bin_dir/$t" "fuzz/corpus/$t" -artifact_prefix="fuzz/artifacts/$t/" \
    -max_total_time="$seconds" -rss_limit_mb="$rss" -timeout="$per_input" \
    -max_len="$max_len" -print_final_stats=1 >"$log" 2>&1 || status=1
  took=$(($(date +%s) - start))
  # libFuzzer's last status line: "#N  <event> cov: C ft: F corp: K/SIZE exec/s: E …".
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  execs=$(awk '/^stat::number_of_executed_units:/ {print $2}' "$log" | tail -n 1)
  [ -n "$execs" ] || execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
  rate=$(awk '/^stat::average_exec_per_sec:/ {print $2}' "$log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | awk '{print $2}' || true)
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | awk '{print $2}' || true)
  corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | awk '{print $2}' || true)
  after=$(find "fuzz/artifacts/$t" -type f | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$took" "${execs:-0}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$((after - before))" >>"$summary"
  tail -n 1 "$summary" | tr '\t' ' '
done

echo
column -t -s $'\t' "$summary"
echo
echo "logs: $logs; crashing inputs, if any: fuzz/artifacts/TARGET/"
exit "$status"
