import { randomInt } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { presentSdJwtVc } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { currentStatus, openSealed } from '../credentials/describe-credential.js';
import { loadHolderKey } from '../crypto/holder-keys.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { selectDisclosures } from '../presentation/select-disclosures.js';

/**
 * Identity credentials, best first, by OID4VCI configuration id: Skatteverket's person identity,
 * its registered address (it names its holder by number too), the EU PID. Each must come from an
 * issuer the trust list lists for that configuration.
 */
const identityConfigurations = ['person_identity', 'registered_address', 'pid'];

/** Who the person is, and no more: what the consumer keeps as `whose` (docs/standing-permissions.md). */
const whoClaims = [
  'given_name',
  'family_name',
  'personal_identity_number',
  'coordination_number',
  'personal_administrative_number',
].map((name) => [name]);

export const identityRequired = () =>
  new OAuthError(
    'identity_credential_required',
    'sharing the profile without a request needs an identity credential (Skatteverket person_identity) to say whose it is: fetch one first',
  );

/**
 * The newest valid identity credential the person holds whose copy the service can sign for
 * (a copy bound to a browser-held key cannot go out unattended), or null.
 */
export async function findGrantIdentity(
  ctx: WalletContext,
  account: AccountRow,
): Promise<HeldCredentialRow | null> {
  const held = (await ctx.store.listCredentials(account.id, ['stored'])).filter(
    (row) => row.format === 'dc+sd-jwt' && identityConfigurations.includes(row.configurationId),
  );
  if (held.length === 0) return null;
  let listed: Set<string>;
  try {
    const trustList = await ctx.trustList.get();
    listed = new Set(
      trustList.issuers.flatMap((i) =>
        i.credential_types.map((t) => `${i.credential_issuer} ${t.credential_configuration_id}`),
      ),
    );
  } catch {
    return null;
  }
  const ranked = held
    .filter((row) => listed.has(`${row.credentialIssuer} ${row.configurationId}`))
    .sort(
      (a, b) =>
        identityConfigurations.indexOf(a.configurationId) -
          identityConfigurations.indexOf(b.configurationId) || (b.issuedAt ?? 0) - (a.issuedAt ?? 0),
    );
  for (const row of ranked) {
    if (!['valid', 'unknown'].includes(await currentStatus(ctx, row))) continue;
    if (openSealed(ctx, account, row).copies.some((c) => c.kmsKid !== undefined)) return row;
  }
  return null;
}

/**
 * The identity credential for a wallet-started grant (contract version 2): an SD-JWT+KB with
 * only who the person is, its KB-JWT bound to the consumer and the same c_nonce as the profile.
 */
export async function presentGrantIdentity(
  ctx: WalletContext,
  account: AccountRow,
  row: HeldCredentialRow,
  binding: { audience: string; nonce: string },
): Promise<string> {
  const copies = openSealed(ctx, account, row).copies.filter((c) => c.kmsKid !== undefined);
  const copy = copies[randomInt(copies.length)]!;
  const key = await loadHolderKey(ctx.keys, copy.kmsKid!);
  const disclose = selectDisclosures(
    decodeSdJwtVc(copy.compact).disclosures.map((d) => d.path),
    whoClaims,
  );
  return presentSdJwtVc({
    compact: copy.compact,
    disclose,
    keyBinding: {
      nonce: binding.nonce,
      audience: binding.audience,
      issuedAt: ctx.now(),
      alg: 'ES256',
      privateKey: key.privateKey,
    },
  });
}
