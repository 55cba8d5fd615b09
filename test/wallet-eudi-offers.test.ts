import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, tokenSession, type WalletSession } from '../wallet/test/wallet-api.js';
import { startWalletWorld, type WalletWorld } from './wallet-harness.js';

/**
 * The EU reference wallet library's credential-offer fixtures (eudi-lib-jvm-openid4vci-kt):
 * what it calls invalid, our wallet refuses with a clear error and stores nothing; the valid
 * sample, pointed at our issuer, parses and reaches the issuer.
 */
const fixtures = fileURLToPath(new URL('./vectors/eudi/openid4vci-kt/internal/', import.meta.url));
const fixture = (name: string) => JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8'));
const byValue = (offer: unknown) =>
  `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;

describe('EUDI credential-offer fixtures at the wallet', () => {
  let world: WalletWorld;
  let person: WalletSession;
  beforeAll(async () => {
    world = await startWalletWorld('sqlite');
    person = await tokenSession(world.wallet.baseUrl, '191212121212');
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  const send = (offer: unknown, txCode?: string) =>
    api(world.wallet.baseUrl, person, 'POST', '/api/credential-offers', {
      offer: byValue(offer),
      ...(txCode ? { tx_code: txCode } : {}),
    });

  it.each([
    'credential_offer_with_blank_pre_authorized_code',
    'credential_offer_over_sized_tx_code_description',
    'credential_offer_with_blank_issuer_state',
  ])('refuses %s with invalid_request and keeps nothing', async (name) => {
    // Point the fixture at our issuer so a wrongly accepted offer would get as far as it could.
    const offer = { ...fixture(name), credential_issuer: `${world.issuer.baseUrl}/af` };
    const response = await send(offer, '123456');
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description.length).toBeGreaterThan(10);
    const held = await api(world.wallet.baseUrl, person, 'GET', '/api/credentials');
    expect(held.body.credentials).toEqual([]);
  });

  it('refuses an offer of a configuration the issuer does not have', async () => {
    const offer = {
      ...fixture('credential_offer_with_unknown_format'),
      credential_issuer: `${world.issuer.baseUrl}/af`,
    };
    const response = await send(offer);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body.error_description).toMatch(/UnknownCredential|configuration|grant/i);
  });

  it('parses the valid sample offer and takes it to the issuer, which refuses its made-up code', async () => {
    const sample = fixture('sample_credential_offer');
    const offer = {
      ...sample,
      credential_issuer: `${world.issuer.baseUrl}/af`,
      credential_configuration_ids: ['registration_certificate'],
    };
    const response = await send(offer, '123456');
    // The offer itself is fine; the issuer does not know the code, and says so.
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant', issuer_error: 'invalid_grant' });
  });

  it('refuses an issuer whose metadata the EUDI library calls invalid, keeping nothing', async () => {
    // A stub issuer on loopback that serves invalid_credential_issuer_metadata.json as its own.
    let origin = '';
    const server: Server = createServer((req, res) => {
      const metadata = JSON.parse(
        JSON.stringify(fixture('invalid_credential_issuer_metadata')).replaceAll(
          'https://credential-issuer.example.com',
          origin,
        ),
      );
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url?.startsWith('/.well-known/openid-credential-issuer') ? metadata : {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await send({
        credential_issuer: origin,
        credential_configuration_ids: ['anything'],
        grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'abc' } },
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body.error_description).toMatch(/metadata/i);
      const held = await api(world.wallet.baseUrl, person, 'GET', '/api/credentials');
      expect(held.body.credentials).toEqual([]);
    } finally {
      server.close();
    }
  });
});
