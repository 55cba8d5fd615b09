import { certificateAgreesWithTrustList } from '@min-profil/shared/registration/registration-certificate-claims';
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
import { orgOfCompanyProfileRow } from './company-profile-candidate.js';
import { companiesOfCandidates, pairCompanyCredentials } from './pair-company-credentials.js';
import { openCompanyProfile } from '../companies/company-profile.js';
import { companyProfileClaims } from '../companies/sign-company-profile-credential.js';
import { credentialSetsOf, selectQueries } from './plan-answer.js';
import { partiesOfCandidates, restrictToParty } from '../representation/act-for.js';
import { proofOf } from '../representation/list-represented-parties.js';

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
  /** "Jag företräder": the party id the person acts for (representation/represented-parties.ts). */
  actingFor?: string,
) {
  const stored = row.request;
  // `refusal` is shown instead of the share button: nothing goes to an asker the wallet cannot identify.
  const { list, consumer, refusal } = await identifyRequester(ctx, stored);
  const queries = (stored.dcql.credentials ?? []) as CredentialQuery[];
  const allMatches = await matchCredentials(ctx, account, stored.dcql);
  const partyOf = partiesOfCandidates(ctx, account, allMatches);
  // A company's identity and profile only of the company whose signatory credential would go (issue #21).
  // When the signatory credentials offered are for several companies, all stay shown (the
  // person picks, or chooses the company under "Jag företräder"); the answer pairs them anyway.
  const restricted = restrictToParty(allMatches, partyOf, actingFor);
  const companies = new Set(
    restricted.flatMap((m) =>
      m.candidates
        .map((c) => partyOf(c.row))
        .filter((p) => p?.kind === 'company')
        .map((p) => p!.id),
    ),
  );
  const matches =
    companies.size > 1
      ? restricted
      : pairCompanyCredentials(restricted, partyOf, companiesOfCandidates(ctx, account, allMatches), {});
  const requested = queries.map((q) => ({
    format: 'dc+sd-jwt' as const,
    type: q.meta?.vct_values?.[0] ?? '',
    claims: (q.claims ?? []).map((c) => c.path),
  }));
  // Registration certificates (verifier_info): shown, but where they and the trust list disagree
  // the list is the operator's current word and decides what the asker is registered for.
  const certificates = (stored.registrationCertificates ?? []).map((c) => ({
    ...c,
    agrees: consumer
      ? certificateAgreesWithTrustList(
          { name: c.name, registration: { purpose: c.purpose, credentials: c.credentials } },
          consumer,
        )
      : null,
  }));
  const registeredBy =
    consumer ??
    (certificates.length > 0
      ? { registrations: certificates.map((c) => ({ purpose: c.purpose, credentials: c.credentials })) }
      : undefined);
  const beyond = claimsBeyondRegistration(registeredBy as typeof consumer, requested);
  const requestedTypes = new Set(requested.map((r) => r.type));
  const purposes = (registeredBy?.registrations ?? [])
    .filter((r) => r.credentials.some((c) => requestedTypes.has(c.type)))
    .map((r) => r.purpose);
  const clientMetadata = (stored.payload.client_metadata ?? {}) as Record<string, unknown>;

  const profileClaims = asksForContactProfile(stored.dcql)
    ? ((await readContactProfileClaims(ctx, account)) ?? {})
    : {};
  const companyClaims = await readCompanyClaims(ctx, matches);
  const credentialQueries = queries.map((q) => {
    const match = matches.find((m) => m.queryId === q.id)!;
    const firstDisplay = match.candidates[0]?.row.display;
    return {
      id: q.id,
      format: q.format,
      // DCQL `multiple`: every match is sent (a guardian credential per child), none chosen.
      multiple: match.multiple === true,
      types: q.meta?.vct_values ?? [],
      claims: describeRequestedClaims(q, firstDisplay),
      matches: match.candidates.map(({ row, paths }) => {
        const display = row.display;
        const companyOrg = orgOfCompanyProfileRow(row);
        const selfSigned = isContactProfileRow(row) || companyOrg !== undefined;
        const compact = selfSigned ? undefined : openSealed(ctx, account, row).copies[0]!.compact;
        const claims =
          compact !== undefined
            ? decodeSdJwtVc(compact).claims
            : companyOrg !== undefined
              ? (companyClaims.get(companyOrg) ?? {})
              : profileClaims;
        const party = partyOf(row);
        return {
          credential_id: row.id,
          name: display.name,
          // The party this credential proves the person may act for (a child, a company), if any.
          acts_for: party ? { id: party.id, kind: party.kind, name: party.name } : null,
          // The contact profile is the person's own statement, signed by the wallet; a company's,
          // its signatories', signed by the company key.
          issuer: selfSigned
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
  const answered = selectQueries(
    credentialQueries.map((c) => c.id),
    sets,
    (id) => credentialQueries.find((c) => c.id === id)?.missing === false,
  );
  const canAnswer = answered !== null;
  return {
    id: row.id,
    acting_for: actingFor ?? null,
    on_behalf_of: onBehalfOf(matches, partyOf),
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
      registration_certificates: certificates.map((c) => ({
        name: c.name,
        purpose: c.purpose,
        privacy_policy: c.privacyPolicy ?? null,
        intended_use_id: c.intendedUseId ?? null,
        credentials: c.credentials.map((x) => ({
          format: x.format,
          type: x.type,
          claims: x.claims.map(pathName),
        })),
        // null: the asker is not in the trust list, so there is nothing to compare with.
        agrees_with_trust_list: c.agrees,
      })),
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
      ...(beyond.length > 0 && registeredBy
        ? [
            {
              code: 'beyond_registration',
              message: consumer
                ? 'The asker asks for more than it is registered for.'
                : 'The asker asks for more than its registration certificate allows.',
              claims: beyond.map((b) => ({ type: b.type, claims: b.claims.map(pathName) })),
            },
          ]
        : []),
      ...(certificates.some((c) => c.agrees === false)
        ? [
            {
              code: 'registration_certificate_differs',
              message:
                "The asker's registration certificate does not say what the trust list says; the trust list's registration is what counts.",
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
    // OpenID4VP 1.0 Appendix A: the page that asks through the browser, where the answer goes.
    dc_api: stored.dcApi ? { origin: stored.dcApi.origin, protocol: stored.dcApi.protocol } : null,
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
          // Only for a company's profile: a person's request view stays as it was.
          ...companyOfPermission(sharedCompany(matches, partyOf, stored.standingPermission.credential_ids)),
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
    // With credential_sets only the option chosen goes; the others are alternatives not needed.
    credential_queries: credentialQueries.map((q) => ({ ...q, in_answer: answered?.includes(q.id) ?? true })),
    credential_sets: sets,
    can_answer: canAnswer && refusal === null,
    refusal,
  };
}

/**
 * On whose behalf the data go, and which credential proves the person may (issue #20): each
 * party a representation credential that would be sent names — every match of a `multiple`
 * query, else the first.
 */
function onBehalfOf(
  matches: Awaited<ReturnType<typeof matchCredentials>>,
  partyOf: ReturnType<typeof partiesOfCandidates>,
) {
  const parties = new Map<
    string,
    { id: string; kind: string; name: string; proven_by: Array<ReturnType<typeof proofOf>> }
  >();
  for (const match of matches) {
    const sent = match.multiple ? match.candidates : match.candidates.slice(0, 1);
    for (const { row } of sent) {
      const party = partyOf(row);
      if (!party) continue;
      const entry = parties.get(party.id) ?? {
        id: party.id,
        kind: party.kind,
        name: party.name,
        proven_by: [],
      };
      entry.proven_by.push(proofOf(row));
      parties.set(party.id, entry);
    }
  }
  return [...parties.values()];
}

/** The preview's values of each company profile offered: org number → claims as they would go. */
async function readCompanyClaims(ctx: WalletContext, matches: Awaited<ReturnType<typeof matchCredentials>>) {
  const claims = new Map<string, Record<string, unknown>>();
  for (const { row } of matches.flatMap((m) => m.candidates)) {
    const org = orgOfCompanyProfileRow(row);
    if (org === undefined || claims.has(org)) continue;
    const stored = await ctx.store.findCompanyProfile(org);
    if (stored)
      claims.set(org, { org_number: org, ...companyProfileClaims(openCompanyProfile(ctx, stored)) });
  }
  return claims;
}

/**
 * Whose profile the standing permission would cover when it is a company's (issue #21): the
 * company of the first company-profile candidate of the permission's queries, named as the
 * signatory credential names it.
 */
function sharedCompany(
  matches: Awaited<ReturnType<typeof matchCredentials>>,
  partyOf: ReturnType<typeof partiesOfCandidates>,
  queryIds: string[],
): { org_number: string; name: string } | null {
  const org = matches
    .filter((m) => queryIds.includes(m.queryId))
    .map((m) => (m.candidates[0] ? orgOfCompanyProfileRow(m.candidates[0].row) : undefined))
    .find((o) => o !== undefined);
  if (org === undefined) return null;
  const party = matches
    .flatMap((m) => m.candidates.map((c) => partyOf(c.row)))
    .find((p) => p?.kind === 'company' && p.identifier.value === org);
  return { org_number: org, name: party?.name ?? org };
}

const companyOfPermission = (company: ReturnType<typeof sharedCompany>) => (company ? { company } : {});
