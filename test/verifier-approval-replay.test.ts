import { internshipAgreementPdf } from '@min-profil/shared/openid4vp/demo-documents';
import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { hashTransactionData } from '@min-profil/shared/sd-jwt/verify-key-binding-jwt';
import {
  discloseRequested,
  fetchAuthorizationRequest,
  postResponse,
  presentCredential,
} from '../verifier/test/test-wallet.js';
import { createApprovalRequest, readApprovalResult } from './approval-helpers.js';
import {
  obtainCredential,
  startVerifierWorld,
  type IssuedCredential,
  type VerifierWorld,
} from './verifier-helpers.js';

const tolvan = '191212121212';

/**
 * The verifier's side of approve and sign, driven by a foreign wallet (fetch + the shared
 * SD-JWT code): the KB-JWT must hash this request's transaction data, so an approval cannot be
 * replayed for another document or another request.
 */
describe.each(testDatabaseKinds())('approval binding at the verifier on %s', (kind) => {
  let world: VerifierWorld;
  let address: IssuedCredential;

  beforeAll(async () => {
    world = await startVerifierWorld(kind);
    address = await obtainCredential(world.issuer, {
      holder: 'skatteverket',
      pnr: tolvan,
      configurationId: 'registered_address',
    });
  });
  afterAll(async () => {
    await world?.stop();
  });

  async function approvalRequest(reference: string) {
    const created = await createApprovalRequest(world.verifier, 'af-praktik', {
      title: `Praktikavtal ${reference}`,
      template: 'internship_agreement',
      document: {
        media_type: 'application/pdf',
        content_base64: internshipAgreementPdf({ reference }).toString('base64'),
      },
    });
    expect(created.status).toBe(201);
    const { request } = await fetchAuthorizationRequest({
      openid4vpUrl: created.body.openid4vp_url,
      trustList: world.trustList,
    });
    return { id: created.body.id as string, request };
  }

  async function answer(
    target: Awaited<ReturnType<typeof approvalRequest>>,
    options: { nonceOf?: typeof target; transactionDataOf?: typeof target; noHashes?: boolean } = {},
  ) {
    const source = options.transactionDataOf ?? target;
    const hashes = (source.request.transaction_data as string[]).map((transactionData) =>
      hashTransactionData({ transactionData }),
    );
    const presentation = await presentCredential({
      credential: address.credential,
      holderPrivateKey: address.holderKey.privateKey,
      request: (options.nonceOf ?? target).request,
      disclose: discloseRequested(target.request, 'registered_address'),
      ...(options.noHashes ? {} : { transactionDataHashes: hashes }),
    });
    return postResponse(target.request.response_uri, {
      vp_token: { registered_address: [presentation] },
      state: target.request.state,
    });
  }

  it('puts one min-profil/document-approval entry in the signed request object', async () => {
    const { id, request } = await approvalRequest('A-1');
    const entries = (request.transaction_data as string[]).map((raw) =>
      JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')),
    );
    expect(entries).toEqual([
      {
        type: 'min-profil/document-approval',
        credential_ids: ['registered_address'],
        transaction_data_hashes_alg: ['sha-256'],
        request_id: id,
        title: 'Praktikavtal A-1',
        media_type: 'application/pdf',
        document_uri: expect.stringMatching(/\/openid4vp\/documents\/[\w-]{43}$/),
        document_hash: expect.stringMatching(/^[\w-]{43}$/),
        document_hash_alg: 'sha-256',
      },
    ]);
  });

  it('accepts a presentation whose KB-JWT hashes the transaction data, and signs a receipt', async () => {
    const target = await approvalRequest('A-2');
    const response = await answer(target);
    expect(response.status).toBe(200);
    const result = await readApprovalResult(world.verifier, 'af-praktik', target.id);
    expect(result.body.status).toBe('verified');
    expect(result.body.approval.receipt).toEqual(expect.any(String));
  });

  it('rejects an approval of another document (transaction_data)', async () => {
    const other = await approvalRequest('B-1');
    const target = await approvalRequest('B-2');
    const response = await answer(target, { transactionDataOf: other });
    expect(response.status).toBe(400);
    expect(response.body.failed_checks).toEqual(['transaction_data']);
    const result = await readApprovalResult(world.verifier, 'af-praktik', target.id);
    expect(result.body).toMatchObject({ status: 'rejected', error: 'invalid_presentation' });
    expect(result.body.approval.receipt).toBeUndefined();
  });

  it('rejects an approval made for another request (nonce)', async () => {
    const other = await approvalRequest('C-1');
    const target = await approvalRequest('C-2');
    const response = await answer(target, { nonceOf: other, transactionDataOf: other });
    expect(response.status).toBe(400);
    expect(response.body.failed_checks).toEqual(['nonce']);
  });

  it('rejects a presentation without transaction_data_hashes (transaction_data)', async () => {
    const target = await approvalRequest('D-1');
    const response = await answer(target, { noHashes: true });
    expect(response.status).toBe(400);
    expect(response.body.failed_checks).toEqual(['transaction_data']);
  });

  it('rejects a document that is not a PDF, a query for W3C VC-JWTs (no KB-JWT to bind) and a request without a title', async () => {
    const notPdf = await createApprovalRequest(world.verifier, 'af-praktik', {
      title: 'x',
      template: 'internship_agreement',
      document: { media_type: 'application/pdf', content_base64: Buffer.from('hello').toString('base64') },
    });
    expect(notPdf.status).toBe(400);
    expect(notPdf.body).toEqual({
      error: 'invalid_request',
      error_description: 'document.content_base64 is not a PDF (no %PDF- header)',
    });
    const vcJwt = await createApprovalRequest(world.verifier, 'af-praktik', {
      title: 'x',
      purpose: 'x',
      dcql_query: { credentials: [{ id: 'w3c', format: 'jwt_vc_json', meta: { type_values: [['x']] } }] },
      document: { media_type: 'application/json', content: { a: 1 } },
    });
    expect(vcJwt.body).toEqual({
      error: 'invalid_request',
      error_description: 'an approval can only ask for dc+sd-jwt credentials',
    });
    const noTitle = await createApprovalRequest(world.verifier, 'af-praktik', {
      template: 'internship_agreement',
      document: { media_type: 'application/json', content: { a: 1 } },
    });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error_description).toMatch(/title/);
  });

  it('the insurer page asks for confirmation of a JSON claim statement and shows the receipt once answered', async () => {
    const page = await fetch(`${world.verifier.url}/insurer/approve`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
    const requestId = /data-request="([^"]+)"/.exec(html)![1]!;
    const documentLink = /<a href="([^"]+\/openid4vp\/documents\/[^"]+)"/.exec(html)![1]!;
    const served = await fetch(documentLink);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await served.json()) as { reference: string }).reference).toBe('TF-2026-88231');

    const registration = await obtainCredential(world.issuer, {
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const openid4vpUrl = /href="(openid4vp:[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const { request } = await fetchAuthorizationRequest({ openid4vpUrl, trustList: world.trustList });
    const presentation = await presentCredential({
      credential: registration.credential,
      holderPrivateKey: registration.holderKey.privateKey,
      request,
      disclose: discloseRequested(request, 'registration'),
      transactionDataHashes: (request.transaction_data as string[]).map((transactionData) =>
        hashTransactionData({ transactionData }),
      ),
    });
    const response = await postResponse(request.response_uri, {
      vp_token: { registration: [presentation] },
      state: request.state,
    });
    expect(response.status).toBe(200);
    const polled = await fetch(`${world.verifier.url}/insurer/approvals/${requestId}`, {
      headers: { cookie },
    });
    const result = (await polled.json()) as Record<string, any>;
    expect(result.status).toBe('verified');
    expect(result.fields).toContainEqual(
      expect.objectContaining({ id: 'f-registration-given_name', value: 'Tolvan' }),
    );
    expect(result.fields).toContainEqual(
      expect.objectContaining({ id: 'f-receipt', value: expect.any(String) }),
    );
    // Without the page's cookie the result is not shown.
    expect((await fetch(`${world.verifier.url}/insurer/approvals/${requestId}`)).status).toBe(404);
  });

  it('serves the document for the request lifetime only', async () => {
    const created = await createApprovalRequest(world.verifier, 'af-praktik', {
      title: 'Praktikavtal F-1',
      template: 'internship_agreement',
      document: { media_type: 'application/json', content: { agreement: 'F-1' } },
    });
    const uri = created.body.approval.document_uri as string;
    expect((await fetch(uri)).status).toBe(200);
    world.verifier.advanceClock(601);
    try {
      const gone = await fetch(uri);
      expect(gone.status).toBe(410);
      expect(await gone.json()).toEqual({
        error: 'not_found',
        error_description: 'the document is no longer served here',
      });
    } finally {
      world.verifier.advanceClock(-601);
    }
  });

  it("hides another consumer's approval request", async () => {
    const target = await approvalRequest('E-1');
    const asInsurer = await readApprovalResult(world.verifier, 'insurer', target.id);
    expect(asInsurer.status).toBe(404);
  });
});
