import { claimsBeyondRegistration } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { openSealed, readMandatoryClaims } from '../credentials/describe-credential.js';
import { describeIssuer } from '../credentials/describe-issuer.js';
import type { AccountRow, PresentationRequestRow } from '../persistence/entities.js';
import {
  describeRequestedClaims,
  holdersFor,
  matchCredentials,
  pathName,
  type CredentialQuery,
} from './match-credentials.js';
import { extractPdfText, PdfTooLarge } from './pdf-text.js';
import { openTransactionDocument } from './prepare-transaction-data.js';
import {
  asksForContactProfile,
  isContactProfileRow,
  profileFieldsOf,
  readContactProfileClaims,
} from './contact-profile-candidate.js';
import { identifyRequester } from './identify-requester.js';
import { credentialSetsOf, selectQueries } from './plan-answer.js';

/** What the app shows of a document besides the document itself: its text, or its JSON. */
function previewDocument(mediaType: string, bytes: Buffer) {
  if (mediaType === 'application/json') return { content: JSON.parse(bytes.toString('utf8')) as unknown };
  try {
    return { text_preview: extractPdfText(bytes) };
  } catch (error) {
    // Kept before the limit existed: no preview, the rendered document stays the only view.
    if (error instanceof PdfTooLarge) return { text_preview: [] };
    throw error;
  }
}

/** The value at a DCQL claim path (`null` selects every array element, DCQL §7). */
export function valueAt(claims: unknown, path: Array<string | number | null>): unknown {
  let nodes: unknown[] = [claims];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if (segment === null && Array.isArray(node)) next.push(...node);
      else if (typeof segment === 'number' && Array.isArray(node)) next.push(node[segment]);
      else if (typeof segment === 'string' && node && typeof node === 'object' && !Array.isArray(node)) {
        next.push((node as Record<string, unknown>)[segment]);
      }
    }
    nodes = next.filter((n) => n !== undefined);
  }
  return path.includes(null) ? nodes : nodes[0];
}

/**
 * What the person sees before deciding: who asks (registered in the trust list or not, verified
 * signature or not), for what stated purpose, exactly which claims from which credential, a
 * warning when the asker asks beyond its registration, and which holder issues what is missing.
 */
