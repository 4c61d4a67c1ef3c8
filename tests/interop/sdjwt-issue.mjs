#!/usr/bin/env node
// Issues an SD-JWT VC (typ dc+sd-jwt, EdDSA, cnf.jwk holder binding) with @sd-jwt/core
// 0.19, for testing our verifier and wallet against an independent issuer.
//
//   node sdjwt-issue.mjs --seed HEX64 --holder-jwk JSON|@FILE [--iat UNIX-SECONDS]
//       [--vct URI] [--exp UNIX-SECONDS]
//
// The issuer is the did:key of --seed (iss, and kid = its verification method). Claims:
// a micro-credential-like payload whose learner names, birth date and grade are
// selectively disclosable (the grade recursively, inside credentialSubject), plus decoys.
// Prints one line of JSON: {"sdJwt", "issuerDid", "issuerJwk", "claims"}.
import {SDJwtInstance} from '@sd-jwt/core';
import {
  NOT_VERIFIED, args, didKeyFromPublicKey, ed25519FromSeed, errorMessages, jsonArg,
  printLine, publicKeyMultibase, seedFromHex, usageError
} from './lib/common.mjs';
import {ed25519Signer, hasher, saltGenerator} from './lib/sdjwt.mjs';

const USAGE = `usage: node sdjwt-issue.mjs --seed HEX64 --holder-jwk JSON|@FILE
    [--iat UNIX-SECONDS] [--exp UNIX-SECONDS] [--vct URI]`;

const opts = args({
  seed: {type: 'string'},
  'holder-jwk': {type: 'string'},
  iat: {type: 'string'},
  exp: {type: 'string'},
  vct: {type: 'string', default: 'https://microcred.eu/vct/micro-credential'}
}, USAGE);
if(!opts.seed || !opts['holder-jwk']) {
  usageError('--seed and --holder-jwk are required', USAGE);
}
const issuer = ed25519FromSeed(seedFromHex(opts.seed));
const holderJwk = jsonArg('holder-jwk', opts['holder-jwk']);
if(holderJwk.d !== undefined) {
  usageError('--holder-jwk must be a public key (it has "d")');
}
const iat = opts.iat ? Number(opts.iat) : Math.floor(Date.now() / 1000);
if(!Number.isInteger(iat) || (opts.exp && !Number.isInteger(Number(opts.exp)))) {
  usageError('--iat and --exp are whole seconds since 1970');
}

const did = didKeyFromPublicKey(issuer.publicKeyBytes);
const claims = {
  vct: opts.vct,
  iss: did,
  iat,
  ...(opts.exp ? {exp: Number(opts.exp)} : {}),
  cnf: {jwk: holderJwk},
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Tapahtumatekniikan osaajaksi',
  issuer: {id: did, type: ['Profile'], name: 'Riippumaton oppilaitos'},
  validFrom: new Date(iat * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
  credentialSubject: {
    type: ['AchievementSubject'],
    fullName: 'Maija Meikäläinen',
    learnerGivenName: 'Maija',
    learnerFamilyName: 'Meikäläinen',
    birthDate: '2003-04-17',
    achievement: {
      type: ['Achievement'],
      achievementType: 'MicroCredential',
      name: 'Tapahtumatekniikan osaajaksi'
    },
    result: [{type: ['Result'], value: '4'}]
  }
};
const disclosureFrame = {
  credentialSubject: {
    _sd: ['fullName', 'learnerGivenName', 'learnerFamilyName', 'birthDate', 'result'],
    _sd_decoy: 2
  },
  _sd_decoy: 1
};

try {
  const sdjwt = new SDJwtInstance({
    signer: ed25519Signer(issuer.privateKey),
    signAlg: 'EdDSA',
    hasher,
    hashAlg: 'sha-256',
    saltGenerator
  });
  const vm = `${did}#${publicKeyMultibase(issuer.publicKeyBytes)}`;
  const sdJwt = await sdjwt.issue(claims, disclosureFrame,
    {header: {typ: 'dc+sd-jwt', kid: vm}});
  printLine({sdJwt, issuerDid: did, issuerJwk: issuer.publicJwk, claims});
} catch(e) {
  printLine({error: errorMessages(e)});
  process.exit(NOT_VERIFIED);
}
