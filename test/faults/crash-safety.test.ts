import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { exportJWK } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { demoPeople } from '@min-profil/shared/demo-people';
import { testDatabaseKinds, testPostgresUrl } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { signTrustList } from '@min-profil/shared/trust-list/sign-trust-list';
import type { TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import {
  createHolderKey,
  createProof,
  preAuthorizedGrant,
  type HolderKeyPair,
} from '../../issuer/test/wallet-client.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  presentCredential,
} from '../../verifier/test/test-wallet.js';
import { call, HarnessFailure, replayDecided, retry, trusted, waits } from './answers.js';
import { faultSettings } from './fault-settings.js';
import { startKiller } from './killer.js';
import { PostgresCluster } from './postgres-cluster.js';
import { freePort, ServiceProcess } from './service-process.js';

/**
 * Crash safety: the issuer, verifier and wallet run as real processes on SQLite and on
 * PostgreSQL while issuance, revocation, presentation and wallet-receive flows run against them,
 * and a killer SIGKILLs a random service every second or two and starts it again. Afterwards the
 * invariants are checked: no code redeemed twice, no nonce usable twice, no credential the
 * client was told it got missing from the audit, no acknowledged revocation lost, no presentation
 * accepted twice, no half-written credential in the wallet, no personal data in any log line,
 * no service exiting by itself. Every check reads answers it can trust (answers.ts): a read that
 * gets none within its deadline fails the run as a harness failure, never as a violation.
 * `npm run test:faults` runs it longer (FAULTS_SECONDS), or until FAULTS_KILLS kills, and with
 * FAULTS_KILL_POSTGRES=1 crashes a private PostgreSQL too (fault-settings.ts).
 */
const settings = faultSettings();
const tolvan = '191212121212';
const run = promisify(execFile);
// The rest of a contact profile the runs do not change (PUT replaces the whole profile).
const emptyProfile = { address: null, phones: [], preferred_language: 'sv', contact_preferences: null };

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

interface Issued {
  credential: string;
  key: HolderKeyPair;
  listUri: string;
  idx: number;
  nonce: string;
  accessToken: string;
}

const kinds = testDatabaseKinds();

