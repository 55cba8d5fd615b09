import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { UsageRecordEntity } from '../src/usage/usage-record-entity.js';
import { startIssuer, type RunningIssuer } from './start-issuer.js';
import { getJson, issueCredential, postJson } from './wallet-client.js';

const tolvan = '191212121212';
const samir = '198806244417';

describe.each(testDatabaseKinds())('the holder records every use of a person’s data on %s', (kind) => {
  let issuer: RunningIssuer;
  beforeAll(async () => {
    issuer = await startIssuer(kind);
  });
  afterAll(async () => {
    await issuer.stop();
  });
  const staff = (holder: string) => ({ authorization: `Bearer ${issuer.staffKeys[holder]}` });
  const logOf = (holderId: string, identityNumber: string) =>
    issuer.ctx.usage.page({ holderId, identityNumber, limit: 100 });

  it('records issuance, a staff view and a revocation, newest first, in that person’s log only', async () => {
    await issueCredential({
      ...issuer,
      holder: 'af',
      pnr: tolvan,
      configurationId: 'registration_certificate',
    });
    const samirsBefore = (await logOf('af', samir)).length;
    const listed = await getJson(
      `${issuer.baseUrl}/af/admin/credentials?personal_identity_number=${tolvan}`,
      staff('af'),
    );
    expect(listed.status).toBe(200);
    const id = listed.body.credentials[0].id as string;
    const revoked = await postJson(
      `${issuer.baseUrl}/af/admin/credentials/${id}/status`,
      { status: 'revoked' },
      staff('af'),
    );
    expect(revoked.status).toBe(200);

    const log = await logOf('af', tolvan);
    expect(log.slice(0, 3).map((r) => r.action)).toEqual(['revoked', 'staff_view', 'issued']);
    const [revocation, view, issuance] = log;
    expect(issuance).toMatchObject({
      receiverName: 'Din egen plånbok',
      receiverOrgNumber: null,
      fields: expect.arrayContaining(['given_name', 'family_name', 'registration_status']),
    });
    // Names of claims, never their values.
    expect(JSON.stringify(issuance)).not.toContain('Arbetssökande');
    expect(view).toMatchObject({ receiverName: 'Arbetsförmedlingen', receiverOrgNumber: '202100-2114' });
    expect(revocation.fields).toEqual(['credential_status:registration_certificate']);
    // Nothing about Tolvan reached Samir's log, nor another holder's.
    expect((await logOf('af', samir)).length).toBe(samirsBefore);
    expect(await logOf('skatteverket', tolvan)).toEqual([]);
  });

  it('keys the log by an HMAC of the number: no row holds a personal number', async () => {
    await getJson(`${issuer.baseUrl}/af/admin/credentials`, staff('af'));
    const rows = await issuer.ctx.db.dataSource.getRepository(UsageRecordEntity).find();
    expect(rows.length).toBeGreaterThan(0);
    const dump = JSON.stringify(rows);
    for (const number of [tolvan, samir, '19121212-1212']) expect(dump).not.toContain(number);
    // The same person has another key at another holder: a dump does not link them.
    const keys = new Set(rows.map((r) => `${r.holderId}:${r.personKey}`));
    expect(keys.size).toBe(new Set(rows.map((r) => r.personKey)).size);
  });

  const lookup = {
    personal_identity_number: '19880624-4417',
    fields: ['registration_status', 'office'],
    purpose: 'Kontroll av rätt till ersättning',
    legal_basis: '110 kap. 31 § socialförsäkringsbalken',
    requester: { org_number: '202100-5521', name: 'Försäkringskassan', system: 'Ersättningshandläggning' },
  };
  const lookupAt = (holder: string, body: unknown, key = issuer.staffKeys[holder]) =>
    postJson(`${issuer.baseUrl}/${holder}/admin/lookups`, body, { authorization: `Bearer ${key}` });

  it('answers a look-up with only the fields asked for, and logs it in the person’s log', async () => {
    const answer = await lookupAt('af', lookup);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      found: true,
      data: {
        registration_status: 'Arbetssökande, etableringsprogrammet',
        office: 'Arbetsförmedlingen Malmö',
      },
    });
    const [latest] = await logOf('af', samir);
    expect(latest).toMatchObject({
      action: 'lookup',
      receiverName: 'Försäkringskassan',
      receiverOrgNumber: '202100-5521',
      receiverSystem: 'Ersättningshandläggning',
      fields: ['registration_status', 'office'],
      purpose: lookup.purpose,
      legalBasis: lookup.legal_basis,
    });
  });

  it('logs a look-up of a person the register does not know, and answers found: false', async () => {
    const before = (await logOf('skola', samir)).length;
    const answer = await lookupAt('skola', { ...lookup, fields: ['given_name'] });
    expect(answer.body).toEqual({ found: false, data: {} });
    expect((await logOf('skola', samir)).length).toBe(before + 1);
  });

  it('refuses bad look-ups without answering or logging anything', async () => {
    const before = (await logOf('af', samir)).length;
    const refused = [
      await lookupAt('af', { ...lookup, fields: ['tax_income'] }),
      await lookupAt('af', { ...lookup, fields: [] }),
      await lookupAt('af', { ...lookup, personal_identity_number: '19880624-4418' }),
      await lookupAt('af', { ...lookup, requester: { ...lookup.requester, org_number: 'x' } }),
      await lookupAt('af', { ...lookup, purpose: undefined }),
      await lookupAt('af', { ...lookup, extra: 1 }),
    ];
    for (const response of refused) {
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
      expect(response.body.data).toBeUndefined();
    }
    expect(refused[0]!.body.error_description).toBe('fields names a field this register does not hold');
    // Another holder's key, and no key: refused before anything is read.
    const otherHolder = await lookupAt('af', lookup, issuer.staffKeys.skatteverket);
    expect(otherHolder.status).toBe(403);
    expect(otherHolder.body.error).toBe('insufficient_scope');
    expect((await lookupAt('af', lookup, 'not-a-key')).status).toBe(401);
    expect((await logOf('af', samir)).length).toBe(before);
  });
});
