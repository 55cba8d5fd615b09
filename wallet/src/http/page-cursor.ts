import { OAuthError } from '@min-profil/shared/errors';

/** Where a keyset page ends: the last row's time (epoch seconds) and id. */
export interface PagePosition {
  at: number;
  id: string;
}

/**
 * The wallet's page cursors (`GET /api/credentials`, `GET /api/log`): opaque to the client,
 * base64url of `<list>1.<time>.<id>` of the last row shown, as the holders' usage log pages
 * (issuer/src/usage/usage-cursor.ts). Not secret and unsigned: it only says where to continue,
 * every page is read within the signed-in person's own rows, so a made-up cursor shows nothing
 * new. The list's name keeps a cursor of one list from being taken for the other's.
 */
export function encodePageCursor(list: 'c' | 'l', position: PagePosition): string {
  return Buffer.from(`${list}1.${position.at}.${position.id}`).toString('base64url');
}

export function decodePageCursor(list: 'c' | 'l', cursor: string): PagePosition {
  const match = /^([cl])1\.(\d{1,15})\.([A-Za-z0-9-]{1,64})$/.exec(
    Buffer.from(cursor, 'base64url').toString('latin1'),
  );
  if (!match || match[1] !== list)
    throw new OAuthError('invalid_request', 'cursor is not a next_cursor from this list');
  return { at: Number(match[2]), id: match[3]! };
}

/** A cursor as the query carries it: base64url only, bounded. */
export const cursorPattern = /^[A-Za-z0-9_-]{1,200}$/;
