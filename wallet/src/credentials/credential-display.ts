import { z } from 'zod';
import type { IssuerMetadataResult } from '@openid4vc/openid4vci';
import { findIssuer } from '@min-profil/shared/trust-list/trust-queries';
import type { WalletContext } from '../context.js';
import type { CredentialDisplay, Localized } from './z-credential-display.js';

export type { CredentialDisplay, Localized };

const zDisplayEntry = z
  .object({
    locale: z.string().max(20).optional(),
    name: z.string().max(300).optional(),
    label: z.string().max(300).optional(),
    description: z.string().max(2000).optional(),
    background_color: z.string().max(40).optional(),
    text_color: z.string().max(40).optional(),
    rendering: z
      .object({
        simple: z
          .object({
            background_color: z.string().max(40).optional(),
            text_color: z.string().max(40).optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
const zClaimPath = z
  .array(z.union([z.string().max(200), z.number().int().nonnegative(), z.null()]))
  .min(1)
  .max(10);
const zClaimDisplay = z
  .object({ path: zClaimPath, display: z.array(zDisplayEntry).max(20).optional() })
  .loose();
/** SD-JWT VC type metadata (draft-ietf-oauth-sd-jwt-vc §6): the parts the wallet renders. */
const zTypeMetadata = z
  .object({
    vct: z.string(),
    name: z.string().max(300).optional(),
    description: z.string().max(2000).optional(),
    display: z.array(zDisplayEntry).max(20).optional(),
    claims: z.array(zClaimDisplay).max(200).optional(),
  })
  .loose();

function localize(
  entries: Array<z.infer<typeof zDisplayEntry>> | undefined,
  field: 'name' | 'label' | 'description',
): Localized {
  const out: Localized = {};
  for (const entry of entries ?? []) {
    const text = entry[field] ?? (field === 'label' ? entry.name : undefined);
    if (text) out[entry.locale ?? 'und'] ??= text;
  }
  return out;
}

/**
 * A colour from an issuer's metadata goes into the page's style: only a plain colour value
 * (`#hex`, a name, `rgb()`), never `url(…)` or anything else a browser would fetch or run.
 */
export function safeColor(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^(#[0-9a-f]{3,8}|[a-z]{1,30}|rgba?\([\d\s.,%]{1,40}\))$/i.test(value.trim())
    ? value.trim()
    : undefined;
}

/** Fetches the type metadata at the `vct` URL when it is one; undefined when there is none. */
async function fetchTypeMetadata(ctx: WalletContext, vct: string | undefined) {
  if (!vct || !/^https?:\/\//.test(vct)) return undefined;
  try {
    const response = await ctx.fetch(vct, { headers: { accept: 'application/json' } });
    if (!response.ok) return undefined;
    const parsed = zTypeMetadata.safeParse(await response.json());
    // §6.3.2: the metadata must be for this very vct.
    return parsed.success && parsed.data.vct === vct ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Display names for a credential type, from its SD-JWT VC type metadata, falling back to the
 * issuer metadata's `credential_metadata` (OID4VCI 1.0 §12.2.4) and the trust list.
 */
export async function buildCredentialDisplay(
  ctx: WalletContext,
  options: { issuerMetadata?: IssuerMetadataResult; configurationId: string; vct?: string },
): Promise<CredentialDisplay> {
  const typeMetadata = await fetchTypeMetadata(ctx, options.vct);
  const issuer = options.issuerMetadata?.credentialIssuer as Record<string, unknown> | undefined;
  const configuration = (
    issuer?.credential_configurations_supported as Record<string, Record<string, unknown>> | undefined
  )?.[options.configurationId];
  const credentialMetadata = z
    .object({
      display: z.array(zDisplayEntry).max(20).optional(),
      claims: z.array(zClaimDisplay).max(200).optional(),
    })
    .loose()
    .safeParse(configuration?.credential_metadata ?? configuration ?? {});
  const fromIssuer = credentialMetadata.success ? credentialMetadata.data : {};
  const issuerDisplay = z
    .array(zDisplayEntry)
    .max(20)
    .safeParse(issuer?.display ?? []);

  const name = { ...localize(fromIssuer.display, 'name'), ...localize(typeMetadata?.display, 'name') };
  if (Object.keys(name).length === 0) name.und = typeMetadata?.name ?? options.configurationId;
  const description = {
    ...localize(fromIssuer.display, 'description'),
    ...localize(typeMetadata?.display, 'description'),
  };
  const first = typeMetadata?.display?.[0] ?? fromIssuer.display?.[0];
  const claims = (typeMetadata?.claims ?? fromIssuer.claims ?? []).map((c) => ({
    path: c.path,
    label: localize(c.display, 'label'),
  }));
  // The trust list's name wins: an issuer's own metadata could name any public body.
  const claimedName = issuerDisplay.success ? localize(issuerDisplay.data, 'name') : {};
  const credentialIssuer =
    typeof issuer?.credential_issuer === 'string' ? issuer.credential_issuer : undefined;
  const listed = credentialIssuer ? findIssuer(await ctx.trustList.get(), credentialIssuer) : undefined;
  const issuerName: Localized = listed
    ? { ...listed.name }
    : credentialIssuer
      ? { und: credentialIssuer }
      : claimedName;
  const background = safeColor(first?.rendering?.simple?.background_color ?? first?.background_color);
  const text = safeColor(first?.rendering?.simple?.text_color ?? first?.text_color);
  return {
    name,
    description,
    ...(background ? { background_color: background } : {}),
    ...(text ? { text_color: text } : {}),
    issuer_name: issuerName,
    ...(!listed && Object.keys(claimedName).length > 0 ? { issuer_claimed_name: claimedName } : {}),
    claims,
  };
}

/** The label for a claim path, or the path joined with dots when the metadata has none. */
export function claimLabel(display: CredentialDisplay, path: Array<string | number | null>): Localized {
  const key = JSON.stringify(path);
  const found = display.claims.find((c) => JSON.stringify(c.path) === key);
  if (found && Object.keys(found.label).length > 0) return found.label;
  return { und: path.map((p) => (p === null ? '*' : String(p))).join('.') };
}
