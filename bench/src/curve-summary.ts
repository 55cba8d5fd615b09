/**
 * Pure summaries of a growth curve (sizes across, a cost up): how much the cost grew from the
 * smallest size to the largest, and the exponent of a power law fitted through the points
 * (0 = flat, 1 = linear in the size). The goal is p50 at the largest size within 25 %
 * of the smallest.
 */
export interface CurvePoint {
  size: number;
  value: number;
}

export interface CurveSummary {
  /** The cost at the largest size over the cost at the smallest. */
  growth: number;
  /** d log(cost) / d log(size), least squares over every point; 0 with fewer than two sizes. */
  exponent: number;
  /** Whether the largest size stays within `tolerance` (0.25) of the smallest. */
  flat: boolean;
}

export function summariseCurve(points: CurvePoint[], tolerance = 0.25): CurveSummary {
  const usable = points.filter((p) => p.size > 0 && p.value > 0).sort((a, b) => a.size - b.size);
  if (usable.length === 0) return { growth: 1, exponent: 0, flat: true };
  const growth = usable.at(-1)!.value / usable[0].value;
  return { growth, exponent: powerLawExponent(usable), flat: growth <= 1 + tolerance };
}

/** Least-squares slope of log(value) on log(size). */
export function powerLawExponent(points: CurvePoint[]): number {
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(p.value));
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/**
 * CPU per request as a multiple of the crypto floor measured in the same run (how many
 * sign-and-verify pairs the request costs); undefined where either figure is missing.
 */
export function timesFloor(cpuMsPerRequest: number | undefined, floorMsPerOp: number): number | undefined {
  if (cpuMsPerRequest === undefined || !Number.isFinite(cpuMsPerRequest) || !(floorMsPerOp > 0))
    return undefined;
  return cpuMsPerRequest / floorMsPerOp;
}

/** The ratio of CPU per request per instance at two instances to one: coordination cost. */
export function coordinationCost(oneInstanceCpuMs: number, twoInstanceCpuMs: number): number {
  return twoInstanceCpuMs / oneInstanceCpuMs;
}
