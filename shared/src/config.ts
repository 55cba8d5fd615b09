/**
 * Configuration from the environment with defaults for the local demo. Each service reads
 * its own port and public base URL (`ISSUER_PORT`, `ISSUER_BASE_URL`, …) so that it can run
 * behind a proxy and announce the public origin in its metadata.
 */
export type ServiceName = 'wallet' | 'issuer' | 'verifier' | 'eid';

export const defaultPorts: Record<ServiceName, number> = {
  wallet: 3000,
  issuer: 3001,
  verifier: 3002,
  eid: 3003,
};

type Env = Record<string, string | undefined>;

export function readString(env: Env, name: string, fallback: string): string;
export function readString(env: Env, name: string): string | undefined;
export function readString(env: Env, name: string, fallback?: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

/**
 * The service's database: `<SERVICE>_DATABASE_URL`, else the `DATABASE_URL` shared by services
 * that run together, else `fallback` (the embedded SQLite file in the data folder).
 */
export function readDatabaseUrl(env: Env, service: ServiceName, fallback: string): string;
export function readDatabaseUrl(env: Env, service: ServiceName): string | undefined;
export function readDatabaseUrl(env: Env, service: ServiceName, fallback?: string): string | undefined {
  return (
    readString(env, `${service.toUpperCase()}_DATABASE_URL`) ?? readString(env, 'DATABASE_URL') ?? fallback
  );
}

export function readInt(env: Env, name: string, fallback: number): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

export function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
}

export interface ServiceAddress {
  host: string;
  port: number;
  /** The origin the service announces in its metadata (no trailing slash). */
  baseUrl: string;
}

/** Host, port and public base URL of one service, from `<NAME>_HOST/_PORT/_BASE_URL`. */
export function readServiceAddress(service: ServiceName, env: Env = process.env): ServiceAddress {
  const prefix = service.toUpperCase();
  const host = readString(env, `${prefix}_HOST`, '127.0.0.1');
  const port = readInt(env, `${prefix}_PORT`, defaultPorts[service]);
  const baseUrl = stripTrailingSlash(readString(env, `${prefix}_BASE_URL`, `http://${host}:${port}`));
  return { host, port, baseUrl };
}

export function stripTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** Directory for the embedded default's SQLite files and generated secrets. */
export function readDataDir(env: Env = process.env): string {
  return readString(env, 'DATA_DIR', './data');
}
