import { createHmac } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import type { CredentialConfiguration, CredentialDataset } from '../holders/holder-types.js';

/**
 * Several credentials of one configuration for one person (a guardian credential per child)
 * are told apart by OID4VCI 1.0 credential identifiers (§6.2, `credential_identifiers` in the
 * token response's `authorization_details`; §8.2, `credential_identifier` in the request).
 * An identifier is `<configuration id>:<HMAC of the dataset's ref>`: stable between the token
 * and the credential request without storing anything, and it does not show the child's number.
 * Configurations with one dataset keep the configuration id as their only identifier.
 */
export function datasetIdentifier(
  secret: Buffer,
  configuration: CredentialConfiguration,
  ref: string,
): string {
  const tag = createHmac('sha256', secret).update(`dataset:${configuration.id}:${ref}`).digest('base64url');
  return `${configuration.id}:${tag.slice(0, 22)}`;
}

/** The configuration id an identifier belongs to. */
export function configurationIdOf(identifier: string): string {
  return identifier.split(':')[0];
}

/** The register record as the credentials it makes, each with its identifier. */
export function credentialDatasets(
  secret: Buffer,
  configuration: CredentialConfiguration,
  record: Record<string, unknown>,
  now: number,
): Array<CredentialDataset & { identifier: string }> {
  if (!configuration.datasets) return [{ ref: '', claims: record, identifier: configuration.id }];
  return configuration
    .datasets(record, now)
    .map((dataset) => ({ ...dataset, identifier: datasetIdentifier(secret, configuration, dataset.ref) }));
}

/** A configuration with several datasets must be asked for by identifier, not by its id. */
export function assertNamesDataset(
  configuration: CredentialConfiguration,
  identifier: string | undefined,
): void {
  if (configuration.datasets && (identifier === undefined || identifier === configuration.id)) {
    throw new OAuthError(
      'invalid_credential_request',
      `"${configuration.id}" is issued once per dataset: send one credential_identifier from the token response's authorization_details`,
    );
  }
}

/**
 * The dataset a credential request is for: by its identifier, or the whole record when the
 * configuration has only one. A configuration with several must be asked for by identifier.
 */
export function selectDataset(
  secret: Buffer,
  configuration: CredentialConfiguration,
  record: Record<string, unknown>,
  now: number,
  identifier: string | undefined,
): CredentialDataset {
  assertNamesDataset(configuration, identifier);
  const datasets = credentialDatasets(secret, configuration, record, now);
  if (!configuration.datasets) return datasets[0];
  const dataset = datasets.find((d) => d.identifier === identifier);
  if (!dataset) {
    throw new OAuthError(
      'unknown_credential_identifier',
      'the credential_identifier names no credential the register holds for this person now',
    );
  }
  return dataset;
}
