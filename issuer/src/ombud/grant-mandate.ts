import { randomUUID } from 'node:crypto';
import { OAuthError } from '@min-profil/shared/errors';
import { parsePersonalNumber } from '@min-profil/shared/personal-number';
import type { IssuerContext } from '../context.js';
import { endOfSwedishDay, startOfSwedishDay } from '../holders/swedish-day.js';
import type { MandateGrantRow, MandateParty } from './mandate-grant-entity.js';
import type { MandateRequest } from '@min-profil/shared/ombud/z-mandate-request';

/** The longest power of attorney Mina ombud gives here (the demo's rule: five years). */
const MAX_YEARS = 5;

/** A person as Skatteverket's population register names them, or undefined if it does not. */
async function partyOf(ctx: IssuerContext, identityNumber: string): Promise<MandateParty | undefined> {
  const record = await ctx.registerStore.find('skatteverket', identityNumber, 'identity');
  if (!record) return undefined;
  const parsed = parsePersonalNumber(identityNumber)!;
  return {
    given_name: String(record.data.given_name),
    family_name: String(record.data.family_name),
    [parsed.kind]: parsed.normalized,
  };
}

function validDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/**
 * The principal gives the agent a power of attorney: both must be in the population register,
 * they must be two people, and the period must be real dates, not over and at most five years.
 */
export async function grantMandate(
  ctx: IssuerContext,
  principalNumber: string,
  request: MandateRequest,
): Promise<MandateGrantRow> {
  const agentNumber = parsePersonalNumber(request.agent.personal_identity_number)?.normalized;
  if (!agentNumber) {
    throw new OAuthError(
      'invalid_request',
      'agent.personal_identity_number is not a valid personal identity or coordination number',
    );
  }
  if (agentNumber === principalNumber) {
    throw new OAuthError(
      'invalid_request',
      'a power of attorney is given to someone else: the agent is the principal',
    );
  }
  if (!validDate(request.valid_from) || !validDate(request.valid_until)) {
    throw new OAuthError('invalid_request', 'valid_from and valid_until must be calendar dates');
  }
  const now = ctx.now();
  if (request.valid_until < request.valid_from) {
    throw new OAuthError('invalid_request', 'valid_until is before valid_from');
  }
  if (endOfSwedishDay(request.valid_until) <= now) {
    throw new OAuthError('invalid_request', 'valid_until has already passed');
  }
  if (
    endOfSwedishDay(request.valid_until) - startOfSwedishDay(request.valid_from) >
    (MAX_YEARS * 366 + 1) * 86_400
  ) {
    throw new OAuthError('invalid_request', `a power of attorney lasts at most ${MAX_YEARS} years`);
  }
  const [principal, agent] = await Promise.all([partyOf(ctx, principalNumber), partyOf(ctx, agentNumber)]);
  if (!principal) throw new OAuthError('invalid_request', 'the principal is not in the population register');
  if (!agent) throw new OAuthError('invalid_request', 'the agent is not in the population register');
  const row: MandateGrantRow = {
    id: randomUUID(),
    principalNumber,
    agentNumber,
    principal,
    agent,
    scope: request.scope,
    validFrom: request.valid_from,
    validUntil: request.valid_until,
    createdAt: now,
    revokedAt: null,
  };
  await ctx.mandates.insert(row);
  return row;
}
