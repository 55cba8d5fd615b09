import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { EntityManager } from 'typeorm';
import type { HolderRuntime, IssuerContext } from '../context.js';
import type { CredentialConfiguration } from '../holders/holder-types.js';
import type { KeyAttestationRecord } from '../persistence/entities.js';
import { issuedUse } from '../usage/uses.js';
import { nameHolder } from './name-holder.js';
import { signCredential } from './sign-credential.js';

export interface IssuedCredentials {
  credentials: string[];
  notificationId: string;
}

/**
 * Issues one credential per holder key (batch issuance), each with its own random status
 * index, and records each in the audit table — inside the caller's transaction, so a crash
 * leaves neither an index nor an audit row without the other.
 */
export async function issueBoundCredentials(options: {
  ctx: IssuerContext;
  manager: EntityManager;
  holder: HolderRuntime;
  configuration: CredentialConfiguration;
  identityNumber: string;
  claims: Record<string, unknown>;
  /** The dataset's own end of validity (a child's 18th birthday), if earlier. */
  expiresAt?: number;
  holderJwks: JWK[];
  /** Per holder key, what its proof's key attestation said (recorded with the credential). */
  keyAttestations?: Array<KeyAttestationRecord | undefined>;
  /** The credential identifier, where the configuration has several datasets. */
  credentialIdentifier?: string;
}): Promise<IssuedCredentials> {
  const { ctx, manager, holder, configuration } = options;
  const now = ctx.now();
  const ends = [configuration.validityDays && now + configuration.validityDays * 86_400, options.expiresAt];
  const expiresAt = ends.some(Boolean) ? Math.min(...ends.filter((e): e is number => !!e)) : undefined;
  const notificationId = randomUUID();
  const claims = nameHolder(options.claims, options.identityNumber);
  const credentials = await ctx.statusLists.withIndexes(
    holder.definition.id,
    options.holderJwks.length,
    manager,
    now,
    async (statuses) => {
      const signed: string[] = [];
      for (const [i, holderJwk] of options.holderJwks.entries()) {
        const status = statuses[i];
        signed.push(
          await signCredential({
            ctx,
            holder,
            configuration,
            subject: { claims, holderJwk, status, issuedAt: now, expiresAt },
          }),
        );
        await ctx.store.insertIssuedCredential(
          {
            id: randomUUID(),
            holderId: holder.definition.id,
            configurationId: configuration.id,
            identityNumber: options.identityNumber,
            statusListId: status.listId,
            statusIndex: status.idx,
            notificationId,
            issuedAt: now,
            expiresAt: expiresAt ?? null,
            walletEvent: null,
            keyAttestation: options.keyAttestations?.[i] ?? null,
            credentialIdentifier: options.credentialIdentifier ?? null,
          },
          manager,
        );
      }
      return signed;
    },
  );
  // One use for the person's log, however many keys the batch bound it to.
  await ctx.usage.record(
    holder.definition,
    [issuedUse({ configuration, identityNumber: options.identityNumber, claims })],
    manager,
  );
  ctx.metrics.issued.inc(
    { holder: holder.definition.id, configuration: configuration.id },
    credentials.length,
  );
  return { credentials, notificationId };
}
