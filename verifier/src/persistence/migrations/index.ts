import { CreateVerifierTables1764500000000 } from './1764500000000-create-verifier-tables.js';
import { CreateApprovalTables1764600000000 } from './1764600000000-create-approval-tables.js';
import { CreateStandingPermissionTables1764700000000 } from './1764700000000-create-standing-permission-tables.js';
import { CreateWebhookOutbox1764800000000 } from './1764800000000-create-webhook-outbox.js';
import { AddPageSessionAndExpiryIndex1764900000000 } from './1764900000000-add-page-session-and-expiry-index.js';
import { CreateDataKeys1765000000000 } from './1765000000000-create-data-keys.js';
import { AddWebhookOrdering1765100000000 } from './1765100000000-add-webhook-ordering.js';
import { AddRequestEncryptionKey1765200000000 } from './1765200000000-add-request-encryption-key.js';
import { CreateConsentRecords1765300000000 } from './1765300000000-create-consent-records.js';
import { AddStandingPermissionSubject1765450000000 } from './1765450000000-add-standing-permission-subject.js';
import { CreateCases1766220000000 } from './1766220000000-create-cases.js';

/** In the order they run; a database records each by its `name` (never rename or edit one). */
import { CreateRateLimitCounter1766000000000 } from '@min-profil/shared/rate-limit/create-rate-limit-counter-migration';
import { CreateSecondSignatories1766300000000 } from './1766300000000-create-second-signatories.js';

import { AddExpectedOrigins1766100000000 } from './1766100000000-add-expected-origins.js';
import { AddHousekeepingIndexes1766500000000 } from './1766500000000-add-housekeeping-indexes.js';
import { AddStandingPermissionCompany1766510000000 } from './1766510000000-add-standing-permission-company.js';

export const verifierMigrations = [
  CreateVerifierTables1764500000000,
  CreateApprovalTables1764600000000,
  CreateStandingPermissionTables1764700000000,
  CreateWebhookOutbox1764800000000,
  AddPageSessionAndExpiryIndex1764900000000,
  CreateDataKeys1765000000000,
  AddWebhookOrdering1765100000000,
  AddRequestEncryptionKey1765200000000,
  CreateConsentRecords1765300000000,
  AddStandingPermissionSubject1765450000000,
  CreateRateLimitCounter1766000000000,
  AddExpectedOrigins1766100000000,
  CreateCases1766220000000,
  CreateSecondSignatories1766300000000,
  AddHousekeepingIndexes1766500000000,
  AddStandingPermissionCompany1766510000000,
];
