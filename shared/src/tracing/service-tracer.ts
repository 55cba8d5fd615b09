import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  detectResources,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { readTracingSettings, type TracingSettings } from './tracing-settings.js';

/**
 * One tracer provider per service, not one global provider: the tests (and the demo) run
 * several services in one process, and each exports under its own `service.name`. Only the
 * context manager is process-wide, which is what carries the active span through awaits.
 * Providers are kept per service and endpoint, so building an app twice reuses one.
 */
const providers = new Map<string, TracerProvider>();
let contextManagerSet = false;

/** The service's tracer when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces one) is set; else none. */
export function serviceTracer(
  service: string,
  env: Record<string, string | undefined> = process.env,
): Tracer | undefined {
  const settings = readTracingSettings(env);
  if (!settings) return undefined;
  const key = `${service} ${settings.tracesUrl}`;
  let provider = providers.get(key);
  if (!provider) {
    provider = createProvider(service, settings);
    providers.set(key, provider);
  }
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  return provider.getTracer('@min-profil/shared');
}

function createProvider(service: string, settings: TracingSettings): TracerProvider {
  return new TracerProvider({
    // OTEL_RESOURCE_ATTRIBUTES (deployment.environment, …) and an id per process, but always
    // the service's own name: OTEL_SERVICE_NAME would give all services in one process one name.
    resource: detectResources({
      detectors: [serviceInstanceIdDetector, resourceAttributesEnvDetector],
    }).merge(resourceFromAttributes({ 'service.name': service })),
    sampler: samplerFor(settings.sampleRatio),
    // Batches go out every 5 s and at shutdown (`flushTracing`); the exporter also reads the
    // standard OTEL_EXPORTER_OTLP_HEADERS / _TIMEOUT / _CERTIFICATE variables.
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: settings.tracesUrl }) }),
    ],
  });
}

function samplerFor(ratio: number): Sampler {
  if (ratio >= 1) return new AlwaysOnSampler();
  if (ratio <= 0) return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(ratio);
}

/** Sends the spans still waiting (graceful shutdown; tests before they read the collector). */
export async function flushTracing(): Promise<void> {
  await Promise.all([...providers.values()].map((provider) => provider.forceFlush()));
}

/** Flushes and stops every provider; the next `serviceTracer` call starts afresh (tests). */
export async function shutdownTracing(): Promise<void> {
  const stopping = [...providers.values()];
  providers.clear();
  await Promise.all(stopping.map((provider) => provider.shutdown()));
}
