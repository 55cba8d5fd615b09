/**
 * "Jag företräder": the party the person acts for in this tab (a child, a company, a
 * principal), or none for themself. Kept in sessionStorage, so it ends with the tab and never
 * carries over to another person's sign-in on a shared device for longer than that.
 */
const key = 'actingFor';
const listeners = new Set<() => void>();

export function getActingFor(): string | undefined {
  return (typeof sessionStorage !== 'undefined' && sessionStorage.getItem(key)) || undefined;
}

export function setActingFor(partyId: string | undefined): void {
  if (partyId) sessionStorage.setItem(key, partyId);
  else sessionStorage.removeItem(key);
  listeners.forEach((l) => l());
}

export function onActingForChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The texts of the switch and of the consent screen's "on whose behalf". */
export const actingForTexts = {
  label: { sv: 'Jag företräder', en: 'I act for' },
  myself: { sv: 'Mig själv', en: 'Myself' },
  child: { sv: 'barn', en: 'child' },
  company: { sv: 'företag', en: 'company' },
  principal: { sv: 'fullmaktsgivare', en: 'principal' },
  companyProfile: { sv: 'Företagets kontaktuppgifter', en: 'Company contact details' },
  onBehalfOf: { sv: 'Uppgifterna lämnas för', en: 'The data are given on behalf of' },
  provenBy: { sv: 'Din rätt att företräda styrks av', en: 'Your right to act is proven by' },
  actingForHint: {
    sv: 'Du visar bara intygen som gäller den du företräder.',
    en: 'Only the credentials about the one you act for are shown.',
  },
} as const;
