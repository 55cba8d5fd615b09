import type { DatabaseKind } from '@min-profil/shared/db';
import { startTestEid, type TestEid } from '@min-profil/eid/testing/start-test-eid';
import type { EidSettings } from '../issuer/src/context.js';

/**
 * The test eID provider behind an issuer, with the issuer registered as its client for every
 * holder's callback: pass the result as `startIssuer`'s `eid`; `started` receives the provider
 * (to close it after the tests).
 */
export function testEidForIssuer(
  kind: DatabaseKind,
  started: (eid: TestEid) => void,
): (issuerBaseUrl: string) => Promise<EidSettings> {
  return async (baseUrl) => {
    const eid = await startTestEid({
      kind,
      clients: [
        {
          client_id: 'min-profil-issuer',
          client_secret: 'issuer-secret-for-tests',
          redirect_uris: ['af', 'skatteverket', 'migrationsverket', 'skola', 'bolagsverket', 'ombud'].map(
            (h) => `${baseUrl}/${h}/eid/callback`,
          ),
        },
      ],
    });
    started(eid);
    return { issuer: eid.issuer, clientId: 'min-profil-issuer', clientSecret: 'issuer-secret-for-tests' };
  };
}
