import type { JWK } from 'jose';
import type { WalletContext } from '../context.js';
import { openSealed } from '../credentials/describe-credential.js';
import { DpopProofNeeded, dpopSigningInput, pageDpopSigner } from '../crypto/page-dpop.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import type { SigningRequestRow } from '../persistence/signing-request-entities.js';
import { createSigningRequest } from '../signing-requests/signing-request.js';
import { toIssuerError } from './issuer-errors.js';
import { pollDeferred } from './poll-deferred.js';
import { createIssuerClient } from './receive-credentials.js';
import type { IssuanceCompletion } from './receive-in-page.js';

/**
 * Deferred credentials (OID4VCI 1.0 §9) whose token is bound to the page's DPoP key
 * (docs/passkeys.md, "DPoP in the page"): the service cannot poll them alone. While the page is
 * open it asks (`POST /api/credential-offers/{id}/poll`) and signs one DPoP proof per due row;
 * the poll then goes out with those proofs, and again with the issuer's nonce when it asks.
 */
export interface DeferredStageContinuation {
  version: 3;
  stage: 'deferred';
  offerId: string;
  credentialIds: string[];
  /** The nonce the page's proofs carry (after `use_dpop_nonce`). */
  nonce?: string;
}

/** Whether only the page can poll this deferred row (its token's DPoP key is the page's). */
export function pollNeedsPage(ctx: WalletContext, account: AccountRow, row: HeldCredentialRow): boolean {
  return row.state === 'deferred' && openSealed(ctx, account, row).deferred?.dpopKeyId !== undefined;
}

/** The signing request for the due rows' DPoP proofs; null when none is due. */
export async function startDeferredInPage(
  ctx: WalletContext,
  account: AccountRow,
  offerId: string,
  rows: HeldCredentialRow[],
  nonce?: string,
): Promise<SigningRequestRow | null> {
  const due = rows.filter(
    (r) => pollNeedsPage(ctx, account, r) && (r.nextPollAt === null || r.nextPollAt <= ctx.now()),
  );
  if (due.length === 0) return null;
  const inputs: SigningRequestRow['inputs'] = [];
  for (const row of due) {
    const deferred = openSealed(ctx, account, row).deferred!;
    const key = await ctx.store.findWrappedKey(account.id, deferred.dpopKeyId!);
    if (!key) continue;
    const issuerMetadata = await createIssuerClient(ctx, [])
      .resolveIssuerMetadata(row.credentialIssuer)
      .catch((e: unknown) => {
        throw toIssuerError(e, 'issuer metadata');
      });
    const endpoint = issuerMetadata.credentialIssuer.deferred_credential_endpoint;
    if (!endpoint) continue;
    inputs.push({
      keyId: key.id,
      signingInput: dpopSigningInput({
        publicJwk: key.publicJwk as JWK,
        method: 'POST',
        url: endpoint,
        nonce,
        accessToken: deferred.accessToken,
        iat: ctx.now(),
      }),
    });
  }
  if (inputs.length !== due.length) return null;
  const continuation: DeferredStageContinuation = {
    version: 3,
    stage: 'deferred',
    offerId,
    credentialIds: due.map((r) => r.id),
    ...(nonce ? { nonce } : {}),
  };
  return createSigningRequest(ctx, account, 'issuance', inputs, continuation);
}

/** The page signed: each row is polled with its proof; `use_dpop_nonce` asks the page again. */
export async function completeDeferredInPage(
  ctx: WalletContext,
  account: AccountRow,
  continuation: DeferredStageContinuation,
  jws: string[],
): Promise<IssuanceCompletion> {
  const proofs = pageDpopSigner(jws);
  for (const [n, id] of continuation.credentialIds.entries()) {
    const row = await ctx.store.findCredential(account.id, id);
    if (!row) continue;
    try {
      await pollDeferred(ctx, account, row, { force: true, pageDpop: { proofs, nonce: continuation.nonce } });
    } catch (error) {
      if (!(error instanceof DpopProofNeeded) || error.binding.nonce === continuation.nonce) throw error;
      const rest: HeldCredentialRow[] = [];
      for (const other of continuation.credentialIds.slice(n)) {
        const found = await ctx.store.findCredential(account.id, other);
        if (found) rest.push({ ...found, nextPollAt: null });
      }
      const signing = await startDeferredInPage(
        ctx,
        account,
        continuation.offerId,
        rest,
        error.binding.nonce,
      );
      if (signing) return { kind: 'signing_required', signing };
    }
  }
  return {
    kind: 'stored',
    offerId: continuation.offerId,
    rows: await ctx.store.listOffer(account.id, continuation.offerId),
  };
}
