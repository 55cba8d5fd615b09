import { randomInt } from 'node:crypto';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import { keyBindingJwtParts } from '@min-profil/shared/sd-jwt/create-key-binding-jwt';
import { presentSdJwtVc, selectSdJwtPart } from '@min-profil/shared/sd-jwt/present-sd-jwt-vc';
import { hashTransactionData } from '@min-profil/shared/sd-jwt/verify-key-binding-jwt';
import type { WalletContext } from '../context.js';
import { loadHolderKey } from '../crypto/holder-keys.js';
import { openSealed } from '../credentials/describe-credential.js';
import type { AccountRow, HeldCredentialRow } from '../persistence/entities.js';
import { orgOfCompanyProfileRow, presentCompanyProfile } from './company-profile-candidate.js';
import { isContactProfileRow, presentContactProfile } from './contact-profile-candidate.js';
import type { PlannedAnswer } from './plan-answer.js';
import type { StoredPresentationRequest } from './resolve-presentation-request.js';
import { selectDisclosures } from './select-disclosures.js';

/** The contact profile as it went out for one query: which fields, at which version. */
export interface SharedProfile {
  queryId: string;
  fields: string[];
  profileVersion: number;
  /** A company's contact profile (issue #21): its org number; the person's own has none. */
  orgNumber?: string;
}

/**
 * A KB-JWT only the person's browser can sign: the copy is bound to a key made there and stored
 * only wrapped (docs/passkeys.md). `vpToken[queryId][index]` holds the presentation up to its
 * last `~` until the signature arrives.
 */
export interface PendingKeyBinding {
  queryId: string;
  index: number;
  keyId: string;
  /** The KB-JWT's JWS signing input, `base64url(header) "." base64url(payload)`. */
  signingInput: string;
}

const jsonSegment = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * One SD-JWT VC per answered DCQL query with only the planned disclosures and a KB-JWT (nonce,
 * aud = client_id, or origin:<origin> through the Digital Credentials API, sd_hash; OpenID4VP 1.0 §B.3.6), carrying the hashes of the transaction data
 * bound to that query (§8.4). The `vp_token` is keyed by query id.
 */
export async function presentCredentials(
  ctx: WalletContext,
  account: AccountRow,
  stored: StoredPresentationRequest,
  plan: Array<PlannedAnswer<HeldCredentialRow>>,
): Promise<{ vpToken: Record<string, string[]>; profiles: SharedProfile[]; pending: PendingKeyBinding[] }> {
  const nonce = stored.payload.nonce as string;
  // Appendix A.4: through the Digital Credentials API the audience is the calling origin.
  const audience = stored.dcApi ? `origin:${stored.dcApi.origin}` : stored.client.effective;
  const vpToken: Record<string, string[]> = {};
  const profiles: SharedProfile[] = [];
  const pending: PendingKeyBinding[] = [];
  for (const item of plan) {
    if (isContactProfileRow(item.row)) {
      // Signed now by the profile holder key, with only the approved fields.
      const profile = await presentContactProfile(ctx, account, { paths: item.paths, nonce, audience });
      profiles.push({
        queryId: item.queryId,
        fields: profile.fields,
        profileVersion: profile.profileVersion,
      });
      vpToken[item.queryId] = [profile.presentation];
      continue;
    }
    const orgNumber = orgOfCompanyProfileRow(item.row);
    if (orgNumber !== undefined) {
      // Signed now by the company key (held by the service), with only the approved fields.
      const profile = await presentCompanyProfile(ctx, account, {
        orgNumber,
        paths: item.paths,
        nonce,
        audience,
      });
      profiles.push({
        queryId: item.queryId,
        fields: profile.fields,
        profileVersion: profile.profileVersion,
        orgNumber,
      });
      vpToken[item.queryId] = [profile.presentation];
      continue;
    }
    const hashes = (stored.transactionData ?? [])
      .filter((entry) => entry.value.credential_ids.includes(item.queryId))
      .map((entry) => hashTransactionData({ transactionData: entry.raw, alg: 'sha-256' }));
    const sealed = openSealed(ctx, account, item.row);
    // A random copy, so two verifiers are less likely to see the same credential.
    const copy = sealed.copies[randomInt(sealed.copies.length)]!;
    const disclose = selectDisclosures(
      decodeSdJwtVc(copy.compact).disclosures.map((d) => d.path),
      item.paths,
    );
    const keyBinding = {
      nonce,
      audience,
      issuedAt: ctx.now(),
      alg: 'ES256' as const,
      ...(hashes.length > 0 ? { transactionDataHashes: hashes, transactionDataHashesAlg: 'sha-256' } : {}),
    };
    const answers = (vpToken[item.queryId] ??= []);
    if (copy.keyId !== undefined) {
      // The service has no key for this copy: the page signs the KB-JWT (signing request).
      const { sdJwtPart, sdAlg } = selectSdJwtPart({ compact: copy.compact, disclose });
      const { header, payload } = keyBindingJwtParts({ ...keyBinding, sdJwtPart, sdAlg });
      pending.push({
        queryId: item.queryId,
        index: answers.length,
        keyId: copy.keyId,
        signingInput: `${jsonSegment(header)}.${jsonSegment(payload)}`,
      });
      answers.push(sdJwtPart);
      continue;
    }
    const key = await loadHolderKey(ctx.keys, copy.kmsKid);
    // A `multiple` query takes one presentation per planned credential.
    answers.push(
      await presentSdJwtVc({
        compact: copy.compact,
        disclose,
        keyBinding: { ...keyBinding, privateKey: key.privateKey },
      }),
    );
  }
  return { vpToken, profiles, pending };
}
