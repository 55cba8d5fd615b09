import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { encodeStatusList } from '@min-profil/shared/status-list/encode-status-list';
import { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import { createStatusListJwt } from '@min-profil/shared/status-list/status-list-jwt';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { parseDcqlQuery } from '@min-profil/verifier/presentation-request/parse-dcql-query';

/**
 * The registration certificate the in-process benchmarks verify (micro.ts, feature-costs.ts):
 * its issuer, type and status list, the trust list that names the issuer, and a DCQL query for it.
 */
export const ISSUER = 'https://arbetsformedlingen.example/af';
export const VCT = `${ISSUER}/vct/registration-certificate`;
export const STATUS_URI = `${ISSUER}/status-lists/1`;
export const NONCE = 'bench-nonce-0123456789';
export const claims6 = {
  given_name: 'Tolvan',
  family_name: 'Tolvansson',
  personal_identity_number: '191212121212',
  registered_since: '2026-09-01',
  registration_status: 'registered',
  office: 'Arbetsförmedlingen Solna',
};

/** A trust list with the one issuer, authoritative for the registration certificate. */
export function registrationTrustList(issuerJwk: JWK): TrustList {
  return {
    version: 1,
    operator: 'bench',
    issued_at: new Date().toISOString(),
    issuers: [
      {
        id: 'af',
        name: { sv: 'Arbetsförmedlingen', en: 'Swedish Public Employment Service' },
        credential_issuer: ISSUER,
        jwks: { keys: [issuerJwk] },
        credential_types: [
          {
            format: 'dc+sd-jwt',
            type: VCT,
            credential_configuration_id: 'registration_certificate',
            name: { sv: 'x', en: 'x' },
          },
        ],
      },
    ],
    consumers: [],
  } as unknown as TrustList;
}

/** A DCQL query for the registration certificate with these claims. */
export function registrationQuery(claimNames: string[]): ReturnType<typeof parseDcqlQuery> {
  return parseDcqlQuery({
    credentials: [
      {
        id: 'registration',
        format: 'dc+sd-jwt',
        meta: { vct_values: [VCT] },
        claims: claimNames.map((name) => ({ path: [name] })),
      },
    ],
  });
}

/** The issuer's status list (131,072 two-bit entries, none revoked), signed, and a cache serving it. */
export async function registrationStatusList(
  signer: { privateKey: KeyObject; kid: string; alg: 'ES256' },
  now: number,
): Promise<{ statusJwt: string; statusLists: StatusListCache }> {
  const { lst, bits } = encodeStatusList({ statuses: new Uint8Array(131_072), bits: 2 });
  const statusJwt = await createStatusListJwt({
    uri: STATUS_URI,
    issuer: ISSUER,
    bits,
    lst,
    ttl: 86_400,
    issuedAt: now,
    signer,
  });
  return { statusJwt, statusLists: new StatusListCache({ fetchJwt: async () => statusJwt }) };
}
