import { readTracingSettings, TracingConfigError } from './tracing-settings.js';
import { serviceTracer } from './service-tracer.js';
import { describeQuery } from './trace-queries.js';

describe('tracing settings (OpenTelemetry variables)', () => {
  it('is off without an OTLP endpoint, and then no tracer exists', () => {
    expect(readTracingSettings({})).toBeUndefined();
    expect(
      readTracingSettings({ OTEL_EXPORTER_OTLP_HEADERS: 'x=1', OTEL_SERVICE_NAME: 'x' }),
    ).toBeUndefined();
    expect(serviceTracer('wallet', {})).toBeUndefined();
  });

  it('sends to <endpoint>/v1/traces, or to the traces endpoint as it is', () => {
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      sampleRatio: 1,
    });
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector/otlp/' })?.tracesUrl).toBe(
      'https://collector/otlp/v1/traces',
    );
    expect(
      readTracingSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom',
      })?.tracesUrl,
    ).toBe('http://collector:4318/custom');
  });

  it('stays off when the SDK is disabled or the traces exporter is none, even with an endpoint', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(readTracingSettings({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(readTracingSettings({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(serviceTracer('wallet', { ...endpoint, OTEL_SDK_DISABLED: 'TRUE' })).toBeUndefined();
  });

  it('samples a share of the requests with traceidratio', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(
      readTracingSettings({
        ...endpoint,
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      })?.sampleRatio,
    ).toBe(0.25);
    expect(readTracingSettings({ ...endpoint, OTEL_TRACES_SAMPLER: 'always_off' })?.sampleRatio).toBe(0);
  });

  it('names the variable to fix when a value is wrong', () => {
    expect(() => readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      new TracingConfigError(
        'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL (OTLP over HTTP), got "collector:4318/v1/traces"',
      ),
    );
    expect(() => readTracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' })).toThrow(
      /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http\(s\) URL/,
    );
    expect(() =>
      readTracingSettings({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '2',
      }),
    ).toThrow(/OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1/);
    expect(() =>
      readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_TRACES_SAMPLER: 'jaeger_remote' }),
    ).toThrow(/OTEL_TRACES_SAMPLER "jaeger_remote" is not supported/);
  });
});

describe('what a query span says about its query', () => {
  it('names the operation and the table, never a value', () => {
    expect(describeQuery('SELECT "c"."id" FROM "wallet"."credential" "c" WHERE "c"."id" = $1')).toEqual({
      operation: 'SELECT',
      table: 'credential',
    });
    expect(describeQuery('INSERT INTO "offer"("id", "pnr") VALUES (?, ?)')).toEqual({
      operation: 'INSERT',
      table: 'offer',
    });
    expect(describeQuery('UPDATE "status_list" SET "bits" = $1')).toEqual({
      operation: 'UPDATE',
      table: 'status_list',
    });
    expect(describeQuery('BEGIN IMMEDIATE TRANSACTION')).toEqual({ operation: 'BEGIN' });
    expect(describeQuery('PRAGMA foreign_keys = ON')).toEqual({ operation: 'OTHER' });
  });
});
