import type { HolderRuntime } from '../context.js';
import type { CredentialConfiguration } from '../holders/holder-types.js';
import { vctFor } from './endpoints.js';

/** SD-JWT VC type metadata (draft-ietf-oauth-sd-jwt-vc §6), served at the `vct` URL. */
export function createTypeMetadata(holder: HolderRuntime, configuration: CredentialConfiguration) {
  return {
    vct: vctFor(holder.issuerUrl, configuration),
    name: configuration.name.en,
    description: configuration.description.en,
    display: [
      {
        locale: 'sv',
        name: configuration.name.sv,
        description: configuration.description.sv,
        rendering: {
          simple: { background_color: configuration.backgroundColor, text_color: configuration.textColor },
        },
      },
      {
        locale: 'en',
        name: configuration.name.en,
        description: configuration.description.en,
        rendering: {
          simple: { background_color: configuration.backgroundColor, text_color: configuration.textColor },
        },
      },
    ],
    claims: configuration.claims.map((c) => ({
      path: c.path,
      display: [
        { locale: 'sv', label: c.label.sv },
        { locale: 'en', label: c.label.en },
      ],
      // What we do, said exactly (SD-JWT VC §9.7): always disclosable, or never (in clear).
      sd: c.disclosable ? 'always' : 'never',
    })),
  };
}
