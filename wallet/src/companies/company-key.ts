import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import { createHolderKey, deleteHolderKeys, jwkThumbprint, loadHolderKey } from '../crypto/holder-keys.js';
import { didJwkOf, type ProfileHolderKey } from '../profile/profile-holder-key.js';

/**
 * The company key (docs/passkeys.md "Which keys", docs/representation.md): one stable P-256 key
 * per org number in the wallet's KMS, held by the service, that signs the company contact
 * profile and its standing-permission deliveries. Bodies bind a permission to it at the grant,
 * so it is created once, on first need, and never replaced; no signatory's passkey holds it,
 * since the company outlives any one signatory.
 */
export async function loadCompanyKey(ctx: WalletContext, orgNumber: string): Promise<ProfileHolderKey> {
  let row = await ctx.store.findCompanyProfile(orgNumber);
  if (!row) {
    throw new OAuthError('invalid_request', 'save the company profile before sharing it', { status: 409 });
  }
  if (row.signingKmsKid === null) {
    const created = await createHolderKey(ctx.keys);
    // Another request named one first: keep that one.
    if (!(await ctx.store.setCompanySigningKey(orgNumber, created.kmsKid))) {
      await deleteHolderKeys(ctx.keys, [created.kmsKid]);
    }
    row = (await ctx.store.findCompanyProfile(orgNumber))!;
  }
  const key = await loadHolderKey(ctx.keys, row.signingKmsKid!);
  const { kty, crv, x, y } = key.publicJwk;
  const publicJwk = { kty, crv, x, y };
  const did = didJwkOf(publicJwk);
  return { key, publicJwk, did, kid: `${did}#0`, thumbprint: await jwkThumbprint(publicJwk) };
}
