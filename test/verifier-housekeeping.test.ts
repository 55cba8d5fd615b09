import { hashTransactionData } from '@min-profil/shared/sd-jwt/verify-key-binding-jwt';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { startVerifier, type RunningVerifier } from '../verifier/test/start-verifier.js';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { createApprovalRequest, readApprovalResult, verifyReceipt } from './approval-helpers.js';
import {
  createPresentationRequest,
  obtainCredential,
  startVerifierWorld,
  type VerifierWorld,
} from './verifier-helpers.js';

const settings = { housekeepingIntervalMs: 100, demoPageMaxPending: 3 };

/** Which of these ids still have a row in the table (read straight from the database). */
async function present(verifier: RunningVerifier, table: string, ids: string[]): Promise<string[]> {
  const rows = await verifier.ctx.db.dataSource
    .createQueryBuilder()
    .select('t.id', 'id')
    .from(table, 't')
    .where('t.id IN (:...ids)', { ids })
    .getRawMany<{ id: string }>();
  return rows.map((r) => r.id).sort();
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function requestIdOf(html: string): string {
  return /data-request="([^"]+)"/.exec(html)![1]!;
}

/**
 * Anonymous page views create requests (an approval page also a copy of its document). The
 * housekeeping job, run on its own schedule by both instances of one deployment, deletes them
 * once they expire unanswered; API-created ones after the outbox retention; an approved
 * approval keeps its evidence for the approval retention, and its receipt checks until then.
 * Open page-created requests are capped per consumer.
 */
describe.each(testDatabaseKinds())('verifier housekeeping on %s', (kind) => {
  let world: VerifierWorld;
  let second: RunningVerifier;
  beforeAll(async () => {
    world = await startVerifierWorld(kind, { verifierSettings: settings });
    second = await startVerifier(kind, {
      trustList: { get: async () => world.trustList },
      sameDeploymentAs: world.verifier,
      settings,
    });
  });
  afterAll(async () => {
    await second?.stop();
    await world?.stop();
  });
  const advance = (seconds: number) => {
    world.verifier.advanceClock(seconds);
    second.advanceClock(seconds);
  };

  it('deletes requests that expired unanswered with their documents, and keeps approved evidence for its retention', async () => {
    const { verifier, issuer, trustList } = world;
    const { requestTtl, clockSkew, outboxRetention, approvalRetention } = verifier.ctx.settings;
    const approvePage = await fetch(`${verifier.url}/af-praktik/approve`);
    const pageApproval = requestIdOf(await approvePage.text());
    const pageRequest = requestIdOf(await (await fetch(`${second.url}/insurer`)).text());
    const apiRequest = (
      await createPresentationRequest(verifier, 'insurer', { template: 'unemployment_claim' })
    ).body.id as string;
    // An approval the person answers: its evidence outlives the unanswered ones.
    const approval = await createApprovalRequest(verifier, 'af-praktik', {
      title: 'Praktikavtal H-1',
      template: 'internship_agreement',
      document: { media_type: 'application/json', content: { agreement: 'H-1' } },
    });
    const approved = approval.body.id as string;
    const address = await obtainCredential(issuer, {
      holder: 'skatteverket',
      pnr: '191212121212',
      configurationId: 'registered_address',
    });
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: approval.body.openid4vp_url,
      trustList,
    });
    const presentation = await presentCredential({
      credential: address.credential,
      holderPrivateKey: address.holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registered_address'),
      transactionDataHashes: (request.transaction_data as string[]).map((transactionData) =>
        hashTransactionData({ transactionData }),
      ),
    });
    const answered = await postResponse(request.response_uri, {
      vp_token: { registered_address: [presentation] },
      state: request.state,
    });
    expect(answered.status).toBe(200);
    const receipt = (await readApprovalResult(verifier, 'af-praktik', approved)).body.approval
      .receipt as string;

    const all = [pageApproval, pageRequest, apiRequest, approved];
    expect(await present(verifier, 'presentation_request', all)).toEqual([...all].sort());
    expect(await present(verifier, 'approval_request', all)).toEqual([pageApproval, approved].sort());

    try {
      // Expired unanswered: the page-created ones and the page's document copy go.
      advance(requestTtl + clockSkew + 5);
      await until(
        'the expired page requests are deleted',
        async () => (await present(verifier, 'presentation_request', all)).length === 2,
      );
      expect(await present(verifier, 'presentation_request', all)).toEqual([apiRequest, approved].sort());
      expect(await present(verifier, 'approval_request', all)).toEqual([approved]);

      // The consumer could read `expired` for the outbox retention; then it goes too.
      advance(outboxRetention);
      await until(
        'the expired API request is deleted',
        async () => (await present(verifier, 'presentation_request', all)).length === 1,
      );
      expect(await present(verifier, 'approval_request', all)).toEqual([approved]);
      expect((await verifyReceipt(verifier, receipt)).body.valid).toBe(true);

      // The approval's evidence stays until its retention has passed.
      advance(approvalRetention);
      await until(
        'the approval past its retention is deleted',
        async () => (await present(verifier, 'approval_request', all)).length === 0,
      );
      expect(await present(verifier, 'presentation_request', all)).toEqual([]);
      expect((await verifyReceipt(verifier, receipt)).body.valid).toBe(false);
    } finally {
      advance(-(requestTtl + clockSkew + 5 + outboxRetention + approvalRetention));
    }
  });

  it('refuses page views beyond the open page requests allowed per consumer, until they expire', async () => {
    const { verifier } = world;
    const { requestTtl, clockSkew } = verifier.ctx.settings;
    // No page has asked for the university yet in this deployment.
    for (let i = 0; i < settings.demoPageMaxPending; i++) {
      expect((await fetch(`${verifier.url}/university`)).status).toBe(200);
    }
    const refused = await fetch(`${verifier.url}/university?lang=en`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.text()).toContain('too many open requests');
    // The consumer's own API is not limited by its pages.
    expect((await createPresentationRequest(verifier, 'university', { template: 'admission' })).status).toBe(
      201,
    );
    try {
      advance(requestTtl + clockSkew + 5);
      await until(
        'the page is served again',
        async () => (await fetch(`${verifier.url}/university`)).status === 200,
      );
    } finally {
      advance(-(requestTtl + clockSkew + 5));
    }
  });
});
