import type { ConsumerRuntime } from '../context.js';
import type { ConsentRecordRow, ReceivedFields } from '../persistence/consent-record-entities.js';
import type { VerifiedClaims } from '../persistence/entities.js';
import { termsOf } from '../consumers/consumer-config.js';

export const CONSENT_RECORD_TYP = 'consent-record+jwt';
export const DELETION_ANSWER_TYP = 'deletion-answer+jwt';

/** What identifies a credential rather than describing the person: not a received field. */
const identifying = new Set(['issuer', 'vct']);

/** The fields received, per credential query and type: claim names, never values. */
export function receivedFields(claims: VerifiedClaims): ReceivedFields[] {
  return Object.entries(claims).flatMap(([queryId, presentations]) =>
    presentations.map((presented) => ({
      credential_query_id: queryId,
      vct: presented.vct,
      claims: Object.keys(presented).filter((name) => !identifying.has(name)),
    })),
  );
}

const iso = (epoch: number) => new Date(epoch * 1000).toISOString();

/**
 * The consent record's payload (docs/consent-records.md), mapped to ISO/IEC TS 27560 there.
 * `iss` is the client identifier the wallet answered, so the wallet knows the asker signed it.
 */
export function consentRecordClaims(options: {
  baseUrl: string;
  consumer: ConsumerRuntime;
  clientId: string;
  nonce: string;
  purpose: string;
  record: ConsentRecordRow;
}) {
  const { consumer, record } = options;
  const { config } = consumer;
  const terms = termsOf(config, record.template);
  const base = `${options.baseUrl}/consumers/${config.id}/records/${record.id}`;
  return {
    iss: options.clientId,
    jti: record.id,
    iat: record.issuedAt,
    version: '1',
    record_id: record.id,
    nonce: options.nonce,
    controller: {
      id: config.id,
      name: config.name,
      org_number: config.controller.orgNumber,
      contact: config.controller.contact,
    },
    purpose: options.purpose,
    legal_basis: {
      basis: terms.legalBasis.basis,
      article: terms.legalBasis.article,
      description: terms.legalBasis.description,
    },
    received: record.fields,
    received_at: iso(record.issuedAt),
    retention: { seconds: terms.retentionSeconds, until: iso(record.expiresAt) },
    ...(record.standingPermissionId !== null ? { standing_permission_id: record.standingPermissionId } : {}),
    usage_endpoint: `${base}/usage`,
    deletion_endpoint: `${base}/deletion-request`,
  };
}
