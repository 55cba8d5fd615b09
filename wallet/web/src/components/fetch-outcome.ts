/**
 * What a failed holder fetch answered, read once from the short-lived cookie the wallet's
 * callback sets (wallet/src/holders/fetch-outcome.ts) and deleted at once: the error never
 * travels in the address, so no code is ever shown in the address bar or kept in history.
 */
const name = 'min_profil_fetch_outcome';

export interface FetchOutcome {
  error: string;
  error_description: string;
}

export function takeFetchOutcome(): FetchOutcome | undefined {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  if (!entry) return undefined;
  document.cookie = `${name}=; Max-Age=0; Path=/; SameSite=Lax`;
  try {
    const value = JSON.parse(decodeURIComponent(entry.slice(name.length + 1))) as Partial<FetchOutcome>;
    if (typeof value.error !== 'string') return undefined;
    return {
      error: value.error,
      error_description: typeof value.error_description === 'string' ? value.error_description : '',
    };
  } catch {
    return undefined;
  }
}
