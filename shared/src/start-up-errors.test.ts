import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describeStartUpError } from './start-up-errors.js';

describe('start-up errors', () => {
  it('names the port and the variable that moves it when the port is in use', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3001'), {
      code: 'EADDRINUSE',
      port: 3001,
      address: '127.0.0.1',
    });
    expect(describeStartUpError(error, 'ISSUER_')).toBe(
      'port 3001 on 127.0.0.1 is already in use; stop what uses it or set ISSUER_PORT',
    );
  });

  it('keeps the first line of any other error', () => {
    expect(describeStartUpError(new Error('ISSUER_PORT must be a port\n    at readPort'), 'ISSUER_')).toBe(
      'ISSUER_PORT must be a port',
    );
  });

  it('a real service on a port in use prints one line and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const main = fileURLToPath(new URL('../../verifier/dist/main.js', import.meta.url));
      const dataDir = mkdtempSync(join(tmpdir(), 'min-profil-start-up-'));
      const run = spawnSync(process.execPath, [main], {
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          VERIFIER_PORT: String(port),
          VERIFIER_HOST: '127.0.0.1',
          DEBUG: '',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n').filter(Boolean)).toEqual([
        `verifier: cannot start: port ${port} on 127.0.0.1 is already in use; stop what uses it or set VERIFIER_PORT`,
      ]);
    } finally {
      blocker.close();
    }
  });
});
