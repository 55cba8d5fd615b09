import { stockholmOffsetSeconds } from '@min-profil/shared/coming-of-age';

/** Midnight in Sweden at the start of `date` (YYYY-MM-DD), as epoch seconds. */
export function startOfSwedishDay(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const utcMidnight = Date.UTC(year, month - 1, day) / 1000;
  return utcMidnight - stockholmOffsetSeconds(utcMidnight);
}

/** Midnight in Sweden at the end of `date`: a register's "valid until" date includes the day. */
export function endOfSwedishDay(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return startOfSwedishDay(new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10));
}

/** Is a period of dates (either end open) in force at `now`? */
export function inForce(period: { valid_from?: string; valid_until?: string }, now: number): boolean {
  if (period.valid_from && startOfSwedishDay(period.valid_from) > now) return false;
  return !period.valid_until || endOfSwedishDay(period.valid_until) > now;
}
