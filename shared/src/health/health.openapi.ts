/** The health probes (shared/src/health/health-routes.ts), for a service's OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '../openapi/openapi-document.js';

const zLive = z.object({ status: z.literal('ok') });

const zReadiness = z
  .object({
    status: z.enum(['ready', 'not_ready', 'draining']),
    checks: z.record(z.string(), z.enum(['ok', 'failed'])),
  })
  .meta({ id: 'Readiness' });

/** `readyMeans` names what readiness checks at this service, for the summary. */
export function healthPaths(readyMeans: string): PathsSpec {
  return {
    '/health/live': {
      get: {
        summary: 'Liveness: the process answers',
        security: [],
        responses: { 200: { description: 'Up', json: zLive } },
      },
    },
    '/health/ready': {
      get: {
        summary: `Readiness: ${readyMeans}`,
        security: [],
        responses: {
          200: { description: 'Ready', json: zReadiness },
          503: { description: 'Not ready (which check failed is named) or draining', json: zReadiness },
        },
      },
    },
  };
}
