import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL cluster the crash harness may stop hard (`pg_ctl stop -m immediate`: every
 * backend quits at once, no checkpoint, crash recovery at the next start) and start again.
 * Never the shared server: either one the harness creates itself in a temp folder on a free port,
 * or one named by its data directory (`FAULTS_POSTGRES_DATA_DIR`), which must not be the data
 * directory of the server at `TEST_POSTGRES_URL`. As root, PostgreSQL runs as the data
 * directory's owner (the `postgres` user for one the harness creates).
 */
export class PostgresCluster {
  crashes = 0;

  private constructor(
    readonly url: string,
    private readonly dataDir: string,
    private readonly bin: string,
    private readonly port: number,
    private readonly owned: boolean,
  ) {}

  /** A new cluster in a temp folder, started; `stop()` removes it. */
  static async create(port: number): Promise<PostgresCluster> {
    const bin = postgresBin();
    const dataDir = mkdtempSync(join(tmpdir(), 'min-profil-faults-pg-'));
    if (process.getuid?.() === 0) {
      const owner = postgresUser();
      chownSync(dataDir, owner.uid, owner.gid);
    }
    const cluster = new PostgresCluster(
      `postgres://postgres@127.0.0.1:${port}/postgres`,
      dataDir,
      bin,
      port,
      true,
    );
    cluster.run('initdb', ['--pgdata', dataDir, '--auth=trust', '--username=postgres', '--encoding=UTF8']);
    await cluster.start();
    return cluster;
  }

  /** A cluster someone else runs (started already), stopped hard by its data directory. */
  static async existing(url: string, dataDir: string, sharedUrl: string): Promise<PostgresCluster> {
    if (!existsSync(join(dataDir, 'PG_VERSION')))
      throw new Error(`${dataDir} is no PostgreSQL data directory`);
    const shared = await dataDirectoryOf(sharedUrl);
    if (shared && existsSync(shared) && realpathSync(shared) === realpathSync(dataDir))
      throw new Error(
        'FAULTS_POSTGRES_DATA_DIR is the shared server of TEST_POSTGRES_URL: refusing to stop it',
      );
    const port = Number(new URL(url).port || 5432);
    return new PostgresCluster(url, dataDir, postgresBin(), port, false);
  }

  /** Starts the server and waits until it accepts connections (crash recovery included). */
  async start(): Promise<void> {
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dataDir, 'server.log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c max_connections=300`,
      '-w',
      '-t',
      '120',
      'start',
    ]);
  }

  /** Stops the server hard, as a crash of the database host would. */
  crash(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    this.crashes++;
  }

  /** A cluster the harness created is stopped and removed; one it was given is left running. */
  async stop(): Promise<void> {
    if (!this.owned) return;
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop'], true);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private run(tool: string, args: string[], mayFail = false): void {
    const owner = statSync(this.dataDir);
    const as = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {};
    const done = spawnSync(join(this.bin, tool), args, { ...as, cwd: this.dataDir, encoding: 'utf8' });
    if (done.status !== 0 && !mayFail)
      throw new Error(`${tool} ${args.at(-1)} failed: ${done.stderr || done.stdout || done.error?.message}`);
  }
}

/** `FAULTS_POSTGRES_BIN`, else the newest Debian /usr/lib/postgresql/N/bin. */
function postgresBin(): string {
  if (process.env.FAULTS_POSTGRES_BIN) return process.env.FAULTS_POSTGRES_BIN;
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error('no PostgreSQL binaries found: set FAULTS_POSTGRES_BIN to the folder holding pg_ctl');
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The data directory of the server at `url`, or undefined when it does not answer. */
async function dataDirectoryOf(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.query('SHOW data_directory')).rows[0].data_directory as string;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
