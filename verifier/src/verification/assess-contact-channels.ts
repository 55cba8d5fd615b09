import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { channelVerificationTyp } from '@min-profil/shared/contact-profile/contact-profile';
import type { WalletProvider } from '@min-profil/shared/trust-list/z-trust-list';

interface ChannelEntry {
  verified?: unknown;
  verified_at?: unknown;
  verification?: unknown;
  [key: string]: unknown;
}

/**
 * Replaces the holder's own `verified` flags on e-mail addresses and phone numbers with the
 * consumer's finding (docs/standing-permissions.md "Proof of a verified channel"): verified
 * only when a trust-listed wallet provider signed a channel verification for this holder key
 * and this value; otherwise the entry is self-asserted. The proof itself is not kept.
 */
export async function assessContactChannels(options: {
  claims: Record<string, unknown>;
  holderThumbprint: string;
  walletProviders: WalletProvider[];
  now: number;
  clockSkew: number;
}): Promise<Record<string, unknown>> {
  const out = { ...options.claims };
  const lists = [
    { claim: 'emails', channel: 'email', valueKey: 'address' },
    { claim: 'phones', channel: 'phone', valueKey: 'number' },
  ] as const;
  for (const { claim, channel, valueKey } of lists) {
    const entries = out[claim];
    if (!Array.isArray(entries)) continue;
    out[claim] = await Promise.all(
      entries.map(async (entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) return entry;
        const { verification, verified: _claimed, verified_at: _at, ...rest } = entry as ChannelEntry;
        const proof = await verifyChannelProof({
          jws: verification,
          channel,
          value: rest[valueKey],
          ...options,
        });
        return proof
          ? { ...rest, verified: true, verified_at: proof.verifiedAt, verified_by: proof.providerId }
          : { ...rest, verified: false };
      }),
    );
  }
  return out;
}

async function verifyChannelProof(options: {
  jws: unknown;
  channel: 'email' | 'phone';
  value: unknown;
  holderThumbprint: string;
  walletProviders: WalletProvider[];
  now: number;
  clockSkew: number;
}): Promise<{ providerId: string; verifiedAt: number } | undefined> {
  if (typeof options.jws !== 'string' || options.jws.length > 8192 || typeof options.value !== 'string') {
    return undefined;
  }
  for (const provider of options.walletProviders) {
    try {
      const { payload } = await jwtVerify(
        options.jws,
        createLocalJWKSet({ keys: provider.jwks.keys as JWK[] }),
        {
          typ: channelVerificationTyp,
          algorithms: ['ES256'],
          currentDate: new Date(options.now * 1000),
          clockTolerance: options.clockSkew,
        },
      );
      if (
        payload.sub === options.holderThumbprint &&
        payload.channel === options.channel &&
        payload.value === options.value &&
        typeof payload.verified_at === 'number'
      ) {
        return { providerId: provider.id, verifiedAt: payload.verified_at };
      }
    } catch {
      // Not this provider's signature (or not valid): try the next one.
    }
  }
  return undefined;
}
