import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import type { PasskeyRow } from '../persistence/passkey-entities.js';
import { beginRegistration, finishRegistration } from './register-passkey.js';
import { beginUnlock, finishUnlock } from './unlock.js';
import { zRegisterPasskey, zSetWrappedAccountKey, zStoreHolderKeys, zUnlock } from './z-passkeys.js';

function describe(row: PasskeyRow) {
  return {
    id: row.id,
    name: row.name,
    created_at: new Date(row.createdAt * 1000).toISOString(),
    last_used_at: row.lastUsedAt ? new Date(row.lastUsedAt * 1000).toISOString() : null,
    ready: row.wrappedAccountKey !== null,
  };
}

/** A WebAuthn ceremony needs the person's browser: a personal access token cannot do one. */
function browserPerson(res: Response) {
  const person = personOf(res);
  if (person.via === 'token') {
    throw new OAuthError(
      'insufficient_scope',
      'passkeys are registered and used in the browser; accounts used only through personal access tokens keep service-held keys',
      { headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' } },
    );
  }
  return person.account;
}

/** Passkeys (WebAuthn with PRF) and the holder keys they protect: docs/passkeys.md. */
export function passkeyRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);
  const noStore = (res: Response) => res.set('Cache-Control', 'no-store');

  router.get('/api/passkeys', auth, async (_req, res) => {
    const account = personOf(res).account;
    const rows = await ctx.store.listPasskeys(account.id);
    noStore(res).json({
      key_protection: account.keyProtection === 'passkey' ? 'passkey' : 'service',
      passkeys: rows.map(describe),
    });
  });
  router.post('/api/passkeys/registration-options', auth, async (_req, res) => {
    noStore(res).json(await beginRegistration(ctx, browserPerson(res)));
  });
  router.post('/api/passkeys', auth, jsonBody(), async (req, res) => {
    const account = browserPerson(res);
    const body = parseWithSchema(zRegisterPasskey, req.body, { what: 'passkey registration' });
    const row = await finishRegistration(ctx, account, body);
    ctx.logger.info({ account: account.id }, 'passkey registered');
    noStore(res).status(201).json(describe(row));
  });
  router.put('/api/passkeys/:id/wrapped-account-key', auth, jsonBody(), async (req, res) => {
    const account = browserPerson(res);
    const body = parseWithSchema(zSetWrappedAccountKey, req.body, { what: 'wrapped account key' });
    // Once only: a later write could swap in a key the person's keys do not open under.
    if (
      !(await ctx.store.setWrappedAccountKey(account.id, req.params.id as string, body.wrapped_account_key))
    ) {
      throw new OAuthError('invalid_request', 'no such passkey, or it already wraps the account key', {
        status: 409,
      });
    }
    res.status(204).end();
  });
  router.delete('/api/passkeys/:id', auth, async (req, res) => {
    const outcome = await ctx.store.deletePasskey(browserPerson(res).id, req.params.id as string);
    if (outcome === 'not_found') throw new OAuthError('not_found', 'no such passkey');
    if (outcome === 'last') {
      throw new OAuthError(
        'invalid_request',
        'this is the last passkey and it protects keys: without it they could never be used again. Register another passkey first',
        { status: 409 },
      );
    }
    res.status(204).end();
  });
  router.post('/api/passkeys/unlock-options', auth, async (_req, res) => {
    noStore(res).json(await beginUnlock(ctx, browserPerson(res)));
  });
  router.post('/api/passkeys/unlock', auth, jsonBody(), async (req, res) => {
    const body = parseWithSchema(zUnlock, req.body, { what: 'passkey unlock' });
    const { passkey, keys } = await finishUnlock(ctx, browserPerson(res), body);
    noStore(res).json({
      passkey_id: passkey.id,
      wrapped_account_key: passkey.wrappedAccountKey,
      keys: keys.map((k) => ({ id: k.id, public_jwk: k.publicJwk, wrapped_key: k.wrappedKey, iv: k.iv })),
    });
  });
  router.post('/api/holder-keys', auth, jsonBody(), async (req, res) => {
    const account = browserPerson(res);
    if (account.keyProtection !== 'passkey') {
      throw new OAuthError(
        'invalid_request',
        'register a passkey first: this account’s keys are service-held',
      );
    }
    const body = parseWithSchema(zStoreHolderKeys, req.body, { what: 'holder keys' });
    const rows = body.keys.map((k) => ({
      id: randomUUID(),
      accountId: account.id,
      publicJwk: k.public_jwk,
      wrappedKey: k.wrapped_key,
      iv: k.iv,
      createdAt: ctx.now(),
    }));
    await ctx.store.insertWrappedKeys(rows);
    noStore(res)
      .status(201)
      .json({ keys: rows.map((r) => ({ id: r.id, public_jwk: r.publicJwk })) });
  });
  return router;
}
