import type { VerifierContext } from '../context.js';
import type { PresentationRequestRow } from '../persistence/entities.js';
import type { ReceivedFields } from '../persistence/consent-record-entities.js';

/** `registration.given_name`: a use names fields by credential query id and claim. */
export const fieldNames = (fields: ReceivedFields[]) =>
  fields.flatMap((f) => f.claims.map((claim) => `${f.credential_query_id}.${claim}`));

/**
 * Logs that the consumer's staff (through its API) read the claim values of a request: one use
 * per live record of it, so the person sees it (docs/consent-records.md). No values are logged.
 */
export async function logStaffView(ctx: VerifierContext, row: PresentationRequestRow): Promise<void> {
  if (row.claims === null) return;
  for (const record of await ctx.consentRecords.findRecordsOfRequest(row.id)) {
    if (record.status === 'deleted') continue;
    await ctx.consentRecords.logUse({
      recordId: record.id,
      at: ctx.now(),
      action: 'viewed',
      fields: fieldNames(record.fields),
      purpose: row.purpose,
    });
  }
}
