import type { IssuerSettings } from '../context.js';
import type { HolderDefinition } from '../holders/holder-types.js';

/**
 * `ISSUER_KEY_ATTESTATIONS_REQUIRED=af/registration_certificate,skatteverket/person_identity`:
 * the credential configurations whose proofs must carry a key attestation, any level. A holder
 * or configuration this issuer does not have stops the start: a typo must not silently require
 * nothing.
 */
export function parseKeyAttestationsRequired(
  value: string | undefined,
  holders: readonly HolderDefinition[],
): IssuerSettings['keyAttestationsRequired'] {
  const required: IssuerSettings['keyAttestationsRequired'] = {};
  for (const entry of (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [holderId, configurationId, ...rest] = entry.split('/');
    const holder = holders.find((h) => h.id === holderId);
    if (!holder || !holder.configurations.some((c) => c.id === configurationId) || rest.length > 0) {
      throw new Error(
        `ISSUER_KEY_ATTESTATIONS_REQUIRED: "${entry}" is not holder/credential_configuration_id of this issuer`,
      );
    }
    (required[holderId!] ??= {})[configurationId!] = {};
  }
  return required;
}
