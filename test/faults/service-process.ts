import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * One service as its own OS process (`node <service>/dist/main.js`), so the harness can kill it
 * with SIGKILL — no graceful shutdown, no flushed buffers — and start it again on the same port
 * and database.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  /** Everything the service wrote, to scan for personal data after the run. */
  readonly output: string[] = [];
  kills = 0;
  /** How long each start took until the service answered, in ms (kill to healthy). */
  readonly startMs: number[] = [];
  /** Exits nobody asked for (not a SIGKILL or stop of the harness): each one is a finding. */
  readonly unexpectedExits: string[] = [];

  constructor(
    readonly name: 'issuer' | 'verifier' | 'wallet' | 'eid',
    readonly url: string,
    private readonly env: Record<string, string>,
    private readonly healthPath: string,
  ) {}

  async start(): Promise<void> {
    const began = Date.now();
    await this.spawnAndWait();
    this.startMs.push(Date.now() - began);
  }

  private async spawnAndWait(): Promise<void> {
    const child = spawn(process.execPath, [join(process.cwd(), this.name, 'dist', 'main.js')], {
      env: { ...process.env, ...this.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      // Still the current child: nobody here killed or stopped it.
      if (this.child === child) this.unexpectedExits.push(`${this.name} exited (${signal ?? code})`);
    });
    this.child = child;
    await this.waitHealthy(this.output.length);
  }

  /** Whether the process the harness started last is still running. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL at once, then start again; returns when it answers again. */
  async killAndRestart(): Promise<void> {
    this.kill();
    await this.start();
  }

  kill(): void {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    this.kills++;
    this.child = undefined;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  }

  /** SIGTERM, as an orchestrator stops it; resolves with the exit code once it has exited. */
  async terminate(): Promise<number | null> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }

  /**
   * Waits for the health answer. Two minutes: a start under a loaded machine (the 1,000-kill runs
   * beside other work) has been seen to take over one. On failure it shows this process's own
   * output (from `since`), not the last lines of the process killed before it.
   */
  private async waitHealthy(since: number): Promise<void> {
    const began = Date.now();
    const deadline = began + 120_000;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(
          `${this.name} exited with ${this.child.exitCode}: ${this.output.slice(since).join('').slice(-2000)}`,
        );
      }
      try {
        const response = await fetch(`${this.url}${this.healthPath}`);
        if (response.status < 500) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const starts = [...this.startMs].sort((a, b) => a - b);
    throw new Error(
      `${this.name} did not become healthy in ${Date.now() - began} ms after ${this.kills} kills ` +
        `(earlier starts: median ${starts[Math.floor(starts.length / 2)] ?? '-'} ms, ` +
        `longest ${starts.at(-1) ?? '-'} ms); its output: ${this.output.slice(since).join('').slice(-2000) || '(none)'}`,
    );
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
