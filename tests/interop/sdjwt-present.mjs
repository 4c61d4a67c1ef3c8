#!/usr/bin/env node
// The holder's side with @sd-jwt/core 0.19: picks disclosures from an issued SD-JWT and
// appends a key-binding JWT (typ kb+jwt, EdDSA) signed with the holder's key.
//
//   node sdjwt-present.mjs [--in FILE|-] --holder-seed HEX64 --nonce N --aud A
//       [--iat UNIX-SECONDS] [--disclose PATH[,PATH...]]
//
// PATH is a dotted claim path, e.g. credentialSubject.fullName; without --disclose every
// disclosure is kept. Prints one line of JSON: {"presentation": "<SD-JWT+KB>"}.
import {SDJwtInstance} from '@sd-jwt/core';
import {
  NOT_VERIFIED, args, ed25519FromSeed, errorMessages, printLine, readInput, seedFromHex,
  usageError
} from './lib/common.mjs';
import {ed25519Signer, hasher, saltGenerator} from './lib/sdjwt.mjs';

const USAGE = `usage: node sdjwt-present.mjs [--in FILE|-] --holder-seed HEX64 --nonce N --aud A
    [--iat UNIX-SECONDS] [--disclose PATH[,PATH...]]`;

const opts = args({
  in: {type: 'string'},
  'holder-seed': {type: 'string'},
  nonce: {type: 'string'},
  aud: {type: 'string'},
  iat: {type: 'string'},
  disclose: {type: 'string'}
}, USAGE);
if(!opts['holder-seed'] || opts.nonce === undefined || opts.aud === undefined) {
  usageError('--holder-seed, --nonce and --aud are required', USAGE);
}
const holder = ed25519FromSeed(seedFromHex(opts['holder-seed'], 'holder-seed'));
const iat = opts.iat ? Number(opts.iat) : Math.floor(Date.now() / 1000);
const issued = readInput(opts.in).trim();
if(!issued.includes('~')) {
  usageError('input is not an SD-JWT');
}

// "a.b,c" -> {a: {b: true}, c: true}
let frame;
if(opts.disclose !== undefined) {
  frame = {};
  for(const path of opts.disclose.split(',').filter(Boolean)) {
    const keys = path.split('.');
    let node = frame;
    keys.slice(0, -1).forEach(k => {
      node = node[k] = typeof node[k] === 'object' ? node[k] : {};
    });
    node[keys[keys.length - 1]] = true;
  }
}

try {
  const sdjwt = new SDJwtInstance({
    hasher,
    saltGenerator,
    kbSigner: ed25519Signer(holder.privateKey),
    kbSignAlg: 'EdDSA'
  });
  // present() keeps the issuer-signed part as it is, so an SD-JWT ending with "~" and no
  // KB-JWT is the expected input.
  const presentation = await sdjwt.present(issued, frame,
    {kb: {payload: {iat, aud: opts.aud, nonce: opts.nonce}}});
  printLine({presentation});
} catch(e) {
  printLine({error: errorMessages(e)});
  process.exit(NOT_VERIFIED);
}
