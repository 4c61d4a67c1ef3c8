#!/usr/bin/env node
// Verifies an SD-JWT VC (issued as is, no key binding) with @sd-jwt/sd-jwt-vc 0.19: the
// issuer's signature with ES256 or EdDSA, the key taken from the issuer's did:key `kid`
// (P-256 `zDn…` or Ed25519 `z6Mk…`; nothing is fetched) or, when the header carries an
// `x5c` chain (HAIP 1.0 section 6.1.1), from its leaf certificate as the library's
// examples do; disclosures, and the SD-JWT VC rules the library applies (typ dc+sd-jwt,
// vct).
//
//   node sdjwt-vc-verify.mjs --in FILE [--status-token FILE] [--trust-anchor CA.pem]
//
// With --status-token the library checks the credential's Token Status List entry against
// that token (what its `uri` would serve; verified with the same issuer key), and a
// credential whose status is not VALID is refused.
//
// An `x5c` chain is checked with node's X509Certificate (each certificate issued and
// signed by the next, all within their dates, the leaf not self-signed, the anchor not
// in the chain) up to --trust-anchor, which it then needs; the library itself leaves the
// chain to the caller.
//
// Prints {"verified": true, "alg": …, "vct": …, "status": …}; exit 0 verified, 1 not.
import crypto from 'node:crypto';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {NOT_VERIFIED, args, base58Decode, errorMessages, printLine, readInput,
  usageError} from './lib/common.mjs';
import {checkDisclosuresReferenced, decodeJwtPart, hasher} from './lib/sdjwt.mjs';

const USAGE = 'usage: node sdjwt-vc-verify.mjs --in FILE [--status-token FILE] [--trust-anchor CA.pem]';
const opts = args({in: {type: 'string'}, 'status-token': {type: 'string'},
  'trust-anchor': {type: 'string'}}, USAGE);
if(!opts.in) {
  usageError('--in is required', USAGE);
}

/** A node public key from a did:key of an Ed25519 (0xed01) or P-256 (0x8024) key. */
function keyFromDidKey(kid) {
  const fp = kid.split('#')[0].replace(/^did:key:/, '');
  if(fp[0] !== 'z') {
    throw new Error(`not a base58btc did:key: ${kid}`);
  }
  const bytes = base58Decode(fp.slice(1));
  if(bytes[0] === 0xed && bytes[1] === 0x01) {
    return {alg: 'EdDSA', key: crypto.createPublicKey({format: 'jwk',
      key: {kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.slice(2)).toString('base64url')}})};
  }
  if(bytes[0] === 0x80 && bytes[1] === 0x24) {
    const point = crypto.ECDH.convertKey(Buffer.from(bytes.slice(2)), 'prime256v1', undefined,
      undefined, 'uncompressed');
    return {alg: 'ES256', key: crypto.createPublicKey({format: 'jwk', key: {kty: 'EC',
      crv: 'P-256', x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url')}})};
  }
  throw new Error(`unsupported did:key type: ${kid}`);
}

/**
 * The key of the leaf certificate of an `x5c` chain, after the chain is checked up to
 * the trust anchor `anchorPem`. Returns the key and what the leaf names.
 */
function keyFromX5c(x5c, anchorPem) {
  if(!Array.isArray(x5c) || x5c.length === 0) {
    throw new Error('x5c is not a non-empty array');
  }
  if(!anchorPem) {
    throw new Error('the credential carries x5c: --trust-anchor is needed to check its chain');
  }
  const chain = x5c.map(c => new crypto.X509Certificate(Buffer.from(c, 'base64')));
  const anchor = new crypto.X509Certificate(anchorPem);
  const now = Date.now();
  for(const [i, cert] of chain.entries()) {
    if(now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
      throw new Error(`certificate ${i} (${cert.subject}) is outside its validity period`);
    }
    if(cert.fingerprint256 === anchor.fingerprint256) {
      throw new Error('the trust anchor is in the x5c (HAIP forbids it)');
    }
    const next = chain[i + 1] || anchor;
    if(!cert.checkIssued(next) || !cert.verify(next.publicKey)) {
      throw new Error(`certificate ${i} (${cert.subject}) is not issued by ${next.subject}`);
    }
  }
  const leaf = chain[0];
  if(leaf.checkIssued(leaf)) {
    throw new Error('the leaf certificate is self-signed');
  }
  return {alg: 'ES256', key: leaf.publicKey, san: leaf.subjectAltName, subject: leaf.subject};
}

try {
  const text = readInput(opts.in).trim();
  const jwt = text.split('~')[0];
  const header = decodeJwtPart(jwt, 0);
  const anchorPem = opts['trust-anchor'] ? readInput(opts['trust-anchor']) : null;
  const {alg, key, san} = header.x5c ? keyFromX5c(header.x5c, anchorPem)
    : keyFromDidKey(header.kid);
  if(header.alg !== alg) {
    throw new Error(`alg ${header.alg} does not fit the key (${alg})`);
  }
  await checkDisclosuresReferenced(decodeJwtPart(jwt, 1), text.split('~').slice(1).filter(Boolean));
  const verifier = async (data, sig) => crypto.verify(alg === 'ES256' ? 'sha256' : null,
    Buffer.from(data), alg === 'ES256' ? {key, dsaEncoding: 'ieee-p1363'} : key,
    Buffer.from(sig, 'base64url'));
  const statusToken = opts['status-token'] ? readInput(opts['status-token']).trim() : null;
  const sdjwt = new SDJwtVcInstance({
    hasher,
    verifier,
    statusVerifier: verifier,
    // Nothing is fetched: the status list token comes from the file, and only when it is
    // the one the credential names.
    statusListFetcher: async uri => {
      if(!statusToken || decodeJwtPart(statusToken, 1).sub !== uri) {
        throw new Error(`no status list token for ${uri}`);
      }
      return statusToken;
    }
  });
  const {payload} = await sdjwt.verify(text);
  printLine({verified: true, alg, vct: payload.vct, status: payload.status,
    fullName: payload.credentialSubject?.fullName, iss: payload.iss, x5c: Boolean(header.x5c),
    san: san || null});
} catch(e) {
  printLine({verified: false, error: errorMessages(e)});
  process.exit(NOT_VERIFIED);
}
