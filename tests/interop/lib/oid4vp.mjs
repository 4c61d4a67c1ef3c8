// The callbacks @openid4vc/openid4vp and @openid4vc/oauth2 0.4 ask of their user: JOSE
// with `jose` (panva), X.509 with node:crypto, hashing and randomness with node:crypto.
import crypto, {X509Certificate} from 'node:crypto';
import {readFileSync} from 'node:fs';
import * as jose from 'jose';

export function hash(data, alg) {
  const name = {'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512'}[alg];
  if(!name) {
    throw new Error(`unsupported hash ${alg}`);
  }
  return new Uint8Array(crypto.createHash(name).update(data).digest());
}

export const generateRandom = n => new Uint8Array(crypto.randomBytes(n));

/** DER certificates (base64, as x5c carries them) of a PEM file. */
export function pemCertificates(path) {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)]
    .map(m => m[1].replace(/\s+/g, ''));
}

const cert = b64 => new X509Certificate(Buffer.from(b64, 'base64'));

/** SAN DNS and URI names of a certificate (base64 DER). */
export function getX509CertificateMetadata(b64) {
  const san = cert(b64).subjectAltName ?? '';
  const names = san.split(', ');
  return {
    sanDnsNames: names.filter(n => n.startsWith('DNS:')).map(n => n.slice(4)),
    sanUriNames: names.filter(n => n.startsWith('URI:')).map(n => n.slice(4))
  };
}

/**
 * Verifies a JWT signed by the leaf of its x5c, the chain up to one of `anchors` (base64
 * DER). Refuses a self-signed leaf, as HAIP does.
 */
export function verifyJwt(anchors) {
  return async (signer, {compact}) => {
    try {
      if(signer.method !== 'x5c') {
        return {verified: false};
      }
      const chain = signer.x5c.map(cert);
      const leaf = chain[0];
      if(leaf.verify(leaf.publicKey)) {
        throw new Error('self-signed leaf');
      }
      for(let i = 0; i + 1 < chain.length; i++) {
        if(!chain[i].verify(chain[i + 1].publicKey)) {
          throw new Error('broken chain');
        }
      }
      const top = chain[chain.length - 1];
      if(anchors.length && !anchors.map(cert).some(a => top.verify(a.publicKey))) {
        throw new Error('the chain does not lead to a trusted anchor');
      }
      await jose.compactVerify(compact, leaf.publicKey, {algorithms: [signer.alg]});
      return {verified: true, signerJwk: leaf.publicKey.export({format: 'jwk'})};
    } catch(e) {
      process.stderr.write(`verifyJwt: ${e.message}\n`);
      return {verified: false};
    }
  };
}

/** Encrypts to the verifier's key with ECDH-ES and the enc the library chose. */
export async function encryptJwe(encryptor, data) {
  const key = await jose.importJWK(encryptor.publicJwk, 'ECDH-ES');
  const header = {alg: encryptor.alg, enc: encryptor.enc};
  if(encryptor.publicJwk.kid) {
    header.kid = encryptor.publicJwk.kid;
  }
  const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(data))
    .setProtectedHeader(header).encrypt(key);
  return {jwe, encryptionJwk: encryptor.publicJwk};
}

export function decryptJwe(privateJwk) {
  return async jwe => {
    try {
      const key = await jose.importJWK(privateJwk, 'ECDH-ES');
      const {plaintext} = await jose.compactDecrypt(jwe, key,
        {keyManagementAlgorithms: ['ECDH-ES'], contentEncryptionAlgorithms: ['A128GCM', 'A256GCM']});
      return {decrypted: true, decryptionJwk: privateJwk, payload: new TextDecoder().decode(plaintext)};
    } catch(e) {
      process.stderr.write(`decryptJwe: ${e.message}\n`);
      return {decrypted: false};
    }
  };
}

/** Signs with an ES256 private key (node KeyObject) whose public JWK is `publicJwk`. */
export function signJwt(privateKey, publicJwk) {
  return async (signer, {header, payload}) => {
    const jwt = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader(header).sign(privateKey);
    return {jwt, signerJwk: publicJwk};
  };
}
