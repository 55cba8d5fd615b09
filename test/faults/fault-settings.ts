/**
 * What a crash run does, from the environment:
 * - `FAULTS_SECONDS` (default 12): how long the flows run while services are killed;
 * - `FAULTS_KILLS`: instead, run until at least this many SIGKILLs across the services (each
 *   service then has its own killer, so kills come as fast as start-up allows), within
 *   `FAULTS_MAX_SECONDS` (default 10 s a kill, at least 600 s);
 * - `FAULTS_KILL_PAUSE_MS` (default `300-1500`, or `700-2000` in a timed run): the pause range
 *   between a service being back and its next kill;
 * - `FAULTS_KILL_POSTGRES=1`: also stop PostgreSQL hard `FAULTS_POSTGRES_CRASHES` times (default
 *   3) during the PostgreSQL run, on a cluster the harness creates, or on the one at
 *   `FAULTS_POSTGRES_URL` whose data directory is `FAULTS_POSTGRES_DATA_DIR`; never the shared one;
 * - `FAULTS_POSTGRES_URL`: the PostgreSQL server of the run (default `TEST_POSTGRES_URL`).
 */
export interface FaultSettings {
  seconds: number;
  kills: number | undefined;
  maxSeconds: number;
  pauseMs: [number, number];
  killPostgres: boolean;
  postgresCrashes: number;
  postgresUrl: string | undefined;
  postgresDataDir: string | undefined;
}

export function faultSettings(env: NodeJS.ProcessEnv = process.env): FaultSettings {
  const kills = env.FAULTS_KILLS ? positive(env.FAULTS_KILLS, 'FAULTS_KILLS') : undefined;
  const seconds = positive(env.FAULTS_SECONDS ?? '12', 'FAULTS_SECONDS');
  const range = (env.FAULTS_KILL_PAUSE_MS ?? (kills ? '300-1500' : '700-2000')).split('-').map(Number);
  if (range.length !== 2 || range.some((n) => !Number.isFinite(n) || n < 0) || range[0] > range[1])
    throw new Error('FAULTS_KILL_PAUSE_MS is "min-max" in milliseconds');
  const killPostgres = env.FAULTS_KILL_POSTGRES === '1';
  if (env.FAULTS_POSTGRES_DATA_DIR && !env.FAULTS_POSTGRES_URL)
    throw new Error('FAULTS_POSTGRES_DATA_DIR needs FAULTS_POSTGRES_URL (the server of that data directory)');
  if (killPostgres && env.FAULTS_POSTGRES_URL && !env.FAULTS_POSTGRES_DATA_DIR)
    throw new Error(
      'FAULTS_KILL_POSTGRES with FAULTS_POSTGRES_URL needs FAULTS_POSTGRES_DATA_DIR to stop it by',
    );
  return {
    seconds,
    kills,
    maxSeconds: env.FAULTS_MAX_SECONDS
      ? positive(env.FAULTS_MAX_SECONDS, 'FAULTS_MAX_SECONDS')
      : kills
        ? Math.max(600, kills * 10)
        : seconds,
    pauseMs: [range[0], range[1]],
    killPostgres,
    postgresCrashes: killPostgres
      ? positive(env.FAULTS_POSTGRES_CRASHES ?? '3', 'FAULTS_POSTGRES_CRASHES')
      : 0,
    postgresUrl: env.FAULTS_POSTGRES_URL,
    postgresDataDir: env.FAULTS_POSTGRES_DATA_DIR,
  };
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}
