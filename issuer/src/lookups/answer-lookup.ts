import { OAuthError } from '@min-profil/shared/errors';
import { parsePersonalNumber } from '@min-profil/shared/personal-number';
import type { HolderRuntime, IssuerContext } from '../context.js';
import type { HolderDefinition } from '../holders/holder-types.js';
import type { LookupRequest } from './z-lookup-request.js';

export interface LookupAnswer {
  found: boolean;
  /** Only the fields asked for, and only those the register holds for this person. */
  data: Record<string, unknown>;
}

/** The register's fields: every claim its credentials are made of, by record type. */
export function registerFields(holder: HolderDefinition): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  for (const configuration of holder.configurations) {
    for (const claim of configuration.claims) {
      const name = String(claim.path[0]);
      if (!fields.has(name)) fields.set(name, new Set());
      fields.get(name)!.add(configuration.recordType);
    }
  }
  return fields;
}

/**
 * Answers another body's look-up from the holder's register with the fields asked for and
 * nothing else, and records the use in the person's log in the same step: an answer that was
 * given is always in the log (whether or not the register knew the person: the number was
 * processed either way).
 */
export async function answerLookup(options: {
  ctx: IssuerContext;
  holder: HolderRuntime;
  request: LookupRequest;
}): Promise<LookupAnswer> {
  const { ctx, holder, request } = options;
  const person = parsePersonalNumber(request.personal_identity_number);
  if (!person) {
    throw new OAuthError('invalid_request', 'personal_identity_number is not a valid Swedish number');
  }
  const known = registerFields(holder.definition);
  if (request.fields.some((field) => !known.has(field))) {
    throw new OAuthError('invalid_request', 'fields names a field this register does not hold');
  }
  const recordTypes = new Set(request.fields.flatMap((field) => [...known.get(field)!]));
  const now = ctx.now();
  const records: Array<Record<string, unknown>> = [];
  for (const recordType of recordTypes) {
    const lookup = await ctx.register.lookup({
      holderId: holder.definition.id,
      recordType,
      identityNumber: person.normalized,
      now,
    });
    if (lookup.status === 'found') records.push(lookup.claims);
  }
  const data: Record<string, unknown> = {};
  for (const field of request.fields) {
    const record = records.find((r) => r[field] !== undefined);
    if (record) data[field] = record[field];
  }
  await ctx.usage.record(holder.definition, [
    {
      identityNumber: person.normalized,
      action: 'lookup',
      receiver: {
        name: request.requester.name,
        orgNumber: request.requester.org_number,
        system: request.requester.system,
      },
      fields: request.fields,
      purpose: request.purpose,
      legalBasis: request.legal_basis,
    },
  ]);
  return { found: records.length > 0, data };
}
