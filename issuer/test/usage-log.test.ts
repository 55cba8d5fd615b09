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
});
