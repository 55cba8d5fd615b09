import { verifyCredential, verifyPresentation } from 'did-jwt-vc';
import { decodeJwt } from 'jose';
import type { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import {
  findIssuer,
  isAuthoritativeIssuer,
  x509TrustAnchors,
} from '@min-profil/shared/trust-list/trust-queries';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { typesOfCredentialQuery, type CredentialQuery } from '../presentation-request/parse-dcql-query.js';
import { checkStatus } from './check-status.js';
import type { CheckLog } from './checks.js';
import { createTrustListDidResolver } from './trust-list-did-resolver.js';
import type { PresentationExpectation, VerifiedPresentation } from './verify-sd-jwt-presentation.js';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function decode(jwt: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(jwt) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Verifies one `jwt_vc_json` presentation (OpenID4VP 1.0 §B.1.3.1): a VP JWT signed by the
 * holder, carrying this request's `nonce` and the client identifier as `aud`, wrapping one
 * W3C VC-JWT. Signatures are checked with did-jwt-vc, issuer keys come from the trust list
 * (did:web) and the holder key from its did:jwk; the same trust, validity and status rules as
 * for SD-JWT VC apply. A VC-JWT has no selective disclosure: only the requested claims are kept.
 *
 * OpenID4VP 1.0 §6.1 and B.1: where the credential query says
 * `require_cryptographic_holder_binding: false`, the wallet may send the VC-JWT itself, without
 * a VP around it; the holder checks are then not made (a VP that does come is checked all the
 * same), and the credential is reported as not holder-bound.
 */
export async function verifyJwtVcPresentation(options: {
  presentation: unknown;
  credentialQuery: CredentialQuery;
  trustList: TrustList | undefined;
  expected: PresentationExpectation;
  statusLists: StatusListCache;
  log: CheckLog;
  fetch?: typeof globalThis.fetch;
}): Promise<VerifiedPresentation> {
  const { presentation, expected, trustList } = options;
  const log: CheckLog = options.log;

  if (
    typeof presentation !== 'string' ||
    presentation.length > expected.maxPresentationBytes ||
    !JWT.test(presentation)
  ) {
    log.fail('format', 'a jwt_vc_json presentation is a VP JWT no larger than the limit');
  }
  const outer = decode(presentation);
  // A bare VC-JWT (it has `vc`, not `vp`) is a presentation without holder binding.
  const bare = isObject(outer?.vc) && outer?.vp === undefined;
  if (bare && options.credentialQuery.require_cryptographic_holder_binding !== false) {
    log.fail('key_binding', 'the credential query requires holder binding: send a VP JWT, not the VC-JWT');
  }
  const vpPayload = bare ? undefined : outer;
  const vp = vpPayload?.vp;
  const credentials = bare ? [presentation] : isObject(vp) ? vp.verifiableCredential : undefined;
  if (!Array.isArray(credentials) || credentials.length !== 1 || typeof credentials[0] !== 'string') {
    log.fail('format', 'the VP must carry exactly one credential, as a VC-JWT');
  }
  const vcJwt = credentials[0] as string;
  const vcPayload = decode(vcJwt);
  const vc = vcPayload?.vc;
  const iss = vcPayload?.iss;
  if (!isObject(vc) || typeof iss !== 'string' || !Array.isArray(vc.type)) {
    log.fail('format', 'the VC-JWT lacks iss or vc.type');
  }
  const types = (vc.type as unknown[]).filter(
    (t): t is string => typeof t === 'string' && t !== 'VerifiableCredential',
  );
  const accepted = typesOfCredentialQuery(options.credentialQuery);
  const type = types.find((t) => accepted.length === 0 || accepted.includes(t));
  if (!type) log.fail('format', `the credential's type is not one the credential query accepts`);

  const issuer = trustList ? findIssuer(trustList, iss) : undefined;
  if (!issuer) log.fail('issuer_trusted', `the issuer ${iss} is not on the trust list`);
  log.pass('issuer_trusted', issuer.id);
  if (!isAuthoritativeIssuer(trustList!, { iss, format: 'jwt_vc_json', type })) {
    log.fail('issuer_authoritative', `${issuer.id} is not authoritative for ${type}`);
  }
  log.pass('issuer_authoritative');
  log.pass('format');

  const resolver = createTrustListDidResolver(trustList);
  // Signatures only here; times, nonce and audience are checked below, each under its own name.
  const signatureOnly = { now: expected.now, nbf: false, iat: false, exp: false, aud: false };
  try {
    await verifyCredential(vcJwt, resolver, {
      policies: { ...signatureOnly, issuanceDate: false, expirationDate: false, format: true },
    });
  } catch {
    log.fail('issuer_signature', 'the VC-JWT signature does not verify with a key of its issuer');
  }
  log.pass('issuer_signature');

  const skew = expected.clockSkew;
  const exp = vcPayload!.exp;
  const nbf = vcPayload!.nbf;
  if (typeof exp === 'number' && expected.now >= exp + skew)
    log.fail('validity_period', 'the VC-JWT has expired');
  if (typeof nbf === 'number' && expected.now + skew < nbf)
    log.fail('validity_period', 'the VC-JWT is not valid yet');
  log.pass('validity_period');
  log.pass('disclosures', 'a VC-JWT has no selective disclosures');

  if (bare) {
    for (const name of ['key_binding', 'nonce', 'audience'] as const)
      log.pass(name, 'not made: the query asks for no holder binding and the credential came without a VP');
  } else {
    try {
      await verifyPresentation(presentation, resolver, { policies: { ...signatureOnly, format: true } });
    } catch {
      log.fail('key_binding', 'the VP JWT signature does not verify with the holder key');
    }
    // The holder who signed the VP is the subject the credential was issued to.
    if (vpPayload!.iss !== vcPayload!.sub)
      log.fail('key_binding', 'the VP is not signed by the credential subject');
    const iat = vpPayload!.iat;
    if (
      typeof iat !== 'number' ||
      iat > expected.now + skew ||
      expected.now - iat > expected.keyBindingMaxAge
    ) {
      log.fail('key_binding', 'the VP JWT iat is missing, in the future or too old');
    }
    log.pass('key_binding');
    if (vpPayload!.nonce !== expected.nonce) log.fail('nonce', 'the VP JWT nonce is wrong');
    log.pass('nonce');
    const aud = vpPayload!.aud;
    if (!(
      aud === expected.clientId ||
      (Array.isArray(aud) && aud.length === 1 && aud[0] === expected.clientId)
    )) {
      log.fail('audience', 'the VP JWT aud is wrong');
    }
    log.pass('audience');
  }

  // Token Status List §6.1: the top-level `status` claim; credentials issued before it carry
  // the same reference at `vc.credentialStatus`, which keeps working.
  const credentialStatus = isObject(vcPayload!.status) ? vcPayload!.status : vc.credentialStatus;
  const statusList = isObject(credentialStatus) ? credentialStatus.status_list : undefined;
  const reference =
    isObject(statusList) && typeof statusList.idx === 'number' && typeof statusList.uri === 'string'
      ? { idx: statusList.idx, uri: statusList.uri }
      : undefined;
  await checkStatus({
    reference,
    issuer,
    statusLists: options.statusLists,
    log,
    allowInsecureUrls: expected.allowInsecureUrls,
    fetch: options.fetch,
    x509Anchors: x509TrustAnchors(trustList!),
  });
  log.pass('no_unrequested_claims', 'a VC-JWT discloses all its claims; only the requested ones are kept');
  const { credentialStatus: _status, ...claims } = vc;
  return { iss, vct: type, claims, format: 'jwt_vc_json', types: vc.type as string[], holderBound: !bare };
}
