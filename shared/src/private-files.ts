import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * A service's data directory holds its databases and secrets: readable by the service's own
 * user only. The directory is 0700 and the files in it 0600, whatever the umask says; a
 * directory or file left 0755/0644 by an older version is tightened on start.
 */
export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates the file empty (0600) when missing, else sets it to 0600. */
export function preparePrivateFile(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
  else closeSync(openSync(file, 'a', 0o600));
}

/** Sets an existing file to 0600 (e.g. SQLite's `-wal` and `-shm`, which SQLite creates itself). */
export function restrictIfPresent(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
}
