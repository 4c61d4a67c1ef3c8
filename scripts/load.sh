#!/usr/bin/env bash
# Load benchmark of `microcred serve`: builds release, starts the server on a free
# port with a fresh data directory, runs verify-jwt, verify-di and share with
# microcred-loadgen, prints the table and the server's peak memory, stops the server.
#
#   scripts/load.sh                     # 64 connections, 2 s warm-up, 10 s per scenario
#   CONNECTIONS=16 DURATION=5s scripts/load.sh
#   SCENARIOS=share scripts/load.sh
#   MICROCRED_LOG=warn scripts/load.sh  # without the per-request log line
#   MIMALLOC_ALLOW_THP=0 scripts/load.sh # allocator without transparent huge pages
#
# The load generator runs on the same machine and shares its cores with the server;
# see docs/server-load.md.
set -euo pipefail

cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
SCENARIOS=${SCENARIOS:-verify-jwt,verify-di,share}
LOADGEN_THREADS=${LOADGEN_THREADS:-}
export MICROCRED_LOG=${MICROCRED_LOG:-info}

if [ -z "${NO_BUILD:-}" ]; then
    cargo build --release -p microcred -p microcred-loadgen
fi
BIN=target/release/microcred
LOADGEN=target/release/microcred-loadgen

DATA=$(mktemp -d "${TMPDIR:-/tmp}/microcred-load.XXXXXX")
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ -z "${KEEP_DATA:-}" ]; then
        rm -rf "$DATA"
    else
        echo "data and server log kept in $DATA" >&2
    fi
}
trap cleanup EXIT INT TERM

# A free port: bind port 0, read what the kernel chose, release it.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000)))
URL="http://127.0.0.1:$PORT"

"$BIN" serve --listen "127.0.0.1:$PORT" --data "$DATA" --share-rate 1000000 \
    2>"$DATA/server.log" &
SERVER_PID=$!

for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "the server did not start:" >&2
        cat "$DATA/server.log" >&2
        exit 2
    fi
    sleep 0.1
done

TOKEN=$("$BIN" issuer token create --data "$DATA/issuer" --name loadgen)

echo "server pid $SERVER_PID at $URL, log level $MICROCRED_LOG; $(nproc) CPUs shared with the load generator" >&2
status=0
MICROCRED_TOKEN="$TOKEN" "$LOADGEN" \
    --url "$URL" \
    --scenario "$SCENARIOS" \
    --connections "$CONNECTIONS" \
    --duration "$DURATION" \
    --warmup "$WARMUP" \
    ${LOADGEN_THREADS:+--threads "$LOADGEN_THREADS"} \
    --server-pid "$SERVER_PID" || status=$?
# The memory lines above come from /proc/$SERVER_PID/status (VmHWM): the peak under
# each scenario's load (reset after its set-up), and over the whole run.
exit "$status"
