import { testDatabaseKinds } from '@min-profil/shared/testing/test-database';
import { checkCallbackTarget } from '../src/webhook/check-callback-target.js';
import { createMutableTrustList, startVerifier, type RunningVerifier } from './start-verifier.js';

/**
 * SSRF: a consumer's callback_url is where the verifier POSTs results, so unless the
 * deployment allows internal targets it must not point at loopback, private or link-local
 * addresses — by literal address, by name, or through DNS.
 */
describe.each(testDatabaseKinds())('callback_url targets on %s', (kind) => {
  let verifier: RunningVerifier;
  beforeAll(async () => {
    verifier = await startVerifier(kind, {
      trustList: createMutableTrustList(),
      settings: { webhookAllowInternal: false },
    });
  });
  afterAll(async () => {
    await verifier?.stop();
  });

  const create = (callbackUrl: string) =>
    fetch(`${verifier.url}/api/presentation-requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${verifier.apiKeys.insurer}`,
      },
      body: JSON.stringify({ template: 'unemployment_claim', callback_url: callbackUrl }),
    });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
    'http://[::ffff:192.168.0.1]/hook',
  ])('refuses %s with invalid_request', async (url) => {
    const response = await create(url);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(/internal|private|loopback/);
  });

  it('accepts a public target', async () => {
    // 192.0.2.0/24 is TEST-NET-1: public in form, never routed; nothing is sent until a result.
    const response = await create('http://192.0.2.10/hook');
    expect(response.status).toBe(201);
  });

  it('checks names through DNS, and lets a deployment allow internal targets', async () => {
    const toPrivate = async () => ['10.0.0.7'];
    await expect(checkCallbackTarget(verifier.ctx, 'https://hooks.example.se/x', toPrivate)).rejects.toThrow(
      /internal|private/,
    );
    await expect(
      checkCallbackTarget(verifier.ctx, 'https://hooks.example.se/x', async () => ['192.0.2.1']),
    ).resolves.toBeUndefined();
    const allowing = { ...verifier.ctx, settings: { ...verifier.ctx.settings, webhookAllowInternal: true } };
    await expect(checkCallbackTarget(allowing, 'http://127.0.0.1/x', toPrivate)).resolves.toBeUndefined();
  });
});
