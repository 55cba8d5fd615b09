import type { MessageKey } from '../i18n';

export interface Destination {
  to: string;
  key: MessageKey;
}

/** The five primary destinations: a bottom bar on phones, a top bar on wide screens. */
export const primaryDestinations: Destination[] = [
  { to: '/', key: 'navHome' },
  { to: '/credentials', key: 'navCredentials' },
  { to: '/overview', key: 'navShared' },
  { to: '/profile', key: 'navProfileShort' },
  { to: '/more', key: 'navMore' },
];

/** Everything else, one step away under "Mer", in groups. */
export const moreGroups: Array<{ key: MessageKey; items: Destination[] }> = [
  {
    key: 'moreFetchShare',
    items: [
      { to: '/holders', key: 'receiveTitle' },
      { to: '/present', key: 'moreOpenLink' },
    ],
  },
  {
    key: 'morePermissionsHistory',
    items: [
      { to: '/cases', key: 'navCases' },
      { to: '/usage', key: 'navUsage' },
      { to: '/standing-permissions', key: 'navStanding' },
      { to: '/ombud', key: 'navOmbud' },
      { to: '/company', key: 'navCompany' },
      { to: '/log', key: 'navLog' },
      { to: '/approvals', key: 'navApprovals' },
    ],
  },
  {
    key: 'moreAccount',
    items: [
      { to: '/settings', key: 'navSettings' },
      { to: '/account/close', key: 'navCloseAccount' },
    ],
  },
];

/** The primary destination a path belongs to (a page under Mer belongs to Mer). */
export function sectionOf(path: string): string {
  if (path.startsWith('/credentials')) return '/credentials';
  if (primaryDestinations.some((d) => d.to === path)) return path;
  return '/more';
}

/**
 * Consent and approval get a focused layout without the menu: a request is open (by link or by
 * id) and the decision is all that matters on the screen.
 */
export function isFocused(path: string, search: string): boolean {
  const params = new URLSearchParams(search);
  return path === '/present' && (params.has('request') || params.has('id'));
}
