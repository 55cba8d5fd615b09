import { Router } from 'express';
import { OAuthError } from '@min-profil/shared/errors';
import type { ConsumerRuntime, VerifierContext } from '../context.js';
import { resolveTemplateVctValues } from '../presentation-request/resolve-template.js';
import { standingPermissionEndpoints } from '../standing-permissions/standing-permission-endpoints.js';
import { loadTrustList } from '../util/load-trust-list.js';
import { acceptsStandingPermissions } from './consumer-config.js';
import { createConsumerDidDocument } from './consumer-keys.js';
import { currentClientIdentity } from './client-identifier.js';

/**
 * What the trust list should bind to a consumer that identifies itself by its access certificate:
 * the leaf's hash (`x509_hash`) or its DNS name (`x509_san_dns`). Nothing before a certificate is
 * installed.
 */
async function accessCertificateBinding(ctx: VerifierContext, consumer: ConsumerRuntime) {
  if (consumer.clientIdPrefix === 'decentralized_identifier') return {};
  const identity = await currentClientIdentity(ctx, consumer).catch(() => undefined);
  if (!identity) return {};
  const value = identity.clientId.slice(identity.clientId.indexOf(':') + 1);
  return consumer.clientIdPrefix === 'x509_hash'
    ? { x509: { certificate_hashes: [value] } }
    : { x509: { dns_names: [value] } };
}

/**
 * What the trust-list operator and wallets read about the hosted consumers: their did:web
 * documents and, since a wallet cannot resolve did:web over plain http in the demo, a public
 * list with each consumer's client identifier, keys and what its templates ask for (from which
 * the operator writes its registrations).
 */
export function consumersRoutes(ctx: VerifierContext): Router {
  const router = Router();
  const cacheable = 'public, max-age=300';

  const find = (id: string): ConsumerRuntime => {
    const consumer = ctx.consumers.get(id);
    if (!consumer) throw new OAuthError('not_found', 'no such consumer');
    return consumer;
  };

  router.get('/consumers/:id/did.json', (req, res) => {
    const consumer = find(req.params.id);
    res
      .set('Cache-Control', cacheable)
      .type('application/did+json')
      .send(JSON.stringify(createConsumerDidDocument(consumer.keys)));
  });

  router.get('/api/consumers', async (_req, res) => {
    const trustList = await loadTrustList(ctx);
    const consumers = [...ctx.consumers.values()].map(async (consumer) => ({
      id: consumer.config.id,
      name: consumer.config.name,
      client_id: consumer.keys.clientId,
      did: consumer.keys.did,
      jwks: { keys: [consumer.keys.signingJwk, consumer.keys.encryptionJwk] },
      registrations: Object.values(consumer.config.templates).map((template) => ({
        purpose: template.purpose,
        credentials: template.credentials.flatMap((credential) =>
          resolveTemplateVctValues({ credential, trustList, issuerBaseUrl: ctx.settings.issuerBaseUrl }).map(
            (type) => ({ format: credential.format, type, claims: credential.claims }),
          ),
        ),
      })),
      ...(acceptsStandingPermissions(consumer.config)
        ? { standing_permissions: standingPermissionEndpoints(ctx.baseUrl, consumer.config.id) }
        : {}),
      client_id_prefix: consumer.clientIdPrefix,
      profile: consumer.profile,
      ...(await accessCertificateBinding(ctx, consumer)),
    }));
    res.set('Cache-Control', 'no-store').json({ consumers: await Promise.all(consumers) });
  });

  return router;
}
