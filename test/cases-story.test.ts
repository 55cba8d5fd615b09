import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signCompactJwt } from '@min-profil/shared/sd-jwt/jws';
import type { Signer } from '@min-profil/shared/signing/signer';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';
import { createStopNoticeOutbox } from '../wallet/src/cases/stop-notice-outbox.js';
import { createWalletContext } from '../wallet/src/create-wallet-context.js';
import { api, type WalletSession } from '../wallet/test/wallet-api.js';
import { createPresentationRequest } from './verifier-helpers.js';
import type { WalletWorld } from './wallet-harness.js';
import { startWalletWithVerifier, wholeDemoTrust } from './wallet-with-verifier.js';
import { eventually } from './eventually.js';

const tolvan = '191212121212';

/**
 * "Mina ärenden" over the real services (docs/cases.md): the insurer's unemployment claim opens
 * a case with the share; the insurer moves it through every state, asks for more information,
 * which the person answers from the case, and decides with a document. Events queued while the
 * verifier is down arrive once and in order when it is back; a stopped case takes no more; the
 * case inbox refuses bad events and changes nothing.
 */
describe.each(testDatabaseKinds())('cases: the insurer story on %s', (kind) => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let wallet: string;
  let vct: string;
  let source: ReturnType<typeof createMutableTrustList>;

  const consumerApi = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${verifier.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${verifier.apiKeys.insurer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  /** The insurer asks for the unemployment claim with a case; the person shares and opens it. */
  async function openCase(
    title: string,
    reference: string,
    accept = true,
    responseMode: 'direct_post' | 'direct_post.jwt' = 'direct_post',
  ) {
    const created = await createPresentationRequest(verifier, 'insurer', {
      template: 'unemployment_claim',
      response_mode: responseMode,
      case: { title, reference },
    });
    expect(created.status).toBe(201);
    expect(created.body.case).toMatchObject({ status: 'asked' });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.status).toBe(201);
    expect(shown.body.case).toMatchObject({ requested: true, title, reference });
    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
      case: accept,
    });
    expect(sent.status).toBe(200);
    expect(sent.body.delivered).toBe(true);
    return {
      verifierCaseId: created.body.case.id as string,
      walletCaseId: sent.body.case?.id as string | undefined,
    };
  }

  const walletCase = async (id: string) => (await api(wallet, person, 'GET', `/api/cases/${id}`)).body;
  const eventsIn = async (id: string) =>
    ((await walletCase(id)).timeline as any[]).filter((item) => item.kind === 'event');

  beforeAll(async () => {
    ({ world, verifier, source, person } = await startWalletWithVerifier(kind, {
      ...wholeDemoTrust,
      verifierSettings: { webhookRetryCapMs: 1000 },
    }));
    wallet = world.wallet.baseUrl;
    vct = `${world.issuer.baseUrl}/af/vct/registration-certificate`;
  });
  afterAll(async () => {
    await verifier?.stop();
    await world?.stop();
  });

  it('goes through every state, with information asked and answered from the wallet', async () => {
    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4711', '4711');
    expect(walletCaseId).toBeDefined();
    const atInsurer = await consumerApi('GET', `/api/cases/${verifierCaseId}`);
    expect(atInsurer.body).toMatchObject({
      status: 'open',
      title: 'Ersättningsärende 4711',
      reference: '4711',
    });
    // The wallet's case id is a secret between the wallet and the verifier.
    expect(JSON.stringify(atInsurer.body)).not.toContain(walletCaseId);

    for (const type of ['received', 'in_progress'] as const) {
      const posted = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type });
      expect(posted.status).toBe(201);
    }
    const asked = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, {
      type: 'needs_information',
      purpose: 'Vi behöver veta sedan när du är inskriven',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [vct] },
            claims: [{ path: ['registered_since'] }],
          },
        ],
      },
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ seq: 3, type: 'needs_information', request: { status: 'pending' } });

    const events = await eventually('three events in the wallet', async () => {
      const list = await eventsIn(walletCaseId!);
      return list.length === 3 ? list : undefined;
    });
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'received'],
      [2, 'in_progress'],
      [3, 'needs_information'],
    ]);
    // The badge and the start page show the case waiting for the person.
    const listed = await api(wallet, person, 'GET', '/api/cases');
    expect(listed.body.waiting).toBe(1);
    expect(listed.body.cases[0]).toMatchObject({ id: walletCaseId, waiting_for_me: true, status: 'open' });
    const home = await api(wallet, person, 'GET', '/api/home');
    expect(home.body.waiting_cases).toEqual([
      expect.objectContaining({ id: walletCaseId, title: 'Ersättningsärende 4711' }),
    ]);

    // The person answers from the case with the ordinary consent flow.
    const opened = await api(
      wallet,
      person,
      'POST',
      `/api/cases/${walletCaseId}/events/${events[2].id}/answer`,
    );
    expect(opened.status).toBe(201);
    expect(opened.body.can_answer).toBe(true);
    const answered = await api(
      wallet,
      person,
      'POST',
      `/api/presentation-requests/${opened.body.id}/response`,
      {
        decision: 'approve',
      },
    );
    expect(answered.body.delivered).toBe(true);
    const timeline = (await walletCase(walletCaseId!)).timeline as any[];
    expect(timeline.find((i) => i.kind === 'answered')).toMatchObject({ in_reply_to: 3 });
    const afterAnswer = await api(wallet, person, 'GET', '/api/cases');
    expect(afterAnswer.body.waiting).toBe(0);
    // The case threads the person's shares: the one that opened it and the answer from it, each
    // with its consumer's consent record, so "Vem har tagit del?" can name the case on them.
    const opening = timeline.find((i) => i.kind === 'shared').presentation_request_id as string;
    expect(afterAnswer.body.cases[0].presentation_request_ids).toEqual([opening, opened.body.id]);
    const records = (await api(wallet, person, 'GET', '/api/consent-records')).body.consent_records as any[];
    expect(records.map((r) => r.presentation_request_id)).toEqual(
      expect.arrayContaining([opening, opened.body.id]),
    );
    const insurerSees = await consumerApi('GET', `/api/cases/${verifierCaseId}`);
    expect(insurerSees.body.events[2].request).toMatchObject({ status: 'verified' });

    const pdf = Buffer.from('%PDF-1.4\n% beslut om ersättning\n%%EOF\n');
    const decided = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, {
      type: 'decision',
      title: 'Beslut: ersättning beviljas',
      document: {
        media_type: 'application/pdf',
        title: 'Beslut 4711',
        content_base64: pdf.toString('base64'),
      },
    });
    expect(decided.status).toBe(201);
    expect(
      (await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type: 'closed' })).status,
    ).toBe(201);

    const all = await eventually('five events in the wallet', async () => {
      const list = await eventsIn(walletCaseId!);
      return list.length === 5 ? list : undefined;
    });
    expect(all.map((e) => e.type)).toEqual([
      'received',
      'in_progress',
      'needs_information',
      'decision',
      'closed',
    ]);
    expect(all[3].document).toMatchObject({ media_type: 'application/pdf', title: 'Beslut 4711' });
    const document = await fetch(`${wallet}${all[3].document.url}`, {
      headers: person.headers,
    });
    expect(Buffer.from(await document.arrayBuffer())).toEqual(pdf);
    expect((await walletCase(walletCaseId!)).status).toBe('closed');

    // Closed on both sides: no more events.
    expect((await consumerApi('GET', `/api/cases/${verifierCaseId}`)).body.status).toBe('closed');
    const late = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type: 'in_progress' });
    expect(late).toMatchObject({ status: 409, body: { error: 'case_closed' } });

    // The log threads the case: its opening and each event, under the case's title.
    const log = (await api(wallet, person, 'GET', '/api/log?event=case')).body.entries as any[];
    const thread = log
      .filter((e) => e.purpose?.und === 'Ersättningsärende 4711 (4711)')
      .map((e) => e.outcome)
      .sort();
    // Entries of one second come in no particular order: compared as a set.
    expect(thread).toEqual(
      [
        'case opened',
        'case received',
        'case in_progress',
        'case needs_information',
        'case decision',
        'case closed',
      ].sort(),
    );
    expect(JSON.stringify(log)).not.toContain(walletCaseId);
    // The case is the thread: the share that opened it, the answer and each event carry it.
    const logThread = (await walletCase(walletCaseId!)).log_thread as string;
    const everything = (await api(wallet, person, 'GET', '/api/log')).body.entries as any[];
    const threaded = everything.filter((e) => e.thread === logThread);
    expect(threaded.filter((e) => e.event === 'presentation')).toHaveLength(2);
    expect(threaded.filter((e) => e.event === 'case')).toHaveLength(6);
    expect(threaded).toHaveLength(8);
    // Entries of no case carry none.
    expect(everything.filter((e) => e.event === 'issuance').every((e) => e.thread === null)).toBe(true);
  });

  it('the person may decline the case alone and still share', async () => {
    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4712', '4712', false);
    expect(walletCaseId).toBeUndefined();
    expect((await consumerApi('GET', `/api/cases/${verifierCaseId}`)).body.status).toBe('declined');
    const refused = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type: 'received' });
    expect(refused).toMatchObject({ status: 409, body: { error: 'case_not_open' } });
  });

  it('opens a case with an encrypted answer too (direct_post.jwt)', async () => {
    const { verifierCaseId, walletCaseId } = await openCase(
      'Ersättningsärende 4716',
      '4716',
      true,
      'direct_post.jwt',
    );
    expect(walletCaseId).toBeDefined();
    expect((await consumerApi('GET', `/api/cases/${verifierCaseId}`)).body.status).toBe('open');
  });

  it('events queued while the verifier is down arrive once, in order, when it is back', async () => {
    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4713', '4713');
    // The worker stops first, so the events are certainly still queued when the service goes.
    await verifier.ctx.caseEvents.stop();
    for (const type of ['received', 'in_progress', 'closed'] as const) {
      expect((await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type })).status).toBe(201);
    }
    const before = verifier;
    const port = Number(new URL(before.url).port);
    await before.stop({ keepDatabase: true });
    expect(await eventsIn(walletCaseId!)).toEqual([]);

    verifier = await startVerifier(kind, {
      trustList: source,
      sameDeploymentAs: before,
      port,
      settings: { webhookRetryCapMs: 1000 },
    });
    const events = await eventually('the queued events in the wallet', async () => {
      const list = await eventsIn(walletCaseId!);
      return list.length === 3 ? list : undefined;
    });
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'received'],
      [2, 'in_progress'],
      [3, 'closed'],
    ]);
    await verifier.ctx.caseEvents.idle();
    const sent = (await consumerApi('GET', `/api/cases/${verifierCaseId}`)).body.events as any[];
    expect(sent.map((e) => [e.seq, e.delivery.status, e.delivery.attempts])).toEqual([
      [1, 'delivered', 1],
      [2, 'delivered', 1],
      [3, 'delivered', 1],
    ]);
    // The case-event outbox reports like the others (docs/operations.md, Metrics): this
    // instance's three deliveries and an empty backlog.
    const { registry } = verifier.ctx.metrics;
    const attempts = (await registry.getSingleMetric('outbox_delivery_attempts_total')!.get()).values;
    expect(attempts.filter((v) => v.labels.outbox === 'case_event')).toEqual([
      expect.objectContaining({ labels: { outbox: 'case_event', outcome: 'delivered' }, value: 3 }),
    ]);
    const backlog = (await registry.getSingleMetric('outbox_backlog')!.get()).values;
    expect(backlog.find((v) => v.labels.outbox === 'case_event')?.value).toBe(0);
  });

  it('a stopped case refuses further events, and the insurer is told', async () => {
    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4714', '4714');
    expect(
      (await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type: 'received' })).status,
    ).toBe(201);
    await eventually('the first event', async () =>
      (await eventsIn(walletCaseId!)).length === 1 ? true : undefined,
    );
    const stopped = await api(wallet, person, 'POST', `/api/cases/${walletCaseId}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', consumer_told: true });
    expect((await consumerApi('GET', `/api/cases/${verifierCaseId}`)).body.status).toBe('stopped');
    const refused = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type: 'in_progress' });
    expect(refused).toMatchObject({ status: 410, body: { error: 'case_stopped' } });

    // Straight to the inbox, validly signed: refused too, nothing changed.
    const row = (await verifier.ctx.cases.findCase(verifierCaseId))!;
    const keys = verifier.ctx.consumers.get('insurer')!.keys;
    const event = await signCompactJwt({
      header: { alg: 'ES256', typ: 'case-event+jwt', kid: keys.signingKid },
      payload: { case_id: walletCaseId, event_id: 'late', seq: 2, type: 'in_progress', iat: 1 },
      privateKey: keys.signing.signer,
    });
    const late = await fetch(row.inbox!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event }),
    });
    expect(late.status).toBe(410);
    expect(await eventsIn(walletCaseId!)).toHaveLength(1);
  });

  it('a stop while the insurer is down is told through the wallet outbox, also after a wallet restart', async () => {
    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4716', '4716');
    const before = verifier;
    const port = Number(new URL(before.url).port);
    await before.stop({ keepDatabase: true });

    const stopped = await api(wallet, person, 'POST', `/api/cases/${walletCaseId}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', consumer_told: false });
    const queued = await world.wallet.ctx.stopNotices.findByCase(walletCaseId!);
    expect(queued).toMatchObject({ status: 'pending', attempts: 1 });

    // The wallet goes down with the notice undelivered; the insurer comes back; a new wallet
    // process on the same database (its clock past the retry time) finds the notice and sends it.
    await world.wallet.ctx.caseStops.stop();
    verifier = await startVerifier(kind, {
      trustList: source,
      sameDeploymentAs: before,
      port,
      settings: { webhookRetryCapMs: 1000 },
    });
    expect((await consumerApi('GET', `/api/cases/${verifierCaseId}`)).body.status).toBe('open');
    const restarted = await createWalletContext({
      baseUrl: wallet,
      databaseUrl: world.wallet.database.url,
      schema: world.wallet.database.schema,
      kmsSecretKey: world.wallet.kmsKey,
      masterKey: world.wallet.masterKey,
      trustList: { get: async () => world.trustList },
      allowInsecureUrls: true,
      settings: { housekeepingIntervalMs: 0 },
      clock: () => Date.now() + 3600 * 1000,
    });
    try {
      restarted.caseStops.start();
      await eventually('the stop at the insurer', async () =>
        (await consumerApi('GET', `/api/cases/${verifierCaseId}`)).body.status === 'stopped'
          ? true
          : undefined,
      );
      await restarted.caseStops.idle();
      expect(await restarted.stopNotices.findByCase(walletCaseId!)).toMatchObject({
        status: 'delivered',
        attempts: 2,
      });
    } finally {
      await restarted.close();
      // This wallet's own worker back, as after its restart, for the tests that follow.
      const ctx = world.wallet.ctx;
      ctx.caseStops = createStopNoticeOutbox(() => ctx, {
        store: ctx.stopNotices.worker,
        settings: ctx.settings,
        clock: ctx.clock,
      });
      ctx.caseStops.start();
    }
    const refused = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type: 'received' });
    expect(refused).toMatchObject({ status: 410, body: { error: 'case_stopped' } });
  });

  it('the case inbox refuses bad events with a clear error and changes nothing', async () => {
    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4715', '4715');
    expect(
      (await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type: 'received' })).status,
    ).toBe(201);
    await eventually('the first event', async () =>
      (await eventsIn(walletCaseId!)).length === 1 ? true : undefined,
    );
    const row = (await verifier.ctx.cases.findCase(verifierCaseId))!;
    const applied = (await verifier.ctx.cases.listEvents(verifierCaseId))[0];
    const insurer = verifier.ctx.consumers.get('insurer')!.keys;
    const school = verifier.ctx.consumers.get('university')!.keys;
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const sign = (
      claims: Record<string, unknown>,
      key: Signer | KeyObject = insurer.signing.signer,
      kid = insurer.signingKid,
    ) =>
      signCompactJwt({
        header: { alg: 'ES256', typ: 'case-event+jwt', kid },
        payload: { case_id: walletCaseId, event_id: 'e-bad', seq: 2, type: 'in_progress', iat: 1, ...claims },
        privateKey: key,
      });
    const post = async (body: Record<string, unknown>, url = row.inbox!) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const oversized = Buffer.alloc(400 * 1024, 1);
    const cases: Array<[string, Record<string, unknown>, number, string, string?]> = [
      [
        'a key not in the trust list',
        { event: await sign({}, stranger, 'stranger') },
        400,
        'invalid_case_event',
      ],
      [
        "another consumer's key",
        { event: await sign({}, school.signing.signer, school.signingKid) },
        400,
        'invalid_case_event',
      ],
      ['another case', { event: await sign({ case_id: 'A'.repeat(43) }) }, 400, 'invalid_case_event'],
      ['a replay under another id', { event: await sign({ seq: 1 }) }, 409, 'case_event_out_of_order'],
      ['out of order', { event: await sign({ seq: 3 }) }, 409, 'case_event_out_of_order'],
      [
        'an oversized document',
        {
          event: await sign({
            type: 'decision',
            title: 'Beslut',
            document: {
              media_type: 'application/pdf',
              title: 'Stort',
              document_hash: 'x',
              document_hash_alg: 'sha-256',
            },
          }),
          document: oversized.toString('base64'),
        },
        413,
        'payload_too_large',
      ],
      [
        'an unknown inbox',
        { event: await sign({}) },
        404,
        'unknown_case',
        `${new URL(row.inbox!).origin}/case-inbox/nothing-here`,
      ],
    ];
    for (const [what, body, status, error, url] of cases) {
      const answer = await post(body, url);
      expect({ what, status: answer.status, error: answer.body.error }).toEqual({ what, status, error });
      expect(answer.body.error_description).toEqual(expect.any(String));
    }
    // The same event delivered again is a duplicate: applied once.
    const again = await post({
      event: await sign({ event_id: applied.id, seq: 1, type: 'received', iat: applied.createdAt }),
    });
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect((await eventsIn(walletCaseId!)).map((e) => e.seq)).toEqual([1]);
  });

  it('an information request not answered within its lifetime waits no more', async () => {
    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4717', '4717');
    const asked = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, {
      type: 'needs_information',
      purpose: 'Vi behöver veta sedan när du är inskriven',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [vct] },
            claims: [{ path: ['registered_since'] }],
          },
        ],
      },
    });
    expect(asked.status).toBe(201);
    // Days to answer, not the minutes of a request shown at a counter.
    const request = await fetch(
      `${verifier.url}/api/presentation-requests/${asked.body.request.presentation_request_id}`,
      {
        headers: { authorization: `Bearer ${verifier.apiKeys.insurer}` },
      },
    ).then((r) => r.json() as Promise<any>);
    expect(Date.parse(request.expires_at) - Date.now()).toBeGreaterThan(13 * 86_400_000);
    await eventually('the question in the wallet', async () =>
      (await api(wallet, person, 'GET', '/api/cases')).body.cases.find((c: any) => c.id === walletCaseId)
        ?.waiting_for_me
        ? true
        : undefined,
    );
    world.wallet.advanceClock(15 * 86_400);
    try {
      const listed = (await api(wallet, person, 'GET', '/api/cases')).body;
      expect(listed.cases.find((c: any) => c.id === walletCaseId).waiting_for_me).toBe(false);
      const question = (await walletCase(walletCaseId!)).timeline.find(
        (i: any) => i.type === 'needs_information',
      );
      expect(question.answer.status).toBe('expired');
    } finally {
      world.wallet.advanceClock(-15 * 86_400);
    }
  });
  it('lists cases newest activity first: an event on the older case moves it first', async () => {
    // The wallet's clock is in whole seconds and ties go by id: a few seconds apart makes the order certain.
    const older = await openCase('Ersättningsärende 4720', '4720');
    world.wallet.advanceClock(5);
    const newer = await openCase('Ersättningsärende 4721', '4721');
    world.wallet.advanceClock(5);
    try {
      const before = (await api(wallet, person, 'GET', '/api/cases')).body.cases as any[];
      expect(before[0].id).toBe(newer.walletCaseId);
      const ids = before.map((c) => c.id);
      expect(ids.indexOf(newer.walletCaseId)).toBeLessThan(ids.indexOf(older.walletCaseId));
      expect(Date.parse(before[0].last_activity_at)).toBeGreaterThan(
        Date.parse(before[ids.indexOf(older.walletCaseId)].last_activity_at),
      );

      const posted = await consumerApi('POST', `/api/cases/${older.verifierCaseId}/events`, {
        type: 'received',
      });
      expect(posted.status).toBe(201);
      await eventually('the event on the older case', async () =>
        (await eventsIn(older.walletCaseId!)).length === 1 ? true : undefined,
      );
      const after = (await api(wallet, person, 'GET', '/api/cases')).body.cases as any[];
      expect(after.slice(0, 2).map((c) => c.id)).toEqual([older.walletCaseId, newer.walletCaseId]);
    } finally {
      world.wallet.advanceClock(-10);
    }
  });

  it('tells a person with a verified e-mail when a case needs them or is decided, and only then', async () => {
    const current = await api(wallet, person, 'GET', '/api/profile');
    const saved = await api(wallet, person, 'PUT', '/api/profile', {
      profile_version: current.body.profile_version,
      address: {
        street_address: 'Storgatan 1',
        postal_code: '111 22',
        locality: 'Stockholm',
        country: 'SE',
        source: 'self',
      },
      emails: [{ address: 'tolvan@example.se' }],
      phones: [],
      preferred_language: 'sv',
      contact_preferences: { default: ['email'] },
    });
    expect(saved).toMatchObject({ status: 200 });
    const emailId = saved.body.profile.emails[0].id as string;
    expect((await api(wallet, person, 'POST', `/api/profile/emails/${emailId}/code`)).status).toBe(202);
    const outbox = async () =>
      ((await api(wallet, person, 'GET', '/demo/outbox.json')).body.messages as any[]).filter(
        (m) => m.to === 'tolvan@example.se',
      );
    const code = /\b(\d{6})\b/.exec((await outbox())[0].text)![1];
    const verified = await api(wallet, person, 'POST', `/api/profile/emails/${emailId}/verify`, { code });
    expect(verified.body.profile.emails[0].verified).toBe(true);
    const caseMessages = async () => (await outbox()).filter((m) => m.subject === 'Nytt i Mina ärenden');
    expect(await caseMessages()).toEqual([]);

    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4730', '4730');
    for (const type of ['received', 'in_progress'] as const) {
      expect((await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type })).status).toBe(201);
    }
    const asked = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, {
      type: 'needs_information',
      purpose: 'Vi behöver veta sedan när du är inskriven',
      dcql_query: {
        credentials: [
          {
            id: 'registration',
            format: 'dc+sd-jwt',
            meta: { vct_values: [vct] },
            claims: [{ path: ['registered_since'] }],
          },
        ],
      },
    });
    expect(asked.status).toBe(201);
    await eventually('three events in the wallet', async () =>
      (await eventsIn(walletCaseId!)).length === 3 ? true : undefined,
    );
    // received and in_progress tell nobody; needs_information does.
    const first = await eventually('the needs-information message', async () => {
      const list = await caseMessages();
      return list.length === 1 ? list : undefined;
    });
    expect(first[0]).toMatchObject({
      channel: 'email',
      to: 'tolvan@example.se',
      text: expect.stringContaining('behöver uppgifter från dig'),
    });

    const decided = await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, {
      type: 'decision',
      title: 'Beslut: ersättning beviljas',
    });
    expect(decided.status).toBe(201);
    const both = await eventually('the decision message', async () => {
      const list = await caseMessages();
      return list.length === 2 ? list : undefined;
    });
    expect(both.map((m) => m.text)).toEqual(
      expect.arrayContaining([expect.stringContaining('Det finns ett beslut')]),
    );
    // E-mail is not the wallet: the message names neither the body nor the case.
    for (const message of both) {
      expect(JSON.stringify(message)).not.toMatch(/Ersättningsärende|4730|Trygga|beviljas/);
    }
    // Closing tells nobody.
    expect(
      (await consumerApi('POST', `/api/cases/${verifierCaseId}/events`, { type: 'closed' })).status,
    ).toBe(201);
    await eventually('the closed case', async () =>
      (await walletCase(walletCaseId!)).status === 'closed' ? true : undefined,
    );
    expect(await caseMessages()).toHaveLength(2);
  });

  // Last: it closes the person's account and moves the wallet's clock.
  it('closing the account stops its open cases; the stop notice outlives the account', async () => {
    const { verifierCaseId, walletCaseId } = await openCase('Ersättningsärende 4799', '4799');
    const before = verifier;
    const port = Number(new URL(before.url).port);
    await before.stop({ keepDatabase: true });
    const closed = await api(wallet, person, 'POST', '/api/account/close', { confirm: true });
    expect(closed.status).toBe(200);
    expect(closed.body.cases).toEqual(
      expect.arrayContaining([{ case_id: walletCaseId, title: 'Ersättningsärende 4799', told: false }]),
    );
    expect(await world.wallet.ctx.store.findAccountByIdentity(tolvan)).toBeNull();
    expect(await world.wallet.ctx.stopNotices.findByCase(walletCaseId!)).toMatchObject({ status: 'pending' });

    verifier = await startVerifier(kind, {
      trustList: source,
      sameDeploymentAs: before,
      port,
      settings: { webhookRetryCapMs: 1000 },
    });
    world.wallet.advanceClock(3600);
    await world.wallet.ctx.caseStops.idle();
    expect(await world.wallet.ctx.stopNotices.findByCase(walletCaseId!)).toMatchObject({
      status: 'delivered',
    });
    expect((await consumerApi('GET', `/api/cases/${verifierCaseId}`)).body.status).toBe('stopped');
  });
});
