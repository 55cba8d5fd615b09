import { Router } from 'express';
import QRCode from 'qrcode';
import { OAuthError } from '@min-profil/shared/errors';
import { jsonBody } from '@min-profil/shared/http';
import { parseWithSchema } from '@min-profil/shared/validation';
import type { IssuerContext } from '../context.js';
import { requireApiKey } from '../http/require-api-key.js';
import { resolveHolder } from '../http/resolve-holder.js';
import { endpointsFor } from '../metadata/endpoints.js';
import {
  buildCredentialOffer,
  createCredentialOffer,
  offerLinkByReference,
  offerLinks,
} from './create-credential-offer.js';
import { zCreateOfferRequest } from './z-create-offer-request.js';

export function credentialOfferRoutes(ctx: IssuerContext): Router {
  const router = Router({ mergeParams: true });

  // Staff systems create an offer for a person in their register.
  router.post('/:holder/offers', requireApiKey(ctx), jsonBody(), async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const request = parseWithSchema(zCreateOfferRequest, req.body, { what: 'offer request' });
    const offer = await createCredentialOffer({ ctx, holder, request });
    const links = offerLinks(offer);
    ctx.logger.info(
      { holder: holder.definition.id, offer: offer.id, tx_code: offer.txCode !== undefined },
      'credential offer created',
    );
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({
        credential_offer: offer.credentialOffer,
        credential_offer_uri: offer.credentialOfferUri,
        ...(offer.txCode ? { tx_code: offer.txCode } : {}),
        tx_code_required: offer.txCode !== undefined,
        ...(offer.txCode
          ? {}
          : {
              warning:
                'no tx_code: whoever opens this offer first can redeem it; send it only over a channel that reaches the person alone',
            }),
        offer_link: links.byReference,
        offer_link_by_value: links.byValue,
        qr_code_uri: `${offer.credentialOfferUri}/qr.svg`,
        expires_at: new Date(offer.expiresAt * 1000).toISOString(),
      });
  });

  async function loadOpenOffer(holderId: string, id: string) {
    const offer = await ctx.store.findOfferById(id);
    if (!offer || offer.holderId !== holderId) throw new OAuthError('not_found', 'no such credential offer');
    if (offer.usedAt !== null || offer.expiresAt <= ctx.now()) {
      throw new OAuthError('not_found', 'the credential offer has been used or has expired', { status: 410 });
    }
    return offer;
  }

  // OID4VCI 1.0 §4.1.3: the offer by reference, as application/json.
  router.get('/:holder/credential-offers/:id', async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const offer = await loadOpenOffer(holder.definition.id, req.params.id);
    res.set('Cache-Control', 'no-store').json(buildCredentialOffer({ ctx, holder, offer }));
  });

  // The same offer as a QR code of its `openid-credential-offer://` link, for the cross-device case.
  router.get('/:holder/credential-offers/:id/qr.svg', async (req, res) => {
    const holder = resolveHolder(ctx, req);
    const offer = await loadOpenOffer(holder.definition.id, req.params.id);
    const link = offerLinkByReference(endpointsFor(holder.issuerUrl).credentialOffer(offer.id));
    const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    res.set('Cache-Control', 'no-store').type('image/svg+xml').send(svg);
  });

  return router;
}
