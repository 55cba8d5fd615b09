/**
 * Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer), 12 digits as in SKV 704 and the Swedish OIDC claims spec.
 */
export interface PersonalNumberInfo {
  /** 12 digits, no separator. */
  normalized: string;
  kind: 'personal_identity_number' | 'coordination_number';
  birthdate: string;
}

/** Luhn check digit over the 10-digit form (YYMMDDNNN). */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let d = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Parses `YYYYMMDD-NNNC` / `YYYYMMDDNNNC`; returns undefined if it is not a valid number. */
export function parsePersonalNumber(input: string): PersonalNumberInfo | undefined {
  const compact = input.trim().replace(/[-+]/, '');
  if (!/^\d{12}$/.test(compact)) return undefined;
  const year = Number(compact.slice(0, 4));
  const month = Number(compact.slice(4, 6));
  let day = Number(compact.slice(6, 8));
  const kind = day > 60 ? 'coordination_number' : 'personal_identity_number';
  if (kind === 'coordination_number') day -= 60;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  if (luhnCheckDigit(compact.slice(2, 11)) !== Number(compact[11])) return undefined;
  const birthdate = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${String(day).padStart(2, '0')}`;
  return { normalized: compact, kind, birthdate };
}

export function formatPersonalNumber(normalized: string): string {
  return `${normalized.slice(0, 8)}-${normalized.slice(8)}`;
}
