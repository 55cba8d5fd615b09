import { createHash } from 'node:crypto';
import { openDatabase, type Database } from '@min-profil/shared/db';
import {
  createTestDatabase,
  testDatabaseKinds,
  type TestDatabase,
} from '@min-profil/shared/testing/test-database';
import { issuerMigrations } from '../issuer/src/persistence/migrations/index.js';
import { verifierMigrations } from '../verifier/src/persistence/migrations/index.js';
import { walletEntities } from '../wallet/src/persistence/entities.js';
import { walletMigrations } from '../wallet/src/persistence/migrations/index.js';
import { createWalletStore } from '../wallet/src/persistence/wallet-store.js';

/**
 * The migrations databases in use have recorded, in order. TypeORM knows a migration by its
 * `name` only: renaming, reordering or dropping one makes an existing database run it again (or
 * never run what follows), so this list only ever grows at its end.
 */
const recorded = {
  wallet: [
    'CreateWalletTables1764500000000',
    'CreateWalletApprovals1764600000000',
    'CreateWalletStandingPermissions1764720000000',
    'CreateWalletProfile1764730000000',
    'AddDemoMessageAccount1764740000000',
    'BindHolderFetchToBrowser1764800000000',
  ],
  issuer: [
    'CreateIssuerTables1764400000000',
    'CreateIssuerKeys1764700000000',
    'CreatePushedAuthorizationRequests1765000000000',
    'BindEidSignInToBrowser1765100000000',
  ],
  verifier: [
    'CreateVerifierTables1764500000000',
    'CreateApprovalTables1764600000000',
    'CreateStandingPermissionTables1764700000000',
    'CreateWebhookOutbox1764800000000',
    'AddPageSessionAndExpiryIndex1764900000000',
    'CreateDataKeys1765000000000',
  ],
};

describe('the migration lists', () => {
  it.each([
    ['wallet', walletMigrations],
    ['issuer', issuerMigrations],
    ['verifier', verifierMigrations],
  ] as const)('of the %s begin with the names existing databases recorded, in order', (service, list) => {
    const names = list.map((migration) => new migration().name);
    expect(names.slice(0, recorded[service].length)).toEqual(recorded[service]);
    // Each class is named as it records itself.
    expect(list.map((migration) => migration.name)).toEqual(names);
  });
});

const now = Math.floor(Date.now() / 1000);
const documentHash = createHash('sha256').update('the approved document').digest('base64url');

