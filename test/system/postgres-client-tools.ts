import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

/**
 * Whether `pg_dump` and `psql` are installed and can dump the server at `url`: pg_dump refuses a
 * server of a newer major version than its own. The backup tests use them as an operator would.
 */
export async function postgresClientTools(url: string): Promise<{ ok: true } | { ok: false; why: string }> {
  const client = new pg.Client({ connectionString: url });
  let serverMajor: number;
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
    serverMajor = Math.floor(Number(rows[0]?.v) / 10000);
    if (!Number.isFinite(serverMajor)) return { ok: false, why: 'could not read the server version' };
  } catch (error) {
    return { ok: false, why: `PostgreSQL at the test URL does not answer (${(error as Error).message})` };
  } finally {
    await client.end().catch(() => {});
  }
  for (const tool of ['pg_dump', 'psql']) {
    let major: number;
    try {
      const { stdout } = await execFileAsync(tool, ['--version']);
      major = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
    } catch {
      return { ok: false, why: `${tool} is not installed (Debian: postgresql-client)` };
    }
    if (tool === 'pg_dump' && major < serverMajor) {
      return {
        ok: false,
        why: `pg_dump ${major} cannot dump the PostgreSQL ${serverMajor} server the tests use`,
      };
    }
  }
  return { ok: true };
}
