import type { IssuerSettings } from '../context.js';

/**
 * `ISSUER_KEY_ATTESTATIONS_REQUIRED=af/registration_certificate,skatteverket/person_identity`:
 * the credential configurations whose proofs must carry a key attestation, any level.
 */
export function parseKeyAttestationsRequired(
  value: string | undefined,
): IssuerSettings['keyAttestationsRequired'] {
  const required: IssuerSettings['keyAttestationsRequired'] = {};
  for (const entry of (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [holder, configuration, ...rest] = entry.split('/');
    if (!holder || !configuration || rest.length > 0) {
      throw new Error(`ISSUER_KEY_ATTESTATIONS_REQUIRED: "${entry}" is not holder/configuration_id`);
    }
    (required[holder] ??= {})[configuration] = {};
  }
  return required;
}
