import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID } from '@min-profil/shared/status-list/status-values';
import { dataKeyOf } from '../accounts/accounts.js';
import type { WalletContext } from '../context.js';
import { openJson } from '../crypto/data-keys.js';
import type { SealedCredential } from '../credential-offer/receive-credentials.js';
import { credentialAad } from '../credential-offer/store-received.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { namesHolder } from './credential-holder.js';
import { claimLabel, safeColor } from './credential-display.js';
import { describeIssuer } from './describe-issuer.js';
import { keyProtectionOf } from './credential-key-protection.js';

/** Claims about the credential itself, not the person: never listed as the person's data. */
export const technicalClaims = new Set([
  'iss',
  'vct',
  'cnf',
  'status',
  'iat',
  'exp',
  'nbf',
  'sub',
  'vct#integrity',
  '_sd_alg',
]);

export type CredentialStatus =
  'valid' | 'expired' | 'revoked' | 'suspended' | 'unknown' | 'pending' | 'deferred';

export function openSealed(
  ctx: WalletContext,
  account: AccountRow,
  row: HeldCredentialRow,
): SealedCredential {
  return openJson<SealedCredential>(dataKeyOf(ctx, account), credentialAad(row), row.sealed);
}

/** The person's claims (top level, with their full values) from the credential as issued. */
export function readClaims(compact: string) {
  const decoded = decodeSdJwtVc(compact);
  return decoded.claimList
    .filter((c) => c.path.length === 1 && !technicalClaims.has(String(c.path[0])))
    .map((c) => ({
      name: String(c.path[0]),
      value: c.value,
      selectivelyDisclosable: c.selectivelyDisclosable,
    }));
}

/**
 * The person's claims that go with every presentation: those in the issuer-signed payload itself
 * (no disclosure applied), which the holder cannot withhold.
 */
export function readMandatoryClaims(compact: string) {
  return readClaims(`${compact.split('~')[0]}~`);
}

/** Current status: expiry first, then the issuer's status list (Token Status List). */
export async function currentStatus(ctx: WalletContext, row: HeldCredentialRow): Promise<CredentialStatus> {
  if (row.state === 'pending' || row.state === 'deferred') return row.state;
  if (row.expiresAt !== null && row.expiresAt <= ctx.now()) return 'expired';
  if (row.statusUri === null || row.statusIdx === null) return 'valid';
  try {
    const status = await ctx.statusLists.getStatus({ uri: row.statusUri, idx: row.statusIdx });
    if (status === STATUS_VALID) return 'valid';
    if (status === STATUS_INVALID) return 'revoked';
    if (status === STATUS_SUSPENDED) return 'suspended';
    return 'unknown';
  } catch (error) {
    ctx.logger.warn({ credential: row.id, err: (error as Error).message }, 'status list unavailable');
    return 'unknown';
  }
}

const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());

/** The API's view of a held credential; with `claims` the decrypted claim values too. */
export async function describeCredential(
  ctx: WalletContext,
  account: AccountRow,
  row: HeldCredentialRow,
  options: { claims: boolean },
) {
  const display = row.display;
  const base = {
    id: row.id,
    offer_id: row.offerId,
    state: row.state,
    format: row.format,
    vct: row.vct,
    credential_configuration_id: row.configurationId,
    name: display.name,
    description: display.description,
    // Checked again on the way out: a display stored before the check may carry anything.
    background_color: safeColor(display.background_color) ?? null,
    text_color: safeColor(display.text_color) ?? null,
    issuer: describeIssuer(
      await ctx.trustList.get(),
      row.credentialIssuer,
      display.issuer_claimed_name ?? display.issuer_name,
    ),
    issued_at: iso(row.issuedAt),
    expires_at: iso(row.expiresAt),
    received_at: iso(row.createdAt),
    status: await currentStatus(ctx, row),
    copies: row.copies,
  };
  if (row.state === 'deferred') return { ...base, names_holder: null };
  // Whether the credential names whom it is issued to (those kept without, before the wallet
  // asked for confirmation, are marked in the overview) and whose keys its copies are bound to.
  // Both are recorded in clear at receipt, so the list opens nothing; a row from before that is
  // opened once and its answers recorded.
  if (!options.claims && typeof row.namesHolder === 'boolean' && row.keyProtection)
    return { ...base, names_holder: row.namesHolder, key_protection: row.keyProtection };
  const sealed = openSealed(ctx, account, row);
  const first = sealed.copies[0];
  const named = firstCopyNamesHolder(sealed);
  const keyProtection = keyProtectionOf(sealed);
  if (named !== null && (typeof row.namesHolder !== 'boolean' || !row.keyProtection))
    await ctx.store.recordClearColumns(row.id, { namesHolder: named, keyProtection });
  const withHolder = { ...base, names_holder: named, key_protection: keyProtection };
  if (!options.claims) return withHolder;
  return {
    ...withHolder,
    claims: first
      ? readClaims(first.compact).map((c) => ({
          name: c.name,
          label: claimLabel(display, [c.name]),
          value: c.value,
          selectively_disclosable: c.selectivelyDisclosable,
        }))
      : [],
  };
}

/** What `names_holder` says: read from the first copy, as it is recorded at receipt. */
export function firstCopyNamesHolder(sealed: Pick<SealedCredential, 'copies'>): boolean | null {
  const first = sealed.copies[0];
  return first ? namesHolder(decodeSdJwtVc(first.compact).claims) : null;
}
