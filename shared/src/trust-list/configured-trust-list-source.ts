import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import { OAuthError, isOAuthError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createFileTrustListSource, type TrustListSource } from './trust-list-source.js';
import { createFileTrustListStateStore } from './trust-list-state.js';

/**
 * The trust list as a service reads it from its configuration: the list file, the operator's
 * public key file (a JWK or a JWK Set), and the service's own state file for rollback protection
 * and learnt keys. Read when first needed, so a service can start before the operator publishes.
 * Fails closed: without a list in force, `temporarily_unavailable` (503), never an empty list.
 */
export function createConfiguredTrustListSource(options: {
  file: string;
  operatorJwkFile: string;
  stateFile: string;
  logger: Pick<Logger, 'warn'>;
}): TrustListSource {
  let source: TrustListSource | undefined;
  return {
    async get() {
      if (!source) {
        let operatorJwk: JWK | { keys: JWK[] };
        try {
          operatorJwk = JSON.parse(await readFile(options.operatorJwkFile, 'utf8')) as JWK | { keys: JWK[] };
        } catch (cause) {
          throw new OAuthError('temporarily_unavailable', 'the trust list operator key is not configured', {
            cause,
          });
        }
        source = createFileTrustListSource({
          file: options.file,
          operatorJwk,
          state: createFileTrustListStateStore(options.stateFile),
          // Logged once per file version; the message names the rule, never list contents.
          onRefused: (err) =>
            options.logger.warn({ refusal: err.code }, `trust list refused: ${err.message}`),
        });
      }
      try {
        return await source.get();
      } catch (cause) {
        if (isOAuthError(cause)) throw cause;
        throw new OAuthError('temporarily_unavailable', 'the trust list cannot be read at the moment', {
          cause,
        });
      }
    },
  };
}
