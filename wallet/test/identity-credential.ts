import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportJWK } from 'jose';
import { issueSdJwtVc } from '@min-profil/shared/sd-jwt/issue-sd-jwt-vc';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { findAccountOrFail } from '../src/profile/read-profile.js';
import { storeReceived } from '../src/credential-offer/store-received.js';
import type { WalletContext } from '../src/context.js';
import { createHolderKey } from '../src/crypto/holder-keys.js';

/**
 * A stand-in for Skatteverket in the wallet's own tests: a trust-list entry that lists
 * `person_identity`, and a person_identity SD-JWT VC it signs, stored in a person's wallet as
 * if fetched, bound to a holder key in the wallet's KMS (what a wallet-started standing
 * permission sends beside the profile, contract version 2).
 */
export async function createTestIdentityIssuer(credentialIssuer = 'https://skatteverket.test/skatteverket') {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = 'skatteverket-test-1';
  const vct = `${credentialIssuer}/vct/person-identity`;
  const entry = {
    id: 'skatteverket',
    name: { sv: 'Skatteverket', en: 'Swedish Tax Agency' },
    credential_issuer: credentialIssuer,
    jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] },
    credential_types: [
      {
        format: 'dc+sd-jwt',
        type: vct,
        credential_configuration_id: 'person_identity',
        name: { sv: 'Identitetsintyg', en: 'Person identity' },
      },
    ],
  } as TrustedIssuer;

  /** Stores a person_identity credential for the account's person (given name, family name, number). */
  async function plant(
    ctx: WalletContext,
    accountId: string,
    claims = { given_name: 'Tolvan', family_name: 'Tolvansson', personal_identity_number: '191212121212' },
  ): Promise<void> {
    const holder = await createHolderKey(ctx.keys);
    const now = ctx.now();
    const compact = await issueSdJwtVc({
      issuer: credentialIssuer,
      vct,
      claims,
      disclosureFrame: { _sd: Object.keys(claims) },
      holderJwk: holder.publicJwk,
      issuedAt: now,
      expiresAt: now + 365 * 86_400,
      signer: { privateKey, kid, alg: 'ES256' },
    });
    await storeReceived(ctx, await findAccountOrFail(ctx, accountId), {
      offerId: randomUUID(),
      credentialIssuer,
      state: 'stored',
      received: [
        {
          configurationId: 'person_identity',
          namesHolder: true,
          vct,
          display: {
            name: { sv: 'Identitetsintyg', en: 'Person identity' },
            description: { sv: 'Vem personen är', en: 'Who the person is' },
            issuer_name: { sv: 'Skatteverket', en: 'Swedish Tax Agency' },
            claims: Object.keys(claims).map((name) => ({ path: [name], label: { sv: name, en: name } })),
          },
          state: 'pending',
          sealed: { copies: [{ compact, kmsKid: holder.kmsKid }] },
          issuedAt: now,
          expiresAt: now + 365 * 86_400,
          statusUri: null,
          statusIdx: null,
        },
      ],
    });
  }
  return { entry, plant };
}
