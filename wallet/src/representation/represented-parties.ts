import { createHash } from 'node:crypto';

/**
 * "Jag företräder" (issue #20, #21): whom the person may act for, read from the credentials they
 * hold. Each kind of credential that proves a right to act for someone is one row of the table,
 * recognised by the last segment of its `vct` (…/vct/guardianship, …/vct/signatory,
 * …/vct/mandate), so a new kind is one row more.
 */
export type PartyKind = 'child' | 'company' | 'principal';

export interface PartyIdentity {
  kind: PartyKind;
  name: string;
  identifier: { type: 'personal_identity_number' | 'org_number'; value: string };
}

interface RepresentationRule {
  /** The last path segment of the credential type's `vct`. */
  typeName: string;
  /** The party the credential proves the holder may act for, or none if its claims lack it. */
  party(claims: Record<string, unknown>): PartyIdentity | undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** A person named by given and family name and personal identity number. */
function person(kind: PartyKind, claims: Record<string, unknown>): PartyIdentity | undefined {
  const number = text(claims.personal_identity_number);
  if (!number) return undefined;
  const name = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return { kind, name: name || number, identifier: { type: 'personal_identity_number', value: number } };
}

export const representationRules: readonly RepresentationRule[] = [
  // Skatteverket's guardian credential: the child in `child` (issue #20).
  { typeName: 'guardianship', party: (claims) => person('child', record(claims.child)) },
  // Bolagsverket's signatory credential: the company by organisation number (issue #21).
  {
    typeName: 'signatory',
    party: (claims) => {
      const orgNumber = text(claims.org_number);
      if (!orgNumber) return undefined;
      return {
        kind: 'company',
        name: text(claims.company_name) ?? orgNumber,
        identifier: { type: 'org_number', value: orgNumber },
      };
    },
  },
  // A mandate (fullmakt): the principal who gave it (issue #21).
  { typeName: 'mandate', party: (claims) => person('principal', record(claims.principal)) },
];

/** The rule for a credential type, by the last segment of its `vct`. */
export function representationRuleFor(vct: string | null | undefined): RepresentationRule | undefined {
  if (!vct) return undefined;
  const last = vct.split(/[/:]/).at(-1);
  return representationRules.find((rule) => rule.typeName === last);
}

/** A stable id for a party that does not show its number (it may end up in a URL). */
export function partyId(party: Pick<PartyIdentity, 'kind' | 'identifier'>): string {
  const digest = createHash('sha256')
    .update(`${party.kind}\n${party.identifier.type}\n${party.identifier.value}`)
    .digest('base64url');
  return `${party.kind}-${digest.slice(0, 16)}`;
}

export interface HeldForRepresentation<Proof> {
  vct: string | null;
  claims: Record<string, unknown>;
  /** What the API shows as the proof (the credential's id, name, issuer). */
  proof: Proof;
}

export interface RepresentedParty<Proof> extends PartyIdentity {
  id: string;
  /** The credentials that prove the person may act for this party. */
  proven_by: Proof[];
}

/** Every party the credentials prove, once each (several credentials may prove the same one). */
export function representedParties<Proof>(
  held: Array<HeldForRepresentation<Proof>>,
): Array<RepresentedParty<Proof>> {
  const parties = new Map<string, RepresentedParty<Proof>>();
  for (const credential of held) {
    const party = representationRuleFor(credential.vct)?.party(credential.claims);
    if (!party) continue;
    const id = partyId(party);
    const known = parties.get(id);
    if (known) known.proven_by.push(credential.proof);
    else parties.set(id, { id, ...party, proven_by: [credential.proof] });
  }
  const order: PartyKind[] = ['child', 'principal', 'company'];
  return [...parties.values()].sort(
    (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name, 'sv'),
  );
}
