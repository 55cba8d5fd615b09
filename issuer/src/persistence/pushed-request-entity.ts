import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import { epochColumn, jsonColumn, textColumn } from '@min-profil/shared/entity-columns';

/** The authorization request's parameters, as the columns below store them. */
export interface RequestParameterRow {
  holderId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  configurationIds: string[];
  scope: string | null;
  /** The request's `authorization_details`, as JSON text. */
  authorizationDetails: string | null;
  state: string | null;
}

/**
 * The authorization request's parameters (RFC 6749 §4.1.1, RFC 7636, RFC 9396), kept alike by
 * the pushed request and by the authorization request made from it.
 */
export const requestParameterColumns = {
  holderId: textColumn('holder_id'),
  clientId: textColumn('client_id'),
  redirectUri: textColumn('redirect_uri'),
  codeChallenge: textColumn('code_challenge'),
  configurationIds: jsonColumn('configuration_ids'),
  scope: textColumn('scope', true),
  authorizationDetails: textColumn('authorization_details', true),
  state: textColumn('state', true),
} satisfies Record<string, EntitySchemaColumnOptions>;

/**
 * A pushed authorization request (RFC 9126) and, once the person opened it, the consent step
 * in front of the eID sign-in. The `request_uri` and the consent page's one-time form token
 * are stored as SHA-256 hashes; both are single use (a conditional UPDATE decides who wins).
 */
export interface PushedRequestRow extends RequestParameterRow {
  id: string;
  requestUriHash: string;
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
    ...requestParameterColumns,
    requestUriHash: { ...textColumn('request_uri_hash'), unique: true },
    uiLocales: textColumn('ui_locales', true),
    createdAt: epochColumn('created_at'),
    expiresAt: epochColumn('expires_at'),
    openedAt: epochColumn('opened_at', true),
    consentTokenHash: { ...textColumn('consent_token_hash', true), unique: true },
    decidedAt: epochColumn('decided_at', true),
  },
});
