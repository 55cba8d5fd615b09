import { OAuthError } from '@min-profil/shared/errors';
import type { WalletContext } from '../context.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { deleteCredential } from './delete-credential.js';
import { keyProtectionOf } from './credential-key-protection.js';
import { openSealed } from './describe-credential.js';

/**
 * The move's last step: a copy fetched again from its holder, bound to the page's keys, replaces
 * the one bound to the service's keys. Both must be this account's kept credentials of the same
 * issuer and configuration; the old one is then deleted as the person would delete it (its KMS
 * keys with it, logged), so the service holds no key that can present it any more.
 */
export async function replaceServiceBound(
  ctx: WalletContext,
  account: AccountRow,
  ids: { old: string; replacement: string },
): Promise<void> {
  const old = await ctx.store.findCredential(account.id, ids.old);
  if (!old || old.state !== 'stored') throw new OAuthError('not_found', 'no such credential in your wallet');
  const replacement = await ctx.store.findCredential(account.id, ids.replacement);
  if (!replacement || replacement.state !== 'stored') {
    throw new OAuthError('invalid_request', 'replacement: no such credential in your wallet');
  }
  assertReplaces(ctx, account, old, replacement);
  await deleteCredential(ctx, account, old);
}

function assertReplaces(
  ctx: WalletContext,
  account: AccountRow,
  old: HeldCredentialRow,
  replacement: HeldCredentialRow,
): void {
  if (account.keyProtection !== 'passkey') {
    throw new OAuthError(
      'invalid_request',
      'this account’s keys are service-held: register a passkey first',
      {
        status: 409,
      },
    );
  }
  if (keyProtectionOf(openSealed(ctx, account, old)) !== 'service') {
    throw new OAuthError('invalid_request', 'the credential is not bound to the service’s keys', {
      status: 409,
    });
  }
  if (keyProtectionOf(openSealed(ctx, account, replacement)) !== 'passkey') {
    throw new OAuthError('invalid_request', 'replacement: not bound to keys made in the page');
  }
  if (
    old.credentialIssuer !== replacement.credentialIssuer ||
    old.configurationId !== replacement.configurationId
  ) {
    throw new OAuthError('invalid_request', 'replacement: not the same credential from the same holder');
  }
}
