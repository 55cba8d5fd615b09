import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { claimStatement, internshipAgreementPdf } from '@min-profil/shared/openid4vp/demo-documents';
import { encodeTransactionData, hashDocument } from '@min-profil/shared/openid4vp/transaction-data';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { buildTrustList, fetchTrustedIssuer } from '@min-profil/shared/trust-list/build-trust-list';
import { demoRegistrations } from '@min-profil/shared/trust-list/demo-registrations';
import { getJson } from '../issuer/test/wallet-client.js';
import {
  createMutableTrustList,
  startVerifier,
  type RunningVerifier,
} from '../verifier/test/start-verifier.js';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import {
  createApprovalRequest,
  readApprovalResult,
  tamperApproval,
  verifyReceipt,
} from './approval-helpers.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

const tolvan = '191212121212';

function internshipBody(extra: Record<string, unknown> = {}) {
  return {
    title: 'Praktikavtal Norrlands Bygg AB',
    template: 'internship_agreement',
    document: {
      media_type: 'application/pdf',
      content_base64: internshipAgreementPdf({ personName: 'Tolvan Tolvansson' }).toString('base64'),
    },
    ...extra,
  };
}

/**
 * Approve and sign over the real wallet, issuer, eID and verifier: the body sends a
 * document with OpenID4VP 1.0 transaction_data, the person reads it and approves it, the verifier
 * checks the hash binding and returns a receipt anyone can check again.
 */
