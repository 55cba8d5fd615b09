import type { Request } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { HolderRuntime, IssuerContext } from '../context.js';

export function resolveHolder(ctx: IssuerContext, req: Request): HolderRuntime {
  const id = String(req.params.holder ?? '');
  const holder = ctx.holders.get(id);
  if (!holder) throw new OAuthError('not_found', 'no such data holder on this issuer');
  return holder;
}
