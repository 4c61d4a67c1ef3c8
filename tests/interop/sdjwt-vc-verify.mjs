#!/usr/bin/env node
// Verifies an SD-JWT VC (issued as is, no key binding) with @sd-jwt/sd-jwt-vc 0.19: the
// issuer's signature with ES256 or EdDSA, the key taken from the issuer's did:key `kid`
// (P-256 `zDn…` or Ed25519 `z6Mk…`; nothing is fetched), disclosures, and the SD-JWT VC
// rules the library applies (typ dc+sd-jwt, vct).
//
//   node sdjwt-vc-verify.mjs --in FILE [--status-token FILE]
//
// With --status-token the library checks the credential's Token Status List entry against
// that token (what its `uri` would serve; verified with the same issuer key), and a
// credential whose status is not VALID is refused.
//
// Prints {"verified": true, "alg": …, "vct": …, "status": …}; exit 0 verified, 1 not.
import crypto from 'node:crypto';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {NOT_VERIFIED, args, base58Decode, errorMessages, printLine, readInput,
  usageError} from './lib/common.mjs';
import {checkDisclosuresReferenced, decodeJwtPart, hasher} from './lib/sdjwt.mjs';

const USAGE = 'usage: node sdjwt-vc-verify.mjs --in FILE [--status-token FILE]';
const opts = args({in: {type: 'string'}, 'status-token': {type: 'string'}}, USAGE);
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

try {
  const text = readInput(opts.in).trim();
  const jwt = text.split('~')[0];
  const header = decodeJwtPart(jwt, 0);
  const {alg, key} = keyFromDidKey(header.kid);
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
    fullName: payload.credentialSubject?.fullName});
} catch(e) {
  printLine({verified: false, error: errorMessages(e)});
  process.exit(NOT_VERIFIED);
}
