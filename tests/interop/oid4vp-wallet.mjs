#!/usr/bin/env node
// The wallet's side of OpenID4VP 1.0 with @openid4vc/openid4vp 0.4 (the library inside
// Credo): resolve a verifier's request link (signed request object, x509_hash), present
// an SD-JWT VC with @sd-jwt/core (only the claims the DCQL query names, KB-JWT with aud =
// client_id and the nonce), encrypt when asked (direct_post.jwt) and submit.
//
//   node oid4vp-wallet.mjs --link URL --credential FILE --holder-seed HEX64
//       [--trust-anchor PEM] [--mode valid|tamper|wrong-nonce|replay|wrong-aud]
//
// Prints one JSON line per submission: {"status": HTTP, "body": {...}}; exit 0 when the
// (first) submission was accepted, 1 otherwise.
import {setGlobalConfig} from '@openid4vc/oauth2';
import {Openid4vpClient} from '@openid4vc/openid4vp';
import {SDJwtInstance} from '@sd-jwt/core';
import {
  NOT_VERIFIED, args, ed25519FromSeed, errorMessages, printLine, readInput, seedFromHex,
  usageError
} from './lib/common.mjs';
import {decryptJwe, encryptJwe, generateRandom, getX509CertificateMetadata, hash,
  pemCertificates, verifyJwt} from './lib/oid4vp.mjs';
import {ed25519Signer, hasher, saltGenerator} from './lib/sdjwt.mjs';

const USAGE = `usage: node oid4vp-wallet.mjs --link URL --credential FILE --holder-seed HEX64
    [--trust-anchor PEM] [--mode valid|tamper|wrong-nonce|replay|wrong-aud]`;
// The servers of these tests listen on 127.0.0.1 over plain HTTP; the library wants
// https:// everywhere unless told otherwise. Nothing else is relaxed.
setGlobalConfig({allowInsecureUrls: true});

const opts = args({
  link: {type: 'string'},
  credential: {type: 'string'},
  'holder-seed': {type: 'string'},
  'trust-anchor': {type: 'string'},
  mode: {type: 'string', default: 'valid'}
}, USAGE);
if(!opts.link || !opts.credential || !opts['holder-seed']) {
  usageError('--link, --credential and --holder-seed are required', USAGE);
}
const holder = ed25519FromSeed(seedFromHex(opts['holder-seed'], 'holder-seed'));
const anchors = opts['trust-anchor'] ? pemCertificates(opts['trust-anchor']) : [];
const callbacks = {
  fetch, hash, generateRandom, encryptJwe, decryptJwe: decryptJwe(undefined),
  verifyJwt: verifyJwt(anchors), getX509CertificateMetadata,
  signJwt: () => { throw new Error('the wallet signs nothing here'); }
};

try {
  const client = new Openid4vpClient({callbacks});
  const parsed = client.parseOpenid4vpAuthorizationRequest({authorizationRequest: opts.link});
  const resolved = await client.resolveOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: parsed.params
  });
  const request = resolved.authorizationRequestPayload;
  if(!resolved.jar || resolved.client.prefix !== 'x509_hash') {
    throw new Error(`expected a signed x509_hash request, got ${resolved.client.prefix}`);
  }
  const query = resolved.dcql.query;
  const cq = query.credentials.find(c => c.format === 'dc+sd-jwt');
  // {credentialSubject: {fullName: true}, ...} from the query's claims paths.
  const frame = {};
  for(const {path} of cq.claims ?? []) {
    let node = frame;
    path.slice(0, -1).forEach(k => { node = node[k] = typeof node[k] === 'object' ? node[k] : {}; });
    node[path[path.length - 1]] = true;
  }
  const sdjwt = new SDJwtInstance({
    hasher, saltGenerator, kbSigner: ed25519Signer(holder.privateKey), kbSignAlg: 'EdDSA'
  });
  const issued = readInput(opts.credential).trim();
  const kb = {
    iat: Math.floor(Date.now() / 1000),
    aud: opts.mode === 'wrong-aud' ? 'x509_hash:someone-else' : resolved.client.clientId ?? request.client_id,
    nonce: opts.mode === 'wrong-nonce' ? 'not-the-nonce' : request.nonce
  };
  let presentation = await sdjwt.present(issued, frame, {kb: {payload: kb}});
  if(opts.mode === 'tamper') {
    // Swap the name's disclosure for one of our own making: the digest no longer matches.
    const parts = presentation.split('~');
    const forged = Buffer.from(JSON.stringify(['c2FsdHNhbHRzYWx0', 'fullName', 'Mallory']))
      .toString('base64url');
    parts[1] = forged;
    presentation = parts.join('~');
  }
  const encrypted = request.response_mode === 'direct_post.jwt';
  const response = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: {vp_token: {[cq.id]: [presentation]}},
    jarm: encrypted ? {
      encryption: {nonce: request.nonce},
      serverMetadata: {
        authorization_signing_alg_values_supported: ['ES256'],
        authorization_encryption_alg_values_supported: ['ECDH-ES'],
        authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM']
      }
    } : undefined
  });
  const submit = () => client.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: response.authorizationResponsePayload,
    jarm: response.jarm ? {responseJwt: response.jarm.responseJwt} : undefined
  });
  const times = opts.mode === 'replay' ? 2 : 1;
  let first;
  for(let i = 0; i < times; i++) {
    const {response: r} = await submit();
    const body = await r.json().catch(() => null);
    printLine({status: r.status, body, encrypted: Boolean(response.jarm),
      disclosed: presentation.split('~').length - 2});
    first ??= r.status;
  }
  process.exit(first === 200 ? 0 : NOT_VERIFIED);
} catch(e) {
  printLine({error: errorMessages(e)});
  process.exit(NOT_VERIFIED);
}
