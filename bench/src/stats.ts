/** Small statistics for the benchmarks: medians of rounds, percentiles of samples. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Operations per second of `fn`: warm up, then `rounds` rounds of at least `roundMs` each;
 * the median round. `fn` may be sync or async; it is awaited one call at a time.
 */
export async function measureOps(
  fn: () => unknown,
  options: { warmupMs?: number; roundMs?: number; rounds?: number } = {},
): Promise<number> {
  const warmupMs = options.warmupMs ?? 300;
  const roundMs = options.roundMs ?? 300;
  const rounds = options.rounds ?? 5;
  const runFor = async (ms: number): Promise<number> => {
    const start = process.hrtime.bigint();
    const until = start + BigInt(ms) * 1_000_000n;
    let n = 0;
    let now = start;
    while (now < until) {
      // Batches of 8 keep the clock reads out of the figure.
      for (let i = 0; i < 8; i++) await fn();
      n += 8;
      now = process.hrtime.bigint();
    }
    return n / (Number(now - start) / 1e9);
  };
  await runFor(warmupMs);
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) results.push(await runFor(roundMs));
  return median(results);
}

/**
 * Measures several functions round-robin, so drift in the machine hits each alike: `ops` are
 * the medians of the rounds, `ratio(a, b)` the median over rounds of a/b measured back to back
 * (steadier than a ratio of medians when other work comes and goes on the machine).
 */
export async function measureSideBySide(
  fns: Record<string, () => unknown>,
  options: { warmupMs?: number; roundMs?: number; rounds?: number } = {},
): Promise<{ ops: Record<string, number>; ratio(a: string, b: string): number }> {
  const rounds = options.rounds ?? 5;
  const per: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) {
    await measureOps(fn, { warmupMs: options.warmupMs, rounds: 1, roundMs: 50 });
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      per[name].push(await measureOps(fn, { warmupMs: 0, roundMs: options.roundMs, rounds: 1 }));
    }
  }
  return {
    ops: Object.fromEntries(Object.entries(per).map(([k, v]) => [k, median(v)])),
    ratio: (a, b) => median(per[a].map((value, i) => value / per[b][i])),
  };
}
