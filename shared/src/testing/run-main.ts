import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MainExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a service's real `dist/main.js` in a child process with only `env` (and a fresh
 * DATA_DIR), for start-up checks that must end the process. One that starts anyway is killed
 * after `deadlineMs`, and its exit code (null) fails the caller's expectation.
 */
export function runMainUntilExit(
  main: string,
  env: Record<string, string>,
  deadlineMs = 30_000,
): Promise<MainExit> {
  const dataDir = mkdtempSync(join(tmpdir(), 'min-profil-main-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(deadline);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}
