import { demoHolders } from '../holders/catalog.js';
import { parseKeyAttestationsRequired } from './parse-key-attestations-required.js';

describe('ISSUER_KEY_ATTESTATIONS_REQUIRED', () => {
  it('requires an attestation, of any level, for each holder/configuration named', () => {
    expect(
      parseKeyAttestationsRequired(
        ' af/registration_certificate, skatteverket/person_identity ',
        demoHolders,
      ),
    ).toEqual({ af: { registration_certificate: {} }, skatteverket: { person_identity: {} } });
    expect(parseKeyAttestationsRequired(undefined, demoHolders)).toEqual({});
  });

  it.each(['af', 'af/person_identity', 'nobody/registration_certificate', 'af/registration_certificate/x'])(
    'stops the start on "%s", naming it',
    (value) => {
      expect(() => parseKeyAttestationsRequired(value, demoHolders)).toThrow(
        `ISSUER_KEY_ATTESTATIONS_REQUIRED: "${value}" is not holder/credential_configuration_id of this issuer`,
      );
    },
  );
});
