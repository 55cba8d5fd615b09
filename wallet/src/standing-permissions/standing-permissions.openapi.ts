/** Standing permissions (docs/standing-permissions.md): the wallet API's parts, for the OpenAPI document. */
import { z } from 'zod';
import type { PathsSpec } from '@min-profil/shared/openapi/openapi-document';
import { errors } from '../openapi/errors.js';
import { zLocalized } from '../openapi/z-localized.js';
import { zChangeFieldsBody, zShareBody } from './z-standing-permissions.js';
import { zFieldList } from './z-fields.js';

const time = z.iso.datetime().nullable();

const zDelivery = z
  .object({
    id: z.string(),
    kind: z.enum(['update', 'withdrawal']),
    status: z.enum(['pending', 'delivered', 'superseded', 'rejected']),
    change_id: z.string(),
    profile_version: z.number().int(),
    attempts: z.number().int(),
    next_attempt_at: time.meta({ description: 'While pending' }),
    last_error: z.string().nullable().meta({
      description: 'HTTP status and error code, or "no answer (…)"; never the consumer’s description',
    }),
    created_at: time,
    delivered_at: time,
  })
  .meta({ id: 'Delivery', description: 'One outbox entry: never the profile itself' });

const zPermission = z
  .object({
    id: z.string().meta({ description: 'The standing_permission_id the consumer knows it by' }),
    consumer: z.object({ client_id: z.string(), name: zLocalized.nullable() }),
    fields: zFieldList,
    granted_fields: zFieldList.meta({
      description: 'Fields when granted: a change may only narrow to these',
    }),
    status: z.enum(['active', 'withdrawn']),
    withdrawn_by: z.enum(['person', 'consumer']).nullable(),
    since: time,
    withdrawn_at: time,
    last_delivered_at: time,
    last_delivered_version: z.number().int().nullable(),
    pending_deliveries: z.number().int(),
    retrying_deliveries: z.array(zDelivery).meta({ description: 'Pending after failed attempts' }),
    failed_deliveries: z
      .array(zDelivery)
      .meta({ description: 'Refused by the consumer (4xx) since the last successful delivery' }),
  })
  .meta({ id: 'StandingPermission' });

const zPermissions = z.object({ permissions: z.array(zPermission) });

const zStandingConsumer = z.object({
  id: z.string(),
  name: zLocalized,
  client_id: z.string(),
  fields: zFieldList.meta({ description: 'The fields it is registered for' }),
  purposes: z.array(zLocalized),
});

export const standingPermissionPaths: PathsSpec = {
  '/api/standing-permissions': {
    get: {
      summary:
        'The person’s standing permissions: who gets which fields, since when, last delivered, failures',
      responses: { 200: { description: 'OK', json: zPermissions } },
      errors: errors(401),
    },
    post: {
      summary:
        'Share the profile with consumers from the trust list; each gets it now and every later change',
      body: zShareBody,
      responses: { 201: { description: 'Created', json: zPermissions } },
      errors: {
        ...errors(400, 401, 403),
        409: 'the profile is empty, or (identity_credential_required) the person holds no identity credential to say whose it is',
      },
    },
  },
  '/api/standing-permissions/consumers': {
    get: {
      summary: 'Consumers in the trust list that take standing permissions for the contact profile',
      responses: { 200: { description: 'OK', json: z.object({ consumers: z.array(zStandingConsumer) }) } },
      errors: errors(401),
    },
  },
  '/api/standing-permissions/{id}': {
    patch: {
      summary: 'Change which fields the consumer gets (within those granted); the change is delivered',
      body: zChangeFieldsBody,
      responses: { 200: { description: 'OK', json: zPermission } },
      errors: { ...errors(400, 401, 403, 404), 409: 'the permission has ended' },
    },
  },
  '/api/standing-permissions/{id}/withdraw': {
    post: {
      summary:
        'Withdraw: nothing more is sent from now on, and the consumer is told (signed withdrawal, retried)',
      responses: { 200: { description: 'OK', json: zPermission } },
      errors: errors(401, 403, 404),
    },
  },
  '/api/standing-permissions/{id}/deliveries': {
    get: {
      summary: 'The deliveries of one permission, newest first',
      responses: { 200: { description: 'OK', json: z.object({ deliveries: z.array(zDelivery) }) } },
      errors: errors(401, 404),
    },
  },
};