export async function describePresentationRequest(
  ctx: WalletContext,
  account: AccountRow,
  row: PresentationRequestRow,
) {
  const stored = row.request;
  // `refusal` is shown instead of the share button: nothing goes to an asker the wallet cannot identify.
  const { list, consumer, refusal } = await identifyRequester(ctx, stored);
  const queries = (stored.dcql.credentials ?? []) as CredentialQuery[];
  const matches = await matchCredentials(ctx, account, stored.dcql);
  const requested = queries.map((q) => ({
    format: 'dc+sd-jwt' as const,
    type: q.meta?.vct_values?.[0] ?? '',
    claims: (q.claims ?? []).map((c) => c.path),
  }));
  const beyond = claimsBeyondRegistration(consumer, requested);
  const requestedTypes = new Set(requested.map((r) => r.type));
  const purposes = (consumer?.registrations ?? [])
    .filter((r) => r.credentials.some((c) => requestedTypes.has(c.type)))
    .map((r) => r.purpose);
  const clientMetadata = (stored.payload.client_metadata ?? {}) as Record<string, unknown>;

  const profileClaims = asksForContactProfile(stored.dcql)
    ? ((await readContactProfileClaims(ctx, account)) ?? {})
    : {};
  const credentialQueries = queries.map((q) => {
    const match = matches.find((m) => m.queryId === q.id)!;
    const firstDisplay = match.candidates[0]?.row.display;
    return {
      id: q.id,
      format: q.format,
      types: q.meta?.vct_values ?? [],
      claims: describeRequestedClaims(q, firstDisplay),
      matches: match.candidates.map(({ row, paths }) => {
        const display = row.display;
        const compact = isContactProfileRow(row)
          ? undefined
          : openSealed(ctx, account, row).copies[0]!.compact;
        const claims = compact === undefined ? profileClaims : decodeSdJwtVc(compact).claims;
        return {
          credential_id: row.id,
          name: display.name,
          // The contact profile is the person's own statement, signed by the wallet.
          issuer: isContactProfileRow(row)
            ? { credential_issuer: null, name: display.issuer_name, trusted: null, claimed_name: null }
            : describeIssuer(list, row.credentialIssuer, display.issuer_claimed_name ?? display.issuer_name),
          // The preview: exactly the claims (and values) that would be sent from this credential.
          claims_to_send: paths.map((path) => ({
            name: pathName(path),
            value: valueAt(claims, path),
            label: describeRequestedClaims({ ...q, claims: [{ path }] }, display)[0]!.label,
          })),
          // OpenID4VP 1.0 §6.4.1: what goes with any presentation of this credential, whatever
          // is chosen (the issuer did not make it selectively disclosable).
          claims_always_sent: (compact === undefined ? [] : readMandatoryClaims(compact)).map((c) => ({
            name: c.name,
            value: c.value,
            label: describeRequestedClaims({ ...q, claims: [{ path: [c.name] }] }, display)[0]!.label,
          })),
        };
      }),
      missing: match.candidates.length === 0,
      holders: match.candidates.length === 0 ? holdersFor(list, q.meta?.vct_values ?? []) : [],
    };
  });
  const sets = credentialSetsOf(stored.dcql);
  const canAnswer =
    selectQueries(
      credentialQueries.map((c) => c.id),
      sets,
      (id) => credentialQueries.find((c) => c.id === id)?.missing === false,
    ) !== null;
  return {
    id: row.id,
    state: row.answeredAt !== null ? 'answered' : row.expiresAt <= ctx.now() ? 'expired' : 'open',
    expires_at: new Date(row.expiresAt * 1000).toISOString(),
    verifier: {
      client_id: stored.client.effective,
      client_id_prefix: stored.client.prefix,
      verified: stored.verified,
      registered: consumer !== undefined,
      name:
        consumer?.name ??
        (typeof clientMetadata.client_name === 'string' ? { und: clientMetadata.client_name } : null),
      purposes,
    },
    warnings: [
      ...(stored.verified
        ? []
        : [
            {
              code: 'unverified_verifier',
              message: 'The request is not signed: who is asking cannot be confirmed.',
            },
          ]),
      ...(consumer || !stored.verified
        ? []
        : [{ code: 'not_registered', message: 'The asker is not registered in the trust list.' }]),
      ...(beyond.length > 0 && consumer
        ? [
            {
              code: 'beyond_registration',
              message: 'The asker asks for more than it is registered for.',
              claims: beyond.map((b) => ({ type: b.type, claims: b.claims.map(pathName) })),
            },
          ]
        : []),
      ...(stored.standingPermissionRefused === 'endpoints_not_listed'
        ? [
            {
              code: 'standing_permission_endpoints',
              message:
                'The asker wants later changes sent to addresses the trust list does not give for it; only a one-off share is offered.',
            },
          ]
        : []),
    ],
    response_mode: stored.responseMode,
    // Issue 6: what the person is asked to approve (OpenID4VP 1.0 transaction_data), if anything.
    transaction_data: (stored.transactionData ?? []).map((entry, index) => ({
      type: entry.value.type,
      title: entry.value.title,
      media_type: entry.value.media_type,
      document_hash: entry.value.document_hash,
      document_hash_alg: entry.value.document_hash_alg,
      document_verified: true,
      credential_ids: entry.value.credential_ids,
      document_url: `/api/presentation-requests/${row.id}/documents/${index}`,
      ...previewDocument(entry.value.media_type, openTransactionDocument(ctx, account, row.id, index, entry)),
    })),
    // The consumer asks to receive later changes too, until the person withdraws (or null).
    standing_permission: stored.standingPermission
      ? {
          requested: true,
          consumer: {
            client_id: stored.client.effective,
            name: consumer?.name ?? null,
          },
          credential_ids: stored.standingPermission.credential_ids,
          fields: [
            ...new Set(
              queries
                .filter((q) => stored.standingPermission!.credential_ids.includes(q.id))
                .flatMap((q) =>
                  // OpenID4VP 1.0 §6.4.1: no `claims` asks for no field of the profile.
                  profileFieldsOf((q.claims ?? []).map((c) => c.path)),
                ),
            ),
          ],
          withdrawable: true,
        }
      : null,
    // docs/cases.md: the consumer asks to send news about a case here; the person may decline it alone.
    case: stored.case
      ? {
          requested: true,
          title: stored.case.title,
          reference: stored.case.reference,
          consumer: { client_id: stored.client.effective, name: consumer?.name ?? null },
          stoppable: true,
        }
      : null,
    credential_queries: credentialQueries,
    credential_sets: sets,
    can_answer: canAnswer && refusal === null,
    refusal,
  };
}
