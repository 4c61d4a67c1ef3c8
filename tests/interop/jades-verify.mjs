// Checks a JAdES baseline-B seal (ETSI TS 119 182-1) on a Europass export with `jose`:
// JWS JSON flattened serialization, the ELM document enveloped as the payload, the
// signing certificate in x5c with its SHA-256 digest in x5t#S256, the claimed signing
// time sigT marked critical, and the etsiU unprotected header DSS looks for.
//
// Usage: node jades-verify.mjs --in FILE
// Prints {verified, alg, sigT, subject, type}; exits 0 when the seal verifies, 1 when
// not, 2 on a usage error.
import crypto from 'node:crypto';
import {flattenedVerify, decodeProtectedHeader, importX509} from 'jose';
import {args, printLine, readInput, usageError, NOT_VERIFIED, VERIFIED} from './lib/common.mjs';

const USAGE = 'usage: node jades-verify.mjs --in FILE';
const opts = args({in: {type: 'string'}}, USAGE);
let jws;
try {
  jws = JSON.parse(readInput(opts.in));
} catch(e) {
  usageError(`not JSON: ${e.message}`, USAGE);
}
const fail = reason => {
  printLine({verified: false, reason});
  process.exit(NOT_VERIFIED);
};
try {
  const header = decodeProtectedHeader(jws);
  if(!Array.isArray(header.x5c) || header.x5c.length === 0) {
    fail('no x5c signing certificate');
  }
  const der = Buffer.from(header.x5c[0], 'base64');
  const digest = crypto.createHash('sha256').update(der).digest('base64url');
  if(header['x5t#S256'] !== digest) {
    fail('x5t#S256 is not the digest of the signing certificate');
  }
  if(typeof header.sigT !== 'string' || !(header.crit || []).includes('sigT')) {
    fail('no critical sigT (claimed signing time)');
  }
  if(!jws.header || !Array.isArray(jws.header.etsiU)) {
    fail('no etsiU unprotected header');
  }
  const pem = `-----BEGIN CERTIFICATE-----\n${header.x5c[0].match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----`;
  const key = await importX509(pem, header.alg);
  const {payload} = await flattenedVerify(jws, key, {crit: {sigT: true}});
  const doc = JSON.parse(new TextDecoder().decode(payload));
  const cert = new crypto.X509Certificate(der);
  printLine({verified: true, alg: header.alg, sigT: header.sigT, subject: cert.subject, type: doc.type});
  process.exit(VERIFIED);
} catch(e) {
  fail(String(e && e.message ? e.message : e));
}
