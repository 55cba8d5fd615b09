import { CreateIssuerTables1764400000000 } from './1764400000000-create-issuer-tables.js';
import { CreateIssuerKeys1764700000000 } from './1764700000000-create-issuer-keys.js';
import { CreatePushedAuthorizationRequests1765000000000 } from './1765000000000-create-pushed-authorization-requests.js';
import { BindEidSignInToBrowser1765100000000 } from './1765100000000-bind-eid-sign-in-to-browser.js';
import { RecordKeyAttestations1765240000000 } from './1765240000000-record-key-attestations.js';
import { BindAccessTokensToDpopKeys1765250000000 } from './1765250000000-bind-access-tokens-to-dpop-keys.js';

/** In the order they run; a database records each by its `name` (never rename or edit one). */
export const issuerMigrations = [
  CreateIssuerTables1764400000000,
  CreateIssuerKeys1764700000000,
  CreatePushedAuthorizationRequests1765000000000,
  BindEidSignInToBrowser1765100000000,
  RecordKeyAttestations1765240000000,
  BindAccessTokensToDpopKeys1765250000000,
];
