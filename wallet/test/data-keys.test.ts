import { randomBytes } from 'node:crypto';
import { createDataKeys, openJson, sealJson } from '../src/crypto/data-keys.js';

describe('envelope encryption at rest', () => {
  const keys = createDataKeys(randomBytes(32));

  it('wraps a per-person data key that only opens for that account', () => {
    const { dataKey, wrapped } = keys.createDataKey('account-1');
    expect(keys.unwrapDataKey('account-1', wrapped).equals(dataKey)).toBe(true);
    expect(() => keys.unwrapDataKey('account-2', wrapped)).toThrow();
    expect(() => createDataKeys(randomBytes(32)).unwrapDataKey('account-1', wrapped)).toThrow();
  });

  it('seals values with AES-256-GCM bound to their row (AAD) and detects tampering', () => {
    const { dataKey } = keys.createDataKey('a');
    const sealed = sealJson(dataKey, 'credential:a:1', { given_name: 'Tolvan' });
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(sealed).not.toContain('Tolvan');
    expect(openJson(dataKey, 'credential:a:1', sealed)).toEqual({ given_name: 'Tolvan' });
    expect(() => openJson(dataKey, 'credential:a:2', sealed)).toThrow();
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[2]!, 'base64url');
    ciphertext[0] = ciphertext[0]! ^ 1;
    parts[2] = ciphertext.toString('base64url');
    expect(() => openJson(dataKey, 'credential:a:1', parts.join('.'))).toThrow();
    // A fresh IV each time.
    expect(sealJson(dataKey, 'x', 1)).not.toBe(sealJson(dataKey, 'x', 1));
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => createDataKeys(randomBytes(16))).toThrow('32 bytes');
  });
});
