import { z } from 'zod';
import { certificateRoles } from './issue-certificate.js';

const zBase64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

export const zRevocationReason = z.enum([
  'unspecified',
  'keyCompromise',
  'superseded',
  'cessationOfOperation',
]);

/** One certificate the CA issued, as its state file keeps it (docs/pki.md "The CA's folder"). */
export const zIssuedCertificate = z.object({
  serial: z.string().regex(/^[0-9a-f]+$/),
  role: z.enum(certificateRoles),
  name: z.string().min(1).max(200),
  host: z.string().min(1).max(253),
  url: z.string().url().optional(),
  not_before: z.iso.datetime(),
  not_after: z.iso.datetime(),
  certificate: zBase64,
  /** The file with the private key, when the CA generated the key (else the entity holds it). */
  key_file: z.string().optional(),
  revoked_at: z.iso.datetime().optional(),
  revocation_reason: z
    .enum(['unspecified', 'keyCompromise', 'superseded', 'cessationOfOperation'])
    .optional(),
  /** The serial of the certificate that renewed or rotated this one. */
  replaced_by: z.string().optional(),
});

/** Versioned: a later change to the folder's format adds a version and reads this one. */
export const zCaState = z.object({
  version: z.literal(1),
  /** Where relying parties fetch the CRL; written into each leaf and into the trust list. */
  crl_uri: z.string().url().optional(),
  issued: z.array(zIssuedCertificate),
});

export type IssuedCertificate = z.infer<typeof zIssuedCertificate>;
export type RevocationReason = NonNullable<IssuedCertificate['revocation_reason']>;
export type CaState = z.infer<typeof zCaState>;
