import { Router } from 'express';
import type { JWK } from 'jose';
import { z } from 'zod';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { configurationIdOf, selectDataset } from '../credential/credential-datasets.js';
import { issueBoundCredentials } from '../credential/issue-bound-credentials.js';
import { findConfiguration } from '../holders/catalog.js';
import { requireAccessToken } from '../http/require-access-token.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { hashSecret } from '@min-profil/shared/secrets';
import { issuanceTransaction } from '../persistence/issuance-transaction.js';

const zDeferredRequest = z.object({ transaction_id: z.string().min(1).max(512) }).loose();

/** OID4VCI 1.0 §9: the wallet polls with its transaction_id until the register has answered. */
export function deferredRoutes(ctx: IssuerContext): Router {
  const router = Router();
  router.post('/:holder/deferred_credential', jsonBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const token = await requireAccessToken(ctx, holder, req);
    const { transaction_id: transactionId } = parseWithSchema(zDeferredRequest, req.body, {
      code: 'invalid_credential_request',
      what: 'deferred credential request',
    });
    const hash = hashSecret(transactionId);
    const transaction = await ctx.store.findDeferred(hash);
    const now = ctx.now();
    if (
      !transaction ||
      transaction.holderId !== holder.definition.id ||
      transaction.identityNumber !== token.identityNumber ||
      transaction.completedAt !== null ||
      transaction.expiresAt <= now
    ) {
      throw new OAuthError(
        'invalid_transaction_id',
        'the transaction_id is unknown, already used or expired',
      );
    }
    // A configuration with several datasets keeps the credential identifier here.
    const configuration = findConfiguration(
      holder.definition,
      configurationIdOf(transaction.configurationId),
    )!;
    const lookup = await ctx.register.lookup({
      holderId: holder.definition.id,
      recordType: configuration.recordType,
      identityNumber: transaction.identityNumber,
      now,
    });
    if (lookup.status === 'pending') {
      res
        .status(202)
        .set('Cache-Control', 'no-store')
        .json({ transaction_id: transactionId, interval: lookup.retryAfterSeconds });
      return;
    }
    if (lookup.status === 'not_found') {
      throw new OAuthError('credential_request_denied', 'the register no longer holds this record');
    }
    const dataset = selectDataset(ctx.secret, configuration, lookup.claims, now, transaction.configurationId);
    const issued = await issuanceTransaction(ctx.db, async (manager) => {
      if (!(await ctx.store.completeDeferred(hash, now, manager))) {
        throw new OAuthError('invalid_transaction_id', 'the transaction_id has already been used');
      }
      return issueBoundCredentials({
        ctx,
        manager,
        holder,
        configuration,
        identityNumber: transaction.identityNumber,
        claims: dataset.claims,
        expiresAt: dataset.expiresAt,
        holderJwks: transaction.holderJwks as JWK[],
        keyAttestations: (transaction.keyAttestations ?? []).map((a) => a ?? undefined),
        ...(configuration.datasets ? { credentialIdentifier: transaction.configurationId } : {}),
      });
    });
    res.set('Cache-Control', 'no-store').json({
      credentials: issued.credentials.map((credential) => ({ credential })),
      notification_id: issued.notificationId,
    });
  });
  return router;
}
