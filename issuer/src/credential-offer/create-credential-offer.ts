import { createHmac, randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { parsePersonalNumber } from '@min-profil/shared/personal-number';
import type { HolderRuntime, IssuerContext } from '../context.js';
import { findConfiguration } from '../holders/catalog.js';
import { preAuthorizedGrantType } from '../metadata/authorization-server-metadata.js';
import { endpointsFor } from '../metadata/endpoints.js';
import type { CredentialOfferRow } from '../persistence/entities.js';
import { hashSecret, randomDigits } from '@min-profil/shared/secrets';
import type { CreateOfferRequest } from './z-create-offer-request.js';

export interface CreatedOffer {
  id: string;
  credentialOffer: Record<string, unknown>;
  credentialOfferUri: string;
  txCode?: string;
  expiresAt: number;
}

/**
 * Creates a pre-authorized credential offer for a person the register knows (OID4VCI 1.0 §4.1).
 * The code and tx_code are returned once and stored only as hashes.
 */
export async function createCredentialOffer(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  request: CreateOfferRequest;
}): Promise<CreatedOffer> {
  const { ctx, holder, request } = options;
  const identityNumber = parsePersonalNumber(request.personal_identity_number)!.normalized;
  const now = ctx.now();
  const configurationIds = [...new Set(request.credential_configuration_ids)];
  for (const id of configurationIds) {
    const configuration = findConfiguration(holder.definition, id);
    if (!configuration) {
      throw new OAuthError(
        'invalid_request',
        `unknown credential_configuration_id "${id}" for ${holder.definition.id}`,
      );
    }
    const types = await ctx.register.recordTypes({ holderId: holder.definition.id, identityNumber });
    if (!types.includes(configuration.recordType)) {
      throw new OAuthError(
        'invalid_request',
        `the register holds no ${configuration.recordType} record for this person`,
      );
    }
  }

  const id = randomUUID();
  const preAuthorizedCode = derivePreAuthorizedCode(ctx.secret, id);
  const txCode = request.tx_code ? randomDigits(ctx.settings.txCodeLength) : undefined;
  const row = {
    id,
    holderId: holder.definition.id,
    identityNumber,
    configurationIds,
    preAuthorizedCodeHash: hashSecret(preAuthorizedCode),
    txCodeHash: txCode ? hashSecret(txCode) : null,
    txCodeAttemptsLeft: txCode ? ctx.settings.txCodeAttempts : 0,
    createdAt: now,
    expiresAt: now + ctx.settings.preAuthorizedCodeTtl,
    usedAt: null,
  };
  await ctx.store.insertOffer(row);
  return {
    id,
    credentialOffer: buildCredentialOffer({ ctx, holder, offer: row }),
    credentialOfferUri: endpointsFor(holder.issuerUrl).credentialOffer(id),
    txCode,
    expiresAt: row.expiresAt,
  };
}

/**
 * The pre-authorized code is derived from the offer id with a server secret, so it can be
 * served again by reference (`credential_offer_uri`) while only its hash is stored.
 */
export function derivePreAuthorizedCode(secret: Buffer, offerId: string): string {
  return createHmac('sha256', secret).update(`pre-authorized_code:${offerId}`).digest('base64url');
}

/** The credential offer object (OID4VCI 1.0 §4.1.1). */
export function buildCredentialOffer(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  offer: CredentialOfferRow;
}) {
  const { ctx, holder, offer } = options;
  const grant: Record<string, unknown> = {
    'pre-authorized_code': derivePreAuthorizedCode(ctx.secret, offer.id),
  };
  if (offer.txCodeHash) {
    grant.tx_code = {
      input_mode: 'numeric',
      length: ctx.settings.txCodeLength,
      description: 'Ange koden som visas för dig / Enter the code shown to you',
    };
  }
  return {
    credential_issuer: holder.issuerUrl,
    credential_configuration_ids: offer.configurationIds,
    grants: { [preAuthorizedGrantType]: grant },
  };
}

/** `openid-credential-offer://` links by value and by reference (OID4VCI 1.0 §4.1). */
export function offerLinks(offer: CreatedOffer) {
  return {
    byValue: `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer.credentialOffer))}`,
    byReference: offerLinkByReference(offer.credentialOfferUri),
  };
}

export function offerLinkByReference(credentialOfferUri: string): string {
  return `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(credentialOfferUri)}`;
}
