import { STATUS_VALID } from '@min-profil/shared/status-list/status-values';
import type { StatusListCache } from '@min-profil/shared/status-list/status-list-cache';
import type { X509TrustAnchor } from '@min-profil/shared/pki/validate-x5c-chain';
import type { TrustedIssuer } from '@min-profil/shared/trust-list/z-trust-list';
import { CheckFailed, type CheckLog } from './checks.js';
import { resolveIssuerKey } from './resolve-issuer-key.js';

const statusNames: Record<number, string> = { 1: 'revoked', 2: 'suspended' };

/**
 * Token Status List check: the list at `uri` (fetched, verified against the credential's own
 * issuer's keys and cached per its `ttl`) must say VALID at `idx`.
 */
export async function checkStatus(options: {
  reference: { idx: number; uri: string } | undefined;
  issuer: TrustedIssuer;
  statusLists: StatusListCache;
  log: CheckLog;
  allowInsecureUrls: boolean;
  fetch?: typeof globalThis.fetch;
  /** For a list signed with `x5c`: the trust list's x509 trust anchors. */
  x509Anchors?: X509TrustAnchor[];
}): Promise<void> {
  const log: CheckLog = options.log;
  const { reference } = options;
  if (!reference) {
    log.pass('status', 'the credential has no status list entry');
    return;
  }
  let status: number;
  try {
    // A cached, fresh list answers at once; otherwise fetch, verify and cache it.
    status =
      options.statusLists.peekStatus(reference.uri, reference.idx) ??
      (await options.statusLists.getStatus({
        uri: reference.uri,
        idx: reference.idx,
        // The list must be signed by the credential's own issuer.
        resolveKey: ({ header }) =>
          resolveIssuerKey({
            issuer: options.issuer,
            header,
            allowInsecureUrls: options.allowInsecureUrls,
            fetch: options.fetch,
            x509Anchors: options.x509Anchors,
          }),
      }));
  } catch (err) {
    if (err instanceof CheckFailed) throw err;
    log.fail(
      'status',
      `the status list could not be checked: ${err instanceof Error ? err.message : 'error'}`,
    );
  }
  if (status !== STATUS_VALID) {
    log.fail('status', `the credential is ${statusNames[status] ?? `in status 0x${status.toString(16)}`}`);
  }
  log.pass('status');
}
