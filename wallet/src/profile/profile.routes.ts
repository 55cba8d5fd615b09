import { Router } from 'express';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { WalletContext } from '../context.js';
import { personOf, requirePerson } from '../http/authenticate.js';
import type { CodeChannel } from '../persistence/profile-entities.js';
import { describeProfile } from './describe-profile.js';
import { sendVerificationCode } from './send-verification-code.js';
import { updateProfile } from './update-profile.js';
import { verifyCode } from './verify-code.js';
import { zProfileUpdate, zVerifyCode } from './z-profile.js';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The contact profile: read, replace, and verify e-mail addresses and phone numbers by code. */
export function profileRoutes(ctx: WalletContext): Router {
  const router = Router();
  const auth = requirePerson(ctx);

  router.get('/api/profile', auth, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await describeProfile(ctx, personOf(res).account));
  });

  router.put('/api/profile', auth, jsonBody(), async (req, res) => {
    const { account } = personOf(res);
    const update = parseWithSchema(zProfileUpdate, req.body ?? {}, { what: 'profile' });
    const { changed } = await updateProfile(ctx, account, update);
    res.set('Cache-Control', 'no-store').json({ ...(await describeProfile(ctx, account)), changed });
  });

  const kinds: Array<[string, CodeChannel]> = [
    ['emails', 'email'],
    ['phones', 'phone'],
  ];
  for (const [segment, channel] of kinds) {
    router.post(`/api/profile/${segment}/:id/code`, auth, async (req, res) => {
      const sent = await sendVerificationCode(ctx, personOf(res).account, {
        channel,
        itemId: req.params.id as string,
      });
      res
        .status(202)
        .set('Cache-Control', 'no-store')
        .json({ expires_at: iso(sent.expiresAt), resend_after: iso(sent.resendAfter) });
    });

    router.post(`/api/profile/${segment}/:id/verify`, auth, jsonBody(), async (req, res) => {
      const { account } = personOf(res);
      const { code } = parseWithSchema(zVerifyCode, req.body ?? {}, { what: 'code' });
      await verifyCode(ctx, account, { channel, itemId: req.params.id as string, code });
      res.set('Cache-Control', 'no-store').json(await describeProfile(ctx, account));
    });
  }
  return router;
}
