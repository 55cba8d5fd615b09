import type { DatabaseKind } from '@min-profil/shared/db';
import { loginWithTestEid } from '@min-profil/shared/testing/eid-login';
import type { TestEid } from '@min-profil/eid/testing/start-test-eid';
import { startIssuer, type RunningIssuer } from '../issuer/test/start-issuer.js';
import {
  authorizeUrl,
  createPkce,
  postForm,
  pushAuthorizationRequest,
} from '../issuer/test/wallet-client.js';
import { testEidForIssuer } from './issuer-test-eid.js';

export const walletRedirect = 'http://127.0.0.1:9/wallet/callback';
/** The wallet registered at the issuer (its consent pages name it "Testplånboken"). */
export const walletClient = {
  clientId: 'wallet-under-test',
  name: { sv: 'Testplånboken', en: 'The test wallet' },
  redirectUris: [walletRedirect],
  source: 'configuration' as const,
};

export interface IssuerWithWalletClient {
  issuer: RunningIssuer;
  /**
   * PAR → the holder's consent page → eID → code → token at `holder`, for `scope`, as
   * `identityNumber`; returns the token response and the consent page's HTML.
   */
  authorize(
    holder: string,
    identityNumber: string,
    scope: string,
  ): Promise<{ token: Awaited<ReturnType<typeof postForm>>['body']; consentPage: string }>;
  stop(): Promise<void>;
}

/**
 * The real issuer with a registered wallet client and the test eID behind it: the setting of
 * the tests that play the wallet's authorization code flow at a holder (a usage log, Mina
 * ombud's powers of attorney, hostile input at the usage log).
 */
export async function startIssuerWithWalletClient(
  kind: DatabaseKind,
  options: { settings?: NonNullable<Parameters<typeof startIssuer>[1]>['settings'] } = {},
): Promise<IssuerWithWalletClient> {
  let eid: TestEid | undefined;
  const issuer = await startIssuer(kind, {
    settings: options.settings,
    walletClients: [walletClient],
    eid: testEidForIssuer(kind, (started) => (eid = started)),
  });

  async function authorize(holder: string, identityNumber: string, scope: string) {
    const { verifier, challenge } = createPkce();
    const pushed = await pushAuthorizationRequest(issuer.baseUrl, holder, {
      response_type: 'code',
      client_id: walletClient.clientId,
      redirect_uri: walletRedirect,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scope,
      state: `${holder}-state`,
    });
    expect(pushed.status).toBe(201);
    let consentPage = '';
    const back = await loginWithTestEid({
      authorizationUrl: authorizeUrl(issuer.baseUrl, holder, walletClient.clientId, pushed.body.request_uri),
      identityNumber,
      onConsentPage: (html) => (consentPage = html),
    });
    const token = await postForm(`${issuer.baseUrl}/${holder}/token`, {
      grant_type: 'authorization_code',
      code: new URL(back).searchParams.get('code')!,
      redirect_uri: walletRedirect,
      code_verifier: verifier,
      client_id: walletClient.clientId,
    });
    expect(token.status).toBe(200);
    return { token: token.body, consentPage };
  }

  return {
    issuer,
    authorize,
    stop: async () => {
      await issuer.stop();
      await eid?.close();
    },
  };
}
