// EdDSA plumbing for @sd-jwt/core 0.19, which ships no EdDSA signer or verifier of its
// own (@sd-jwt/crypto-nodejs has only ES256/384/512): node:crypto does the Ed25519.
import crypto from 'node:crypto';
import {ed25519PublicKeyFromJwk} from './common.mjs';

export const b64u = bytes => Buffer.from(bytes).toString('base64url');

/** The SD-JWT hasher: sha-256 only (the RFC 9901 default, and what we issue). */
export async function hasher(data, alg = 'sha-256') {
  if(alg !== 'sha-256') {
    throw new Error(`unsupported _sd_alg ${alg}`);
  }
  return new Uint8Array(crypto.createHash('sha256').update(data).digest());
}

/**
 * 128-bit salts (RFC 9901 §9.3). Not @sd-jwt/crypto-nodejs's generateSalt: core always
 * asks for length 16 and that returns 16 hex characters, only 64 bits.
 */
export async function saltGenerator() {
  return b64u(crypto.randomBytes(16));
}

/** A @sd-jwt signer: (signing input) => base64url Ed25519 signature. */
export function ed25519Signer(privateKey) {
  return async data => b64u(crypto.sign(null, Buffer.from(data), privateKey));
}

/** Verifies an EdDSA JWS signing input with an Ed25519 JWK. Never accepts another alg. */
export function verifyEdDsa(jwk, alg, data, signature) {
  if(alg !== 'EdDSA') {
    return false;
  }
  return crypto.verify(null, Buffer.from(data), ed25519PublicKeyFromJwk(jwk),
    Buffer.from(signature, 'base64url'));
}

export function decodeJwtPart(compact, i) {
  return JSON.parse(Buffer.from(compact.split('.')[i], 'base64url').toString('utf8'));
}

/**
 * RFC 9901 §7.1 checks that @sd-jwt/core 0.19 leaves out (it silently ignores them):
 * every disclosure must be referenced by exactly one digest, in the issuer-signed payload
 * or in another disclosure, and no digest may appear twice. Throws on a violation.
 */
export async function checkDisclosuresReferenced(issuerPayload, disclosures) {
  const seen = new Map();
  const collect = value => {
    if(Array.isArray(value)) {
      for(const v of value) {
        if(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 &&
          typeof v['...'] === 'string') {
          seen.set(v['...'], (seen.get(v['...']) ?? 0) + 1);
        } else {
          collect(v);
        }
      }
    } else if(value && typeof value === 'object') {
      for(const [k, v] of Object.entries(value)) {
        if(k === '_sd' && Array.isArray(v)) {
          v.forEach(d => seen.set(d, (seen.get(d) ?? 0) + 1));
        } else {
          collect(v);
        }
      }
    }
  };
  collect(issuerPayload);
  const digests = [];
  for(const d of disclosures) {
    const decoded = JSON.parse(Buffer.from(d, 'base64url').toString('utf8'));
    if(!Array.isArray(decoded) || decoded.length < 2 || decoded.length > 3) {
      throw new Error('a disclosure is not a [salt, (name,) value] array');
    }
    if(decoded.length === 3 && ['_sd', '...'].includes(decoded[1])) {
      throw new Error(`a disclosure uses the reserved name ${decoded[1]}`);
    }
    collect(decoded[decoded.length - 1]);
    digests.push(b64u(await hasher(d)));
  }
  for(const [digest, n] of seen) {
    if(n > 1) {
      throw new Error(`digest ${digest} appears ${n} times`);
    }
  }
  if(new Set(digests).size !== digests.length) {
    throw new Error('the same disclosure is given twice');
  }
  const unreferenced = digests.filter(d => !seen.has(d));
  if(unreferenced.length) {
    throw new Error(`${unreferenced.length} disclosure(s) not referenced by any digest ` +
      '(altered, or from another SD-JWT)');
  }
}