describe.each(testDatabaseKinds())('approve and sign a document on %s', (kind) => {
  let world: WalletWorld;
  let verifier: RunningVerifier;
  let person: WalletSession;
  let wallet: string;
  let hook: Server;
  let hookUrl: string;
  const hooked: Array<Record<string, any>> = [];

  beforeAll(async () => {
    world = await startWalletWorld(kind);
    wallet = world.wallet.baseUrl;
    const source = createMutableTrustList();
    verifier = await startVerifier(kind, { trustList: source, settings: { webhookRetryDelayMs: 10 } });
    verifier.ctx.settings.issuerBaseUrl = world.issuer.baseUrl;
    const issuers = await Promise.all(
      ['af', 'skatteverket', 'migrationsverket', 'skola'].map((id) =>
        fetchTrustedIssuer({ id, credentialIssuer: `${world.issuer.baseUrl}/${id}` }),
      ),
    );
    const consumers = (await getJson(`${verifier.url}/api/consumers`)).body.consumers;
    const list = buildTrustList({
      operator: 'test operator',
      issuers,
      consumers,
      registrations: demoRegistrations,
    });
    source.set(list);
    Object.assign(world.trustList, list);

    person = await tokenSession(wallet, tolvan);
    for (const [holder, configuration] of [
      ['skatteverket', 'registered_address'],
      ['af', 'registration_certificate'],
    ] as const) {
      const offer = await world.offer(holder, tolvan, [configuration]);
      const received = await api(wallet, person, 'POST', '/api/credential-offers', {
        offer: offer.offer_link,
        tx_code: offer.tx_code,
      });
      await api(wallet, person, 'POST', `/api/credential-offers/${received.body.id}/accept`);
    }
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        hooked.push(JSON.parse(body));
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/approvals`;
  });
  afterAll(async () => {
    await new Promise((resolve) => hook?.close(resolve));
    await verifier?.stop();
    await world?.stop();
  });

  it('Tolvan reads and approves the internship agreement; af-praktik gets the verified approver and a receipt anyone can check again', async () => {
    const pdf = internshipAgreementPdf({ personName: 'Tolvan Tolvansson' });
    const created = await createApprovalRequest(
      verifier,
      'af-praktik',
      internshipBody({ callback_url: hookUrl }),
    );
    expect(created.status).toBe(201);
    expect(created.body.approval).toMatchObject({
      title: 'Praktikavtal Norrlands Bygg AB',
      media_type: 'application/pdf',
      document_hash: hashDocument(pdf),
    });
    // The document is served at document_uri, byte for byte.
    const served = await fetch(created.body.approval.document_uri);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);

    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.status).toBe(201);
    expect(shown.body.verifier).toMatchObject({ verified: true, registered: true });
    expect(shown.body.warnings).toEqual([]);
    expect(shown.body.transaction_data).toEqual([
      expect.objectContaining({
        type: 'min-profil/document-approval',
        title: 'Praktikavtal Norrlands Bygg AB',
        media_type: 'application/pdf',
        document_hash: hashDocument(pdf),
        document_verified: true,
        credential_ids: ['registered_address'],
        text_preview: expect.arrayContaining(['Praktikplats: Norrlands Bygg AB, Umeå']),
      }),
    ]);
    expect(shown.body.credential_queries[0].matches[0].claims_to_send.map((c: any) => c.name)).toEqual([
      'given_name',
      'family_name',
      'personal_identity_number',
    ]);
    const document = await fetch(`${wallet}${shown.body.transaction_data[0].document_url}`, {
      headers: person.headers,
    });
    expect(Buffer.from(await document.arrayBuffer()).equals(pdf)).toBe(true);

    const sent = await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    expect(sent.status).toBe(200);
    expect(sent.body.delivered).toBe(true);

    const result = await readApprovalResult(verifier, 'af-praktik', created.body.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.checks).toContainEqual(
      expect.objectContaining({ name: 'transaction_data', passed: true, query_id: 'registered_address' }),
    );
    expect(result.body.claims.registered_address[0]).toMatchObject({
      given_name: 'Tolvan',
      family_name: 'Tolvansson',
      personal_identity_number: tolvan,
    });
    const { receipt, receipt_id: receiptId } = result.body.approval;
    expect(typeof receipt).toBe('string');

    // The body's system receives the same result, receipt included, at its callback.
    await verifier.ctx.webhooks.idle();
    expect(hooked.find((h) => h.id === created.body.id)?.approval.receipt).toBe(receipt);

    const checked = await verifyReceipt(verifier, receipt);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      valid: true,
      receipt: {
        approval_request_id: created.body.id,
        document_hash: hashDocument(pdf),
        title: 'Praktikavtal Norrlands Bygg AB',
        approver: { registered_address: [expect.objectContaining({ personal_identity_number: tolvan })] },
      },
    });
    expect(checked.body.checks.map((c: any) => c.name)).toEqual([
      'receipt_format',
      'receipt_signer',
      'receipt_signature',
      'receipt_evidence',
      'document_hash',
      'transaction_data',
    ]);
    const byId = await getJson(`${verifier.url}/api/approval-receipts/${receiptId}`);
    expect(byId.body).toMatchObject({ valid: true, receipt, approval_request_id: created.body.id });

    // The person keeps an encrypted copy of what they approved, and the log says so.
    const approvals = await api(wallet, person, 'GET', '/api/approvals');
    expect(approvals.body.approvals[0]).toMatchObject({
      title: 'Praktikavtal Norrlands Bygg AB',
      document_hash: hashDocument(pdf),
    });
    const kept = await fetch(`${wallet}${approvals.body.approvals[0].document_url}`, {
      headers: person.headers,
    });
    expect(Buffer.from(await kept.arrayBuffer()).equals(pdf)).toBe(true);
    const log = await api(wallet, person, 'GET', '/api/log?event=presentation');
    expect(log.body.entries[0]).toMatchObject({
      outcome: 'approved "Praktikavtal Norrlands Bygg AB"',
    });
  });

  it('the insurer asks Tolvan to confirm a claim statement given as JSON', async () => {
    const created = await createApprovalRequest(verifier, 'insurer', {
      title: 'Skadeanmälan TF-2026-88231',
      template: 'claim_statement',
      document: { media_type: 'application/json', content: claimStatement() },
    });
    expect(created.status).toBe(201);
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.body.transaction_data[0]).toMatchObject({
      media_type: 'application/json',
      content: claimStatement(),
    });
    await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    const result = await readApprovalResult(verifier, 'insurer', created.body.id);
    expect(result.body.status).toBe('verified');
    expect((await verifyReceipt(verifier, result.body.approval.receipt)).body.valid).toBe(true);
  });

  it('approves over direct_post.jwt (encrypted answer) just the same', async () => {
    const created = await createApprovalRequest(
      verifier,
      'af-praktik',
      internshipBody({ response_mode: 'direct_post.jwt' }),
    );
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.body.response_mode).toBe('direct_post.jwt');
    await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    const result = await readApprovalResult(verifier, 'af-praktik', created.body.id);
    expect(result.body.status).toBe('verified');
    expect((await verifyReceipt(verifier, result.body.approval.receipt)).body.valid).toBe(true);
  });

  it('a decline reaches the body as access_denied and no receipt exists', async () => {
    const created = await createApprovalRequest(verifier, 'af-praktik', internshipBody());
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    const declined = await api(
      wallet,
      person,
      'POST',
      `/api/presentation-requests/${shown.body.id}/response`,
      {
        decision: 'decline',
      },
    );
    expect(declined.body).toMatchObject({ decision: 'decline', delivered: true });
    const result = await readApprovalResult(verifier, 'af-praktik', created.body.id);
    expect(result.body).toMatchObject({ status: 'rejected', error: 'access_denied' });
    expect(result.body.approval.receipt).toBeUndefined();
    const log = await api(wallet, person, 'GET', '/api/log?event=refusal');
    expect(JSON.stringify(log.body)).toContain('declined to approve \\"Praktikavtal Norrlands Bygg AB\\"');
  });

  it('refuses a document that does not match its hash (document_hash_mismatch), and tells the verifier', async () => {
    const created = await createApprovalRequest(verifier, 'af-praktik', internshipBody());
    const other = internshipAgreementPdf({
      personName: 'Tolvan Tolvansson',
      reference: 'AF-PRAKTIK-2026-9999',
    });
    await tamperApproval(verifier, created.body.id, { document: other.toString('base64') });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.status).toBe(400);
    expect(shown.body).toMatchObject({ error: 'invalid_transaction_data', reason: 'document_hash_mismatch' });
    const result = await readApprovalResult(verifier, 'af-praktik', created.body.id);
    expect(result.body).toMatchObject({ status: 'rejected', error: 'invalid_transaction_data' });
    expect(result.body.error_description).toMatch(/^document_hash_mismatch/);
  });

  it('refuses a PDF that is a decompression bomb (document_too_large), and tells the verifier', async () => {
    // 64 MiB of content in a stream of about 64 KiB: the wallet's preview budget is 4 MiB.
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    const pdf = Buffer.concat([
      Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Length ${bomb.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
      bomb,
      Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
    ]);
    const created = await createApprovalRequest(
      verifier,
      'af-praktik',
      internshipBody({ document: { media_type: 'application/pdf', content_base64: pdf.toString('base64') } }),
    );
    expect(created.status).toBe(201);
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.status).toBe(400);
    expect(shown.body).toMatchObject({
      error: 'invalid_transaction_data',
      reason: 'document_too_large',
      error_description:
        "the document cannot be shown: the document's content streams inflate past 4194304 bytes",
    });
    const result = await readApprovalResult(verifier, 'af-praktik', created.body.id);
    expect(result.body).toMatchObject({ status: 'rejected', error: 'invalid_transaction_data' });
    expect(result.body.error_description).toMatch(/^document_too_large/);
    // The wallet still answers.
    expect((await api(wallet, person, 'GET', '/api/credentials')).status).toBe(200);
  });

  it('refuses a transaction_data type it does not know (unknown_transaction_data_type), per OpenID4VP 1.0 §8.4', async () => {
    const created = await createApprovalRequest(verifier, 'af-praktik', internshipBody());
    await tamperApproval(verifier, created.body.id, {
      transactionData: encodeTransactionData({
        type: 'org.example/payment',
        credential_ids: ['registered_address'],
        amount: '100 SEK',
      }),
    });
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    expect(shown.status).toBe(400);
    expect(shown.body).toMatchObject({
      error: 'invalid_transaction_data',
      reason: 'unknown_transaction_data_type',
    });
    const result = await readApprovalResult(verifier, 'af-praktik', created.body.id);
    expect(result.body).toMatchObject({ status: 'rejected', error: 'invalid_transaction_data' });
    const log = await api(wallet, person, 'GET', '/api/log?event=refusal');
    expect(JSON.stringify(log.body)).toContain('refused by the wallet: unknown_transaction_data_type');
  });

  it('rejects a tampered receipt (receipt_signature) and a receipt whose evidence changed (document_hash)', async () => {
    const created = await createApprovalRequest(verifier, 'af-praktik', internshipBody());
    const shown = await api(wallet, person, 'POST', '/api/presentation-requests', {
      request: created.body.openid4vp_url,
    });
    await api(wallet, person, 'POST', `/api/presentation-requests/${shown.body.id}/response`, {
      decision: 'approve',
    });
    const { receipt, receipt_id: receiptId } = (
      await readApprovalResult(verifier, 'af-praktik', created.body.id)
    ).body.approval;
    const [header, payload, signature] = receipt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.title = 'Anställningsavtal';
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    const checked = await verifyReceipt(verifier, forged);
    expect(checked.body).toMatchObject({ valid: false, reason: 'receipt_signature' });
    expect((await verifyReceipt(verifier, 'not-a-receipt')).body).toMatchObject({
      valid: false,
      reason: 'receipt_format',
    });

    await tamperApproval(verifier, created.body.id, {
      document: internshipAgreementPdf({ reference: 'changed afterwards' }).toString('base64'),
    });
    const again = await getJson(`${verifier.url}/api/approval-receipts/${receiptId}`);
    expect(again.body).toMatchObject({ valid: false, reason: 'document_hash' });
  });
});
