import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose';
import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import { isOAuthError } from '@min-profil/shared/errors';
import { isSdJwtError } from '@min-profil/shared/sd-jwt/sd-jwt-error';
import type { TrustedConsumer } from '@min-profil/shared/trust-list/z-trust-list';
import { parseDcqlQuery } from '../presentation-request/parse-dcql-query.js';
import { assessContactChannels } from '../verification/assess-contact-channels.js';
import {
  didJwkFor,
  parseDidJwk,
  resolveSelfAssertedIssuerKey,
} from '../verification/self-asserted-issuer.js';
import { checkUpdateFitsPermission, walletInitiatedFields } from './check-update.js';
import { resolveStandingPermissionAsk } from './resolve-standing-permission-ask.js';

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (err) {
    return isOAuthError(err) ? err.code : 'other';
  }
  return undefined;
};

const consumer = (extra: Partial<TrustedConsumer>): TrustedConsumer => ({
  id: 'school',
  name: { sv: 'Skola', en: 'School' },
  client_id: 'decentralized_identifier:did:web:verifier.example:consumers:school',
  jwks: { keys: [{ kty: 'EC' }] },
  registrations: [
    {
      purpose: { sv: 'Kontakt', en: 'Contact' },
      credentials: [{ format: 'dc+sd-jwt', type: contactProfileVct, claims: [['address'], ['emails']] }],
    },
  ],
  ...extra,
});

