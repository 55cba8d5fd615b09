import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { preparePrivateDir } from './private-files.js';

/**
 * Secrets for the embedded default: taken from the environment when set, otherwise generated
 * once and kept in a file under the data directory (mode 0600), so a restart finds the same
 * keys. Production deployments set them from their secret store. The file's directory (the data
 * directory) is made 0700.
 */
export function loadOrCreateSecrets<K extends string>(options: {
  file: string;
  /** Secret name → environment variable that overrides it. */
  names: Record<K, string>;
  env?: Record<string, string | undefined>;
}): { secrets: Record<K, string>; generated: K[] } {
  const env = options.env ?? process.env;
  // The secrets file lives in the service's data directory, with its databases: owner only.
  preparePrivateDir(dirname(options.file));
  const stored: Partial<Record<K, string>> = existsSync(options.file)
    ? (JSON.parse(readFileSync(options.file, 'utf8')) as Partial<Record<K, string>>)
    : {};
  const secrets = {} as Record<K, string>;
  const generated: K[] = [];
  let changed = false;
  for (const [name, envName] of Object.entries(options.names) as Array<[K, string]>) {
    const fromEnv = env[envName];
    if (fromEnv) {
      secrets[name] = fromEnv;
    } else if (stored[name]) {
      secrets[name] = stored[name]!;
    } else {
      secrets[name] = randomBytes(32).toString('hex');
      stored[name] = secrets[name];
      generated.push(name);
      changed = true;
    }
  }
  if (changed) {
    writeFileSync(options.file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  // `mode` applies only when the file is created: one written by an older version is tightened.
  if (existsSync(options.file)) chmodSync(options.file, 0o600);
  return { secrets, generated };
}
