#!/usr/bin/env node
// Signs an unsigned credential with one of the Data Integrity suites of the JavaScript
// reference implementation (Digital Bazaar), as a did:key issuer, offline: for testing
// that our verifier accepts what other issuers sign.
//
//   node suite-sign.mjs --in FILE --suite SUITE [--seed HEX64] [--curve P-256|P-384]
//       [--mandatory PTR,...] [--reveal PTR,...]
//
// SUITE: Ed25519Signature2020, Ed25519Signature2018, eddsa-jcs-2022, ecdsa-rdfc-2019,
// ecdsa-jcs-2019, ecdsa-sd-2023 (a base proof) or ecdsa-sd-2023-derived (a base proof,
// then a derived proof revealing --reveal). Ed25519 suites use --seed; ECDSA suites a
// fresh key on --curve (default P-256). The credential's issuer becomes the did:key.
// Prints the signed credential as one line of JSON; exit 0 signed, 1 refused, 2 usage.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as ecdsaJcs2019 from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import {Ed25519Signature2018} from '@digitalbazaar/ed25519-signature-2018';
import {Ed25519VerificationKey2018} from '@digitalbazaar/ed25519-verification-key-2018';
import {
  NOT_VERIFIED, args, errorMessages, loadContexts, offlineDocumentLoader, printLine,
  readJsonInput, seedFromHex, usageError
} from './lib/common.mjs';

const USAGE = `usage: node suite-sign.mjs --in FILE --suite SUITE [--seed HEX64]
    [--curve P-256|P-384] [--mandatory PTR,...] [--reveal PTR,...]`;
const opts = args({
  in: {type: 'string'},
  suite: {type: 'string'},
  seed: {type: 'string', default: '22'.repeat(32)},
  curve: {type: 'string', default: 'P-256'},
  mandatory: {type: 'string', default: '/issuer'},
  reveal: {type: 'string', default: ''}
}, USAGE);
const list = s => s.split(',').map(x => x.trim()).filter(Boolean);
const credential = readJsonInput(opts.in);
const documentLoader = offlineDocumentLoader(loadContexts());

async function ed25519(KeyClass) {
  const seed = new Uint8Array(seedFromHex(opts.seed));
  const multikey = await Ed25519Multikey.generate({seed});
  const did = `did:key:${multikey.publicKeyMultibase}`;
  const id = `${did}#${multikey.publicKeyMultibase}`;
  if(!KeyClass) {
    return {did, signer: (await Ed25519Multikey.from({...multikey, id, controller: did}))
      .signer()};
  }
  const key = await KeyClass.generate({seed, id, controller: did});
  return {did, key};
}

async function ecdsa() {
  const key = await EcdsaMultikey.generate({curve: opts.curve});
  const did = `did:key:${key.publicKeyMultibase}`;
  key.id = `${did}#${key.publicKeyMultibase}`;
  key.controller = did;
  return {did, signer: key.signer()};
}

async function suiteFor(name) {
  switch(name) {
    case 'Ed25519Signature2020': {
      const {did, key} = await ed25519(Ed25519VerificationKey2020);
      return {did, suite: new Ed25519Signature2020({key})};
    }
    case 'Ed25519Signature2018': {
      const {did, key} = await ed25519(Ed25519VerificationKey2018);
      return {did, suite: new Ed25519Signature2018({key})};
    }
    case 'eddsa-jcs-2022': {
      const {did, signer} = await ed25519();
      return {did, suite: new DataIntegrityProof(
        {signer, cryptosuite: eddsaJcs2022.createSignCryptosuite()})};
    }
    case 'ecdsa-rdfc-2019': {
      const {did, signer} = await ecdsa();
      return {did, suite: new DataIntegrityProof({signer, cryptosuite: ecdsaRdfc2019})};
    }
    case 'ecdsa-jcs-2019': {
      const {did, signer} = await ecdsa();
      return {did, suite: new DataIntegrityProof(
        {signer, cryptosuite: ecdsaJcs2019.createSignCryptosuite()})};
    }
    case 'ecdsa-sd-2023':
    case 'ecdsa-sd-2023-derived': {
      const {did, signer} = await ecdsa();
      return {did, suite: new DataIntegrityProof({signer,
        cryptosuite: ecdsaSd2023.createSignCryptosuite(
          {mandatoryPointers: list(opts.mandatory)})})};
    }
    default:
      usageError(`unknown --suite ${name}`, USAGE);
  }
}

try {
  const {did, suite} = await suiteFor(opts.suite);
  credential.issuer = typeof credential.issuer === 'object' && credential.issuer ?
    {...credential.issuer, id: did} : did;
  let signed = await vc.issue({credential, suite, documentLoader});
  if(opts.suite === 'ecdsa-sd-2023-derived') {
    signed = await vc.derive({
      verifiableCredential: signed,
      suite: new DataIntegrityProof({cryptosuite: ecdsaSd2023.createDiscloseCryptosuite(
        {selectivePointers: list(opts.reveal)})}),
      documentLoader
    });
  }
  printLine(signed);
} catch(e) {
  printLine({error: errorMessages(e)});
  process.exit(NOT_VERIFIED);
}
