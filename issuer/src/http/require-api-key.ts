import type { RequestHandler } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { IssuerContext } from '../context.js';
import { authorizeStaffKey, type StaffRole } from '../staff-keys/staff-key-ring.js';

const realm = 'Bearer realm="issuer-staff"';

/**
 * Staff endpoints: `Authorization: Bearer <key>`, where the key must be one of this holder's
 * keys for `role`. RFC 6750 §3.1: no or an unknown key is `invalid_token` (401); a valid key
 * of another holder, or without the role, is `insufficient_scope` (403).
 */
export function requireApiKey(
  ctx: Pick<IssuerContext, 'staffKeys'>,
  role: StaffRole = 'staff',
): RequestHandler {
  return (req, _res, next) => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    const holder = String(req.params.holder ?? '');
    const decision = match ? authorizeStaffKey(ctx.staffKeys, match[1], holder, role) : 'unknown_key';
    if (decision === 'granted') {
      next();
      return;
    }
    if (decision === 'not_permitted') {
      const what = role === 'key_rotation' ? 'rotate the signing key of' : 'administer';
      next(
        new OAuthError('insufficient_scope', `this staff key may not ${what} the data holder "${holder}"`, {
          headers: { 'WWW-Authenticate': `${realm}, error="insufficient_scope"` },
        }),
      );
      return;
    }
    next(
      new OAuthError('invalid_token', 'a valid staff API key is required (Authorization: Bearer …)', {
        headers: { 'WWW-Authenticate': match ? `${realm}, error="invalid_token"` : realm },
      }),
    );
  };
}
