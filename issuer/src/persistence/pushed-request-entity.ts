import { EntitySchema } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from './columns.js';

/**
 * A pushed authorization request (RFC 9126) and, once the person opened it, the consent step
 * in front of the eID sign-in. The `request_uri` and the consent page's one-time form token
 * are stored as SHA-256 hashes; both are single use (a conditional UPDATE decides who wins).
 */
export interface PushedRequestRow {
  id: string;
  holderId: string;
  requestUriHash: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  configurationIds: string[];
  scope: string | null;
  /** The request's `authorization_details`, as JSON text. */
  authorizationDetails: string | null;
  state: string | null;
  uiLocales: string | null;
  createdAt: number;
  /** The request_uri's end; once opened, the consent page's end. */
  expiresAt: number;
  /** When the request_uri was used at the authorization endpoint (RFC 9126 §4: once). */
  openedAt: number | null;
  consentTokenHash: string | null;
  /** When the person pressed Fortsätt or Avbryt. */
  decidedAt: number | null;
}

export const PushedRequestEntity = new EntitySchema<PushedRequestRow>({
  name: 'PushedRequest',
  tableName: 'pushed_authorization_request',
  columns: {
    id: { type: 'varchar', primary: true },
    holderId: { ...textColumn(), name: 'holder_id' },
    requestUriHash: { ...textColumn(), name: 'request_uri_hash', unique: true },
    clientId: { ...textColumn(), name: 'client_id' },
    redirectUri: { ...textColumn(), name: 'redirect_uri' },
    codeChallenge: { ...textColumn(), name: 'code_challenge' },
    configurationIds: { ...jsonColumn(), name: 'configuration_ids' },
    scope: textColumn(true),
    authorizationDetails: { ...textColumn(true), name: 'authorization_details' },
    state: textColumn(true),
    uiLocales: { ...textColumn(true), name: 'ui_locales' },
    createdAt: { ...epochColumn(), name: 'created_at' },
    expiresAt: { ...epochColumn(), name: 'expires_at' },
    openedAt: { ...epochColumn(true), name: 'opened_at' },
    consentTokenHash: { ...textColumn(true), name: 'consent_token_hash', unique: true },
    decidedAt: { ...epochColumn(true), name: 'decided_at' },
  },
});
