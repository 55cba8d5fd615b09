import type { Server } from 'node:http';
import { readInt } from './config.js';
import { startDraining } from './health/draining.js';
import type { Logger } from './logger.js';
import { flushTracing } from './tracing/service-tracer.js';

export interface ShutdownSettings {
  /** How long requests in flight may still take once the listener is closed (`SHUTDOWN_GRACE_MS`). */
  graceMs: number;
  /**
   * How long to keep serving after the signal while readiness answers 503, so a balancer that
   * probes it takes the instance out before it stops listening (`SHUTDOWN_DRAIN_MS`).
   */
  drainMs: number;
}

export function readShutdownSettings(env: Record<string, string | undefined>): ShutdownSettings {
  return {
    graceMs: readInt(env, 'SHUTDOWN_GRACE_MS', 10_000),
    drainMs: readInt(env, 'SHUTDOWN_DRAIN_MS', 0),
  };
}

/**
 * SIGTERM (and SIGINT) end the process without losing a request: readiness turns 503, after
 * `drainMs` the listener closes, requests in flight finish (connections are cut after
 * `graceMs`), every keep-alive connection is closed once its answer is out, and then `close`
 * stops the workers (their outbox leases given back) and closes the database pool; waiting
 * spans are exported last.
 */
export function installGracefulShutdown(options: {
  server: Server;
  settings: ShutdownSettings;
  /** The service context's `close()`. */
  close(): Promise<void>;
  logger: Pick<Logger, 'info' | 'error'>;
}): void {
  const { server, settings, logger } = options;
  let stopping = false;
  // Once stopping, each answer says the connection ends, so no new request rides on it.
  server.on('request', (_req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
  });

  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    startDraining();
    logger.info({ signal, ...settings }, 'shutting down: draining');
    if (settings.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.drainMs));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const cut = setTimeout(() => {
      logger.info('shutting down: grace period over, closing the connections left');
      server.closeAllConnections();
    }, settings.graceMs);
    await closed;
    clearInterval(sweep);
    clearTimeout(cut);
    await options.close();
    // The last batch of spans (the requests just finished) goes out before the process ends.
    await flushTracing();
    logger.info('stopped');
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
