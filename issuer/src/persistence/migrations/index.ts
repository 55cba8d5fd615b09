import { CreateIssuerTables1764400000000 } from './1764400000000-create-issuer-tables.js';
import { CreateIssuerKeys1764700000000 } from './1764700000000-create-issuer-keys.js';
import { CreatePushedAuthorizationRequests1765000000000 } from './1765000000000-create-pushed-authorization-requests.js';
import { BindEidSignInToBrowser1765100000000 } from './1765100000000-bind-eid-sign-in-to-browser.js';
import { CreateUsageLog1765219000000 } from './1765219000000-create-usage-log.js';
import { CreateRefreshTokens1765219100000 } from './1765219100000-create-refresh-tokens.js';
import { RecordKeyAttestations1765240000000 } from './1765240000000-record-key-attestations.js';
import { BindAccessTokensToDpopKeys1765250000000 } from './1765250000000-bind-access-tokens-to-dpop-keys.js';

/** In the order they run; a database records each by its `name` (never rename or edit one). */
import { CreateRateLimitCounter1766000000000 } from '@min-profil/shared/rate-limit/create-rate-limit-counter-migration';
import { RecordDeferredKeyAttestations1766100000000 } from './1766100000000-record-deferred-key-attestations.js';
import { RecordCredentialIdentifiers1766100000000 } from './1766100000000-record-credential-identifiers.js';
import { CreateMandateGrants1766100100000 } from './1766100100000-create-mandate-grants.js';
import { CountAllocatedStatusIndexes1766240000000 } from './1766240000000-count-allocated-status-indexes.js';

export const issuerMigrations = [
  CreateIssuerTables1764400000000,
  CreateIssuerKeys1764700000000,
  CreatePushedAuthorizationRequests1765000000000,
  BindEidSignInToBrowser1765100000000,
  CreateUsageLog1765219000000,
  CreateRefreshTokens1765219100000,
  RecordKeyAttestations1765240000000,
  BindAccessTokensToDpopKeys1765250000000,
  CreateRateLimitCounter1766000000000,
  RecordDeferredKeyAttestations1766100000000,
  RecordCredentialIdentifiers1766100000000,
  CreateMandateGrants1766100100000,
  CountAllocatedStatusIndexes1766240000000,
];
