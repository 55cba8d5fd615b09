import type { JWK } from 'jose';
import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import { OAuthError } from '@min-profil/shared/errors';
import { findConsumer } from '@min-profil/shared/trust-list/trust-queries';
import { renewPermissionRecord } from '../consent-records/renew-permission-record.js';
import type { IssuedConsentRecord } from '../consent-records/issue-consent-record.js';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import type { StandingPermissionRow } from '../persistence/standing-permission-entities.js';
import { loadTrustList } from '../util/load-trust-list.js';
import {
  checkUpdateFitsPermission,
  createWalletInitiatedPermission,
  missingGrantIdentity,
  storedCopy,
  unknownPermission,
  walletInitiatedFields,
  withdrawnPermission,
} from './check-update.js';
import { enqueueStandingPermissionEvent } from './deliver-standing-permission-event.js';
import { verifyGrantIdentity } from './verify-grant-identity.js';
import { verifyProfileUpdate } from './verify-profile-update.js';
import { verifyWithdrawal } from './verify-withdrawal.js';
import type { StandingPermissionUpdate } from './z-standing-permission-update.js';

export type UpdateAnswer =
  | { status: 'applied'; profile_version: number; consent_record?: IssuedConsentRecord }
  | { status: 'duplicate' }
  | { status: 'stale' }
  | { status: 'withdrawn' };

/**
 * The update endpoint's steps (docs/standing-permissions.md "Delivering a change",
 * "Withdrawing"): find the permission, verify the update or withdrawal, redeem the nonce once,
 * then apply (applied / duplicate / stale) or end the permission, and tell the consumer.
 */
export async function handleStandingPermissionUpdate(options: {
  ctx: VerifierContext;
  consumer: ConsumerRuntime;
  body: StandingPermissionUpdate;
}): Promise<UpdateAnswer> {
  const { ctx, consumer, body } = options;
  const found = await ctx.standingPermissions.findPermission(body.standing_permission_id);
  // Another consumer's permission is as unknown here as a missing one.
  const permission = found?.consumerId === consumer.config.id ? found : null;
  if (body.withdrawal !== undefined) {
    if (!permission) throw unknownPermission();
    return withdraw({ ctx, consumer, permission, jws: body.withdrawal });
  }
  if (permission?.status === 'withdrawn') throw withdrawnPermission();
  const trustList = await loadTrustList(ctx);
  if (!permission) {
    if (found) throw unknownPermission();
    // Whether the consumer takes wallet-started permissions is in the trust list: without it
    // the answer is "not now" (the wallet retries), not a permanent "unknown".
    if (!trustList) {
      throw new OAuthError(
        'temporarily_unavailable',
        'the trust list cannot be read at the moment: retry later',
      );
    }
    const entry = findConsumer(trustList, consumer.keys.clientId);
    // Registered for a person's or a company's contact profile; which one, the update says.
    if (!walletInitiatedFields(entry) && !walletInitiatedFields(entry, companyContactProfileVct))
      throw unknownPermission();
  }

  const now = ctx.now();
  const update = await verifyProfileUpdate({
    vpToken: body.vp_token!,
    clientId: consumer.keys.clientId,
    walletProviders: trustList?.wallet_providers ?? [],
    now,
    clockSkew: ctx.settings.clockSkew,
    keyBindingMaxAge: ctx.settings.keyBindingMaxAge,
    maxBytes: ctx.settings.maxPresentationBytes,
  });
  // Contract version 2 (issue #20): a new permission for a person's profile says whose it is,
  // or is not made. A company's profile names its company (org_number), checked against the
  // grant's company key and org number from then on (issue #21).
  const forCompany = update.vct === companyContactProfileVct;
  if (!permission && !forCompany && body.identity_token === undefined) throw missingGrantIdentity();
  // Checked before the nonce is spent: a refused grant stores nothing.
  const subject =
    permission || forCompany
      ? null
      : await verifyGrantIdentity({
          identityToken: body.identity_token!,
          profile: update,
          trustList: trustList!,
          expected: {
            nonce: update.nonce,
            clientId: consumer.keys.clientId,
            now,
            clockSkew: ctx.settings.clockSkew,
            keyBindingMaxAge: ctx.settings.keyBindingMaxAge,
            maxPresentationBytes: ctx.settings.maxPresentationBytes,
            allowInsecureUrls: ctx.allowInsecureUrls,
          },
          statusLists: ctx.statusLists,
          fetch: ctx.fetch,
        });
  await redeemNonce(ctx, consumer, update.nonce, now);

  if (!permission) {
    const registeredFields = walletInitiatedFields(
      findConsumer(trustList!, consumer.keys.clientId),
      update.vct,
    );
    if (!registeredFields) throw unknownPermission();
    const row = createWalletInitiatedPermission({
      subject,
      id: body.standing_permission_id,
      consumerId: consumer.config.id,
      registeredFields,
      update,
      callbackUrl: null,
      now,
    });
    const granted = await ctx.standingPermissions.insertPermission(row, update.changeId, (tx, inserted) =>
      enqueueStandingPermissionEvent(ctx, tx, 'standing_permission.granted', inserted),
    );
    if (granted) {
      ctx.webhooks.kick();
      ctx.logger.info(
        { consumer: consumer.config.id, standing_permission: row.id },
        'standing permission started by the wallet',
      );
      return appliedAnswer(ctx, row, update, now);
    }
    // A concurrent first delivery created it: apply this one as an update of it.
    const created = await ctx.standingPermissions.findPermission(row.id);
    if (!created || created.consumerId !== consumer.config.id) throw unknownPermission();
    return apply(ctx, created, update, now);
  }
  return apply(ctx, permission, update, now);
}

