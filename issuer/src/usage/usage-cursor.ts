import { OAuthError } from '@min-profil/shared/errors';
import type { UsageRecordRow } from './usage-record-entity.js';

/**
 * The usage log's page cursor: opaque to the client (base64url of the last row's time and
 * id). It is not secret and needs no signature: it only says where to continue, and every
 * page is read within the token's own person, so a made-up cursor shows nothing new.
 */
export function encodeUsageCursor(row: Pick<UsageRecordRow, 'time' | 'id'>): string {
  return Buffer.from(`u1.${row.time}.${row.id}`).toString('base64url');
}

export function decodeUsageCursor(cursor: string): { time: number; id: number } {
  const match = /^u1\.(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match) throw new OAuthError('invalid_request', 'cursor is not a next_cursor from this log');
  return { time: Number(match[1]), id: Number(match[2]) };
}
