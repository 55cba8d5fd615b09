/**
 * Whether this process is shutting down. Set once by the SIGTERM handler
 * (graceful-shutdown.ts); readiness then answers 503 so a balancer stops sending new requests
 * while the ones in flight finish. One flag per process: signals are per process.
 */
let draining = false;

export function startDraining(): void {
  draining = true;
}

export function isDraining(): boolean {
  return draining;
}
