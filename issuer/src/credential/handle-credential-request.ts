import type { JWK } from 'jose';
import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { findConfiguration } from '../holders/catalog.js';
import type { CredentialConfiguration } from '../holders/holder-types.js';
import type { AccessTokenRow } from '../persistence/entities.js';
import { hashSecret, randomToken } from '@min-profil/shared/secrets';
import { assertNamesDataset, configurationIdOf, selectDataset } from './credential-datasets.js';
import { issueBoundCredentials } from './issue-bound-credentials.js';
import { createHolderKidResolver } from './resolve-holder-kid.js';
import { checkKeyAttestations } from './check-key-attestations.js';
import { verifyProofJwt } from './verify-proof-jwt.js';
import type { CredentialRequest } from './z-credential-request.js';
import { issuanceTransaction } from '../persistence/issuance-transaction.js';

export type CredentialResponse =
  | { status: 200; body: { credentials: Array<{ credential: string }>; notification_id: string } }
  | { status: 202; body: { transaction_id: string; interval: number } };

/** OID4VCI 1.0 §8: which configuration the request is for, and that the token covers it. */
export function selectConfiguration(
  holder: HolderRuntime,
  token: AccessTokenRow,
  request: CredentialRequest,
): CredentialConfiguration {
  const { credential_identifier: identifier, credential_configuration_id: configurationId } = request;
  if ((identifier === undefined) === (configurationId === undefined)) {
    throw new OAuthError(
      'invalid_credential_request',
      'send exactly one of credential_identifier and credential_configuration_id',
    );
  }
  if (identifier !== undefined) {
    // Our credential identifiers are the configuration ids granted in authorization_details,
    // or for a configuration with several datasets, the id and a tag (credential-datasets.ts).
    const configuration = findConfiguration(holder.definition, configurationIdOf(identifier));
    if (!configuration || !token.configurationIds.includes(configuration.id)) {
      throw new OAuthError(
        'unknown_credential_identifier',
        'the credential_identifier is not one this access token was issued with',
      );
    }
    return configuration;
  }
  // §8.2 tells a wallet that was granted credential identifiers to use them. Deployed wallets on
  // @openid4vc/openid4vci 0.4 always send the configuration id instead (docs/interop.md), so it
  // is still accepted where it names one credential unambiguously; a configuration with several
  // datasets (one credential per child) needs the identifier (assertNamesDataset).
  const configuration = findConfiguration(holder.definition, configurationId!);
  if (!configuration) {
    throw new OAuthError(
      'unknown_credential_configuration',
      "the credential_configuration_id is not in this issuer's metadata",
    );
  }
  assertNamesDataset(configuration, undefined);
  if (!token.configurationIds.includes(configuration.id)) {
    throw new OAuthError('insufficient_scope', `the access token does not cover "${configuration.id}"`, {
      headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' },
    });
  }
  return configuration;
}

/** Verifies every proof; all must carry the same, still unused c_nonce. */
export async function verifyProofs(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  request: CredentialRequest;
}): Promise<{ jwks: JWK[]; nonce: string; keyAttestations: unknown[] }> {
  const { ctx, holder, request } = options;
  if (request.credential_response_encryption !== undefined) {
    throw new OAuthError(
      'invalid_encryption_parameters',
      'this issuer does not offer credential response encryption',
    );
  }
  const jwts = request.proofs?.jwt ?? (request.proof ? [request.proof.jwt] : []);
  if (jwts.length === 0) {
    throw new OAuthError(
      'invalid_proof',
      'a jwt proof of possession of the holder key is required (proofs.jwt)',
    );
  }
  if (jwts.length > ctx.settings.batchSize) {
    throw new OAuthError(
      'invalid_credential_request',
      `at most ${ctx.settings.batchSize} proofs per request`,
    );
  }
  const resolveKid = createHolderKidResolver(ctx.keys);
  const now = ctx.now();
  const proofs = [];
  for (const jwt of jwts) {
    proofs.push(
      await verifyProofJwt({
        jwt,
        issuerUrl: holder.issuerUrl,
        now,
        maxAge: ctx.settings.proofMaxAge,
        resolveKid,
      }),
    );
  }
  const nonce = proofs[0].nonce;
  // OID4VCI 1.0 §8.3.1.2: a proof without the nonce the issuer requires is an invalid proof;
  // invalid_nonce is for a nonce that is there but no longer valid.
  if (nonce === undefined)
    throw new OAuthError('invalid_proof', 'the proof has no nonce: get one at the nonce endpoint');
  if (proofs.some((p) => p.nonce !== nonce)) {
    throw new OAuthError('invalid_nonce', 'all proofs of one request must carry the same c_nonce');
  }
  return { jwks: proofs.map((p) => p.jwk), nonce, keyAttestations: proofs.map((p) => p.keyAttestation) };
}

/**
 * The credential endpoint's work: check the request, ask the register, and issue at once or
 * defer. The nonce is consumed in the same transaction as the issuance, so a replayed proof
 * fails and a failed issuance leaves the nonce usable.
 */
export async function handleCredentialRequest(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  token: AccessTokenRow;
  request: CredentialRequest;
}): Promise<CredentialResponse> {
  const { ctx, holder, token, request } = options;
  const configuration = selectConfiguration(holder, token, request);
  const { jwks, nonce, keyAttestations } = await verifyProofs({ ctx, holder, request });
  const attested = await checkKeyAttestations({ ctx, holder, configuration, jwks, nonce, keyAttestations });
  const now = ctx.now();
  const lookup = await ctx.register.lookup({
    holderId: holder.definition.id,
    recordType: configuration.recordType,
    identityNumber: token.identityNumber,
    now,
  });
  if (lookup.status === 'not_found') {
    throw new OAuthError(
      'credential_request_denied',
      `${holder.definition.name.en} holds no such record for this person`,
    );
  }

  return issuanceTransaction(ctx.db, async (manager): Promise<CredentialResponse> => {
    if (!(await ctx.store.consumeNonce(hashSecret(nonce), holder.definition.id, now, manager))) {
      throw new OAuthError('invalid_nonce', 'the c_nonce is unknown, expired or already used: get a new one');
    }
    if (lookup.status === 'pending') {
      const transactionId = randomToken();
      await ctx.store.insertDeferred(
        {
          transactionIdHash: hashSecret(transactionId),
          holderId: holder.definition.id,
          identityNumber: token.identityNumber,
          configurationId: request.credential_identifier ?? configuration.id,
          holderJwks: jwks as Array<Record<string, string>>,
          // Recorded with the credentials when they are issued, as in the immediate path.
          keyAttestations: attested.map((a) => a ?? null),
          createdAt: now,
          expiresAt: now + ctx.settings.deferredTtl,
          completedAt: null,
        },
        manager,
      );
      return { status: 202, body: { transaction_id: transactionId, interval: lookup.retryAfterSeconds } };
    }
    const dataset = selectDataset(
      ctx.secret,
      configuration,
      lookup.claims,
      now,
      request.credential_identifier,
    );
    const issued = await issueBoundCredentials({
      ctx,
      manager,
      holder,
      configuration,
      identityNumber: token.identityNumber,
      claims: dataset.claims,
      expiresAt: dataset.expiresAt,
      holderJwks: jwks,
      keyAttestations: attested,
      ...(configuration.datasets ? { credentialIdentifier: request.credential_identifier } : {}),
    });
    return {
      status: 200,
      body: {
        credentials: issued.credentials.map((credential) => ({ credential })),
        notification_id: issued.notificationId,
      },
    };
  });
}