(kinds.length > 0 ? describe.each(kinds) : describe.skip.each(['postgres']))(
  'crash safety with SIGKILL on %s',
  (kind) => {
    const dataDir = mkdtempSync(join(tmpdir(), `min-profil-faults-${kind}-`));
    const databaseName = `faults_${randomBytes(4).toString('hex')}`;
    const issuerKey = randomBytes(16).toString('hex');
    const insurerKey = randomBytes(16).toString('hex');
    // The contact-profile consumers, each with a standing permission from Tolvan.
    const profileConsumers = ['school', 'municipality', 'forsakringskassan'];
    const profileConsumerKeys = Object.fromEntries(
      profileConsumers.map((id) => [id, randomBytes(16).toString('hex')]),
    );
    let issuer: ServiceProcess;
    let verifier: ServiceProcess;
    let wallet: ServiceProcess;
    let trustList: TrustList;
    let walletToken: string;
    let env: Record<string, string>;
    // The server of this run: a private cluster when PostgreSQL itself is to be crashed.
    let cluster: PostgresCluster | undefined;
    let serverUrl = settings.postgresUrl ?? testPostgresUrl;

    beforeAll(async () => {
      let databaseUrl: string | undefined;
      if (kind === 'postgres') {
        if (settings.killPostgres) {
          cluster = settings.postgresDataDir
            ? await PostgresCluster.existing(serverUrl, settings.postgresDataDir, testPostgresUrl)
            : await PostgresCluster.create(await freePort());
          serverUrl = cluster.url;
        }
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${databaseName}`);
        await admin.end();
        databaseUrl = serverUrl.replace(/\/[^/]*$/, `/${databaseName}`);
      }
      const operator = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeFileSync(join(dataDir, 'operator.pub.json'), JSON.stringify(await exportJWK(operator.publicKey)));
      const [issuerPort, verifierPort, walletPort] = [await freePort(), await freePort(), await freePort()];
      env = {
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        ALLOW_INSECURE_URLS: '1',
        TRUST_LIST_FILE: join(dataDir, 'trust-list.jwt'),
        TRUST_LIST_OPERATOR_JWK: join(dataDir, 'operator.pub.json'),
        ISSUER_API_KEY: issuerKey,
        // The crash loop redeems codes with plain token requests (bearer tokens); DPoP has its own tests.
        ISSUER_REQUIRE_DPOP: 'false',
        VERIFIER_API_KEYS: [
          `insurer:${insurerKey}`,
          `university:${randomBytes(16).toString('hex')}`,
          `af-praktik:${randomBytes(16).toString('hex')}`,
          ...profileConsumers.map((id) => `${id}:${profileConsumerKeys[id]}`),
        ].join(','),
        // Standing-permission deliveries retry quickly, so the run can wait for them to settle.
        WALLET_DELIVERY_POLL_SECONDS: '1',
        WALLET_DELIVERY_RETRY_BASE_SECONDS: '1',
        WALLET_DELIVERY_RETRY_CAP_SECONDS: '2',
        // A delivery claimed by a wallet that is then killed is free again after this.
        WALLET_DELIVERY_LEASE_SECONDS: '3',
        ISSUER_PORT: String(issuerPort),
        ISSUER_BASE_URL: `http://127.0.0.1:${issuerPort}`,
        VERIFIER_PORT: String(verifierPort),
        VERIFIER_BASE_URL: `http://127.0.0.1:${verifierPort}`,
        WALLET_PORT: String(walletPort),
        WALLET_BASE_URL: `http://127.0.0.1:${walletPort}`,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      };
      issuer = new ServiceProcess('issuer', env.ISSUER_BASE_URL, env, '/health/live');
      verifier = new ServiceProcess('verifier', env.VERIFIER_BASE_URL, env, '/api/consumers');
      wallet = new ServiceProcess('wallet', env.WALLET_BASE_URL, env, '/health/live');
      await issuer.start();
      await verifier.start();
      const issuers = await Promise.all(
        ['af', 'skatteverket', 'migrationsverket', 'skola', 'bolagsverket', 'ombud'].map((id) =>
          fetchTrustedIssuer({ id, credentialIssuer: `${env.ISSUER_BASE_URL}/${id}` }),
        ),
      );
      const consumers = (await call(`${env.VERIFIER_BASE_URL}/api/consumers`)).body.consumers;
      trustList = buildTrustList({
        operator: 'faults',
        issuers,
        consumers,
        registrations: demoRegistrations,
      });
      writeFileSync(
        env.TRUST_LIST_FILE,
        await signTrustList({ trustList, privateKey: operator.privateKey, kid: 'op' }),
      );
      await wallet.start();
      const cli = await run(
        process.execPath,
        [join(process.cwd(), 'wallet', 'dist', 'cli', 'create-token.js'), tolvan],
        {
          env: { ...process.env, ...env, NODE_OPTIONS: '' },
        },
      );
      walletToken = cli.stdout.trim();
      // Tolvan's profile, shared with the three consumers under standing permissions.
      const auth = { authorization: `Bearer ${walletToken}` };
      const saved = await call(`${env.WALLET_BASE_URL}/api/profile`, {
        ...json({ profile_version: 0, emails: [{ address: 'tolvan.0@example.se' }], ...emptyProfile }, auth),
        method: 'PUT',
      });
      expect(saved.status).toBe(200);
      // Sharing without a request sends who Tolvan is (contract version 2): Skatteverket's identity.
      const identity = await call(
        `${env.ISSUER_BASE_URL}/skatteverket/offers`,
        json(
          {
            personal_identity_number: tolvan,
            credential_configuration_ids: ['person_identity'],
            tx_code: false,
          },
          { authorization: `Bearer ${issuerKey}` },
        ),
      );
      expect(identity.status).toBe(201);
      const offered = await call(
        `${env.WALLET_BASE_URL}/api/credential-offers`,
        json({ offer: identity.body.offer_link }, auth),
      );
      expect(offered.status).toBe(201);
      expect(
        (await call(`${env.WALLET_BASE_URL}/api/credential-offers/${offered.body.id}/accept`, json({}, auth)))
          .status,
      ).toBe(200);
      const shared = await call(
        `${env.WALLET_BASE_URL}/api/standing-permissions`,
        json({ consumers: profileConsumers, fields: ['emails', 'preferred_language'] }, auth),
      );
      expect(shared.status).toBe(201);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([issuer?.stop(), verifier?.stop(), wallet?.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
      if (kind === 'postgres') {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
        await admin.end();
      }
      await cluster?.stop();
    });

    it(
      settings.kills
        ? `keeps every invariant through ${settings.kills} SIGKILLs${settings.killPostgres && kind === 'postgres' ? ` and ${settings.postgresCrashes} PostgreSQL crashes` : ''}`
        : `keeps every invariant while services are killed for ${settings.seconds} s`,
      async () => {
        const violations: string[] = [];
        const tokenSuccesses = new Map<string, number>();
        const issued: Issued[] = [];
        const revoked: Issued[] = [];
        const verifiedResponses: Array<{ uri: string; fields: Record<string, string> }> = [];
        const walletAccepted = new Set<string>();
        let profileChanges = 0;
        let flows = 0;
        let checks = 0;
        const af = `${env.ISSUER_BASE_URL}/af`;
        const staff = { authorization: `Bearer ${issuerKey}` };

        async function issuanceFlow(): Promise<void> {
          const offer = await retry(() =>
            call(
              `${af}/offers`,
              json(
                {
                  personal_identity_number: tolvan,
                  credential_configuration_ids: ['registration_certificate'],
                  tx_code: false,
                },
                staff,
              ),
            ),
          );
          if (offer.status !== 201) return;
          const code = offer.body.credential_offer.grants[preAuthorizedGrant][
            'pre-authorized_code'
          ] as string;
          // A wallet that got no answer retries the same code: at most one retry may succeed.
          let accessToken: string | undefined;
          for (const giveUpAt = Date.now() + 45_000; !accessToken && Date.now() < giveUpAt;) {
            const token = await call(
              `${af}/token`,
              form({ grant_type: preAuthorizedGrant, 'pre-authorized_code': code }),
            );
            if (token.status === 200) {
              tokenSuccesses.set(code, (tokenSuccesses.get(code) ?? 0) + 1);
              accessToken = token.body.access_token;
            } else if (token.status === 429) {
              // Not processed: wait as told, then the same code again.
              waits.rateLimited++;
              await new Promise((r) => setTimeout(r, Math.min(15, token.retryAfterSeconds ?? 1) * 1000));
            } else if (token.status !== 0) break;
            else await new Promise((r) => setTimeout(r, 150));
          }
          // Ask once more after success: a code is never good twice.
          if (accessToken) {
            const again = await call(
              `${af}/token`,
              form({ grant_type: preAuthorizedGrant, 'pre-authorized_code': code }),
            );
            if (again.status === 200) tokenSuccesses.set(code, (tokenSuccesses.get(code) ?? 0) + 1);
          }
          if (!accessToken) return;
          const nonce = await retry(() => call(`${af}/nonce`, { method: 'POST' }));
          if (nonce.status !== 200) return;
          const key = await createHolderKey();
          const proof = await createProof({ key, audience: af, nonce: nonce.body.c_nonce });
          const credential = await retry(() =>
            call(
              `${af}/credential`,
              json(
                { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
                { authorization: `Bearer ${accessToken}` },
              ),
            ),
          );
          if (credential.status !== 200) return;
          const compact = credential.body.credentials[0].credential as string;
          const status = JSON.parse(Buffer.from(compact.split('.')[1], 'base64url').toString()).status
            .status_list;
          issued.push({
            credential: compact,
            key,
            listUri: status.uri,
            idx: status.idx,
            nonce: nonce.body.c_nonce,
            accessToken,
          });
        }

        async function revocationFlow(): Promise<void> {
          // The newest not yet revoked: it is on the audit's first page.
          const target = [...issued].reverse().find((c) => !revoked.includes(c));
          if (!target) return;
          const listed = await retry(() =>
            call(`${af}/admin/credentials?personal_identity_number=${tolvan}`, { headers: staff }),
          );
          const row = listed.body?.credentials?.find((c: any) => c.status_list.idx === target.idx);
          if (!row) return;
          const done = await call(
            `${af}/admin/credentials/${row.id}/status`,
            json({ status: 'revoked' }, staff),
          );
          if (done.status === 200) revoked.push(target);
        }

        async function presentationFlow(): Promise<void> {
          const source = issued.find((c) => !revoked.includes(c));
          if (!source) return;
          const created = await retry(() =>
            call(
              `${env.VERIFIER_BASE_URL}/api/presentation-requests`,
              json({ template: 'unemployment_claim' }, { authorization: `Bearer ${insurerKey}` }),
            ),
          );
          if (created.status !== 201) return;
          let request;
          // The request object is a GET: fetched again while the verifier is down.
          for (const giveUpAt = Date.now() + 45_000; !request && Date.now() < giveUpAt;) {
            try {
              ({ request } = await fetchAuthorizationRequest({
                openid4vpUrl: created.body.openid4vp_url,
                trustList,
              }));
            } catch {
              await new Promise((r) => setTimeout(r, 150));
            }
          }
          if (!request) return;
          const queryId = request.dcql_query.credentials[0].id;
          const presentation = await presentCredential({
            credential: source.credential,
            holderPrivateKey: source.key.privateKey,
            request,
            disclose: discloseRequested(request, queryId),
          });
          const fields = { vp_token: JSON.stringify({ [queryId]: [presentation] }), state: request.state };
          // Posted again after no answer: if the first was taken, the second is refused as a
          // replay and nothing is recorded; only a 200 counts.
          const posted = await retry(() => call(request.response_uri, form(fields)));
          if (posted.status === 200) verifiedResponses.push({ uri: request.response_uri, fields });
        }

        async function walletFlow(): Promise<void> {
          const offer = await retry(() =>
            call(
              `${af}/offers`,
              json(
                {
                  personal_identity_number: tolvan,
                  credential_configuration_ids: ['registration_certificate'],
                  tx_code: false,
                },
                staff,
              ),
            ),
          );
          if (offer.status !== 201) return;
          const auth = { authorization: `Bearer ${walletToken}` };
          // Again after no answer: a second pending offer is harmless, and so is a second accept
          // of one already taken (refused; only a 200 is recorded).
          const received = await retry(() =>
            call(
              `${env.WALLET_BASE_URL}/api/credential-offers`,
              json({ offer: offer.body.offer_link }, auth),
            ),
          );
          if (received.status !== 201 || received.body.state !== 'pending') return;
          const accepted = await retry(() =>
            call(`${env.WALLET_BASE_URL}/api/credential-offers/${received.body.id}/accept`, json({}, auth)),
          );
          if (accepted.status === 200) for (const c of accepted.body.credentials) walletAccepted.add(c.id);
        }

        async function profileFlow(): Promise<void> {
          const auth = { authorization: `Bearer ${walletToken}` };
          const current = await call(`${env.WALLET_BASE_URL}/api/profile`, { headers: auth });
          if (current.status !== 200) return;
          const changed = await call(`${env.WALLET_BASE_URL}/api/profile`, {
            ...json(
              {
                profile_version: current.body.profile_version,
                emails: [{ address: `tolvan.${current.body.profile_version + 1}@example.se` }],
                ...emptyProfile,
              },
              auth,
            ),
            method: 'PUT',
          });
          if (changed.status === 200) profileChanges++;
        }

        const flowKinds = [
          issuanceFlow,
          issuanceFlow,
          revocationFlow,
          presentationFlow,
          walletFlow,
          profileFlow,
        ];
        const services = [issuer, verifier, wallet];
        const killer = startKiller(services, {
          ...(settings.kills ? { kills: settings.kills } : {}),
          maxSeconds: settings.maxSeconds,
          pauseMs: settings.pauseMs,
          perService: settings.kills !== undefined,
          ...(cluster ? { postgres: { cluster, crashes: settings.postgresCrashes } } : {}),
        });
        async function worker(offset: number): Promise<void> {
          for (let i = offset; killer.running(); i++) {
            await flowKinds[i % flowKinds.length]();
            flows++;
          }
        }
        const [report] = await Promise.all([killer.finished, worker(0), worker(1), worker(3)]);
        // One more hard stop of everything before checking: what was acknowledged must survive it.
        for (const service of services) await service.killAndRestart();

        try {
          await checkInvariants();
        } catch (error) {
          // Say plainly that the harness, not the system, failed: no invariant was judged on it.
          if (error instanceof HarnessFailure)
            throw new Error(`${error.message} (not a violation)`, { cause: error });
          throw error;
        }

        async function checkInvariants(): Promise<void> {
          // 1. No pre-authorized code gave two access tokens.
          for (const [, successes] of tokenSuccesses) {
            checks++;
            if (successes > 1) violations.push('a pre-authorized code was redeemed twice');
          }
          // 2. No nonce is usable again, across the restarts.
          for (const credential of issued.slice(-20)) {
            checks++;
            const proof = await createProof({
              key: await createHolderKey(),
              audience: af,
              nonce: credential.nonce,
            });
            const replay = await trusted(
              'a replayed nonce at the credential endpoint',
              () =>
                call(
                  `${af}/credential`,
                  json(
                    { credential_configuration_id: 'registration_certificate', proofs: { jwt: [proof] } },
                    { authorization: `Bearer ${credential.accessToken}` },
                  ),
                ),
              { expected: replayDecided },
            );
            if (replay.status === 200) violations.push('a used nonce was accepted again');
          }
          // 3. Every credential the client was told it got is in the holder's audit.
          // The whole audit, page by page (the wallet's batches make it longer than one page).
          const audited = new Set<string>();
          let cursor: string | undefined;
          do {
            const audit = await trusted(
              'a page of the issuer audit',
              () =>
                call(
                  `${af}/admin/credentials?personal_identity_number=${tolvan}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
                  { headers: staff },
                ),
              { valid: (body) => Array.isArray(body?.credentials) },
            );
            for (const c of audit.body.credentials) audited.add(`${c.status_list.idx}`);
            cursor = audit.body.next_cursor;
          } while (cursor);
          for (const credential of issued) {
            checks++;
            if (!audited.has(`${credential.idx}`))
              violations.push(`issued credential (idx ${credential.idx}) missing from the audit`);
          }
          // 4. No acknowledged revocation is lost.
          const lists = new Map<string, ReturnType<typeof getListFromStatusListJWT>>();
          for (const credential of revoked) {
            checks++;
            if (!lists.has(credential.listUri)) {
              const jwt = await trusted('a status list', () => call(credential.listUri), {
                valid: (body) => typeof body === 'string' && body.split('.').length === 3,
              });
              lists.set(credential.listUri, getListFromStatusListJWT(jwt.body as string));
            }
            if (lists.get(credential.listUri)!.getStatus(credential.idx) !== 1)
              violations.push('an acknowledged revocation was lost');
          }
          // 5. No presentation response is accepted twice.
          for (const response of verifiedResponses) {
            checks++;
            const replay = await trusted(
              'a replayed presentation at direct_post',
              () => call(response.uri, form(response.fields)),
              { expected: replayDecided },
            );
            if (replay.status === 200) violations.push('a verified presentation was accepted again');
          }
          // 6. The wallet holds every credential it accepted, whole (each one opens).
          const auth = { authorization: `Bearer ${walletToken}` };
          const held = await trusted(
            "the wallet's credential list",
            () => call(`${env.WALLET_BASE_URL}/api/credentials`, { headers: auth }),
            { valid: (body) => Array.isArray(body?.credentials) },
          );
          const heldIds = new Set<string>(held.body.credentials.map((c: any) => c.id));
          for (const id of walletAccepted) {
            checks++;
            if (!heldIds.has(id)) violations.push('an accepted credential is missing from the wallet');
          }
          for (const id of heldIds) {
            checks++;
            // 200 with its claims, or a final refusal (a 4xx): both decide; a 500 stays unexplained.
            const detail = await trusted(
              'a held credential',
              () => call(`${env.WALLET_BASE_URL}/api/credentials/${id}`, { headers: auth }),
              { expected: (status) => status === 200 || (status >= 400 && status < 500 && status !== 429) },
            );
            if (detail.status !== 200 || !Array.isArray(detail.body.claims))
              violations.push('a held credential does not open');
          }
          // 7. Every profile change reaches every subscribed consumer, once in effect: after the
          // deliveries settle, each consumer's copy is the wallet's latest version, and the wallet
          // had no delivery refused.
          const latest = await trusted(
            "the wallet's contact profile",
            () => call(`${env.WALLET_BASE_URL}/api/profile`, { headers: auth }),
            {
              valid: (body) =>
                typeof body?.profile_version === 'number' && Array.isArray(body?.profile?.emails),
            },
          );
          const latestEmail = latest.body.profile.emails[0].address as string;
          for (const consumer of profileConsumers) {
            checks++;
            let copy: any;
            const settleBy = Date.now() + 30_000;
            do {
              const listed = await trusted(`${consumer}'s standing permissions`, () =>
                call(`${env.VERIFIER_BASE_URL}/api/standing-permissions`, {
                  headers: { authorization: `Bearer ${profileConsumerKeys[consumer]}` },
                }),
              );
              copy = listed.body?.standing_permissions?.[0];
              if (copy?.profile_version === latest.body.profile_version) break;
              await new Promise((r) => setTimeout(r, 200));
            } while (Date.now() < settleBy);
            if (
              copy?.profile_version !== latest.body.profile_version ||
              copy?.profile?.emails?.[0]?.address !== latestEmail
            )
              violations.push(`a profile change did not reach ${consumer}`);
          }
          const permissions = await trusted(
            "the wallet's standing permissions",
            () => call(`${env.WALLET_BASE_URL}/api/standing-permissions`, { headers: auth }),
            { valid: (body) => Array.isArray(body?.permissions) },
          );
          for (const permission of permissions.body.permissions) {
            checks++;
            if (permission.failed_deliveries.length > 0)
              violations.push(
                `a profile delivery was refused: ${permission.failed_deliveries[0].last_error}`,
              );
          }
        }
        // The services stayed up between kills, and came back by themselves after PostgreSQL did.
        for (const finding of [...services.flatMap((s) => s.unexpectedExits), ...report.findings]) {
          checks++;
          violations.push(finding);
        }

        // 8. No log line holds a personal identity number or a name of the demo people.
        const logs = [issuer, verifier, wallet].flatMap((s) => s.output).join('');
        expect(logs).toContain('credentials issued'); // the services did log: the scan below is real
        for (const person of demoPeople) {
          checks++;
          const hyphenated = `${person.identityNumber.slice(0, 8)}-${person.identityNumber.slice(8)}`;
          for (const secret of [person.identityNumber, hyphenated, person.familyName]) {
            if (logs.includes(secret))
              violations.push(`a log line contains personal data of a demo person (${person.givenName[0]}.)`);
          }
        }

        const kills = issuer.kills + verifier.kills + wallet.kills;
        const starts = services.flatMap((s) => s.startMs).sort((a, b) => a - b);
        process.stdout.write(
          `\nfaults[${kind}] ${new Date().toISOString()}: ${kills} kills in ${report.seconds} s ` +
            `(${services.map((s) => `${s.name} ${s.kills}`).join(', ')}; median start ${starts[starts.length >> 1]} ms)` +
            `${cluster ? `, ${report.postgresCrashes} PostgreSQL crashes` : ''}, ` +
            `${flows} flows (${issued.length} issued, ${revoked.length} revoked, ` +
            `${verifiedResponses.length} verified, ${walletAccepted.size} kept by the wallet, ` +
            `${profileChanges} profile changes to 3 consumers), ${checks} checks, ` +
            `${violations.length} violations; waited out ${waits.rateLimited} rate limits\n`,
        );
        expect([...new Set(violations)]).toEqual([]);
        expect(kills).toBeGreaterThanOrEqual(settings.kills ?? 3);
        if (cluster) expect(report.postgresCrashes).toBe(settings.postgresCrashes);
        expect(issued.length).toBeGreaterThan(0);
      },
      // The run, then the checks (each read may wait out a rate limit) and the final restarts.
      (settings.maxSeconds + 600) * 1000,
    );
  },
);
