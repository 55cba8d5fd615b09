import type { HolderRuntime, IssuerSettings } from '../context.js';
import type { CredentialConfiguration, LocalizedText } from '../holders/holder-types.js';
import { endpointsFor, vctFor } from './endpoints.js';

/** `display` arrays with Swedish first (OID4VCI 1.0 §12.2.4 allows one entry per locale). */
export function localizedDisplay(text: LocalizedText): Array<{ name: string; locale: string }> {
  return [
    { name: text.sv, locale: 'sv' },
    { name: text.en, locale: 'en' },
  ];
}

function claimsMetadata(configuration: CredentialConfiguration) {
  // OID4VCI 1.0 Appendix B.2: W3C VC claim paths start at the credential, so at credentialSubject.
  const prefix = configuration.format === 'jwt_vc_json' ? ['credentialSubject'] : [];
  return configuration.claims.map((c) => ({
    path: [...prefix, ...c.path],
    display: [
      { name: c.label.sv, locale: 'sv' },
      { name: c.label.en, locale: 'en' },
    ],
  }));
}

function configurationMetadata(
  holder: HolderRuntime,
  configuration: CredentialConfiguration,
  settings: IssuerSettings,
) {
  // §12.2.4: present only where this issuer requires a key attestation (Appendix D) in proofs.
  const keyAttestationsRequired = settings.keyAttestationsRequired[holder.definition.id]?.[configuration.id];
  const common = {
    format: configuration.format,
    scope: configuration.scope,
    cryptographic_binding_methods_supported: ['jwk', 'did:jwk', 'did:key'],
    credential_signing_alg_values_supported: ['ES256'],
    proof_types_supported: {
      jwt: {
        proof_signing_alg_values_supported: ['ES256', 'ES384', 'EdDSA'],
        ...(keyAttestationsRequired ? { key_attestations_required: keyAttestationsRequired } : {}),
      },
    },
    credential_metadata: {
      display: [
        {
          name: configuration.name.sv,
          locale: 'sv',
          description: configuration.description.sv,
          background_color: configuration.backgroundColor,
          text_color: configuration.textColor,
        },
        {
          name: configuration.name.en,
          locale: 'en',
          description: configuration.description.en,
          background_color: configuration.backgroundColor,
          text_color: configuration.textColor,
        },
      ],
      claims: claimsMetadata(configuration),
    },
  };
  if (configuration.format === 'dc+sd-jwt') {
    return { ...common, vct: vctFor(holder.issuerUrl, configuration) };
  }
  return {
    ...common,
    credential_definition: { type: ['VerifiableCredential', configuration.typeName] },
  };
}

/** OID4VCI 1.0 §12.2: served at `/.well-known/openid-credential-issuer/{holder}`. */
export function createCredentialIssuerMetadata(holder: HolderRuntime, settings: IssuerSettings) {
  const endpoints = endpointsFor(holder.issuerUrl);
  return {
    credential_issuer: holder.issuerUrl,
    authorization_servers: [holder.issuerUrl],
    credential_endpoint: endpoints.credential,
    nonce_endpoint: endpoints.nonce,
    deferred_credential_endpoint: endpoints.deferredCredential,
    notification_endpoint: endpoints.notification,
    batch_credential_issuance: { batch_size: settings.batchSize },
    display: localizedDisplay(holder.definition.name),
    credential_configurations_supported: Object.fromEntries(
      holder.definition.configurations.map((c) => [c.id, configurationMetadata(holder, c, settings)]),
    ),
  };
}
