import { OAuthError } from '@min-profil/shared/errors';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';

describe('the wallet page cursor', () => {
  it('gives back the position it was made from, as an opaque base64url string', () => {
    const position = { at: 1766530000, id: '0b9c3a52-5d0e-4d39-9d0f-2f6e1d2c3b4a' };
    const cursor = encodePageCursor('c', position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor('c', cursor)).toEqual(position);
  });

  it("refuses one list's cursor on the other, and anything not made here", () => {
    const cursor = encodePageCursor('l', { at: 1, id: 'abc' });
    expect(() => decodePageCursor('c', cursor)).toThrow(OAuthError);
    expect(() => decodePageCursor('l', 'bm90LWEtY3Vyc29y')).toThrow(OAuthError);
    expect(() => decodePageCursor('l', Buffer.from("l1.1.x' OR 1=1").toString('base64url'))).toThrow(
      OAuthError,
    );
  });
});
