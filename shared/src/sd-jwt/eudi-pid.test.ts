import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { documentSignerKeyUsages } from '../pki/extended-key-usages.js';
import { checkExtendedKeyUsage, validateX5cChain } from '../pki/validate-x5c-chain.js';
import { certificateFromBase64, x509 } from '../pki/x509-provider.js';
import { decodeSdJwtVc } from './decode-sd-jwt-vc.js';
import { presentSdJwtVc } from './present-sd-jwt-vc.js';
import { readX5cCertificates } from './read-x5c-certificates.js';
import { readVectorJson, readVectorText } from './testing/read-sd-jwt-vectors.js';
import { verifySdJwtVc } from './verify-sd-jwt-vc.js';

/**
 * A real PID from the EU reference issuer (eudi-lib-jvm-siop-openid4vp-kt test resources), signed
 * with an x5c certificate, with the holder's private key. The credential expired in November 2025
 * and its certificate in July 2026, so the clock is pinned to just after issuance.
 */
const DIR = ['eudi', 'openid4vp-kt', 'example'];
const pid = readVectorText(...DIR, 'sd-jwt-vc-pid.txt').trim();
const holderJwk = readVectorJson<JsonWebKey>(...DIR, 'sd-jwt-vc-pid-key.json');
const holderKey = createPrivateKey({ key: holderJwk, format: 'jwk' });
const ISSUED_AT = 1760699874;
const NOW = ISSUED_AT + 120;
const NONCE = 'pid-nonce-4711';
const AUDIENCE = 'x509_san_dns:forsakring.example';

async function resolveFromX5c({ header }: { header: Record<string, unknown> }) {
  const [leaf] = readX5cCertificates({ header });
  expect(Date.parse(leaf.validFrom) / 1000).toBeLessThan(NOW);
  expect(Date.parse(leaf.validTo) / 1000).toBeGreaterThan(NOW);
  return leaf.publicKey;
}

describe('the EUDI reference PID', () => {
  it('decodes with all 26 disclosures and its status list reference', () => {
    const decoded = decodeSdJwtVc(pid);
    expect(decoded.disclosures).toHaveLength(26);
    expect(decoded.vct).toBe('urn:eudi:pid:1');
    expect(
      decoded.claimList.find((c) => c.path.join('.') === 'address.locality')?.selectivelyDisclosable,
    ).toBe(true);
  });

  it('verifies as issued against the key in its x5c header', async () => {
    const verified = await verifySdJwtVc({ compact: pid, resolveIssuerKey: resolveFromX5c, now: NOW });
    expect(verified.iss).toBe('https://dev.issuer-backend.eudiw.dev');
    expect(verified.claims.family_name).toBe('Neal');
    expect(verified.status?.status_list?.idx).toBe(1604);
  });

  it('wallet discloses only name, birth date and locality, bound to the verifier nonce', async () => {
    const presentation = await presentSdJwtVc({
      compact: pid,
      disclose: { family_name: true, given_name: true, birthdate: true, address: { locality: true } },
      keyBinding: { nonce: NONCE, audience: AUDIENCE, issuedAt: NOW, privateKey: holderKey, alg: 'ES256' },
    });
    // The address disclosure comes along, as the parent of locality: 5 of 26.
    expect(presentation.split('~')).toHaveLength(1 + 5 + 1);

    const verified = await verifySdJwtVc({
      compact: presentation,
      resolveIssuerKey: resolveFromX5c,
      keyBinding: { nonce: NONCE, audience: AUDIENCE },
      now: NOW + 5,
    });
    const { vct, iss, cnf, exp, iat, status, ...personal } = verified.claims;
    expect({ vct, iss, exp, iat }).toEqual({
      vct: 'urn:eudi:pid:1',
      iss: 'https://dev.issuer-backend.eudiw.dev',
      exp: 1763291874,
      iat: ISSUED_AT,
    });
    expect(cnf).toBeDefined();
    expect(status).toBeDefined();
    expect(personal).toEqual({
      family_name: 'Neal',
      given_name: 'Tyler',
      birthdate: '1955-04-12',
      address: { locality: 'Gemeinde Biberbach' },
    });
    expect(verified.keyBinding?.payload).toMatchObject({ nonce: NONCE, aud: AUDIENCE, iat: NOW });
  });

  it('is refused once expired', async () => {
    await expect(
      verifySdJwtVc({ compact: pid, resolveIssuerKey: resolveFromX5c, now: 1763291874 + 3600 }),
    ).rejects.toMatchObject({ code: 'expired' });
  });
});

describe('the EUDI reference PID against x5c chain validation (docs/pki.md)', () => {
  // The vector's x5c holds the leaf alone ("PID DS - 03"); its issuer "PID Issuer CA - UT 02" is
  // not in the vector, and its CRL is only online. So no anchor we hold can validate the chain:
  // it is refused, naming the CA a relying party would have to configure.
  it('is refused as untrusted_anchor, naming its issuing CA, when that CA is not a trust anchor', async () => {
    const { x5c } = decodeProtectedHeader(pid.split('~')[0]);
    expect(x5c).toHaveLength(1);
    await expect(
      validateX5cChain(x5c, [], {
        expectedHost: 'dev.issuer-backend.eudiw.dev',
        now: new Date(NOW * 1000),
        crlFetcher: () => Promise.reject(new Error('offline')),
      }),
    ).rejects.toMatchObject({
      code: 'untrusted_anchor',
      message: expect.stringContaining('PID Issuer CA - UT 02'),
    });
  });

  // Its leaf restricts its key with a critical extended key usage, the EUDI PID Rulebook's
  // document signer (1.3.130.2.0.0.1.2): accepted for signing credentials, refused for other uses.
  it('has a critical EKU that a credential signer is accepted with, and nothing else', () => {
    const { x5c } = decodeProtectedHeader(pid.split('~')[0]);
    const leaf = certificateFromBase64(x5c![0]!);
    expect(leaf.getExtension(x509.ExtendedKeyUsageExtension)).toMatchObject({
      critical: true,
      usages: ['1.3.130.2.0.0.1.2'],
    });
    expect(() => checkExtendedKeyUsage(leaf, documentSignerKeyUsages)).not.toThrow();
    let refused: unknown;
    try {
      checkExtendedKeyUsage(leaf, []);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ name: 'X509ChainError', code: 'key_usage' });
  });
});
