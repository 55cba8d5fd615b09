import { z } from 'zod';
import { readX5cCertificates } from '@min-profil/shared/sd-jwt/read-x5c-certificates';
import { isAuthoritativeIssuer } from '@min-profil/shared/trust-list/trust-queries';
import { trustListAuthorityType } from '@min-profil/shared/trust-list/trusted-authority-type';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import { authorityKeyIdentifier } from './authority-key-identifier.js';

/** OpenID4VP 1.0 §6.1.1: one entry of a credential query's `trusted_authorities`. */
const zTrustedAuthority = z
  .object({ type: z.string().min(1).max(300), values: z.array(z.string().min(1).max(2000)).min(1).max(100) })
  .loose();
const zTrustedAuthorities = z.array(zTrustedAuthority).min(1).max(20);

export type TrustedAuthority = z.infer<typeof zTrustedAuthority>;

/**
 * Takes `trusted_authorities` out of each credential query, checked for shape, so the rest can go
 * to the `dcql` library: dcql 3.0 knows only the types `aki`, `etsi_tl` and `openid_federation`
 * and refuses a query naming any other (§6.1.1 allows other types, such as our trust list's),
 * and it matches a credential against one authority only. Returns the query without them and
 * the authorities per credential query id; throws (a ZodError) when they are malformed.
 */
export function splitTrustedAuthorities(dcql: Record<string, unknown>): {
  query: Record<string, unknown>;
  authorities: Map<string, TrustedAuthority[]>;
} {
  const authorities = new Map<string, TrustedAuthority[]>();
  if (!Array.isArray(dcql.credentials)) return { query: dcql, authorities };
  const credentials = (dcql.credentials as unknown[]).map((entry) => {
    if (typeof entry !== 'object' || entry === null || !('trusted_authorities' in entry)) return entry;
    const { trusted_authorities: asked, ...rest } = entry as Record<string, unknown>;
    if (typeof rest.id === 'string') authorities.set(rest.id, zTrustedAuthorities.parse(asked));
    return rest;
  });
  return { query: { ...dcql, credentials }, authorities };
}

/**
 * Does a held SD-JWT VC satisfy one of the query's trusted authorities (§6.1.1)?
 * - `aki`: a certificate of the credential's `x5c` chain has that Authority Key Identifier.
 * - our trust list type: the value names the trust list this wallet uses, and the credential's
 *   issuer is on it for this type.
 * - `etsi_tl`, `openid_federation`, anything else: this wallet cannot evaluate ETSI TS 119 612
 *   lists or federations, so the credential is treated as not matching (never assumed to).
 */
export function satisfiesTrustedAuthorities(options: {
  authorities: TrustedAuthority[];
  credential: { header: Record<string, unknown>; iss?: string; vct?: string };
  trustList: TrustList;
  trustListUri: string;
}): boolean {
  const { credential } = options;
  return options.authorities.some((authority) => {
    if (authority.type === 'aki') {
      if (credential.header.x5c === undefined) return false;
      let identifiers: Array<string | undefined>;
      try {
        identifiers = readX5cCertificates({ header: credential.header }).map(authorityKeyIdentifier);
      } catch {
        return false;
      }
      return identifiers.some((aki) => aki !== undefined && authority.values.includes(aki));
    }
    if (authority.type === trustListAuthorityType) {
      return (
        authority.values.includes(options.trustListUri) &&
        credential.iss !== undefined &&
        credential.vct !== undefined &&
        isAuthoritativeIssuer(options.trustList, {
          iss: credential.iss,
          format: 'dc+sd-jwt',
          type: credential.vct,
        })
      );
    }
    return false;
  });
}
