#!/usr/bin/env bash
# Runs the W3C VC test suites against a freshly started `microcred serve` and prints
# each suite's counts and failing tests. Fetches nothing: the suites are clones made
# beforehand, their npm dependencies installed (see docs/conformance.md).
#
#   scripts/w3c-suites.sh                       # suites under $SUITES (default /work/suites)
#   VCDM=~/s/vc-data-model-2.0-test-suite EDDSA=… BSL=… scripts/w3c-suites.sh
#   scripts/w3c-suites.sh vcdm bsl              # only these
#   NO_BUILD=1 BIN=target/release/microcred scripts/w3c-suites.sh
#
# The server listens on plain HTTP on loopback; scripts/tls-proxy.mjs puts HTTPS with a
# throw-away self-signed certificate in front of it (the suites dereference status lists
# over HTTPS only), and the server's base URL is that HTTPS address. Each suite gets a
# localConfig.cjs naming the server's endpoints, its DID as the issuer id and a fresh
# API token as the bearer token; the file is removed afterwards.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SUITES=${SUITES:-/work/suites}
VCDM=${VCDM:-$SUITES/vc-data-model-2.0-test-suite}
EDDSA=${EDDSA:-$SUITES/vc-di-eddsa-test-suite}
BSL=${BSL:-$SUITES/vc-bitstring-status-list-test-suite}
WANT=${*:-vcdm eddsa bsl}

if [ -z "${NO_BUILD:-}" ]; then
    cargo build -p microcred
fi
BIN=${BIN:-target/debug/microcred}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/microcred-w3c.XXXXXX")
SERVER_PID=
PROXY_PID=
CONFIGS=()
cleanup() {
    for pid in "$PROXY_PID" "$SERVER_PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    for c in "${CONFIGS[@]}"; do rm -f "$c"; done
    if [ -z "${KEEP_DATA:-}" ]; then
        rm -rf "$WORK"
    else
        echo "server data, log and suite results kept in $WORK" >&2
    fi
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
wait_port() {
    for _ in $(seq 1 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "nothing listens on port $1" >&2
    return 1
}

HTTP_PORT=$(free_port)
TLS_PORT=$(free_port)
BASE="https://localhost:$TLS_PORT"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
    -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

MICROCRED_LOG=${MICROCRED_LOG:-info} "$BIN" serve --listen "127.0.0.1:$HTTP_PORT" \
    --base-url "$BASE" --data "$WORK/data" 2>"$WORK/server.log" &
SERVER_PID=$!
node "$ROOT/scripts/tls-proxy.mjs" "$TLS_PORT" "$HTTP_PORT" "$WORK/cert.pem" "$WORK/key.pem" &
PROXY_PID=$!
wait_port "$HTTP_PORT"
wait_port "$TLS_PORT"

TOKEN=$("$BIN" issuer token create --data "$WORK/data/issuer" --name w3c-suites)
DID=$("$BIN" issuer did --data "$WORK/data/issuer" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
echo "microcred serve (pid $SERVER_PID) at $BASE, issuer $DID" >&2

# localConfig.cjs for one suite: every endpoint carries the tags the suite selects on.
write_config() { # DIR TAGS(json array)
    local file="$1/localConfig.cjs"
    CONFIGS+=("$file")
    cat >"$file" <<CFG
// Written by microcred's scripts/w3c-suites.sh for one run; removed afterwards.
const baseUrl = '$BASE';
const headers = {Authorization: 'Bearer $TOKEN'};
const tags = $2;
module.exports = {
  settings: {enableInteropTests: false, testAllImplementations: false},
  implementations: [{
    name: 'microcred',
    implementation: 'microcred serve',
    issuers: [{
      id: '$DID',
      endpoint: baseUrl + '/credentials/issue',
      supports: {vc: ['1.1', '2.0']},
      headers,
      tags
    }],
    verifiers: [{
      id: '$DID',
      endpoint: baseUrl + '/credentials/verify',
      headers,
      tags
    }],
    vpVerifiers: [{
      id: '$DID',
      endpoint: baseUrl + '/presentations/verify',
      headers,
      tags
    }]
  }]
};
CFG
}

# Runs mocha with its JSON reporter and prints passed/failed/pending and each failure.
run_suite() { # NAME DIR TAGS
    local name=$1 dir=$2
    if [ ! -d "$dir/node_modules" ]; then
        echo "$name: no suite with installed dependencies at $dir (see docs/conformance.md)" >&2
        return 0
    fi
    write_config "$dir" "$3"
    local out="$WORK/$name.json"
    (cd "$dir" && NODE_EXTRA_CA_CERTS="$WORK/cert.pem" npx mocha tests/ --reporter json \
        --timeout 15000 --preserve-symlinks --no-parallel >"$out" 2>"$WORK/$name.stderr") || true
    node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const s = r.stats;
console.log(`${process.argv[2]}: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending (of ${s.tests})`);
for (const f of r.failures) {
  const why = (f.err && f.err.message || "").split("\n")[0].slice(0, 160);
  console.log(`  FAIL ${f.fullTitle}\n       ${why}`);
}
if (process.env.SHOW_PENDING) for (const p of r.pending) console.log(`  PENDING ${p.fullTitle}`);
' "$out" "$name"
}

for s in $WANT; do
    case $s in
        vcdm) run_suite vcdm "$VCDM" "['vc2.0']" ;;
        eddsa) run_suite eddsa "$EDDSA" "['eddsa-rdfc-2022']" ;;
        bsl) run_suite bsl "$BSL" "['BitstringStatusList']" ;;
        *) echo "unknown suite '$s': use vcdm, eddsa or bsl" >&2; exit 2 ;;
    esac
done
