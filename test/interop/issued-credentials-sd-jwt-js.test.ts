import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { getJson, issueCredential, postJson } from '../../issuer/test/wallet-client.js';
import { keyOfDidUrl, issuerForThisFile, verifyWithSdJwtJs } from './issuer-under-test.js';

const tolvan = '191212121212';

/** Every credential configuration our demo holders offer, with a person the register knows. */
const sdJwtVcConfigurations = [
  { holder: 'af', configurationId: 'registration_certificate', identityNumber: tolvan },
  { holder: 'skatteverket', configurationId: 'registered_address', identityNumber: tolvan },
  { holder: 'migrationsverket', configurationId: 'residence_permit', identityNumber: '198806244417' },
  { holder: 'migrationsverket', configurationId: 'work_permit', identityNumber: '198806244417' },
  { holder: 'skola', configurationId: 'upper_secondary_diploma', identityNumber: '200503152381' },
];

const issuer = issuerForThisFile();

function issue(holder: string, configurationId: string, pnr: string): Promise<string> {
  return issueCredential({ ...issuer(), holder, configurationId, pnr });
}

/** Staff revoke the credential with this status index (the admin API lists them). */
async function revoke(holder: string, identityNumber: string, idx: number) {
  const staff = { authorization: `Bearer ${issuer().apiKey}` };
  const listed = await getJson(
    `${issuer().baseUrl}/${holder}/admin/credentials?personal_identity_number=${identityNumber}&limit=100`,
    staff,
  );
  const row = listed.body.credentials.find(
    (c: { status_list: { idx: number } }) => c.status_list.idx === idx,
  );
  const answer = await postJson(
    `${issuer().baseUrl}/${holder}/admin/credentials/${row.id}/status`,
    { status: 'revoked' },
    staff,
  );
  expect(answer.status).toBe(200);
}

/** `@sd-jwt/jwt-status-list` reads the status at a reference from the list it fetched itself. */
async function statusAt(reference: { uri: string; idx: number }): Promise<number> {
  const response = await fetch(reference.uri, {
    headers: { accept: 'application/statuslist+jwt', 'accept-encoding': 'gzip, deflate' },
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/statuslist\+jwt/);
  return getListFromStatusListJWT(await response.text()).getStatus(reference.idx);
}

describe('@sd-jwt/sd-jwt-vc verifier → our credentials', () => {
  it.each(sdJwtVcConfigurations)(
    'SD-JWT VC $configurationId ($holder): signature with the key of /.well-known/jwt-vc-issuer, status list, type metadata',
    async ({ holder, configurationId, identityNumber }) => {
      const compact = await issue(holder, configurationId, identityNumber);
      // verify() also fetches and verifies the status list JWT and checks the status is 0.
      const verified = await verifyWithSdJwtJs(compact, { typeMetadata: true });
      expect(verified.payload.iss).toBe(`${issuer().baseUrl}/${holder}`);
      expect(verified.payload.status).toEqual({
        status_list: { idx: expect.any(Number), uri: expect.stringMatching(/\/status-lists\/\d+$/) },
      });
      expect(verified.typeMetadata?.vctValues[0]).toBe(verified.payload.vct);
    },
  );
});

describe('jose verifier → our credentials', () => {
  it('jwt_vc_json: kid in the header names the did:web key that verifies it, status at the top level', async () => {
    const jwt = await issue('af', 'registration_certificate_jwt_vc', tolvan);
    const header = decodeProtectedHeader(jwt);
    const payload = decodeJwt(jwt);
    expect(header.kid).toBe(`${payload.iss}#${(await keyOfDidUrl(header.kid!)).kid}`);
    const key = await importJWK(await keyOfDidUrl(header.kid!), 'ES256');
    await expect(compactVerify(jwt, key)).resolves.toBeDefined();
    expect(payload.status).toEqual({
      status_list: { idx: expect.any(Number), uri: `${issuer().baseUrl}/af/status-lists/1` },
    });
    expect((payload.vc as Record<string, unknown>).credentialSubject).toMatchObject({
      given_name: 'Tolvan',
    });
  });
});

describe('@sd-jwt/jwt-status-list reader → our status lists', () => {
  it('a revocation shows at an SD-JWT VC status reference, and sd-jwt-vc then refuses it', async () => {
    const compact = await issue('af', 'registration_certificate', tolvan);
    const { payload } = await verifyWithSdJwtJs(compact);
    const reference = (payload.status as { status_list: { uri: string; idx: number } }).status_list;
    expect(await statusAt(reference)).toBe(0);
    await revoke('af', tolvan, reference.idx);
    expect(await statusAt(reference)).toBe(1);
    await expect(verifyWithSdJwtJs(compact)).rejects.toThrow(/Status is not valid/);
  });

  it('a revocation shows at a jwt_vc_json status reference', async () => {
    const jwt = await issue('af', 'registration_certificate_jwt_vc', tolvan);
    const reference = (decodeJwt(jwt).status as { status_list: { uri: string; idx: number } }).status_list;
    expect(await statusAt(reference)).toBe(0);
    await revoke('af', tolvan, reference.idx);
    expect(await statusAt(reference)).toBe(1);
  });
});
