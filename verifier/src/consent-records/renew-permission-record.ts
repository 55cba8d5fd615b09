import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import type { VerifierContext } from '../context.js';
import type { StandingPermissionRow } from '../persistence/standing-permission-entities.js';
import { issueConsentRecord, type IssuedConsentRecord } from './issue-consent-record.js';

const sameFields = (a: string[], b: string[]) => a.length === b.length && a.every((f) => b.includes(f));

/**
 * A standing permission's record is renewed whenever the fields the consumer holds change
 * (the person narrowed them, or a permission the wallet started gets its first): an applied
 * update that discloses other fields than the permission's latest record names gets a new
 * record in its answer (docs/consent-records.md). Returns undefined when nothing changed.
 */
export async function renewPermissionRecord(
  ctx: VerifierContext,
  permission: StandingPermissionRow,
  update: { fields: string[]; nonce: string },
  now: number,
): Promise<IssuedConsentRecord | undefined> {
  // A company's contact profile is the company's, not a person's data shared by consent
  // (issue 21): its signatories' permission is kept in the wallet, not as a consent record.
  if (permission.profileVct) return undefined;
  const latest = await ctx.consentRecords.findLatestRecordOfPermission(permission.id);
  const held = latest?.fields.flatMap((f) => f.claims) ?? [];
  if (latest && sameFields(held, update.fields)) return undefined;
  const consumer = ctx.consumers.get(permission.consumerId)!;
  const request =
    permission.presentationRequestId !== null
      ? await ctx.store.findRequest(permission.presentationRequestId)
      : null;
  const [template, ask] =
    Object.entries(consumer.config.templates).find(([, t]) => t.standingPermission !== undefined) ?? [];
  return issueConsentRecord(
    ctx,
    {
      consumerId: permission.consumerId,
      // Updates are bound to the consumer's did:web identifier (docs/verifier.md).
      clientId: consumer.keys.clientId,
      nonce: update.nonce,
      purpose: request?.purpose ?? ask?.purpose.sv ?? '',
      template: request?.template ?? template ?? null,
      callbackUrl: permission.callbackUrl,
      presentationRequestId: permission.presentationRequestId,
      standingPermissionId: permission.id,
      fields: [
        {
          credential_query_id:
            latest?.fields[0]?.credential_query_id ??
            ask?.standingPermission?.credentialIds[0] ??
            'contact_profile',
          vct: contactProfileVct,
          claims: update.fields,
        },
      ],
    },
    now,
  );
}
