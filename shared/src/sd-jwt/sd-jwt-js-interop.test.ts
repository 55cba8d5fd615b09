import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { exportJWK } from 'jose';
import { issueSdJwtVc } from './issue-sd-jwt-vc.js';
import { presentSdJwtVc } from './present-sd-jwt-vc.js';
import { createTestKeyPair, createTestSigner, type TestKeyPair } from './testing/test-keys.js';
import { verifySdJwtVc } from './verify-sd-jwt-vc.js';

/** Our issuer, holder and verifier against sd-jwt-js 0.19 (the OpenWallet Foundation library). */
const NOW = Math.floor(Date.now() / 1000);
const NONCE = 'interop-nonce';
const AUDIENCE = 'x509_san_dns:verifier.example';
const claims = { given_name: 'Astrid', address: { locality: 'Umeå', country: 'SE' } };
const frame = { _sd: ['given_name' as const, 'address' as const], address: { _sd: ['locality' as const] } };

let issuer: TestKeyPair;
let holder: TestKeyPair;
let library: SDJwtVcInstance;

beforeAll(async () => {
  issuer = await createTestKeyPair();
  holder = await createTestKeyPair();
  library = new SDJwtVcInstance({
    signer: await ES256.getSigner(await exportJWK(issuer.privateKey)),
    verifier: await ES256.getVerifier(issuer.publicJwk),
    signAlg: 'ES256',
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
    kbSigner: await ES256.getSigner(await exportJWK(holder.privateKey)),
    kbSignAlg: 'ES256',
    kbVerifier: await ES256.getVerifier(holder.publicJwk),
  });
});

describe('interoperability with sd-jwt-js', () => {
  it('sd-jwt-js verifies what our issuer and wallet produce', async () => {
    const issued = await issueSdJwtVc({
      issuer: 'https://issuer.example',
      vct: 'urn:example:interop',
      claims,
      disclosureFrame: frame,
      holderJwk: holder.publicJwk,
      issuedAt: NOW,
      signer: createTestSigner(issuer),
    });
    const presented = await presentSdJwtVc({
      compact: issued,
      disclose: { address: { locality: true } },
      keyBinding: {
        nonce: NONCE,
        audience: AUDIENCE,
        issuedAt: NOW,
        privateKey: holder.privateKey,
        alg: 'ES256',
      },
    });
    const result = await library.verify(presented, { keyBindingNonce: NONCE });
    expect(result.payload).toMatchObject({
      vct: 'urn:example:interop',
      address: { locality: 'Umeå', country: 'SE' },
    });
    expect(result.payload).not.toHaveProperty('given_name');
    expect(result.kb?.payload).toMatchObject({ nonce: NONCE, aud: AUDIENCE });
  });

  it('our verifier accepts what sd-jwt-js issues and presents', async () => {
    const issued = await library.issue(
      {
        iss: 'https://issuer.example',
        iat: NOW,
        vct: 'urn:example:interop',
        cnf: { jwk: holder.publicJwk },
        ...claims,
      },
      frame,
      { header: { typ: 'dc+sd-jwt' } },
    );
    const presented = await library.present(
      issued,
      { given_name: true, address: { locality: true } },
      { kb: { payload: { iat: NOW, aud: AUDIENCE, nonce: NONCE } } },
    );
    const verified = await verifySdJwtVc({
      compact: presented,
      resolveIssuerKey: async () => issuer.publicKey,
      keyBinding: { nonce: NONCE, audience: AUDIENCE },
    });
    expect(verified.claims).toMatchObject(claims);
  });
});
