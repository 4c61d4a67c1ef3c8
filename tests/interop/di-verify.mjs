#!/usr/bin/env node
// Verifies a Data Integrity (eddsa-rdfc-2022) credential or presentation with
// @digitalbazaar/vc, an implementation independent of ours, entirely offline.
//
//   node di-verify.mjs [--in FILE|-]... [--contexts schemas/contexts/index.json]
//       [--challenge C [--domain D]] [--now ISO] [--status-dir DIR]
//
// Prints one line of JSON per input (--in may be repeated: one process, many documents);
// exit 0 = every input verified, 1 = some input did not, 2 = usage or input error.
//
// JSON-LD contexts come only from the content-pinned index (every file's SHA-256 is
// checked); DIDs only from did:key; any other URL is refused, so nothing is fetched.
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus as bitstringCheckStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {
  DEFAULT_CONTEXT_INDEX, NOT_VERIFIED, VERIFIED, args, errorMessages, loadContexts,
  offlineDocumentLoader, printLine, readJsonInput, usageError
} from './lib/common.mjs';

const USAGE = `usage: node di-verify.mjs [--in FILE|-]... [--contexts INDEX.json]
    [--challenge C [--domain D]] [--now ISO] [--status-dir DIR]`;

const opts = args({
  in: {type: 'string', multiple: true, default: ['-']},
  contexts: {type: 'string', default: DEFAULT_CONTEXT_INDEX},
  challenge: {type: 'string'},
  domain: {type: 'string'},
  now: {type: 'string'},
  'status-dir': {type: 'string'}
}, USAGE);

let documents;
try {
  documents = loadContexts(opts.contexts);
} catch(e) {
  usageError(`contexts: ${e.message}`);
}

// --status-dir: every *.json file in DIR is a status list credential, served to the
// loader under its own `id` (the URL credentials name in statusListCredential).
if(opts['status-dir']) {
  try {
    for(const name of readdirSync(opts['status-dir'])) {
      if(name.endsWith('.json')) {
        const doc = JSON.parse(readFileSync(join(opts['status-dir'], name), 'utf8'));
        if(typeof doc.id === 'string') {
          documents.set(doc.id, doc);
        }
      }
    }
  } catch(e) {
    usageError(`--status-dir: ${e.message}`);
  }
}

const inputs = opts.in.map(path => {
  const input = readJsonInput(path);
  if(!(input && typeof input === 'object' && !Array.isArray(input) && input['@context'])) {
    usageError(`${path}: not a JSON-LD object with @context`);
  }
  return input;
});
if(inputs.some(i => [].concat(i.type ?? []).includes('VerifiablePresentation')) &&
  !opts.challenge) {
  usageError('a presentation needs --challenge');
}

const requested = [];
const documentLoader = offlineDocumentLoader(documents, requested);
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

// @digitalbazaar/vc fails every credential that has `credentialStatus` unless it is given
// a checkStatus function. What these tests check is the proof (that an independent
// implementation accepts our signatures), not revocation, so without --status-dir status
// is deliberately NOT checked and the hook says so in the output.
// With --status-dir, @digitalbazaar/vc-bitstring-status-list really checks each
// BitstringStatusListEntry: it verifies the status list credential's own proof and
// issuer, decodes the list and reads the bit. That library reports `verified: true` even
// when the bit is set (the bit is in results[i].status), so a set bit is turned into a
// failure here.
let statusChecks = [];
async function checkStatus({credential}) {
  if(!opts['status-dir']) {
    const r = {verified: true, checked: false,
      note: 'credential status not checked (no --status-dir)'};
    statusChecks.push(r);
    return r;
  }
  const r = await bitstringCheckStatus({credential, documentLoader, suite});
  const out = {
    verified: !!r.verified,
    checked: true,
    entries: (r.results || []).map(x => ({
      purpose: x.credentialStatus?.statusPurpose,
      index: x.credentialStatus?.statusListIndex,
      set: x.status
    })),
    ...(r.error ? {error: errorMessages(r.error).join('; ')} : {})
  };
  const set = out.entries.filter(e => e.set === true);
  if(out.verified && set.length) {
    out.verified = false;
    out.error = 'status bit set: ' + set.map(e => e.purpose).join(', ');
  }
  statusChecks.push(out);
  return out;
}

function proofSummary(results = []) {
  return results.map(r => ({
    verified: !!r.verified,
    cryptosuite: r.proof?.cryptosuite,
    proofPurpose: r.proof?.proofPurpose,
    verificationMethod: r.verificationMethod?.id ?? r.proof?.verificationMethod,
    ...(r.error ? {error: errorMessages(r.error)} : {})
  }));
}

const common = {suite, documentLoader, checkStatus, ...(opts.now ? {now: opts.now} : {})};

async function verifyOne(input) {
  statusChecks = [];
  requested.length = 0;
  const types = [].concat(input.type ?? []);
  let out;
  try {
    if(types.includes('VerifiablePresentation')) {
      const r = await vc.verify({...common, presentation: input, challenge: opts.challenge,
        domain: opts.domain});
      // The library does not bind `holder` to the key that signed the presentation.
      const holder = typeof input.holder === 'object' ? input.holder?.id : input.holder;
      const signers = (r.presentationResult?.results ?? []).map(x =>
        (x.verificationMethod?.id ?? x.proof?.verificationMethod ?? '').split('#')[0]);
      const holderBound = !holder || signers.includes(holder);
      out = {
        verified: !!r.verified && holderBound,
        kind: 'presentation',
        holder,
        proofs: proofSummary(r.presentationResult?.results),
        credentials: (r.credentialResults ?? []).map(c => ({
          verified: !!c.verified, id: c.credentialId, proofs: proofSummary(c.results),
          ...(c.error ? {error: errorMessages(c.error)} : {})
        })),
        error: [
          ...errorMessages(r.error),
          ...(holderBound ? [] : [`holder ${holder} did not sign the presentation`])
        ]
      };
    } else {
      const r = await vc.verifyCredential({...common, credential: input});
      out = {
        verified: !!r.verified,
        kind: 'credential',
        id: input.id,
        issuer: typeof input.issuer === 'object' ? input.issuer?.id : input.issuer,
        proofs: proofSummary(r.results),
        error: errorMessages(r.error)
      };
    }
  } catch(e) {
    out = {verified: false, error: errorMessages(e)};
  }
  out.status = statusChecks;
  out.loaded = [...new Set(requested)];
  if(out.verified) {
    delete out.error;
  }
  return out;
}

let all = true;
for(const input of inputs) {
  const out = await verifyOne(input);
  all &&= out.verified;
  printLine(out);
}
process.exit(all ? VERIFIED : NOT_VERIFIED);
