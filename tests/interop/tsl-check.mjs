#!/usr/bin/env node
// Reads an IETF Token Status List token with @sd-jwt/jwt-status-list 0.19 and tells the
// status of a credential: its `status.status_list` reference is read from the credential
// by the same library (getStatusListFromJWT), the token's EdDSA signature is checked
// with the issuer's did:key (`kid`), and its `sub` must be the credential's `uri`.
//
//   node tsl-check.mjs --credential FILE --token FILE
//
// Prints {"status": N, "name": "VALID|INVALID|SUSPENDED", "idx": …}; exit 0 when the token
// holds (whatever the status), 1 when it does not.
import {getListFromStatusListJWT, getStatusListFromJWT} from '@sd-jwt/jwt-status-list';
import {NOT_VERIFIED, args, errorMessages, jwkFromPublicKeyBytes, printLine,
  publicKeyFromDidKey, readInput, usageError} from './lib/common.mjs';
import {decodeJwtPart, verifyEdDsa} from './lib/sdjwt.mjs';

const USAGE = 'usage: node tsl-check.mjs --credential FILE --token FILE';
const opts = args({credential: {type: 'string'}, token: {type: 'string'}}, USAGE);
if(!opts.credential || !opts.token) {
  usageError('--credential and --token are required', USAGE);
}
try {
  const issuerJwt = readInput(opts.credential).trim().split('~')[0];
  const {idx, uri} = getStatusListFromJWT(issuerJwt);
  const token = readInput(opts.token).trim();
  const header = decodeJwtPart(token, 0);
  const payload = decodeJwtPart(token, 1);
  if(header.typ !== 'statuslist+jwt') {
    throw new Error(`typ is ${header.typ}`);
  }
  const [h, p, s] = token.split('.');
  const jwk = jwkFromPublicKeyBytes(publicKeyFromDidKey(header.kid));
  if(!verifyEdDsa(jwk, header.alg, `${h}.${p}`, s)) {
    throw new Error('the token signature does not verify');
  }
  if(payload.sub !== uri) {
    throw new Error(`sub ${payload.sub} is not the credential's uri ${uri}`);
  }
  const list = getListFromStatusListJWT(token);
  const status = list.getStatus(idx);
  printLine({status, name: ['VALID', 'INVALID', 'SUSPENDED'][status] ?? 'OTHER', idx, uri});
} catch(e) {
  printLine({error: errorMessages(e)});
  process.exit(NOT_VERIFIED);
}
