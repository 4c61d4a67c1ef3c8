#!/usr/bin/env node
// Verifies an SD-JWT VC (RFC 9901, typ dc+sd-jwt, EdDSA) with @sd-jwt/core 0.19, an
// implementation independent of ours, and prints the disclosed claims.
//
//   node sdjwt-verify.mjs [--in FILE|-]... (--issuer-jwk JSON|@FILE | --did did:key:...)
//       [--nonce N --aud A] [--typ dc+sd-jwt] [--now UNIX-SECONDS] [--max-kb-age SECONDS]
//
// With --nonce and --aud a key-binding JWT is required and checked against the SD-JWT's
// cnf.jwk; without them a KB-JWT is refused (its binding would go unchecked).
// Prints one line of JSON per input (--in may be repeated); exit 0 = every input
// verified, 1 = some input did not, 2 = usage or input error.
import {SDJwtInstance} from '@sd-jwt/core';
import {
  NOT_VERIFIED, VERIFIED, args, errorMessages, jsonArg, jwkFromPublicKeyBytes, printLine,
  publicKeyFromDidKey, readInput, usageError
} from './lib/common.mjs';
import {checkDisclosuresReferenced, decodeJwtPart, hasher, verifyEdDsa} from './lib/sdjwt.mjs';

const USAGE = `usage: node sdjwt-verify.mjs [--in FILE|-]... (--issuer-jwk JSON|@FILE | --did DID)
    [--nonce N --aud A] [--typ dc+sd-jwt] [--now UNIX-SECONDS] [--max-kb-age SECONDS]`;

const opts = args({
  in: {type: 'string', multiple: true, default: ['-']},
  'issuer-jwk': {type: 'string'},
  did: {type: 'string'},
  nonce: {type: 'string'},
  aud: {type: 'string'},
  typ: {type: 'string', default: 'dc+sd-jwt'},
  now: {type: 'string'},
  'max-kb-age': {type: 'string', default: '300'}
}, USAGE);

if(!!opts['issuer-jwk'] === !!opts.did) {
  usageError('give exactly one of --issuer-jwk and --did', USAGE);
}
if((opts.nonce === undefined) !== (opts.aud === undefined)) {
  usageError('give both --nonce and --aud (key binding required) or neither', USAGE);
}
let issuerJwk;
if(opts.did) {
  try {
    issuerJwk = jwkFromPublicKeyBytes(publicKeyFromDidKey(opts.did));
  } catch(e) {
    usageError(`--did: ${e.message}`);
  }
} else {
  issuerJwk = jsonArg('issuer-jwk', opts['issuer-jwk']);
}
const now = opts.now ? Number(opts.now) : Math.floor(Date.now() / 1000);
const maxKbAge = Number(opts['max-kb-age']);
if(!Number.isFinite(now) || !Number.isFinite(maxKbAge)) {
  usageError('--now and --max-kb-age are numbers of seconds');
}

const inputs = opts.in.map(path => {
  const input = readInput(path).trim();
  const parts = input.split('~');
  if(parts.length < 2 || parts[0].split('.').length !== 3) {
    usageError(`${path}: not an SD-JWT (<JWT>~<disclosure>~...~[<KB-JWT>])`);
  }
  return input;
});

async function verifyOne(input) {
  const parts = input.split('~');
  try {
    const header = decodeJwtPart(parts[0], 0);
    const issuerPayload = decodeJwtPart(parts[0], 1);
    const kbJwt = parts[parts.length - 1];
    if(header.alg !== 'EdDSA') {
      throw new Error(`issuer alg ${header.alg} is not EdDSA`);
    }
    if(header.typ !== opts.typ) {
      throw new Error(`typ ${header.typ} is not ${opts.typ}`);
    }
    if(opts.did && header.kid !== undefined && header.kid.split('#')[0] !== opts.did) {
      throw new Error(`kid ${header.kid} is not a key of ${opts.did}`);
    }
    if(opts.nonce === undefined && kbJwt !== '') {
      throw new Error('a key-binding JWT is present but no --nonce/--aud was given');
    }
    if(opts.nonce !== undefined && kbJwt === '') {
      throw new Error('key binding required, but the SD-JWT ends with ~ (no KB-JWT)');
    }

    const sdjwt = new SDJwtInstance({
      hasher,
      verifier: async (data, sig) => verifyEdDsa(issuerJwk, header.alg, data, sig),
      // `payload` is the processed issuer payload: the holder key is its cnf.jwk.
      kbVerifier: async (data, sig, payload) => {
        if(!payload?.cnf?.jwk) {
          throw new Error('the SD-JWT has no cnf.jwk to check the key binding with');
        }
        return verifyEdDsa(payload.cnf.jwk, decodeJwtPart(kbJwt, 0).alg, data, sig);
      }
    });
    const r = await sdjwt.verify(input, {
      currentDate: now,
      ...(opts.nonce !== undefined ? {keyBindingNonce: opts.nonce} : {})
    });
    // What @sd-jwt/core 0.19 leaves to the caller: §7.1 disclosure rules, vct, KB aud and
    // KB freshness.
    await checkDisclosuresReferenced(issuerPayload, parts.slice(1, -1));
    if(typeof r.payload.vct !== 'string' || !r.payload.vct) {
      throw new Error('an SD-JWT VC must have a vct claim');
    }
    if(opts.nonce !== undefined) {
      const kb = r.kb?.payload;
      if(kb?.aud !== opts.aud) {
        throw new Error(`KB-JWT aud ${kb?.aud} is not ${opts.aud}`);
      }
      if(typeof kb.iat !== 'number' || kb.iat > now + 60 || now - kb.iat > maxKbAge) {
        throw new Error(`KB-JWT iat ${kb.iat} is not fresh (now ${now})`);
      }
    }
    return {
      verified: true,
      header: r.header,
      claims: r.payload,
      disclosures: parts.length - 2,
      ...(r.kb ? {kb: r.kb.payload} : {})
    };
  } catch(e) {
    return {verified: false, error: errorMessages(e)};
  }
}

let all = true;
for(const input of inputs) {
  const out = await verifyOne(input);
  all &&= out.verified;
  printLine(out);
}
process.exit(all ? VERIFIED : NOT_VERIFIED);
