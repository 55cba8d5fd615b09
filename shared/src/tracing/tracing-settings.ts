/**
 * Whether traces are exported, and where: OpenTelemetry's own variables, so an operator's
 * collector set-up works unchanged. Tracing is on only when an OTLP endpoint is named;
 * without one nothing is set up at all (no provider, no context manager, no middleware work
 * beyond dropping incoming trace headers).
 */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL (`…/v1/traces`). */
  tracesUrl: string;
  /** Share of requests traced, 0–1 (`OTEL_TRACES_SAMPLER=traceidratio`). */
  sampleRatio: number;
}

type Env = Record<string, string | undefined>;

/** Thrown for a variable the operator has to fix; the message names it. */
export class TracingConfigError extends Error {
  override name = 'TracingConfigError';
}

export function readTracingSettings(env: Env): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const tracesUrl = tracesUrlFrom(env);
  if (!tracesUrl) return undefined;
  return { tracesUrl, sampleRatio: sampleRatioFrom(env) };
}

/** The signal's own endpoint is used as it is; the general one gets `v1/traces` (OTLP spec). */
function tracesUrlFrom(env: Env): string | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const general = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const [name, url] = specific
    ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific]
    : general
      ? ['OTEL_EXPORTER_OTLP_ENDPOINT', `${general.replace(/\/+$/, '')}/v1/traces`]
      : [];
  if (!name || !url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TracingConfigError(`${name} must be an http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TracingConfigError(`${name} must be an http(s) URL (OTLP over HTTP), got "${url}"`);
  }
  return parsed.href;
}

/**
 * Every trace starts here (no parent is ever taken from outside), so the parent-based samplers
 * mean the same as their root samplers.
 */
function sampleRatioFrom(env: Env): number {
  const sampler = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || 'parentbased_always_on';
  switch (sampler) {
    case 'always_on':
    case 'parentbased_always_on':
      return 1;
    case 'always_off':
    case 'parentbased_always_off':
      return 0;
    case 'traceidratio':
    case 'parentbased_traceidratio': {
      const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim() || '1';
      const ratio = Number(raw);
      if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
        throw new TracingConfigError(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got "${raw}"`);
      }
      return ratio;
    }
    default:
      throw new TracingConfigError(
        `OTEL_TRACES_SAMPLER "${sampler}" is not supported (always_on, always_off, traceidratio)`,
      );
  }
}
