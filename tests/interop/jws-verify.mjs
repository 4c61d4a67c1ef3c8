#!/usr/bin/env node
// Verifies a VC-JOSE credential (compact JWS, typ vc+jwt, alg EdDSA) with `jose`
// (panva), an implementation independent of ours, and prints the payload.
//
//   node jws-verify.mjs [--in FILE|-]... (--jwk JSON|@FILE | --did did:key:...) [--typ vc+jwt]
//
// With --did, the credential's issuer must also be that DID (and a kid one of its keys).
// Prints one line of JSON per input (--in may be repeated); exit 0 = every input
// verified, 1 = some input did not, 2 = usage or input error.
import {importJWK, jwtVerify} from 'jose';
import {
  NOT_VERIFIED, VERIFIED, args, errorMessages, jsonArg, jwkFromPublicKeyBytes, printLine,
  publicKeyFromDidKey, readInput, usageError
} from './lib/common.mjs';

const USAGE = `usage: node jws-verify.mjs [--in FILE|-]... (--jwk JSON|@FILE | --did DID)
    [--typ vc+jwt]`;
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';

const opts = args({
  in: {type: 'string', multiple: true, default: ['-']},
  jwk: {type: 'string'},
  did: {type: 'string'},
  typ: {type: 'string', default: 'vc+jwt'}
}, USAGE);
if(!!opts.jwk === !!opts.did) {
  usageError('give exactly one of --jwk and --did', USAGE);
}
let jwk;
if(opts.did) {
  try {
    jwk = jwkFromPublicKeyBytes(publicKeyFromDidKey(opts.did));
  } catch(e) {
    usageError(`--did: ${e.message}`);
  }
} else {
  jwk = jsonArg('jwk', opts.jwk);
}
const inputs = opts.in.map(path => {
  const jws = readInput(path).trim();
  if(jws.split('.').length !== 3) {
    usageError(`${path}: not a compact JWS`);
  }
  return jws;
});

async function verifyOne(jws) {
  try {
    const key = await importJWK(jwk, 'EdDSA');
    // jwtVerify: signature, alg allow-list, header typ, and exp/nbf if present.
    const {payload, protectedHeader} = await jwtVerify(jws, key,
      {algorithms: ['EdDSA'], typ: opts.typ});
    const ctx = [].concat(payload['@context'] ?? []);
    if(ctx[0] !== VC_V2) {
      throw new Error(`the payload is not a VC 2.0 credential (@context[0] ${ctx[0]})`);
    }
    const issuer = typeof payload.issuer === 'object' ? payload.issuer?.id : payload.issuer;
    if(opts.did) {
      if(issuer !== opts.did) {
        throw new Error(`issuer ${issuer} is not ${opts.did}`);
      }
      if(protectedHeader.kid !== undefined &&
        protectedHeader.kid.split('#')[0] !== opts.did) {
        throw new Error(`kid ${protectedHeader.kid} is not a key of ${opts.did}`);
      }
    }
    return {verified: true, header: protectedHeader, issuer, payload};
  } catch(e) {
    return {verified: false, error: errorMessages(e), ...(e.code ? {code: e.code} : {})};
  }
}

let all = true;
for(const jws of inputs) {
  const out = await verifyOne(jws);
  all &&= out.verified;
  printLine(out);
}
process.exit(all ? VERIFIED : NOT_VERIFIED);
