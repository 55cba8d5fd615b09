import type { WalletContext } from '../context.js';
import { openSealed } from '../credentials/describe-credential.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { createIssuerClient } from './receive-credentials.js';
import { dpopOptions, importDpopKey } from '../crypto/dpop-key.js';

/**
 * Tells the issuer what the person did (OID4VCI 1.0 §11, notification endpoint). Best effort:
 * a failure is logged, never shown to the person.
 */
export async function sendIssuerNotification(
  ctx: WalletContext,
  account: AccountRow,
  row: HeldCredentialRow,
  event: 'credential_accepted' | 'credential_deleted',
): Promise<void> {
  try {
    const notification = openSealed(ctx, account, row).notification;
    if (!notification) return;
    // A token bound to the page's DPoP key: the service cannot make the proof, and a best-effort
    // notice is not worth a signature from the person (docs/passkeys.md, "DPoP in the page").
    if (notification.dpopKeyId) return;
    // A DPoP-bound token goes with a proof by its key, sealed beside it (RFC 9449 §7).
    const dpopKey = notification.dpopKey ? importDpopKey(notification.dpopKey) : undefined;
    const client = createIssuerClient(ctx, dpopKey ? [dpopKey] : []);
    const issuerMetadata = await client.resolveIssuerMetadata(row.credentialIssuer);
    if (!issuerMetadata.credentialIssuer.notification_endpoint) return;
    await client.sendNotification({
      issuerMetadata,
      accessToken: notification.accessToken,
      notification: { notificationId: notification.notificationId, event },
      ...(dpopKey ? { dpop: dpopOptions(dpopKey) } : {}),
    });
  } catch (error) {
    ctx.logger.warn({ credential: row.id, err: (error as Error).message }, 'issuer notification failed');
  }
}
