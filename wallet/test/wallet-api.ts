import { loginWithTestEid, type LoginWithTestEidOptions } from '@min-profil/shared/testing/eid-login';

/** A small client for the wallet's JSON API, as a script or the SPA would use it. */
export interface WalletSession {
  /** Headers that authenticate: a bearer token, or the session cookie plus the CSRF header. */
  headers: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function api(
  baseUrl: string,
  session: WalletSession | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(session?.headers ?? {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** Signs a person in through the real test eID; returns the cookie session with its CSRF token. */
export async function signIn(
  walletBaseUrl: string,
  identityNumber: string,
  /** The browser's eID cookies (single sign-on) and a watch on the eID login form. */
  eidBrowser: Pick<LoginWithTestEidOptions, 'jar' | 'onLoginPage'> = {},
): Promise<WalletSession & { cookie: string; csrf: string }> {
  const start = await fetch(`${walletBaseUrl}/auth/login?return_to=/start`, { redirect: 'manual' });
  if (start.status !== 303) throw new Error(`login answered ${start.status}`);
  // The sign-in is bound to the browser that started it by a short-lived cookie.
  const loginCookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
  const callback = await loginWithTestEid({
    authorizationUrl: start.headers.get('location')!,
    identityNumber,
    ...eidBrowser,
  });
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
  if (back.status !== 303) throw new Error(`callback answered ${back.status}: ${await back.text()}`);
  if (back.headers.get('location') !== '/start')
    throw new Error(`callback went to ${back.headers.get('location')}`);
  const setCookie = back.headers.getSetCookie().find((c) => c.startsWith('min_profil_wallet='))!;
  const cookie = setCookie.split(';')[0]!;
  const session = await api(walletBaseUrl, { headers: { cookie } }, 'GET', '/api/session');
  const csrf = session.body.csrf_token as string;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Signs in and creates a personal access token: the way scripts use the API. */
export async function tokenSession(walletBaseUrl: string, identityNumber: string): Promise<WalletSession> {
  const session = await signIn(walletBaseUrl, identityNumber);
  const created = await api(walletBaseUrl, session, 'POST', '/api/tokens', { name: 'tests' });
  if (created.status !== 201) throw new Error(`token: ${created.text}`);
  return { headers: { authorization: `Bearer ${created.body.token}` } };
}
