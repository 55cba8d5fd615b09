import { startPeriodicJob } from './periodic-job.js';

describe('a periodic job', () => {
  it('never runs two passes at once, hands errors to onError, and stop waits for the pass under way', async () => {
    let release!: () => void;
    let passes = 0;
    const errors: unknown[] = [];
    const job = startPeriodicJob({
      intervalMs: 0,
      pass: async () => {
        passes++;
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error('the database went away');
      },
      onError: (err) => errors.push(err),
    });
    const first = job.runOnce();
    const second = job.runOnce();
    expect(passes).toBe(1);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await Promise.all([first, second, stopping]);
    expect(stopped).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(['the database went away']);
  });
});
