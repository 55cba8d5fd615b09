import { join } from 'node:path';
import { runMainUntilExit } from '@min-profil/shared/testing/run-main';

describe('the verifier refuses to start with a short consumer API key', () => {
  const main = join(import.meta.dirname, '..', 'dist', 'main.js');
  const long = (c: string) => c.repeat(32);
  const runMain = (env: Record<string, string>) => runMainUntilExit(main, { VERIFIER_PORT: '0', ...env });

  it.each([
    [
      { VERIFIER_API_KEYS: `insurer:${'k'.repeat(31)},university:${long('u')}` },
      'verifier: VERIFIER_API_KEYS: the key for insurer must be at least 32 characters',
    ],
    [
      { VERIFIER_API_KEY_AF_PRAKTIK: 'short-key-16char' },
      'verifier: VERIFIER_API_KEY_AF_PRAKTIK: the key for af-praktik must be at least 32 characters',
    ],
    [{ VERIFIER_API_KEYS: 'insurer' }, 'verifier: VERIFIER_API_KEYS: expected insurer:KEY,university:KEY'],
  ])(
    'refuses %j with one line and exit code 1',
    async (env, line) => {
      const result = await runMain(env);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`${line}\n`);
      expect(result.stdout).toBe('');
    },
    40_000,
  );
});
