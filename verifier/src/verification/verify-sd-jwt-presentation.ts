import { parseSdJwt, type ParsedSdJwt } from '@min-profil/shared/sd-jwt/parse-sd-jwt';
import { isSdJwtError } from '@min-profil/shared/sd-jwt/sd-jwt-error';
import { verifySdJwtVc, type VerifiedSdJwtVc } from '@min-profil/shared/sd-jwt/verify-sd-jwt-vc';
import type { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import {
  findIssuer,
  isAuthoritativeIssuer,
  x509TrustAnchors,
} from '@min-profil/shared/trust-list/trust-queries';
import type { ClaimPath, TrustList, TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import type { JWK } from 'jose';
import { jwkThumbprint } from '@min-profil/shared/jose/jwk-thumbprint';
import {
  invalidCompanyContactProfileClaims,
  invalidContactProfileClaims,
} from '@min-profil/shared/contact-profile/z-contact-profile-claims';
import { companyContactProfileVct } from '@min-profil/shared/contact-profile/company-contact-profile';
import {
  claimSetsOfCredentialQuery,
  typesOfCredentialQuery,
  type CredentialQuery,
} from '../presentation-request/parse-dcql-query.js';
import { CheckLog } from './checks.js';
import { checkStatus } from './check-status.js';
import { isPathCovered } from './claim-paths.js';
import { authorityKeyIdentifiers } from '@min-profil/shared/pki/authority-key-identifiers';
import { resolveIssuerKey } from './resolve-issuer-key.js';
import { checkForSdJwtError, sdJwtCheckOrder } from './sd-jwt-error-checks.js';
import { assessContactChannels } from './assess-contact-channels.js';
import { isSelfAssertedType, resolveSelfAssertedIssuerKey } from './self-asserted-issuer.js';

export interface PresentationExpectation {
  nonce: string;
  /** The client identifier the KB-JWT `aud` must equal (OpenID4VP 1.0 §B.3.3). */
  clientId: string;
  now: number;
  clockSkew: number;
  keyBindingMaxAge: number;
  maxPresentationBytes: number;
  allowInsecureUrls: boolean;
  /**
   * OpenID4VP 1.0 §8.4: the request's `transaction_data` strings and the credential query ids each
   * names; a presentation for one of those queries must hash them in its KB-JWT.
   */
  transactionData?: Array<{ raw: string; credentialIds: string[]; hashAlgs?: string[] }>;
  /**
   * HAIP 1.0 §6.1.1.1 (the consumer's `haip` profile): a credential with holder binding (`cnf`)
   * is presented with a KB-JWT even where the query sets `require_cryptographic_holder_binding: false`.
   */
  keyBindingWhenBound?: boolean;
}

export interface VerifiedPresentation {
  iss: string;
  /** `vct` of an SD-JWT VC; the (last) W3C type of a VC-JWT. */
  vct: string;
  format?: 'dc+sd-jwt' | 'jwt_vc_json';
  /** The W3C `type` array of a VC-JWT. */
  types?: string[];
  /** Every claim the presentation disclosed (after the checks, all of them requested). */
  claims: Record<string, unknown>;
  /** RFC 7638 thumbprint of `cnf.jwk` (the holder key), for a self-asserted credential. */
  holderThumbprint?: string;
  holderJwk?: JWK;
  /** Whether a KB-JWT proved the holder key; false only where the query did not ask for it. */
  holderBound?: boolean;
  /** The Authority Key Identifiers of the credential's validated `x5c` chain (DCQL `aki`). */
  authorityKeyIds?: string[];
}

/**
 * Verifies one SD-JWT VC presentation for one DCQL credential query, recording each named
 * check: format, issuer trusted and authoritative for the vct (trust list), issuer signature,
 * validity period, disclosures, KB-JWT (signature, sd_hash, nonce, audience, freshness),
 * status (Token Status List, cached per ttl) and that no unrequested claim was disclosed.
 */
export async function verifySdJwtPresentation(options: {
  presentation: unknown;
  credentialQuery: CredentialQuery;
  trustList: TrustList | undefined;
  expected: PresentationExpectation;
  statusLists: StatusListCache;
  log: CheckLog;
  fetch?: typeof globalThis.fetch;
}): Promise<VerifiedPresentation> {
  const { presentation, credentialQuery, trustList, expected } = options;
  // Explicitly typed, so that `log.fail` (returns never) narrows what follows.
  const log: CheckLog = options.log;

  if (typeof presentation !== 'string' || presentation.length === 0) {
    log.fail('format', 'a dc+sd-jwt presentation is a compact SD-JWT string');
  }
  if (presentation.length > expected.maxPresentationBytes) {
    log.fail('format', `the presentation is larger than ${expected.maxPresentationBytes} bytes`);
  }
  // Read iss and vct before anything is verified, to decide whether to trust the issuer at all.
  let iss: unknown;
  let vct: unknown;
  let parsed: ParsedSdJwt;
  try {
    parsed = parseSdJwt({
      compact: presentation,
      limits: { maxLength: expected.maxPresentationBytes },
    });
    iss = parsed.payload.iss;
    vct = parsed.payload.vct;
  } catch (err) {
    log.fail('format', isSdJwtError(err) ? err.message : 'the presentation is not an SD-JWT');
  }
  if (typeof iss !== 'string' || typeof vct !== 'string')
    log.fail('format', 'the SD-JWT VC lacks iss or vct');
  const acceptedTypes = typesOfCredentialQuery(credentialQuery);
  if (acceptedTypes.length > 0 && !acceptedTypes.includes(vct)) {
    log.fail('format', `vct ${vct} is not one the credential query accepts`);
  }

  // A self-asserted type (the contact profile) is signed by the holder about itself.
  const selfAsserted = isSelfAssertedType(vct);
  let issuer: TrustedIssuer | undefined;
  if (selfAsserted) {
    log.pass('issuer_trusted', 'self-asserted: the issuer must be the holder (did:jwk of cnf.jwk)');
  } else {
    issuer = trustList ? findIssuer(trustList, iss) : undefined;
    if (!issuer) log.fail('issuer_trusted', `the issuer ${iss} is not on the trust list`);
    log.pass('issuer_trusted', issuer.id);
    if (!isAuthoritativeIssuer(trustList!, { iss, format: 'dc+sd-jwt', type: vct })) {
      log.fail('issuer_authoritative', `${issuer.id} is not authoritative for ${vct}`);
    }
    log.pass('issuer_authoritative');
  }

  const transactionData = (expected.transactionData ?? []).filter((t) =>
    t.credentialIds.includes(credentialQuery.id),
  );
  // A self-asserted credential is trusted only through its holder key: always key-bound.
  const queryNeedsKeyBinding = needsKeyBinding(
    credentialQuery,
    transactionData.length > 0,
    parsed.kbJwt !== undefined,
  );
  const haipNeedsKeyBinding = expected.keyBindingWhenBound === true && parsed.payload.cnf !== undefined;
  const keyBound = selfAsserted || queryNeedsKeyBinding || haipNeedsKeyBinding;
  let verified: VerifiedSdJwtVc;
  try {
    verified = await verifySdJwtVc({
      compact: presentation,
      parsed, // parsed once, above
      resolveIssuerKey: ({ header }) =>
        issuer
          ? resolveIssuerKey({
              issuer,
              header,
              allowInsecureUrls: expected.allowInsecureUrls,
              fetch: options.fetch,
              x509Anchors: x509TrustAnchors(trustList!),
              now: expected.now,
            })
          : resolveSelfAssertedIssuerKey(parsed.payload),
      keyBinding: keyBound
        ? {
            nonce: expected.nonce,
            audience: expected.clientId,
            now: expected.now,
            maxAgeSeconds: expected.keyBindingMaxAge,
            ...(transactionData.length > 0
              ? {
                  transactionData: transactionData.map((t) => t.raw),
                  transactionDataHashAlgs: transactionData[0]!.hashAlgs,
                }
              : {}),
          }
        : undefined,
      now: expected.now,
      clockSkewSeconds: expected.clockSkew,
      limits: { maxLength: expected.maxPresentationBytes },
    });
  } catch (err) {
    if (!isSdJwtError(err)) throw err;
    const failed = checkForSdJwtError[err.code];
    // The checks before the failing one passed (format was already recorded by the parse).
    const end = failed === 'transaction_data' ? sdJwtCheckOrder.length : sdJwtCheckOrder.indexOf(failed);
    for (const name of sdJwtCheckOrder.slice(1, end)) log.pass(name);
    // Say why a KB-JWT was needed where only the profile, not the query, asked for it.
    const haipOnly = err.code === 'kb_jwt_missing' && !queryNeedsKeyBinding && !selfAsserted;
    log.fail(
      failed,
      haipOnly
        ? 'HAIP 1.0 §6.1.1.1: the credential has holder binding (cnf), so its presentation needs a KB-JWT, even where the query asks for no holder binding'
        : err.message,
    );
  }
  for (const name of sdJwtCheckOrder) {
    if (keyBound || !KEY_BINDING_CHECKS.has(name)) log.pass(name);
    else log.pass(name, 'not made: the query asks for no holder binding and the presentation has no KB-JWT');
  }
  if (transactionData.length > 0)
    log.pass('transaction_data', `${transactionData.length} hashed in the KB-JWT`);

  if (issuer) {
    await checkStatus({
      reference: verified.status?.status_list,
      issuer,
      statusLists: options.statusLists,
      log,
      allowInsecureUrls: expected.allowInsecureUrls,
      fetch: options.fetch,
      x509Anchors: x509TrustAnchors(trustList!),
    });
  } else {
    log.pass('status', 'self-asserted: no status list applies');
  }
  checkNoUnrequestedClaims(verified, credentialQuery, log);
  if (!selfAsserted) {
    // The chain was validated when the issuer key was resolved from it (resolve-issuer-key.ts).
    const authorityKeyIds = authorityKeyIdentifiers(parsed.header.x5c);
    return {
      iss,
      vct,
      claims: verified.claims,
      format: 'dc+sd-jwt',
      holderBound: keyBound,
      ...(authorityKeyIds.length > 0 ? { authorityKeyIds } : {}),
    };
  }
  // Self-asserted (the profile): the holder key identifies a standing permission, and channel
  // proofs are checked against the trust list's wallet providers.
  // The shape first: the channel proofs below cost a signature check per entry and provider.
  const malformed =
    vct === companyContactProfileVct
      ? invalidCompanyContactProfileClaims(verified.claims)
      : invalidContactProfileClaims(verified.claims);
  if (malformed.length > 0) {
    log.fail('claims_shape', `malformed contact profile claims: ${malformed.join(', ')}`);
  }
  log.pass('claims_shape');
  const holderJwk = verified.cnf!.jwk!;
  const holderThumbprint = jwkThumbprint(holderJwk);
  const claims = await assessContactChannels({
    claims: verified.claims,
    holderThumbprint,
    walletProviders: trustList?.wallet_providers ?? [],
    now: expected.now,
    clockSkew: expected.clockSkew,
  });
  return { iss, vct, claims, format: 'dc+sd-jwt', holderThumbprint, holderJwk, holderBound: true };
}

const KEY_BINDING_CHECKS = new Set(['key_binding', 'sd_hash', 'nonce', 'audience']);

/**
 * Whether the presentation must carry a KB-JWT. OpenID4VP 1.0 §6.1 and B.3: a credential query
 * with `require_cryptographic_holder_binding: false` takes a presentation without one (a KB-JWT
 * that does come is still checked); every other query, and any presentation that must hash
 * transaction data (§8.4, which needs the KB-JWT), requires it.
 */
export function needsKeyBinding(
  query: CredentialQuery,
  hasTransactionData: boolean,
  hasKbJwt: boolean,
): boolean {
  return query.require_cryptographic_holder_binding !== false || hasTransactionData || hasKbJwt;
}

/**
 * OpenID4VP 1.0 §6.4.1: the wallet "MUST NOT send selectively disclosable claims that have not
 * been selected". Every disclosure must lie on or under a path of one claim set the query allows
 * (all its claims without `claim_sets`; none without `claims`). A presentation that discloses
 * more is refused, not trimmed: see docs/verifier.md "Claims not asked for".
 */
function checkNoUnrequestedClaims(verified: VerifiedSdJwtVc, query: CredentialQuery, log: CheckLog): void {
  const disclosed = verified.disclosures.map((d) => d.path);
  const extraFor = (set: ClaimPath[]) =>
    disclosed.filter((path) => !set.some((requested) => isPathCovered(requested, path)));
  const sets = claimSetsOfCredentialQuery(query);
  if (sets.some((set) => extraFor(set).length === 0)) {
    log.pass('no_unrequested_claims');
    return;
  }
  // Name what lies outside the claim set that comes closest.
  const extra = sets.map(extraFor).sort((a, b) => a.length - b.length)[0]!;
  const names = [...new Set(extra.map((path) => path.join('.')))].join(', ');
  if (!query.claims) {
    log.fail(
      'no_unrequested_claims',
      `the query names no claims, so no selectively disclosable claim may be disclosed; disclosed: ${names}`,
    );
  }
  log.fail(
    'no_unrequested_claims',
    sets.length > 1
      ? `claims disclosed outside every claim set of the query: ${names}`
      : `claims disclosed that were not asked for: ${names}`,
  );
}
