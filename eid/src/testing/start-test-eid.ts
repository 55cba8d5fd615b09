import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from 'oidc-provider';
import { openDatabase, type DatabaseKind } from '@min-profil/shared/db';
import { createTestDatabase, type TestDatabase } from '@min-profil/shared/testing/test-database';
import { buildEidApp, type EidClientInput } from '../app.js';
import { eidEntities, eidMigrations } from '../persistence/index.js';

export interface TestEid {
  /** The provider's issuer, http://127.0.0.1:<port>. */
  issuer: string;
  provider: Provider;
  close(): Promise<void>;
}

/**
 * Starts the real test eID provider for a test: a fresh database of the given kind, a server
 * on 127.0.0.1 port 0, and the provider created once the port (and so its issuer) is known.
 */
export async function startTestEid(options: {
  kind: DatabaseKind;
  clients: EidClientInput[];
  /** An existing database (a restart); the caller then owns its clean-up. */
  database?: TestDatabase;
  /** Seconds a sign-in is remembered for single sign-on; none by default. */
  singleSignOnSeconds?: number;
}): Promise<TestEid> {
  const owned = !options.database;
  const testDatabase = options.database ?? createTestDatabase(options.kind, 'eid');
  const database = await openDatabase({
    url: testDatabase.url,
    schema: testDatabase.schema,
    entities: eidEntities,
    migrations: eidMigrations,
  });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  try {
    const { app, provider } = await buildEidApp({
      issuer,
      clients: options.clients,
      database,
      singleSignOnSeconds: options.singleSignOnSeconds,
    });
    server.on('request', app);
    return {
      issuer,
      provider,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await database.close();
        if (owned) await testDatabase.cleanup();
      },
    };
  } catch (err) {
    server.close();
    await database.close();
    if (owned) await testDatabase.cleanup();
    throw err;
  }
}
