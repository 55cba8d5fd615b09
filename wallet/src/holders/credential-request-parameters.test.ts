import type { IssuerMetadataResult } from '@openid4vc/openid4vci';
import { credentialRequestParameters } from './credential-request-parameters.js';

const issuer = 'https://issuer.example/af';

function metadata(
  configurations: Record<string, { scope?: string }>,
  authorizationServers?: string[],
): IssuerMetadataResult {
  return {
    credentialIssuer: {
      credential_issuer: issuer,
      credential_endpoint: `${issuer}/credential`,
      credential_configurations_supported: Object.fromEntries(
        Object.entries(configurations).map(([id, c]) => [
          id,
          { format: 'dc+sd-jwt', vct: `${issuer}/${id}`, ...c },
        ]),
      ),
      ...(authorizationServers ? { authorization_servers: authorizationServers } : {}),
    },
    authorizationServers: [],
  } as unknown as IssuerMetadataResult;
}

describe('what the wallet asks the holder for', () => {
  it('asks with the configurations’ scope values when every one has a scope (HAIP 1.0 §4.3)', () => {
    const asked = credentialRequestParameters(
      ['registration_certificate', 'work_permit'],
      metadata({
        registration_certificate: { scope: 'registration' },
        work_permit: { scope: 'work_permit' },
      }),
    );
    expect(asked).toEqual({ scope: 'registration work_permit' });
  });

  it('falls back to authorization_details when a configuration has no scope, naming the issuer in locations when it lists authorization servers (OID4VCI 1.0 §5.1.1)', () => {
    const configurations = { registration_certificate: { scope: 'registration' }, work_permit: {} };
    expect(
      credentialRequestParameters(['work_permit'], metadata(configurations, ['https://as.example'])),
    ).toEqual({
      authorization_details: [
        { type: 'openid_credential', credential_configuration_id: 'work_permit', locations: [issuer] },
      ],
    });
    expect(credentialRequestParameters(['work_permit'], metadata(configurations))).toEqual({
      authorization_details: [{ type: 'openid_credential', credential_configuration_id: 'work_permit' }],
    });
  });
});
