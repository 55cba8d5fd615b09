import type { JWK } from 'jose';
import type { SigningKey } from '@min-profil/shared/kms';
import type { WalletContext } from '../context.js';
import { createHolderKey, jwkThumbprint, loadHolderKey } from '../crypto/holder-keys.js';

/**
 * The wallet provider's own ES256 keys (through the KMS seam), used for channel verification
 * proofs and published at /.well-known/jwks.json. Created on first use; when two instances race,
 * both keys are stored and published, and the oldest signs.
 */
const cache = new WeakMap<WalletContext, Promise<SigningKey & { kid: string }>>();

async function loadOrCreate(ctx: WalletContext): Promise<SigningKey & { kid: string }> {
  let [oldest] = await ctx.profiles.listProviderKeys();
  if (!oldest) {
    const created = await createHolderKey(ctx.keys);
    const { kty, crv, x, y } = created.publicJwk;
    await ctx.profiles.insertProviderKey({
      kid: await jwkThumbprint(created.publicJwk),
      kmsKid: created.kmsKid,
      publicJwk: { kty, crv, x, y },
      createdAt: ctx.now(),
    });
    [oldest] = await ctx.profiles.listProviderKeys();
  }
  return { ...(await loadHolderKey(ctx.keys, oldest!.kmsKid)), kid: oldest!.kid };
}

/** The key that signs now (`kid` = its JWK thumbprint). */
export async function loadProviderKey(ctx: WalletContext): Promise<SigningKey & { kid: string }> {
  let pending = cache.get(ctx);
  if (!pending) {
    pending = loadOrCreate(ctx);
    cache.set(ctx, pending);
    pending.catch(() => cache.delete(ctx));
  }
  return pending;
}

/** Every provider key, public members only, for the JWKS. */
export async function providerJwks(ctx: WalletContext): Promise<{ keys: JWK[] }> {
  await loadProviderKey(ctx);
  const rows = await ctx.profiles.listProviderKeys();
  return { keys: rows.map((row) => ({ ...row.publicJwk, kid: row.kid, alg: 'ES256', use: 'sig' })) };
}
