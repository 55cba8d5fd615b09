/**
 * One thing a service needs before it can serve (its database, its migrations, its trust list,
 * its signing keys). `run` resolves when the thing is usable and throws when it is not; the
 * readiness endpoint runs every check of the service on each probe.
 */
export interface HealthCheck {
  /** Short and stable (`database`, `migrations`, `trust_list`, `signing_keys`): it is in the answer. */
  name: string;
  run(): Promise<void>;
}

export type CheckOutcome = { name: string; ok: true } | { name: string; ok: false; error: string };

/**
 * Runs the checks side by side, each bounded by `timeoutMs`: a probe must answer before the
 * orchestrator gives up on it, and a database that hangs is as unready as one that refuses.
 */
export async function runHealthChecks(checks: HealthCheck[], timeoutMs: number): Promise<CheckOutcome[]> {
  return Promise.all(
    checks.map(async (check): Promise<CheckOutcome> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([check.run(), timeout]);
        return { name: check.name, ok: true };
      } catch (err) {
        return { name: check.name, ok: false, error: err instanceof Error ? err.message : String(err) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
