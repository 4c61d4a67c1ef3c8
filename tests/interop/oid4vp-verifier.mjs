#!/usr/bin/env node
// The verifier's side of OpenID4VP 1.0 with @openid4vc/openid4vp 0.4 (the library inside
// Credo): a signed DCQL request (JAR by reference, x509_hash, response encrypted with
// direct_post.jwt to a key of this request), served on 127.0.0.1, and the answer parsed
// and checked by the library; the SD-JWT VC presentation then verified with
// @sd-jwt/sd-jwt-vc (issuer signature by did:key, disclosures, KB-JWT with this nonce,
// aud = our client_id, sd_hash).
//
//   node oid4vp-verifier.mjs --cert CHAIN.pem --key KEY.jwk [--status-token FILE]
//       [--timeout SECONDS]
//
// --status-token: the Token Status List token the credential's status `uri` would serve
// (nothing is fetched); the library then checks the credential is VALID in it.
//
// Prints {"link": "openid4vp://...", "origin": "http://127.0.0.1:P"} first, then, once answered, one line with the outcome
// ({"verified": true, "claims": {...}, ...}); exit 0 when verified, 1 when not.
import http from 'node:http';
import crypto from 'node:crypto';
import {readFileSync} from 'node:fs';
import {setGlobalConfig} from '@openid4vc/oauth2';
import {Openid4vpVerifier, calculateX509HashClientIdPrefixValue} from '@openid4vc/openid4vp';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import * as jose from 'jose';
import {NOT_VERIFIED, args, errorMessages, printLine, publicKeyFromDidKey,
  jwkFromPublicKeyBytes, usageError} from './lib/common.mjs';
import {decryptJwe, encryptJwe, generateRandom, hash, pemCertificates,
  signJwt} from './lib/oid4vp.mjs';
import {checkDisclosuresReferenced, decodeJwtPart, hasher, verifyEdDsa} from './lib/sdjwt.mjs';

const USAGE = 'usage: node oid4vp-verifier.mjs --cert CHAIN.pem --key KEY.jwk [--status-token FILE] [--timeout SECONDS]';
// The servers of these tests listen on 127.0.0.1 over plain HTTP; the library wants
// https:// everywhere unless told otherwise. Nothing else is relaxed.
setGlobalConfig({allowInsecureUrls: true});

const opts = args({cert: {type: 'string'}, key: {type: 'string'}, 'status-token': {type: 'string'},
  timeout: {type: 'string', default: '120'}}, USAGE);
if(!opts.cert || !opts.key) {
  usageError('--cert and --key are required', USAGE);
}
const x5c = pemCertificates(opts.cert);
const signingJwk = JSON.parse(readFileSync(opts.key, 'utf8'));
const signingKey = crypto.createPrivateKey({key: signingJwk, format: 'jwk'});
const {d: _, ...signingPublic} = signingJwk;

const encKeys = await jose.generateKeyPair('ECDH-ES', {crv: 'P-256', extractable: true});
const encPrivate = {...await jose.exportJWK(encKeys.privateKey), kid: 'enc-1', use: 'enc', alg: 'ECDH-ES'};
const {d: __, ...encPublic} = encPrivate;

const callbacks = {
  hash, generateRandom, fetch, encryptJwe, decryptJwe: decryptJwe(encPrivate),
  signJwt: signJwt(signingKey, signingPublic),
  verifyJwt: () => ({verified: false})
};
const verifier = new Openid4vpVerifier({callbacks});
const b64u = b => Buffer.from(b).toString('base64url');

