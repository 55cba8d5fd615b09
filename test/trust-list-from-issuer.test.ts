import { generateKeyPairSync } from 'node:crypto';
import { exportJWK } from 'jose';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { signTrustList, verifyTrustList } from '@min-profil/shared/trust-list/sign-trust-list';
import { claimsBeyondRegistration, isAuthoritativeIssuer } from '@min-profil/shared/trust-list/trust-queries';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';

describe('trust list built from the real issuer metadata', () => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer('sqlite');
  });
  afterAll(async () => {
    await issuer.stop();
  });

  it('lists each holder with its keys and the types it is authoritative for, and registers the demo consumers', async () => {
    const issuers = await Promise.all(
      ['af', 'skatteverket', 'migrationsverket', 'skola'].map((id) =>
        fetchTrustedIssuer({ id, credentialIssuer: `${issuer.baseUrl}/${id}` }),
      ),
    );
    const key = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };
    const consumers = ['insurer', 'university', 'af-praktik'].map((id) => ({
      id,
      name: { sv: id, en: id },
      client_id: `decentralized_identifier:did:web:verifier.example:consumers:${id}`,
      jwks: { keys: [key] },
    }));
    const list = buildTrustList({ operator: 'test', issuers, consumers, registrations: demoRegistrations });

    const af = list.issuers.find((i) => i.id === 'af')!;
    expect(af.name).toEqual({ sv: 'Arbetsförmedlingen', en: 'Swedish Public Employment Service' });
    expect(af.did).toMatch(/^did:web:127\.0\.0\.1%3A\d+:af$/);
    expect(af.jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    const vct = `${issuer.baseUrl}/af/vct/registration-certificate`;
    expect(isAuthoritativeIssuer(list, { iss: `${issuer.baseUrl}/af`, format: 'dc+sd-jwt', type: vct })).toBe(
      true,
    );
    expect(
      isAuthoritativeIssuer(list, { iss: `${issuer.baseUrl}/skatteverket`, format: 'dc+sd-jwt', type: vct }),
    ).toBe(false);
    expect(
      isAuthoritativeIssuer(list, { iss: af.did!, format: 'jwt_vc_json', type: 'RegistrationCertificate' }),
    ).toBe(true);

    const insurer = list.consumers.find((c) => c.id === 'insurer')!;
    expect(
      claimsBeyondRegistration(insurer, [
        { format: 'dc+sd-jwt', type: vct, claims: [['given_name'], ['registered_since']] },
      ]),
    ).toEqual([]);
    expect(list.consumers.find((c) => c.id === 'af-praktik')!.registrations[0].credentials).toHaveLength(3);

    const operator = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jws = await signTrustList({ trustList: list, privateKey: operator.privateKey, kid: 'op' });
    expect(await verifyTrustList({ jws, operatorJwk: await exportJWK(operator.publicKey) })).toEqual(list);
  });
});
