// Shared helpers for the interop scripts: argument parsing, input and output, Ed25519
// keys from seeds and did:key DIDs, and the offline JSON-LD document loader.
//
// Nothing here touches the network. The loader serves only the project's bundled,
// content-pinned contexts (schemas/contexts/index.json), Ed25519 did:key DIDs and
// verification methods, and documents the caller hands it explicitly (status lists).
import crypto from 'node:crypto';
import {readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

// Node writes to a pipe asynchronously, so a `process.exit()` right after a long line
// cut it short (a 4 KiB prefix of a verified credential, on a loaded machine). With the
// output blocking, every line is out before the script exits.
for(const stream of [process.stdout, process.stderr]) {
  stream._handle?.setBlocking?.(true);
}

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..', '..', '..');
export const DEFAULT_CONTEXT_INDEX = resolve(REPO, 'schemas', 'contexts', 'index.json');

// ------------------------------------------------------------------ CLI plumbing

/** Exit codes shared by every script. */
export const VERIFIED = 0;
export const NOT_VERIFIED = 1;
export const USAGE = 2;

/** Prints one line of JSON on stdout. */
export function printLine(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

/** A usage or input problem: print it and exit 2. */
export function usageError(message, usage) {
  printLine({verified: false, usageError: message});
  if(usage) {
    process.stderr.write(`${message}\n${usage}\n`);
  }
  process.exit(USAGE);
}

/** parseArgs with strict options; any problem is a usage error (exit 2). */
export function args(options, usage) {
  try {
    const {values} = parseArgs({options: {...options, help: {type: 'boolean'}}});
    if(values.help) {
      process.stdout.write(usage + '\n');
      process.exit(0);
    }
    return values;
  } catch(e) {
    usageError(e.message, usage);
  }
}

/** Reads the input text from a file, or from stdin for "-" or no path. */
export function readInput(path) {
  try {
    return readFileSync(!path || path === '-' ? 0 : path, 'utf8');
  } catch(e) {
    usageError(`cannot read ${path || 'stdin'}: ${e.message}`);
  }
}

/** Reads and parses JSON input (exit 2 if it is not JSON). */
export function readJsonInput(path) {
  const text = readInput(path);
  try {
    return JSON.parse(text);
  } catch(e) {
    usageError(`${path || 'stdin'} is not JSON: ${e.message}`);
  }
}

/** Parses a JSON argument, or reads it from a file when it starts with "@". */
export function jsonArg(name, value) {
  try {
    return JSON.parse(value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value);
  } catch(e) {
    usageError(`--${name}: not JSON (${e.message})`);
  }
}

/** Every message in a (possibly nested) error, flattened. */
export function errorMessages(err, acc = []) {
  if(!err) {
    return acc;
  }
  if(Array.isArray(err)) {
    err.forEach(e => errorMessages(e, acc));
    return acc;
  }
  const message = typeof err === 'string' ? err : err.message;
  if(message && !acc.includes(message)) {
    acc.push(message);
  }
  errorMessages(err.errors, acc);
  errorMessages(err.cause, acc);
  if(err.details?.cause instanceof Error) {
    errorMessages(err.details.cause, acc);
  }
  return acc;
}

// ------------------------------------------------------------------ bytes and keys

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** base58btc decoding (Bitcoin alphabet), small and dependency-free. */
export function base58Decode(s) {
  let n = 0n;
  for(const ch of s) {
    const v = B58.indexOf(ch);
    if(v < 0) {
      throw new Error(`invalid base58 character "${ch}"`);
    }
    n = n * 58n + BigInt(v);
  }
  const bytes = [];
  while(n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for(const ch of s) {
    if(ch !== '1') {
      break;
    }
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

/** base58btc encoding, the inverse of base58Decode. */
export function base58Encode(bytes) {
  let n = 0n;
  for(const b of bytes) {
    n = n * 256n + BigInt(b);
  }
  let out = '';
  while(n > 0n) {
    out = B58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for(const b of bytes) {
    if(b !== 0) {
      break;
    }
    out = '1' + out;
  }
  return out;
}

/** 32 bytes from 64 hex characters. */
export function seedFromHex(hex, name = 'seed') {
  if(typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    usageError(`--${name} must be 64 hex characters (32 bytes)`);
  }
  return Buffer.from(hex, 'hex');
}

// RFC 8410 DER prefixes for Ed25519 keys.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** node:crypto key objects and the public JWK of the Ed25519 key with this seed. */
export function ed25519FromSeed(seed) {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8'});
  const publicKey = crypto.createPublicKey(privateKey);
  const {kty, crv, x} = publicKey.export({format: 'jwk'});
  return {privateKey, publicKey, publicJwk: {kty, crv, x},
    publicKeyBytes: Buffer.from(x, 'base64url')};
}

/** The public JWK of a raw 32-byte Ed25519 public key. */
export function jwkFromPublicKeyBytes(bytes) {
  return {kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes).toString('base64url')};
}

/** A node:crypto public key from an Ed25519 JWK (refusing any other key type). */
export function ed25519PublicKeyFromJwk(jwk) {
  if(!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('only Ed25519 (OKP) JWKs are accepted');
  }
  const raw = Buffer.from(jwk.x, 'base64url');
  if(raw.length !== 32) {
    throw new Error('Ed25519 JWK "x" is not 32 bytes');
  }
  return crypto.createPublicKey({key: Buffer.concat([SPKI_ED25519, raw]), format: 'der',
    type: 'spki'});
}

// ------------------------------------------------------------------ did:key

const ED25519_PUB_MULTICODEC = [0xed, 0x01];

/** `z` + base58btc(0xed01 ‖ public key): the multibase Multikey form. */
export function publicKeyMultibase(publicKeyBytes) {
  return 'z' + base58Encode(Uint8Array.from([...ED25519_PUB_MULTICODEC, ...publicKeyBytes]));
}

export function didKeyFromPublicKey(publicKeyBytes) {
  return `did:key:${publicKeyMultibase(publicKeyBytes)}`;
}

/** The raw public key of an Ed25519 did:key (a DID or DID URL); anything else throws. */
export function publicKeyFromDidKey(didOrUrl) {
  const did = didOrUrl.split('#')[0];
  const fp = did.startsWith('did:key:') ? did.slice('did:key:'.length) : null;
  if(!fp || fp[0] !== 'z') {
    throw new Error(`not a base58btc did:key: ${didOrUrl}`);
  }
  const bytes = base58Decode(fp.slice(1));
  if(bytes.length !== 34 || bytes[0] !== ED25519_PUB_MULTICODEC[0] ||
    bytes[1] !== ED25519_PUB_MULTICODEC[1]) {
    throw new Error(`only Ed25519 did:key DIDs (z6Mk...) are supported: ${didOrUrl}`);
  }
  return bytes.slice(2);
}

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

/**
 * The DID document of an Ed25519 did:key (did:key spec: one Multikey verification
 * method, `did#fingerprint`, for every relationship), or, for a DID URL with that
 * fragment, the verification method itself.
 */
export function resolveDidKey(url) {
  const [did, fragment] = url.split('#');
  publicKeyFromDidKey(did); // validates
  const fp = did.slice('did:key:'.length);
  const vmId = `${did}#${fp}`;
  const vm = {id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: fp};
  if(fragment !== undefined) {
    if(url !== vmId) {
      throw new Error(`no verification method ${url} in ${did}`);
    }
    return {'@context': MULTIKEY_V1, ...vm};
  }
  return {
    '@context': [DID_V1, MULTIKEY_V1],
    id: did,
    verificationMethod: [vm],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityDelegation: [vmId],
    capabilityInvocation: [vmId]
  };
}

// ------------------------------------------------------------------ offline loader

/**
 * Reads a context index ({url: {file, sha256}}, files relative to the index) and every
 * file it names, checking each file's SHA-256 against the index. Returns Map(url -> JSON).
 */
export function loadContexts(indexPath = DEFAULT_CONTEXT_INDEX) {
  const index = JSON.parse(readFileSync(indexPath, 'utf8'));
  const base = dirname(resolve(indexPath));
  const map = new Map();
  for(const [url, entry] of Object.entries(index)) {
    if(!entry || typeof entry.file !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw new Error(`context index ${indexPath}: bad entry for ${url}`);
    }
    const bytes = readFileSync(resolve(base, entry.file));
    const actual = crypto.createHash('sha256').update(bytes).digest('hex');
    if(actual !== entry.sha256) {
      throw new Error(`context ${url} (${entry.file}) has SHA-256 ${actual}, ` +
        `but the index pins ${entry.sha256}`);
    }
    map.set(url, JSON.parse(bytes.toString('utf8')));
  }
  return map;
}

/**
 * A JSON-LD document loader that never fetches: `documents` (Map url -> JSON, the
 * bundled contexts plus anything else the caller chose to serve) and Ed25519 did:key
 * DIDs. Any other URL throws. `requested` (optional array) records every URL asked for.
 */
export function offlineDocumentLoader(documents, requested) {
  return async function documentLoader(url) {
    requested?.push(url);
    if(documents.has(url)) {
      return {contextUrl: null, documentUrl: url, document: documents.get(url)};
    }
    if(url.startsWith('did:key:')) {
      return {contextUrl: null, documentUrl: url, document: resolveDidKey(url)};
    }
    throw new Error(`documentLoader: refusing to load ${url}: ` +
      'not a bundled context, not a did:key, not given on the command line');
  };
}
