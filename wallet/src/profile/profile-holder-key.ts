import type { JWK } from 'jose';
import type { SigningKey } from '@min-profil/shared/kms';
import type { WalletContext } from '../context.js';
import { createHolderKey, deleteHolderKeys, jwkThumbprint, loadHolderKey } from '../crypto/holder-keys.js';
import type { AccountRow } from '../persistence/entities.js';
import { ensureProfileRow } from './read-profile.js';

/** The profile's holder key with the names the contract uses for it. */
export interface ProfileHolderKey {
  key: SigningKey;
  /** The public JWK (`cnf.jwk`). */
  publicJwk: JWK;
  /** `did:jwk:<base64url JWK>`: the profile credential's `iss`. */
  did: string;
  /** `<did>#0`: the `kid` of the credential's header. */
  kid: string;
  /** RFC 7638 thumbprint: the `sub` of channel verification proofs. */
  thumbprint: string;
}

/** The public EC members only, in one fixed order, so `cnf.jwk` and the did:jwk say the same. */
function publicMembers(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, y };
}

/** did:jwk of a public key: base64url of the JWK's JSON (did:jwk method spec). */
export function didJwkOf(publicJwk: JWK): string {
  return `did:jwk:${Buffer.from(JSON.stringify(publicMembers(publicJwk))).toString('base64url')}`;
}

/**
 * One stable holder key per account for the self-issued profile credential: standing
 * permissions are bound to it, so it is created once and never replaced.
 */
export async function loadProfileHolderKey(
  ctx: WalletContext,
  account: AccountRow,
): Promise<ProfileHolderKey> {
  let row = await ensureProfileRow(ctx, account);
  if (row.holderKmsKid === null) {
    const created = await createHolderKey(ctx.keys);
    if (!(await ctx.profiles.setHolderKey(account.id, created.kmsKid))) {
      // Another request set one first: keep that one.
      await deleteHolderKeys(ctx.keys, [created.kmsKid]);
    }
    row = (await ctx.profiles.findProfile(account.id))!;
  }
  const key = await loadHolderKey(ctx.keys, row.holderKmsKid!);
  const publicJwk = publicMembers(key.publicJwk);
  const did = didJwkOf(publicJwk);
  return {
    key,
    publicJwk,
    did,
    kid: `${did}#0`,
    thumbprint: await jwkThumbprint(publicJwk),
  };
}
