import { contactProfileVct } from '@min-profil/shared/contact-profile/contact-profile';
import type { WalletContext } from '../context.js';
import type { CredentialDisplay } from '../credentials/credential-display.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { profileClaims } from '../profile/profile-model.js';
import { readProfile } from '../profile/read-profile.js';
import { signProfileCredential } from '../profile/sign-profile-credential.js';
import { createChangeId } from '../standing-permissions/enqueue-profile-deliveries.js';
import type { ClaimPath } from './match-credentials.js';

/**
 * The contact profile as a matching credential of an OpenID4VP request. It is not stored as a
 * credential: it stands in the candidate list as this row (no sealed content) and is signed
 * fresh, with only the approved fields, when the person shares it.
 */
export const contactProfileCredentialId = 'contact-profile';

const profileDisplay: CredentialDisplay = {
  name: { sv: 'Kontaktprofil', en: 'Contact profile' },
  description: { sv: 'Dina kontaktuppgifter, angivna av dig', en: 'Your contact details, as you gave them' },
  issuer_name: { sv: 'Du själv (via plånboken)', en: 'Yourself (through the wallet)' },
  claims: [
    { path: ['address'], label: { sv: 'Adress', en: 'Address' } },
    { path: ['emails'], label: { sv: 'E-postadresser', en: 'E-mail addresses' } },
    { path: ['phones'], label: { sv: 'Telefonnummer', en: 'Phone numbers' } },
    { path: ['preferred_language'], label: { sv: 'Föredraget språk', en: 'Preferred language' } },
    { path: ['contact_preferences'], label: { sv: 'Kontaktsätt', en: 'Contact preferences' } },
  ],
};

export function isContactProfileRow(row: Pick<HeldCredentialRow, 'id'>): boolean {
  return row.id === contactProfileCredentialId;
}

/** Does any credential query of this DCQL ask for the contact profile? */
export function asksForContactProfile(dcql: Record<string, unknown>): boolean {
  const queries = (dcql.credentials ?? []) as Array<{ meta?: { vct_values?: string[] } }>;
  return queries.some((q) => q.meta?.vct_values?.includes(contactProfileVct));
}

/** The profile's claims as the credential would carry them (for DCQL matching and the preview). */
export async function readContactProfileClaims(
  ctx: WalletContext,
  account: AccountRow,
): Promise<Record<string, unknown> | null> {
  const { row, profile } = await readProfile(ctx, account);
  if (row.profileVersion === 0) return null;
  return { vct: contactProfileVct, ...profileClaims(profile) };
}

/** The stand-in row, or null when the request does not ask for the profile or it is empty. */
export async function contactProfileCandidate(
  ctx: WalletContext,
  account: AccountRow,
  dcql: Record<string, unknown>,
): Promise<{ row: HeldCredentialRow; claims: Record<string, unknown> } | null> {
  if (!asksForContactProfile(dcql)) return null;
  const claims = await readContactProfileClaims(ctx, account);
  if (!claims) return null;
  const now = ctx.now();
  return {
    claims,
    row: {
      id: contactProfileCredentialId,
      accountId: account.id,
      offerId: contactProfileCredentialId,
      state: 'stored',
      credentialIssuer: 'self',
      configurationId: contactProfileCredentialId,
      format: 'dc+sd-jwt',
      vct: contactProfileVct,
      display: profileDisplay,
      issuedAt: now,
      expiresAt: null,
      statusUri: null,
      statusIdx: null,
      copies: 1,
      sealed: '',
      createdAt: now,
      nextPollAt: null,
    },
  };
}

/** Top-level profile fields the chosen claim paths disclose (one disclosure each). */
export function profileFieldsOf(paths: ClaimPath[]): string[] {
  return [...new Set(paths.map((p) => p[0]).filter((p): p is string => typeof p === 'string'))];
}

/** The profile signed now with exactly these fields, plus a KB-JWT for this verifier. */
export async function presentContactProfile(
  ctx: WalletContext,
  account: AccountRow,
  options: { paths: ClaimPath[]; nonce: string; audience: string },
): Promise<{ presentation: string; profileVersion: number; fields: string[] }> {
  const fields = profileFieldsOf(options.paths);
  const signed = await signProfileCredential(ctx, account.id, { fields, changeId: createChangeId() });
  const presentation = await signed.appendKeyBinding({ audience: options.audience, nonce: options.nonce });
  return { presentation, profileVersion: signed.profileVersion, fields };
}
