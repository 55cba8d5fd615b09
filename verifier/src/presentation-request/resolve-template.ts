import { OAuthError } from '@min-profil/shared/errors';
import type { ClaimPath, TrustList } from '@min-profil/shared/trust-list/z-trust-list';
import type {
  ConsumerConfig,
  PresentationTemplate,
  TemplateCredential,
} from '../consumers/consumer-config.js';
import { isChildNumberPath } from '../verification/check-guardians.js';

/**
 * The `vct` values of a template credential: every type the trust list lists under its
 * `credential_configuration_id`, or the demo issuer's URL when the list names none.
 */
export function resolveTemplateVctValues(options: {
  credential: TemplateCredential;
  trustList: TrustList | undefined;
  issuerBaseUrl: string;
}): string[] {
  const { credential, trustList } = options;
  if (credential.vct !== undefined) return [credential.vct];
  const listed = (trustList?.issuers ?? []).flatMap((issuer) =>
    issuer.credential_types
      .filter(
        (t) =>
          t.format === credential.format &&
          t.credential_configuration_id === credential.credential_configuration_id,
      )
      .map((t) => t.type),
  );
  if (listed.length > 0) return [...new Set(listed)];
  return [`${options.issuerBaseUrl}/${credential.fallbackVctPath}`];
}

export function findTemplate(consumer: ConsumerConfig, name: string): PresentationTemplate {
  const template = Object.hasOwn(consumer.templates, name) ? consumer.templates[name] : undefined;
  if (!template) {
    throw new OAuthError(
      'invalid_request',
      `no template named ${name}; this consumer has: ${Object.keys(consumer.templates).join(', ')}`,
    );
  }
  return template;
}

/**
 * Builds the DCQL query of a named template (one credential query per template credential, its
 * `credential_sets`), the children the request names as `values` of the child's number.
 */
export function buildTemplateQuery(options: {
  template: PresentationTemplate;
  trustList: TrustList | undefined;
  issuerBaseUrl: string;
  children?: string[];
}): Record<string, unknown> {
  const { template, children } = options;
  if (children !== undefined && !template.namesChildren) {
    throw new OAuthError('invalid_request', 'children: this template is not about children');
  }
  if (template.namesChildren && !children) {
    throw new OAuthError(
      'invalid_request',
      'children: this template needs the children the request is about',
    );
  }
  return {
    credentials: template.credentials.map((credential) => ({
      id: credential.id,
      format: credential.format,
      meta: {
        vct_values: resolveTemplateVctValues({
          credential,
          trustList: options.trustList,
          issuerBaseUrl: options.issuerBaseUrl,
        }),
      },
      ...(credential.multiple ? { multiple: true } : {}),
      ...claimsOf(credential, (path) =>
        credential.id === template.namesChildren && isChildNumberPath(path)
          ? { path, values: children }
          : { path },
      ),
    })),
    ...(template.credentialSets ? { credential_sets: template.credentialSets } : {}),
  };
}

/**
 * The DCQL claims of a template credential; with optional claims, each gets an id and
 * `claim_sets` prefers all of them, else the required ones (OpenID4VP 1.0 §6.4.1).
 */
function claimsOf<T extends { path: ClaimPath }>(
  credential: TemplateCredential,
  query: (path: ClaimPath) => T,
): { claims: Array<T & { id?: string }>; claim_sets?: string[][] } {
  const optional = credential.optionalClaims ?? [];
  if (optional.length === 0) return { claims: credential.claims.map(query) };
  const required = credential.claims.map((path, i) => ({ ...query(path), id: `c${i}` }));
  const extra = optional.map((path, i) => ({ ...query(path), id: `o${i}` }));
  const requiredIds = required.map((c) => c.id);
  return {
    claims: [...required, ...extra],
    claim_sets: [[...requiredIds, ...extra.map((c) => c.id)], requiredIds],
  };
}
