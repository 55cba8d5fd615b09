import { parseRetryAfter } from './parse-retry-after.js';
import { retryDelayMs } from './retry-delay.js';

describe('when a failed delivery is tried again', () => {
  const delay = (attempts: number, random: number) =>
    retryDelayMs({ attempts, baseMs: 30_000, capMs: 3_600_000, random }) / 1000;

  it('doubles the delay per attempt with half of it random, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => delay(n, 0))).toEqual([15, 30, 60, 120]);
    expect([1, 2, 3, 4].map((n) => delay(n, 0.5))).toEqual([22.5, 45, 90, 180]);
    expect(delay(20, 0)).toBe(1800);
    expect(delay(1000, 0.5)).toBe(2700);
    expect(delay(1000, 0.9999)).toBeLessThanOrEqual(3600);
  });

  it('never schedules at once', () => {
    expect(retryDelayMs({ attempts: 1, baseMs: 0, capMs: 0, random: 0 })).toBe(1);
  });
});

describe('a Retry-After header', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');

  it('reads delay seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(now + 120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(now);
    expect(parseRetryAfter('Sat, 05 Dec 2026 12:05:00 GMT', now)).toBe(now + 300_000);
  });

  it('ignores what it cannot read', () => {
    for (const value of [
      null,
      undefined,
      '',
      '-5',
      '1.5',
      'soon',
      '2026-12-05T12:05:00Z',
      'Sat, 05 Dec 2026 12:05:00',
    ]) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});
