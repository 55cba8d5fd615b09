// Stops the embedded PostgreSQL that global-setup.js started, if it started one.
export default async function globalTeardown() {
  const server = globalThis.__minProfilEmbeddedPostgres;
  if (server) await server.stop();
}
