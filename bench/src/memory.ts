import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { memoryOf } from './child-service.js';

/**
 * Resident memory of each service as an operator starts it (`node <service>/dist/main.js`, the
 * `npm start` of its workspace, on its SQLite default in a fresh DATA_DIR): VmRSS after start-up
 * and 5 s idle, then VmHWM after 10 s of HTTP load (16 connections, autocannon) on one GET route
 * that does real work (the issuer's metadata, the verifier's DID document of a consumer, the wallet's web app page: routes outside the per-address rate limit), with the
 * requests a second as the throughput to compare node flags by.
 *
 *   node bench/dist/memory.js                                 # the services as they start
 *   node bench/dist/memory.js --max-semi-space-size=16        # the same with node flags
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const ports = { wallet: 47200, issuer: 47201, verifier: 47202, eid: 47203 };
const routes = {
  issuer: '/.well-known/openid-credential-issuer/af',
  verifier: '/consumers/insurer/did.json',
  wallet: '/',
};
const MiB = (bytes: number) => Math.round(bytes / 1048576);

async function start(service: keyof typeof routes, dataDir: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    ALLOW_INSECURE_URLS: '1',
    LOG_LEVEL: 'warn',
  };
  for (const [name, port] of Object.entries(ports)) {
    env[`${name.toUpperCase()}_PORT`] = String(port);
    env[`${name.toUpperCase()}_HOST`] = '127.0.0.1';
  }
  const child = spawn(process.execPath, [...flags, join(root, service, 'dist/main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/listening/i.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${service} exited with ${code}`)));
  });
  return child;
}

const rows = [];
for (const service of ['issuer', 'verifier', 'wallet'] as const) {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-memory-${service}-`));
  const child = await start(service, dataDir);
  try {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const idle = memoryOf(child.pid).rssBytes;
    const result = await autocannon({
      url: `http://127.0.0.1:${ports[service]}${routes[service]}`,
      connections: 16,
      duration: 10,
    });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(
        `${service}: ${routes[service]} answered ${result.non2xx} non-2xx, ${result.errors} errors`,
      );
    }
    const peak = memoryOf(child.pid).peakRssBytes;
    rows.push({
      service,
      flags: flags.join(' '),
      idleRssMiB: MiB(idle),
      peakRssMiB: MiB(peak),
      route: routes[service],
      requestsPerSecond: Math.round(result.requests.average),
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
for (const r of rows) {
  process.stdout.write(
    `${r.service.padEnd(9)} idle ${r.idleRssMiB} MiB, peak ${r.peakRssMiB} MiB under load, ${r.requestsPerSecond} req/s (${r.route})\n`,
  );
}
process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows })}\n`);
