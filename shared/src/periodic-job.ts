/**
 * A job that runs `pass` every `intervalMs` (0 or less: never on its own), never two passes at
 * once, its errors handed to `onError` rather than thrown: the services' housekeeping. `stop`
 * clears the timer and waits for a pass under way, so a context can close its database after.
 */
export interface PeriodicJob {
  /** One pass now (or the one under way); resolves when it is done. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startPeriodicJob(options: {
  intervalMs: number;
  pass: () => Promise<unknown>;
  onError: (err: unknown) => void;
}): PeriodicJob {
  let running: Promise<void> | undefined;
  const runOnce = () => {
    running ??= options
      .pass()
      .then(() => undefined)
      .catch(options.onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = options.intervalMs > 0 ? setInterval(() => void runOnce(), options.intervalMs) : undefined;
  timer?.unref();
  return {
    runOnce,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
