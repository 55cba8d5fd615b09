import type { JWK } from 'jose';
import type { HolderRuntime, IssuerContext } from '../context.js';
import type { CredentialConfiguration } from '../holders/holder-types.js';
import type { KeyAttestationRecord } from '../persistence/entities.js';
import { checkKeyAttestationRequirement, verifyKeyAttestation } from './verify-key-attestation.js';

/**
 * The key attestations of a credential request's proofs, one per proof (OID4VCI 1.0 Appendix D):
 * each present one verified against the trust list, and each required one present. Before any
 * state changes, so a refusal leaves the nonce usable. Returns what to record per holder key.
 */
export async function checkKeyAttestations(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  configuration: CredentialConfiguration;
  jwks: JWK[];
  nonce: string;
  keyAttestations: unknown[];
}): Promise<Array<KeyAttestationRecord | undefined>> {
  const { ctx } = options;
  const required =
    ctx.settings.keyAttestationsRequired[options.holder.definition.id]?.[options.configuration.id];
  const present = options.keyAttestations.some((a) => a !== undefined);
  const trust = present
    ? { anchors: await ctx.trust.x509Anchors(), walletProviders: await ctx.trust.walletProviders() }
    : undefined;
  const records: Array<KeyAttestationRecord | undefined> = [];
  for (const [i, jwt] of options.keyAttestations.entries()) {
    const record =
      jwt === undefined
        ? undefined
        : await verifyKeyAttestation({
            jwt,
            proofJwk: options.jwks[i]!,
            proofNonce: options.nonce,
            now: ctx.now(),
            anchors: trust!.anchors,
            walletProviders: trust!.walletProviders,
            crlFetcher: ctx.trust.crlFetcher,
          });
    checkKeyAttestationRequirement(required, record);
    records.push(record);
  }
  return records;
}