describe('standing permission protocol steps', () => {
  it('accepts an update from the recorded holder with the same or fewer fields, and nothing else', () => {
    const permission = { holderThumbprint: 'abc', fields: ['address', 'emails'] };
    const vct = contactProfileVct;
    expect(
      codeOf(() =>
        checkUpdateFitsPermission(permission, { holderThumbprint: 'abc', fields: ['emails'], vct }),
      ),
    ).toBe(undefined);
    expect(
      codeOf(() =>
        checkUpdateFitsPermission(permission, { holderThumbprint: 'xyz', fields: ['emails'], vct }),
      ),
    ).toBe('invalid_request');
    expect(
      codeOf(() =>
        checkUpdateFitsPermission(permission, { holderThumbprint: 'abc', fields: ['emails', 'phones'], vct }),
      ),
    ).toBe('invalid_request');
  });

  it('keeps a company’s permission to the same company’s profile, and a person’s to a person’s', () => {
    const company = {
      holderThumbprint: 'abc',
      fields: ['address', 'official_mail_address'],
      profileVct: companyContactProfileVct,
      orgNumber: '556934-5670',
    };
    const update = {
      holderThumbprint: 'abc',
      fields: ['official_mail_address'],
      vct: companyContactProfileVct,
      orgNumber: '556934-5670',
    };
    expect(codeOf(() => checkUpdateFitsPermission(company, update))).toBe(undefined);
    // Another company's profile, even signed by the same key: refused.
    expect(codeOf(() => checkUpdateFitsPermission(company, { ...update, orgNumber: '556812-3458' }))).toBe(
      'invalid_request',
    );
    // A person's profile under a company's permission, and the other way round: refused.
    expect(
      codeOf(() =>
        checkUpdateFitsPermission(company, { ...update, vct: contactProfileVct, orgNumber: undefined }),
      ),
    ).toBe('invalid_request');
    expect(
      codeOf(() =>
        checkUpdateFitsPermission(
          { holderThumbprint: 'abc', fields: ['address'] },
          { ...update, fields: [] },
        ),
      ),
    ).toBe('invalid_request');
  });

  it('takes wallet-started permissions only with endpoints in the trust list and a contact-profile registration', () => {
    const endpoints = {
      update_endpoint: 'https://v.example/consumers/school/standing-permissions/updates',
      nonce_endpoint: 'https://v.example/consumers/school/standing-permissions/nonce',
    };
    expect(walletInitiatedFields(consumer({ standing_permissions: endpoints }))).toEqual([
      'address',
      'emails',
    ]);
    expect(walletInitiatedFields(consumer({}))).toBeUndefined();
    expect(
      walletInitiatedFields(consumer({ standing_permissions: endpoints, registrations: [] })),
    ).toBeUndefined();
    expect(walletInitiatedFields(undefined)).toBeUndefined();
  });

  it('asks for a standing permission only on contact-profile credential queries', () => {
    const query = parseDcqlQuery({
      credentials: [
        { id: 'profile', format: 'dc+sd-jwt', meta: { vct_values: [contactProfileVct] } },
        { id: 'diploma', format: 'dc+sd-jwt', meta: { vct_values: ['https://issuer.example/vct/diploma'] } },
      ],
    });
    expect(resolveStandingPermissionAsk({ query, option: true, consumerAccepts: true })).toEqual({
      credential_ids: ['profile'],
    });
    expect(resolveStandingPermissionAsk({ query, option: undefined, consumerAccepts: true })).toBeNull();
    expect(resolveStandingPermissionAsk({ query, option: false, consumerAccepts: true })).toBeNull();
    // A consumer without the update and nonce endpoints cannot ask at all.
    expect(codeOf(() => resolveStandingPermissionAsk({ query, option: true, consumerAccepts: false }))).toBe(
      'invalid_request',
    );
    expect(resolveStandingPermissionAsk({ query, option: false, consumerAccepts: false })).toBeNull();
    expect(
      codeOf(() =>
        resolveStandingPermissionAsk({
          query,
          option: { credential_ids: ['diploma'] },
          consumerAccepts: true,
        }),
      ),
    ).toBe('invalid_request');
  });

  it('takes the issuer key of a self-asserted credential only when iss is the did:jwk of cnf.jwk', async () => {
    const holder = await exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
    const other = await exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
    expect(parseDidJwk(didJwkFor(holder))).toEqual(holder);
    expect(parseDidJwk('did:web:example.com')).toBeUndefined();
    expect(parseDidJwk(didJwkFor({ ...holder, d: 'secret' }))).toBeUndefined();
    await expect(
      resolveSelfAssertedIssuerKey({ iss: didJwkFor(holder), cnf: { jwk: holder } }),
    ).resolves.toEqual(holder);
    const mismatch = await resolveSelfAssertedIssuerKey({
      iss: didJwkFor(other),
      cnf: { jwk: holder },
    }).catch((err: unknown) => err);
    expect(isSdJwtError(mismatch, 'issuer_key_unresolved')).toBe(true);
  });

  it('counts a channel verified only with a wallet provider proof for this holder and value', async () => {
    const provider = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const holder = await exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
    const thumbprint = await calculateJwkThumbprint(holder);
    const proof = (sub: string, value: string) =>
      new SignJWT({ sub, channel: 'email', value, verified_at: 1000 })
        .setProtectedHeader({ alg: 'ES256', typ: 'channel-verification+jwt', kid: 'w1' })
        .setIssuedAt()
        .sign(provider.privateKey);
    const out = await assessContactChannels({
      claims: {
        emails: [
          { address: 'a@example.se', verified: true, verification: await proof(thumbprint, 'a@example.se') },
          {
            address: 'b@example.se',
            verified: true,
            verification: await proof('someone-else', 'b@example.se'),
          },
          {
            address: 'c@example.se',
            verified: true,
            verification: await proof(thumbprint, 'other@example.se'),
          },
        ],
      },
      holderThumbprint: thumbprint,
      walletProviders: [
        {
          id: 'w',
          name: { sv: 'w', en: 'w' },
          jwks: { keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'w1' }] },
        },
      ],
      now: Math.floor(Date.now() / 1000),
      clockSkew: 60,
    });
    expect((out.emails as Array<{ verified: boolean }>).map((e) => e.verified)).toEqual([true, false, false]);
  });
});
