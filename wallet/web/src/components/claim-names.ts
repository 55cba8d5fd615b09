import type { Localized } from '../api';
import { pick } from '../i18n';
import { fieldLabels } from '../views/standing-permissions/standing-texts';

/**
 * Claim names as the person reads them: the display name from the type metadata the API sends
 * beside each name (`claim_labels`), else a contact-profile field's label, else the name itself.
 */
export function claimNames(claims: string[], labels?: Array<Localized | null>): string {
  return claims
    .map((claim, i) => {
      const label = labels?.[i];
      return label ? pick(label, claim) : pick(fieldLabels[claim], claim);
    })
    .join(', ');
}
