import { browserSafeUrl } from './browser-url.js';

describe('browserSafeUrl', () => {
  const strict = { allowInsecureUrls: false };
  const insecure = { allowInsecureUrls: true };

  it('admits https', () => {
    expect(browserSafeUrl('https://insurer.example/claim#response_code=x', strict)).toBe(
      'https://insurer.example/claim#response_code=x',
    );
  });

  it.each([
    'javascript:alert(document.cookie)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'vbscript:msgbox',
    'intent://x#Intent;end',
    'https://user:pass@insurer.example/',
    '/relative',
    '',
  ])('refuses %s', (value) => {
    expect(browserSafeUrl(value, insecure)).toBeUndefined();
  });

  it('admits plain http only on loopback and only with insecure URLs allowed', () => {
    expect(browserSafeUrl('http://127.0.0.1:3003/done', strict)).toBeUndefined();
    expect(browserSafeUrl('http://127.0.0.1:3003/done', insecure)).toBe('http://127.0.0.1:3003/done');
    expect(browserSafeUrl('http://localhost/done', insecure)).toBe('http://localhost/done');
    expect(browserSafeUrl('http://insurer.example/done', insecure)).toBeUndefined();
  });
});