async function apply(
  ctx: VerifierContext,
  permission: StandingPermissionRow,
  update: Awaited<ReturnType<typeof verifyProfileUpdate>>,
  now: number,
): Promise<UpdateAnswer> {
  checkUpdateFitsPermission(permission, update);
  const outcome = await ctx.standingPermissions.applyChange(
    {
      id: permission.id,
      changeId: update.changeId,
      profileVersion: update.profileVersion,
      profile: storedCopy(update.profile, update.fields),
      now,
    },
    (tx, applied) => enqueueStandingPermissionEvent(ctx, tx, 'standing_permission.updated', applied),
  );
  ctx.logger.info({ standing_permission: permission.id, outcome }, 'standing permission update');
  if (outcome === 'withdrawn') throw withdrawnPermission();
  if (outcome !== 'applied') return { status: outcome };
  ctx.webhooks.kick();
  return appliedAnswer(ctx, permission, update, now);
}

/**
 * `applied`, with a renewed consent record when the fields the consumer holds changed
 * (docs/consent-records.md). The update stands without it: a failure is logged (ids only).
 */
async function appliedAnswer(
  ctx: VerifierContext,
  permission: StandingPermissionRow,
  update: Awaited<ReturnType<typeof verifyProfileUpdate>>,
  now: number,
): Promise<UpdateAnswer> {
  let record: IssuedConsentRecord | undefined;
  try {
    record = await renewPermissionRecord(ctx, permission, update, now);
  } catch (err) {
    ctx.logger.error(
      { standing_permission: permission.id, err: err instanceof Error ? err.name : 'error' },
      'consent record could not be renewed',
    );
  }
  return {
    status: 'applied',
    profile_version: update.profileVersion,
    ...(record ? { consent_record: record } : {}),
  };
}

async function withdraw(options: {
  ctx: VerifierContext;
  consumer: ConsumerRuntime;
  permission: StandingPermissionRow;
  jws: string;
}): Promise<UpdateAnswer> {
  const { ctx, consumer, permission } = options;
  const now = ctx.now();
  const { nonce } = await verifyWithdrawal({
    jws: options.jws,
    holderJwk: permission.holderJwk as JWK,
    clientId: consumer.keys.clientId,
    permissionId: permission.id,
    now,
    clockSkew: ctx.settings.clockSkew,
    maxAge: ctx.settings.keyBindingMaxAge,
  });
  await redeemNonce(ctx, consumer, nonce, now);
  // Also `withdrawn` when it already was: the wallet's retry after a lost answer.
  // The copy of the profile is dropped; the webhook body is built from the row as it was.
  const last = await ctx.standingPermissions.withdrawPermission(permission.id, now, (tx, row) =>
    enqueueStandingPermissionEvent(ctx, tx, 'standing_permission.withdrawn', row, { lastCopy: true }),
  );
  if (last) {
    ctx.webhooks.kick();
    ctx.logger.info({ standing_permission: permission.id }, 'standing permission withdrawn');
  }
  return { status: 'withdrawn' };
}

async function redeemNonce(
  ctx: VerifierContext,
  consumer: ConsumerRuntime,
  nonce: string,
  now: number,
): Promise<void> {
  if (!(await ctx.standingPermissions.consumeNonce(nonce, consumer.config.id, now))) {
    throw new OAuthError('invalid_nonce', 'the nonce is unknown, used or expired: fetch a new c_nonce');
  }
}
