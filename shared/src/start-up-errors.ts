/**
 * Turns a service's failure to start into one clear line instead of a stack trace: a
 * configuration error says which setting is wrong, a port in use says which service and port.
 * Installed first thing in each service's `main`; `DEBUG=1` keeps the stack for developers.
 *
 *   installStartUpErrors('issuer'); // → "issuer: cannot start: port 3001 on 127.0.0.1 is already in use …"
 */
export function installStartUpErrors(service: string): void {
  const prefix = `${service.toUpperCase()}_`;
  process.on('uncaughtException', (error: NodeJS.ErrnoException & { port?: number; address?: string }) => {
    process.stderr.write(`${service}: cannot start: ${describeStartUpError(error, prefix)}\n`);
    if (process.env.DEBUG) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exit(1);
  });
}

/** One line about what went wrong, naming what the operator can change. */
export function describeStartUpError(
  error: NodeJS.ErrnoException & { port?: number; address?: string },
  envPrefix: string,
): string {
  if (error.code === 'EADDRINUSE') {
    return `port ${error.port} on ${error.address} is already in use; stop what uses it or set ${envPrefix}PORT`;
  }
  if (error.code === 'EACCES' && error.port !== undefined) {
    return `not allowed to listen on port ${error.port}; choose another with ${envPrefix}PORT`;
  }
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return message || 'an unknown error (run with DEBUG=1 for details)';
}
