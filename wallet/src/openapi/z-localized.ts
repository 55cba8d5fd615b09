import { z } from 'zod';

/** Text per locale, as the API answers it everywhere (names, labels, purposes). */
export const zLocalized = z.record(z.string(), z.string()).meta({
  id: 'Localized',
  description:
    'Text per locale, e.g. {"sv": "Inskrivningsintyg", "en": "Registration certificate"}; `und` when the locale is unknown',
});
