import { OAuthError } from '@min-profil/shared/errors';
import { decodeSdJwtVc } from '@min-profil/shared/sd-jwt/decode-sd-jwt-vc';
import type { WalletContext } from '../context.js';
import { currentStatus, openSealed } from '../credentials/describe-credential.js';
import type { AccountRow } from '../persistence/entities.js';
import { representationRuleFor } from '../representation/represented-parties.js';

/** Bolagsverket's id in the trust list: only its signatory credentials count. */
const bolagsverketId = 'bolagsverket';

/** Today in Sweden (YYYY-MM-DD): the register's dates are Swedish calendar days. */
const swedishToday = (now: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(now * 1000));

/**
 * The person may change the company's contact profile only while they are its signatory: a
 * signatory credential from Bolagsverket (the trust list's, verified when it was stored) for
 * this org number, in its `valid_from`…`valid_until`, unexpired, and `valid` in Bolagsverket's
 * status list — asked now, at each change, so a revoked one (a former signatory) no longer
 * counts. A status list that cannot be read is not a yes: the change waits (503).
 */
export async function currentSignatory(
  ctx: WalletContext,
  account: AccountRow,
  orgNumber: string,
): Promise<{ companyName: string }> {
  const bolagsverket = (await ctx.trustList.get()).issuers.find((i) => i.id === bolagsverketId);
  let unknownStatus = false;
  for (const row of await ctx.store.listCredentials(account.id, ['stored'])) {
    if (representationRuleFor(row.vct)?.typeName !== 'signatory') continue;
    if (!bolagsverket || row.credentialIssuer !== bolagsverket.credential_issuer) continue;
    const compact = openSealed(ctx, account, row).copies[0]?.compact;
    if (!compact) continue;
    const claims = decodeSdJwtVc(compact).claims;
    if (claims.org_number !== orgNumber) continue;
    const today = swedishToday(ctx.now());
    if (typeof claims.valid_from === 'string' && claims.valid_from > today) continue;
    if (typeof claims.valid_until === 'string' && claims.valid_until < today) continue;
    const status = await currentStatus(ctx, row);
    if (status === 'valid') {
      return { companyName: typeof claims.company_name === 'string' ? claims.company_name : orgNumber };
    }
    if (status === 'unknown') unknownStatus = true;
  }
  if (unknownStatus) {
    throw new OAuthError(
      'temporarily_unavailable',
      'Bolagsverket’s status list cannot be read now; try again',
      {
        status: 503,
      },
    );
  }
  throw new OAuthError(
    'access_denied',
    'you hold no valid signatory credential for this company (fetch it from Bolagsverket; a revoked one no longer counts)',
    { status: 403 },
  );
}
