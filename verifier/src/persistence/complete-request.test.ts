import { randomBytes } from 'node:crypto';
import { openDatabase } from '@min-profil/shared/db';
import { createTestDatabase, testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { createDataSealer } from '../crypto/data-sealer.js';
import { verifierEntities, type PresentationRequestRow } from './entities.js';
import { verifierMigrations } from './migrations/index.js';
import { createVerifierStore } from './verifier-store.js';
import { presentationRequestRow } from './testing/presentation-request-row.js';

const now = Math.floor(Date.now() / 1000);

function pending(id: string, consumerId: string): PresentationRequestRow {
  return presentationRequestRow(id, { consumerId, createdAt: now, expiresAt: now + 600 });
}

describe.each(testDatabaseKinds())('recording a result on %s', (kind) => {
  it('seals the claims under the request’s own consumer, read or handed over, and refuses another’s', async () => {
    const testDb = createTestDatabase(kind, 'complete_request');
    const db = await openDatabase({
      url: testDb.url,
      schema: testDb.schema,
      entities: verifierEntities,
      migrations: verifierMigrations,
    });
    try {
      const keys = new Map([
        ['insurer', randomBytes(32)],
        ['university', randomBytes(32)],
      ]);
      const store = createVerifierStore(
        db,
        createDataSealer((consumerId) => keys.get(consumerId)!),
      );
      await store.insertRequest(pending('read', 'insurer'));
      await store.insertRequest(pending('handed', 'insurer'));
      await store.insertRequest(pending('wrong', 'insurer'));
      const claims = { q: [{ issuer: 'https://issuer.example', vct: 'urn:test', given_name: 'Tolvan' }] };
      const outcome = { status: 'verified' as const, checks: [], claims, claimsExpireAt: now + 60, now };

      await store.completeRequest('read', outcome);
      await store.completeRequest('handed', outcome, undefined, 'insurer');
      for (const id of ['read', 'handed']) {
        const row = await store.findRequest(id);
        expect({ status: row?.status, claims: row?.claims }).toEqual({ status: 'verified', claims });
      }

      // A consumer that is not the request's: nothing is written under its key.
      await expect(store.completeRequest('wrong', outcome, undefined, 'university')).rejects.toThrow(
        'no such presentation request',
      );
      await expect(store.completeRequest('missing', outcome, undefined, 'insurer')).rejects.toThrow(
        'no such presentation request',
      );
      const untouched = await store.findRequest('wrong');
      expect({ status: untouched?.status, claims: untouched?.claims }).toEqual({
        status: 'pending',
        claims: null,
      });
    } finally {
      await db.close();
      await testDb.cleanup();
    }
  });
});
