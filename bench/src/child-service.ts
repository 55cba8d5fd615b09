import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A service instance in a process of its own (serve.js), pinned to one core with taskset, and
 * what that process used: CPU time and resident memory, read from /proc (Linux).
 */
const serveScript = fileURLToPath(new URL('./serve.js', import.meta.url));

export async function spawnServe(
  cpu: number,
  args: Record<string, unknown>,
): Promise<{ url: string; child: ChildProcess; tokens?: Record<string, string> }> {
  // BENCH_SERVE_PROF=<dir>: a CPU profile of each server process under load.
  const profile = process.env.BENCH_SERVE_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVE_PROF}`]
    : [];
  const node = [process.execPath, ...profile, serveScript, JSON.stringify(args)];
  const child = spawn('taskset', ['-c', String(cpu), ...node], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  const started = await new Promise<{ url: string; tokens?: Record<string, string> }>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve(JSON.parse(line) as { url: string; tokens?: Record<string, string> });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { ...started, child };
}

export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The statements a serve.js process has sent to PostgreSQL so far (it answers SIGUSR2). */
export async function statementsSent(child: ChildProcess): Promise<number> {
  return (await statementsSentByKind(child)).statements;
}

/** The same, with the count by first keyword and table (`INSERT spent_jti`, `BEGIN`, …). */
export async function statementsSentByKind(
  child: ChildProcess,
): Promise<{ statements: number; byKind: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('{"statements"'));
      if (!line) return;
      child.stdout!.off('data', onData);
      resolve(JSON.parse(line) as { statements: number; byKind: Record<string, number> });
    };
    child.stdout!.on('data', onData);
    if (!child.kill('SIGUSR2')) reject(new Error('the service process is gone'));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/**
 * Resident memory of a process now and at its peak (VmRSS, VmHWM), in bytes. The peak is the
 * process's whole life so far: a curve reads it after each point, so each point's figure is
 * the highest the process reached up to then.
 */
export function memoryOf(pid: number | undefined): { rssBytes: number; peakRssBytes: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssBytes: kib('VmRSS') * 1024, peakRssBytes: kib('VmHWM') * 1024 };
  } catch {
    return { rssBytes: NaN, peakRssBytes: NaN };
  }
}

/**
 * What an instance uses doing nothing, over `ms` (after start-up, before any load): CPU
 * milliseconds per second (timers, pools) and resident memory. Subtract the first from a
 * figure taken while the machine queued the requests, to see the cost of the requests alone.
 */
export async function idleUsage(
  pid: number | undefined,
  ms = 3000,
): Promise<{ cpuMsPerSecond: number; rssBytes: number }> {
  const before = cpuSeconds(pid);
  const start = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { cpuMsPerSecond: ((cpuSeconds(pid) - before) * 1000) / seconds, rssBytes: memoryOf(pid).rssBytes };
}
