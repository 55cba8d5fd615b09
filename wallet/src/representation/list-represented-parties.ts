import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { currentStatus, openSealed } from '../credentials/describe-credential.js';
import type { Localized } from '../credentials/credential-display.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { representationRuleFor, representedParties, type RepresentedParty } from './represented-parties.js';

export interface PartyProof {
  credential_id: string;
  name: Localized;
  issuer_name: Localized;
  expires_at: string | null;
}

/**
 * The parties the person's stored, currently valid credentials prove they may act for. A
 * revoked or expired guardian credential (the child has turned 18) proves nothing.
 */
export async function listRepresentedParties(
  ctx: WalletContext,
  account: AccountRow,
): Promise<Array<RepresentedParty<PartyProof>>> {
  const held: Array<{ vct: string | null; claims: Record<string, unknown>; proof: PartyProof }> = [];
  for (const row of await ctx.store.listCredentials(account.id, ['stored'])) {
    if (!representationRuleFor(row.vct) || !(await usable(ctx, row))) continue;
    const compact = openSealed(ctx, account, row).copies[0]?.compact;
    if (!compact) continue;
    held.push({ vct: row.vct, claims: decodeSdJwtVc(compact).claims, proof: proofOf(row) });
  }
  return representedParties(held);
}

async function usable(ctx: WalletContext, row: HeldCredentialRow): Promise<boolean> {
  const status = await currentStatus(ctx, row);
  return status === 'valid' || status === 'unknown';
}

export function proofOf(row: HeldCredentialRow): PartyProof {
  return {
    credential_id: row.id,
    name: row.display.name,
    issuer_name: row.display.issuer_name,
    expires_at: row.expiresAt === null ? null : new Date(row.expiresAt * 1000).toISOString(),
  };
}
