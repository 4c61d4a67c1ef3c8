// An independent OpenID4VCI 1.0 wallet: @openid4vc/openid4vci (OpenWallet Foundation's
// oid4vc-ts) resolves a credential offer, redeems its pre-authorized code, proves a fresh
// Ed25519 key (a `jwk` header, so the issuer binds did:jwk) and receives the credential.
//
// Usage: node oid4vci-redeem.mjs --offer URI [--tx-code CODE] [--out FILE]
// Prints one JSON line {verified, issuer, format, configuration, holderJwk, credential};
// exits 0 when a credential was received, 1 when the issuer refused, 2 on a usage error.
//
// Plain http:// is allowed only to this machine (the test server on 127.0.0.1); the
// library's own check is switched off for that, and done here instead.
import crypto from 'node:crypto';
import {writeFileSync} from 'node:fs';
import {Openid4vciClient} from '@openid4vc/openid4vci';
import {clientAuthenticationNone} from '@openid4vc/oauth2';
import {setGlobalConfig} from '@openid4vc/utils';
import * as jose from 'jose';
import {args, printLine, usageError, NOT_VERIFIED, VERIFIED} from './lib/common.mjs';

const USAGE = 'usage: node oid4vci-redeem.mjs --offer URI [--tx-code CODE] [--out FILE]';
const opts = args({
  offer: {type: 'string'},
  'tx-code': {type: 'string'},
  out: {type: 'string'},
}, USAGE);
if(!opts.offer) {
  usageError('--offer is required', USAGE);
}

setGlobalConfig({allowInsecureUrls: true});
const localOnly = url => {
  const u = new URL(url);
  if(u.protocol === 'https:') {
    return;
  }
  if(u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
    return;
  }
  throw new Error(`refused: ${url} (https only, or http to this machine)`);
};
const guardedFetch = (input, init) => {
  localOnly(typeof input === 'string' ? input : input.url);
  return fetch(input, {...init, redirect: 'manual'});
};

const {publicKey, privateKey} = await jose.generateKeyPair('EdDSA', {crv: 'Ed25519'});
const publicJwk = await jose.exportJWK(publicKey);

const callbacks = {
  fetch: guardedFetch,
  hash: (data, alg) => new Uint8Array(
    crypto.createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
  generateRandom: n => new Uint8Array(crypto.randomBytes(n)),
  clientAuthentication: clientAuthenticationNone({clientId: 'oid4vci-interop-wallet'}),
  signJwt: async (signer, {header, payload}) => {
    const jwt = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader(header)
      .sign(privateKey);
    return {jwt, signerJwk: publicJwk};
  },
};

try {
  const client = new Openid4vciClient({callbacks});
  const offer = await client.resolveCredentialOffer(opts.offer);
  localOnly(offer.credential_issuer);
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  const {accessTokenResponse} = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer,
    issuerMetadata,
    txCode: opts['tx-code'],
  });
  const configuration = offer.credential_configuration_ids[0];
  let nonce = accessTokenResponse.c_nonce;
  if(!nonce && issuerMetadata.credentialIssuer.nonce_endpoint) {
    nonce = (await client.requestNonce({issuerMetadata})).c_nonce;
  }
  const {jwt} = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: configuration,
    signer: {method: 'jwk', publicJwk, alg: 'EdDSA'},
    nonce,
  });
  const result = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId: configuration,
    proof: {proof_type: 'jwt', jwt},
  });
  const body = result.credentialResponse;
  const first = body.credentials?.[0]?.credential ?? body.credential;
  if(!first) {
    printLine({verified: false, error: 'no credential in the response', response: body});
    process.exit(NOT_VERIFIED);
  }
  const credential = typeof first === 'string' ? first : JSON.stringify(first);
  if(opts.out) {
    writeFileSync(opts.out, credential);
  }
  printLine({
    verified: true,
    issuer: offer.credential_issuer,
    configuration,
    format: issuerMetadata.credentialIssuer.credential_configurations_supported[configuration]?.format,
    holderJwk: publicJwk,
    credential,
  });
  process.exit(VERIFIED);
} catch(e) {
  printLine({verified: false, error: String(e && e.message ? e.message : e)});
  process.exit(NOT_VERIFIED);
}
