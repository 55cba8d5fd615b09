import type { WalletContext } from '../context.js';
import type { AccountRow } from '../persistence/entities.js';
import { findAddressSuggestion, sameAddress, skatteverketId } from './address-suggestion.js';
import type { ChannelVerification, StoredProfile } from './profile-model.js';
import { readProfile } from './read-profile.js';

const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());

function verificationView(item: ChannelVerification) {
  return { verified: item.verified, verified_at: iso(item.verified_at) };
}

/** The API's view of a profile (the proofs stay inside the wallet's credential). */
export function profileView(profile: StoredProfile) {
  return {
    address: profile.address,
    emails: profile.emails.map((e) => ({ id: e.id, address: e.address, ...verificationView(e) })),
    phones: profile.phones.map((p) => ({ id: p.id, number: p.number, ...verificationView(p) })),
    preferred_language: profile.preferred_language,
    contact_preferences: profile.contact_preferences,
  };
}

/** `GET /api/profile`: the profile, its version and the Skatteverket address on offer. */
export async function describeProfile(ctx: WalletContext, account: AccountRow) {
  const { row, profile } = await readProfile(ctx, account);
  const suggestion = await findAddressSuggestion(ctx, account);
  // The registered address's holder by the trust list's name (from the holder's own definition,
  // in each language it has): no screen keeps its own name for the agency.
  const list = await ctx.trustList.get().catch(() => null);
  const sourceName = list?.issuers.find((i) => i.id === skatteverketId)?.name ?? null;
  return {
    profile_version: row.profileVersion,
    updated_at: row.profileVersion === 0 ? null : iso(row.updatedAt),
    profile: profileView(profile),
    address_suggestion: suggestion && {
      ...suggestion,
      source: 'skatteverket' as const,
      // Already what the profile holds: nothing to adopt.
      adopted: profile.address !== null && sameAddress(profile.address, suggestion),
    },
    address_source_name: sourceName && { ...sourceName },
    can_send_codes: ctx.messages !== undefined,
    /** Where the demo's codes can be read (demo and tests only). */
    demo_outbox_url: ctx.demoOutbox ? '/demo/outbox' : null,
  };
}
