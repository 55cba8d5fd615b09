// Stops the embedded PostgreSQL that global-setup.js started, if it started one, and removes the
// run's SoftHSM2 token directory.
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const softHsmDir = globalThis.__minProfilSoftHsmDir;
  if (softHsmDir) rmSync(softHsmDir, { recursive: true, force: true });
  const server = globalThis.__minProfilEmbeddedPostgres;
  if (server) await server.stop();
}
