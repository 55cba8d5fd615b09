import { CreateWalletTables1764500000000 } from './1764500000000-create-wallet-tables.js';
import { CreateWalletApprovals1764600000000 } from './1764600000000-create-wallet-approvals.js';
import { CreateWalletStandingPermissions1764720000000 } from './1764720000000-create-wallet-standing-permissions.js';
import { CreateWalletProfile1764730000000 } from './1764730000000-create-wallet-profile.js';
import { AddDemoMessageAccount1764740000000 } from './1764740000000-add-demo-message-account.js';
import { BindHolderFetchToBrowser1764800000000 } from './1764800000000-bind-holder-fetch-to-browser.js';
import { AddDeliveryOrdering1765100000000 } from './1765100000000-add-delivery-ordering.js';
import { CreateWalletConsentRecords1765300000000 } from './1765300000000-create-wallet-consent-records.js';
import { CreateWalletCases1766220000000 } from './1766220000000-create-wallet-cases.js';
import { CreateWalletHolderConnections1765412000000 } from './1765412000000-create-wallet-holder-connections.js';
import { CreateWalletPasskeys1766250000000 } from './1766250000000-create-wallet-passkeys.js';
import { CreateWalletSigningRequests1766260000000 } from './1766260000000-create-wallet-signing-requests.js';
import { CreateWalletOmbudSignIns1766400000000 } from './1766400000000-create-wallet-ombud-sign-ins.js';
import { CreateWalletCompanyProfiles1766410000000 } from './1766410000000-create-wallet-company-profiles.js';
import { CreateWalletCaseStopNotices1766450000000 } from './1766450000000-create-wallet-case-stop-notices.js';
import { AddWalletLogThread1766460000000 } from './1766460000000-add-wallet-log-thread.js';
import { AddWalletDcApiResponse1766470000000 } from './1766470000000-add-wallet-dc-api-response.js';
import { AddWalletHolderFetchKeys1766480000000 } from './1766480000000-add-wallet-holder-fetch-keys.js';
import { AddWalletCompanySigningKey1766490000000 } from './1766490000000-add-wallet-company-signing-key.js';
import { AddWalletCredentialListing1766530000000 } from './1766530000000-add-wallet-credential-listing.js';
import { AddWalletHolderFetchDpopKey1766560000000 } from './1766560000000-add-wallet-holder-fetch-dpop-key.js';

/** In the order they run; a database records each by its `name` (never rename or edit one). */
import { CreateRateLimitCounter1766000000000 } from '@min-profil/shared/rate-limit/create-rate-limit-counter-migration';

export const walletMigrations = [
  CreateWalletTables1764500000000,
  CreateWalletApprovals1764600000000,
  CreateWalletStandingPermissions1764720000000,
  CreateWalletProfile1764730000000,
  AddDemoMessageAccount1764740000000,
  BindHolderFetchToBrowser1764800000000,
  AddDeliveryOrdering1765100000000,
  CreateWalletConsentRecords1765300000000,
  CreateWalletHolderConnections1765412000000,
  CreateRateLimitCounter1766000000000,
  CreateWalletCases1766220000000,
  CreateWalletPasskeys1766250000000,
  CreateWalletSigningRequests1766260000000,
  CreateWalletOmbudSignIns1766400000000,
  CreateWalletCompanyProfiles1766410000000,
  CreateWalletCaseStopNotices1766450000000,
  AddWalletLogThread1766460000000,
  AddWalletDcApiResponse1766470000000,
  AddWalletHolderFetchKeys1766480000000,
  AddWalletCompanySigningKey1766490000000,
  AddWalletCredentialListing1766530000000,
  AddWalletHolderFetchDpopKey1766560000000,
];
