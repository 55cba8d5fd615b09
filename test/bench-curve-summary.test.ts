import {
  coordinationCost,
  powerLawExponent,
  summariseCurve,
  timesFloor,
} from '../bench/src/curve-summary.js';

/** The growth curves' summaries (bench/src/curve-summary.ts): pure arithmetic, no timing. */
describe('growth curve summaries', () => {
  it('calls a curve flat when the largest size stays within 25 % of the smallest', () => {
    const summary = summariseCurve([
      { size: 1_000, value: 10 },
      { size: 100_000, value: 11 },
      { size: 10_000_000, value: 12 },
    ]);
    expect(summary.growth).toBeCloseTo(1.2);
    expect(summary.flat).toBe(true);
  });

  it('finds the exponent of a power law: 0 when flat, 1 when linear, 0.5 for a square root', () => {
    const sizes = [1_000, 10_000, 100_000, 1_000_000];
    expect(powerLawExponent(sizes.map((size) => ({ size, value: 5 })))).toBeCloseTo(0);
    expect(powerLawExponent(sizes.map((size) => ({ size, value: size / 100 })))).toBeCloseTo(1);
    expect(powerLawExponent(sizes.map((size) => ({ size, value: Math.sqrt(size) })))).toBeCloseTo(0.5);
  });

  it('calls a curve that bends not flat, whatever order the points come in', () => {
    const summary = summariseCurve([
      { size: 1_000_000, value: 40 },
      { size: 1_000, value: 10 },
      { size: 10_000, value: 12 },
    ]);
    expect(summary.growth).toBeCloseTo(4);
    expect(summary.flat).toBe(false);
    expect(summary.exponent).toBeGreaterThan(0);
  });

  it('leaves out points without a size or a figure, and summarises nothing as flat', () => {
    expect(summariseCurve([])).toEqual({ growth: 1, exponent: 0, flat: true });
    const one = summariseCurve([
      { size: 0, value: 3 },
      { size: 10, value: 0 },
      { size: 100, value: 4 },
    ]);
    expect(one).toEqual({ growth: 1, exponent: 0, flat: true });
  });

  it('states CPU per request as a multiple of the crypto floor, and nothing without a floor', () => {
    expect(timesFloor(2.5, 0.5)).toBeCloseTo(5);
    expect(timesFloor(undefined, 0.5)).toBeUndefined();
    expect(timesFloor(Number.NaN, 0.5)).toBeUndefined();
    expect(timesFloor(2.5, 0)).toBeUndefined();
  });

  it('gives the coordination cost of a second instance as the ratio of CPU per request', () => {
    expect(coordinationCost(4, 5)).toBeCloseTo(1.25);
  });
});
