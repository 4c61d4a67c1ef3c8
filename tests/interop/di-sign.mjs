#!/usr/bin/env node
// Signs an unsigned credential (or presentation) with a Data Integrity eddsa-rdfc-2022
// proof made by @digitalbazaar/vc, with the did:key of an Ed25519 seed, offline. For
// testing our verifier against credentials produced by an independent implementation.
//
//   node di-sign.mjs [--in FILE|-] --seed HEX64 [--created ISO]
//       [--contexts schemas/contexts/index.json] [--challenge C [--domain D]]
//
// A credential's issuer (or issuer.id) is replaced by the did:key; a presentation's
// holder likewise, and a presentation needs --challenge. Prints the signed document as
// one line of JSON; exit 0 = signed, 1 = the library refused to sign, 2 = usage error.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {
  DEFAULT_CONTEXT_INDEX, NOT_VERIFIED, args, didKeyFromPublicKey, ed25519FromSeed,
  errorMessages, loadContexts, offlineDocumentLoader, printLine, publicKeyMultibase,
  readJsonInput, seedFromHex, usageError
} from './lib/common.mjs';

const USAGE = `usage: node di-sign.mjs [--in FILE|-] --seed HEX64 [--created ISO]
    [--contexts INDEX.json] [--challenge C [--domain D]]`;
const XSD_DATE_TIME_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

const opts = args({
  in: {type: 'string'},
  seed: {type: 'string'},
  created: {type: 'string'},
  contexts: {type: 'string', default: DEFAULT_CONTEXT_INDEX},
  challenge: {type: 'string'},
  domain: {type: 'string'}
}, USAGE);
if(!opts.seed) {
  usageError('--seed is required', USAGE);
}
if(opts.created && !XSD_DATE_TIME_STAMP.test(opts.created)) {
  usageError('--created must be an XSD dateTimeStamp, e.g. 2026-05-29T10:00:00Z');
}
const seed = seedFromHex(opts.seed);

let documents;
try {
  documents = loadContexts(opts.contexts);
} catch(e) {
  usageError(`contexts: ${e.message}`);
}
const document = readJsonInput(opts.in);
if(!(document && typeof document === 'object' && !Array.isArray(document) &&
  document['@context'])) {
  usageError('input is not a JSON-LD object with @context');
}
if(document.proof) {
  usageError('input already has a proof');
}

try {
  // The same seed gives the same key in node:crypto (RFC 8032) and in the library.
  const {publicKeyBytes} = ed25519FromSeed(seed);
  const did = didKeyFromPublicKey(publicKeyBytes);
  const fingerprint = publicKeyMultibase(publicKeyBytes);
  const generated = await Ed25519Multikey.generate({seed: new Uint8Array(seed)});
  if(generated.publicKeyMultibase !== fingerprint) {
    throw new Error('the library derived another public key from the seed');
  }
  const keyPair = await Ed25519Multikey.from({
    ...(await generated.export({publicKey: true, secretKey: true, includeContext: true})),
    id: `${did}#${fingerprint}`,
    controller: did
  });

  const suite = new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: eddsaRdfc2022});
  if(opts.created) {
    // Setting `date` would re-format the timestamp; a preset proof keeps it exactly.
    suite.proof = {created: opts.created};
  }
  const documentLoader = offlineDocumentLoader(documents);
  const types = [].concat(document.type ?? []);
  let signed;
  if(types.includes('VerifiablePresentation')) {
    if(!opts.challenge) {
      usageError('a presentation needs --challenge');
    }
    document.holder = typeof document.holder === 'object' && document.holder ?
      {...document.holder, id: did} : did;
    signed = await vc.signPresentation({presentation: document, suite, documentLoader,
      challenge: opts.challenge, domain: opts.domain});
  } else {
    document.issuer = typeof document.issuer === 'object' && document.issuer ?
      {...document.issuer, id: did} : did;
    signed = await vc.issue({credential: document, suite, documentLoader});
  }
  printLine(signed);
} catch(e) {
  printLine({error: errorMessages(e)});
  process.exit(NOT_VERIFIED);
}