/** Rows as the wallet wrote them before its stores were split: JSON columns as JSON text. */
async function writeRowsOfThePreviousVersion(database: TestDatabase): Promise<void> {
  const previous = await openDatabase({
    url: database.url,
    schema: database.schema,
    entities: [],
    migrations: walletMigrations,
  });
  try {
    const insert = (table: string, values: Record<string, unknown>) =>
      previous.dataSource.createQueryBuilder().insert().into(table).values(values).execute();
    await insert('wallet_account', {
      id: 'account-1',
      identity_number: 'identity-1',
      wrapped_data_key: 'wrapped',
      created_at: now,
    });
    const credential = {
      account_id: 'account-1',
      offer_id: 'offer-1',
      state: 'stored',
      credential_issuer: 'https://issuer.example/af',
      configuration_id: 'registration',
      format: 'dc+sd-jwt',
      vct: 'https://issuer.example/vct/registration',
      issued_at: now,
      expires_at: null,
      status_uri: null,
      status_idx: null,
      copies: 1,
      sealed: 'sealed',
      created_at: now,
      next_poll_at: null,
    };
    await insert('wallet_credential', {
      ...credential,
      id: 'credential-1',
      display: JSON.stringify({
        name: { sv: 'Inskrivningsintyg' },
        description: {},
        background_color: '#005a9e',
        issuer_name: { sv: 'Arbetsförmedlingen' },
        claims: [{ path: ['registered_since'], label: { sv: 'Inskriven sedan' } }],
      }),
    });
    // Not what the wallet ever kept as a display: no issuer name.
    await insert('wallet_credential', {
      ...credential,
      id: 'credential-2',
      display: JSON.stringify({ name: { sv: 'Utan utfärdare' } }),
    });
    await insert('wallet_presentation_request', {
      id: 'request-1',
      account_id: 'account-1',
      client_id: 'decentralized_identifier:did:web:verifier.example',
      request: JSON.stringify({
        payload: { response_uri: 'https://verifier.example/response', nonce: 'n' },
        client: {
          prefix: 'decentralized_identifier',
          identifier: 'did:web:verifier.example',
          effective: 'decentralized_identifier:did:web:verifier.example',
        },
        verified: true,
        consumerId: 'insurer',
        dcql: { credentials: [{ id: 'registration', format: 'dc+sd-jwt' }] },
        responseMode: 'direct_post.jwt',
        responseUri: 'https://verifier.example/response',
        transactionData: [
          {
            raw: 'eyJ0eXBlIjoi',
            value: {
              type: 'min-profil/document-approval',
              credential_ids: ['registration'],
              request_id: 'approval-1',
              title: 'Praktikavtal',
              media_type: 'application/pdf',
              document_uri: 'https://verifier.example/documents/1',
              document_hash: documentHash,
              document_hash_alg: 'sha-256',
            },
            sealedDocument: 'sealed-document',
          },
        ],
        standingPermission: {
          credential_ids: ['profile'],
          update_endpoint: 'https://verifier.example/updates',
          nonce_endpoint: 'https://verifier.example/nonce',
        },
      }),
      created_at: now,
      expires_at: now + 900,
      answered_at: null,
    });
    await insert('wallet_approval', {
      id: 'approval-1',
      account_id: 'account-1',
      presentation_request_id: 'request-1',
      client_id: 'decentralized_identifier:did:web:verifier.example',
      counterparty_name: JSON.stringify({ sv: 'Försäkringsbolaget' }),
      title: 'Praktikavtal',
      media_type: 'application/pdf',
      document_hash: documentHash,
      approved_at: now,
      sealed: 'sealed',
    });
    await insert('wallet_log_entry', {
      id: 'log-1',
      account_id: 'account-1',
      at: now,
      event: 'presentation',
      counterparty: 'decentralized_identifier:did:web:verifier.example',
      counterparty_name: JSON.stringify({ sv: 'Försäkringsbolaget' }),
      credential_types: JSON.stringify(['https://issuer.example/vct/registration']),
      claims: JSON.stringify(['registered_since']),
      purpose: null,
      outcome: 'sent',
    });
    await insert('wallet_holder_authorization', {
      state: 'state-1',
      account_id: 'account-1',
      credential_issuer: 'https://issuer.example/af',
      configuration_ids: JSON.stringify(['registration']),
      code_verifier: 'verifier',
      return_to: '/',
      session_bound: 1,
      browser_binding: null,
      expires_at: now + 600,
    });
  } finally {
    await previous.close();
  }
}

describe.each(testDatabaseKinds())('a wallet database the previous version wrote, on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = createTestDatabase(kind, 'wallet_upgrade');
    await writeRowsOfThePreviousVersion(database);
    // Opened as the wallet opens it: its entities, this version's migrations.
    db = await openDatabase({
      url: database.url,
      schema: database.schema,
      entities: walletEntities,
      migrations: walletMigrations,
    });
  });

  afterAll(async () => {
    await db?.close();
    await database?.cleanup();
  });

  it('opens without running a migration again, and its stored JSON reads back typed', async () => {
    const ran = await db.dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations ORDER BY id');
    expect(ran.map((row) => row.name).filter((name) => recorded.wallet.includes(name))).toEqual(
      recorded.wallet,
    );
    expect(new Set(ran.map((row) => row.name)).size).toBe(ran.length);
    expect(await db.dataSource.showMigrations()).toBe(false);

    const store = createWalletStore(db);
    const credential = await store.findCredential('account-1', 'credential-1');
    expect(credential?.display.issuer_name).toEqual({ sv: 'Arbetsförmedlingen' });
    expect(credential?.display.claims[0]?.label).toEqual({ sv: 'Inskriven sedan' });

    const request = await store.findPresentationRequest('account-1', 'request-1');
    expect(request?.request.responseMode).toBe('direct_post.jwt');
    expect(request?.request.transactionData?.[0]?.value.title).toBe('Praktikavtal');
    expect(request?.request.standingPermission?.update_endpoint).toBe('https://verifier.example/updates');

    expect((await store.listApprovals('account-1')).map((a) => a.counterpartyName)).toEqual([
      { sv: 'Försäkringsbolaget' },
    ]);
    const [entry] = await store.listLog('account-1');
    expect(entry?.credentialTypes).toEqual(['https://issuer.example/vct/registration']);
    expect(entry?.purpose).toBeNull();
    expect((await store.findHolderAuthorization('state-1'))?.configurationIds).toEqual(['registration']);
  });

  it('refuses to hand out a row whose JSON is not what the wallet keeps', async () => {
    const store = createWalletStore(db);
    await expect(store.findCredential('account-1', 'credential-2')).rejects.toThrow(/issuer_name/);
    await expect(store.listCredentials('account-1', ['stored'])).rejects.toThrow(/issuer_name/);
  });
});
