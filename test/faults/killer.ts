import type { PostgresCluster } from './postgres-cluster.js';
import type { ServiceProcess } from './service-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface KillPlan {
  /** Stop once this many SIGKILLs are done across the services (a kill-target run). */
  kills?: number;
  /** Stop after this long in any case. */
  maxSeconds: number;
  /** Pause range between a service being back and its next kill. */
  pauseMs: [number, number];
  /** One killer for all services (the timed run) or one per service (kill-target run). */
  perService: boolean;
  /** Crash this cluster so many times, spread over the run. */
  postgres?: { cluster: PostgresCluster; crashes: number };
}

export interface KillReport {
  seconds: number;
  postgresCrashes: number;
  /** What a PostgreSQL crash found: a service that did not answer ready again in time. */
  findings: string[];
}

/**
 * Kills services with SIGKILL and starts them again until the plan is done, and stops PostgreSQL
 * hard a few times: then service kills pause (a start never races a crash), the server is down a
 * moment, and after its start every service must answer `/health/ready` again by itself —
 * reconnecting, not restarted — within a minute. `running()` is true while the run goes on.
 */
export function startKiller(services: ServiceProcess[], plan: KillPlan) {
  const began = Date.now();
  let done = false;
  const kills = () => services.reduce((sum, s) => sum + s.kills, 0);
  const progress = () =>
    Math.max(plan.kills ? kills() / plan.kills : 0, (Date.now() - began) / (plan.maxSeconds * 1000));
  const running = () => {
    if (!done && progress() >= 1) done = true;
    return !done;
  };
  // Killers wait on this while PostgreSQL is being crashed; `busy` counts restarts under way.
  let paused: Promise<void> | undefined;
  let busy = 0;
  const findings: string[] = [];

  async function killLoop(pick: () => ServiceProcess, perService: ServiceProcess | undefined): Promise<void> {
    const [low, high] = plan.pauseMs;
    while (running()) {
      // A service of its own is left up at least as long as its last start took, so flows that
      // need it (and others, killed independently) still get through between kills.
      const upAtLeast = perService ? (perService.startMs.at(-1) ?? 0) : 0;
      await sleep(upAtLeast + low + Math.random() * (high - low));
      while (paused) await paused;
      if (!running()) break;
      busy++;
      try {
        await pick().killAndRestart();
      } finally {
        busy--;
      }
    }
  }

  async function postgresLoop(cluster: PostgresCluster, crashes: number): Promise<void> {
    for (let i = 1; i <= crashes; i++) {
      while (running() && progress() < i / (crashes + 1)) await sleep(250);
      if (!running()) return;
      let resume!: () => void;
      paused = new Promise((r) => (resume = r));
      while (busy > 0) await sleep(50);
      cluster.crash();
      await sleep(1000 + Math.random() * 2000);
      await cluster.start();
      for (const service of services) {
        if (!(await readyWithin(service, 60_000)))
          findings.push(`${service.name} did not answer ready within 60 s after PostgreSQL came back`);
      }
      paused = undefined;
      resume();
    }
  }

  const loops = plan.perService
    ? services.map((service) => killLoop(() => service, service))
    : [killLoop(() => services[Math.floor(Math.random() * services.length)], undefined)];
  if (plan.postgres) loops.push(postgresLoop(plan.postgres.cluster, plan.postgres.crashes));
  const finished = Promise.all(loops).then((): KillReport => ({
    seconds: Math.round((Date.now() - began) / 1000),
    postgresCrashes: plan.postgres?.cluster.crashes ?? 0,
    findings,
  }));
  return { running, finished };
}

async function readyWithin(service: ServiceProcess, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!service.running) return false;
    try {
      const response = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(5000) });
      if (response.status === 200) return true;
    } catch {
      // not answering yet
    }
    await sleep(250);
  }
  return false;
}