const server = http.createServer();
await new Promise(r => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const clientId = `x509_hash:${await calculateX509HashClientIdPrefixValue({x509Certificate: x5c[0], hash})}`;
const dcql = {
  credentials: [{
    id: 'micro',
    format: 'dc+sd-jwt',
    meta: {vct_values: ['https://microcred.eu/vct/micro-credential']},
    claims: [{path: ['credentialSubject', 'fullName']}]
  }]
};
const payload = {
  response_type: 'vp_token',
  client_id: clientId,
  response_uri: `${base}/response`,
  response_mode: 'direct_post.jwt',
  nonce: b64u(crypto.randomBytes(16)),
  state: b64u(crypto.randomBytes(16)),
  dcql_query: dcql,
  client_metadata: {
    client_name: 'Interop verifier (@openid4vc/openid4vp)',
    jwks: {keys: [encPublic]},
    encrypted_response_enc_values_supported: ['A128GCM', 'A256GCM'],
    vp_formats_supported: {'dc+sd-jwt': {'sd-jwt_alg_values': ['EdDSA', 'ES256'], 'kb-jwt_alg_values': ['EdDSA', 'ES256']}}
  }
};
const created = await verifier.createOpenId4vpAuthorizationRequest({
  authorizationRequestPayload: payload,
  jar: {requestUri: `${base}/request`, jwtSigner: {method: 'x5c', x5c, alg: 'ES256'}}
});
const requestJwt = created.jar.authorizationRequestJwt;

/** The issuer's key from the did:key `kid` of the SD-JWT header (nothing is fetched). */
function issuerVerifier(sdJwt) {
  const header = decodeJwtPart(sdJwt.split('~')[0], 0);
  const jwk = jwkFromPublicKeyBytes(publicKeyFromDidKey(header.kid));
  return async (data, sig) => verifyEdDsa(jwk, header.alg, data, sig);
}

async function checkPresentation(presentation) {
  const [issuerJwt, ...rest] = presentation.split('~');
  const kbJwt = rest[rest.length - 1];
  const issuerPayload = decodeJwtPart(issuerJwt, 1);
  await checkDisclosuresReferenced(issuerPayload, rest.slice(0, -1).filter(Boolean));
  const statusToken = opts['status-token'] ? readFileSync(opts['status-token'], 'utf8').trim() : null;
  const sdjwt = new SDJwtVcInstance({
    hasher,
    verifier: issuerVerifier(presentation),
    statusVerifier: issuerVerifier(presentation),
    statusListFetcher: async uri => {
      if(!statusToken || decodeJwtPart(statusToken, 1).sub !== uri) {
        throw new Error(`no status list token for ${uri}`);
      }
      return statusToken;
    },
    // The holder's key is the credential's cnf.jwk (the third argument is its payload).
    kbVerifier: async (data, sig, sdPayload) => verifyEdDsa((sdPayload ?? issuerPayload).cnf.jwk,
      decodeJwtPart(kbJwt, 0).alg, data, sig)
  });
  const result = await sdjwt.verify(presentation, {keyBindingNonce: payload.nonce, requireKeyBindings: true});
  const kb = decodeJwtPart(kbJwt, 1);
  if(kb.aud !== clientId) {
    throw new Error(`the KB-JWT's aud is ${kb.aud}, not our client_id`);
  }
  return result.payload;
}

let answered = false;
const timer = setTimeout(() => {
  printLine({verified: false, error: ['no answer in time']});
  process.exit(NOT_VERIFIED);
}, Number(opts.timeout) * 1000);

server.on('request', async (req, res) => {
  const send = (status, body, type = 'application/json') => {
    res.writeHead(status, {'content-type': type, 'cache-control': 'no-store'});
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  let body = '';
  for await (const chunk of req) {
    body += chunk;
  }
  if(req.url === '/request') {
    return send(200, requestJwt, 'application/oauth-authz-req+jwt');
  }
  if(req.url !== '/response' || req.method !== 'POST') {
    return send(404, {error: 'not_found'});
  }
  if(answered) {
    return send(400, {error: 'invalid_request', error_description: 'answered already'});
  }
  answered = true;
  try {
    const form = Object.fromEntries(new URLSearchParams(body));
    const parsed = await verifier.parseOpenid4vpAuthorizationResponse({
      authorizationResponse: form,
      authorizationRequestPayload: payload,
      callbacks
    });
    if(parsed.authorizationResponsePayload.state !== payload.state) {
      throw new Error('state is not ours');
    }
    if(!parsed.jarm) {
      throw new Error('the response was not encrypted (direct_post.jwt was asked)');
    }
    const presentations = parsed.dcql.presentations.micro;
    const claims = await checkPresentation(presentations[0]);
    send(200, {});
    printLine({verified: true, claims, encrypted: Boolean(parsed.jarm), clientId});
    clearTimeout(timer);
    server.close();
    process.exit(0);
  } catch(e) {
    send(400, {error: 'invalid_request', error_description: String(e.message)});
    printLine({verified: false, error: errorMessages(e)});
    clearTimeout(timer);
    server.close();
    process.exit(NOT_VERIFIED);
  }
});

printLine({link: created.authorizationRequest, origin: base});
