import { randomUUID } from 'node:crypto';
import type { Database } from '@min-profil/shared/db';
import type { KeyAgentHandle } from '@min-profil/shared/kms';
import { IssuerKeyEntity } from '../persistence/entities.js';
import { holderKeyFromKms, loadHolderKey, type HolderKey } from './holder-keys.js';

/**
 * A holder's signing keys over time. The newest signs; every key stays published (JWKS and
 * did:web) so credentials signed before a rotation still verify. Rows in `issuer_key` are the
 * record of which KMS keys a holder has used; the private keys stay in the KMS.
 */
export interface HolderKeyRing {
  /** The key that signs now. */
  active: HolderKey;
  /** Every key, newest first (the published set). */
  all: HolderKey[];
  /** When this instance last read the ring from the database (ms). */
  loadedAt: number;
}

/** Another instance may have rotated: re-read the ring when it is older than this. */
export const keyRingMaxAgeMs = 30_000;

export async function loadHolderKeyRing(options: {
  db: Database;
  keys: KeyAgentHandle;
  holderId: string;
  issuerUrl: string;
  now: number;
}): Promise<HolderKeyRing> {
  const repository = options.db.dataSource.getRepository(IssuerKeyEntity);
  const first = await loadHolderKey(options.keys, options.issuerUrl);
  let rows = await repository.find({ where: { holderId: options.holderId }, order: { createdAt: 'DESC' } });
  if (rows.length === 0) {
    await repository.insert({
      id: randomUUID(),
      holderId: options.holderId,
      kmsKid: first.signingKey.kmsKid,
      createdAt: options.now,
    });
    rows = await repository.find({ where: { holderId: options.holderId }, order: { createdAt: 'DESC' } });
  }
  const all = [];
  for (const row of rows) all.push(await holderKeyFromKms(options.keys, first.did, row.kmsKid));
  return { active: all[0], all, loadedAt: Date.now() };
}

/**
 * Creates a new P-256 key in the KMS (inside the PKCS#11 token when one is configured), adds it
 * to the holder's did:web identifier and makes it the signing key.
 */
export async function rotateHolderKey(options: {
  db: Database;
  keys: KeyAgentHandle;
  holderId: string;
  did: string;
  now: number;
}): Promise<void> {
  const repository = options.db.dataSource.getRepository(IssuerKeyEntity);
  const key = await options.keys.agent.keyManagerCreate({ kms: options.keys.signingKms, type: 'Secp256r1' });
  await options.keys.agent.didManagerAddKey({ did: options.did, key });
  // Strictly newer than the current key, even within the same second: the newest key signs.
  const [latest] = await repository.find({
    where: { holderId: options.holderId },
    order: { createdAt: 'DESC' },
    take: 1,
  });
  const createdAt = Math.max(options.now, (latest?.createdAt ?? 0) + 1);
  await repository.insert({ id: randomUUID(), holderId: options.holderId, kmsKid: key.kid, createdAt });
}
