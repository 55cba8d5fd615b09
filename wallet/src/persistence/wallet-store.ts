import type { Database } from '@min-profil/shared/db';
import { createAccountClosingStore } from './account-closing-store.js';
import { createAccountStore } from './account-store.js';
import { createApprovalStore } from './approval-store.js';
import { createConsentRecordStore } from './consent-record-store.js';
import { createCredentialStore } from './credential-store.js';
import { createHolderAuthorizationStore } from './holder-authorization-store.js';
import { createHolderConnectionStore } from './holder-connection-store.js';
import { createLogStore } from './log-store.js';
import { createPasskeyStore } from './passkey-store.js';
import { createPersonalTokenStore } from './personal-token-store.js';
import { createPresentationRequestStore } from './presentation-request-store.js';
import { createSessionStore } from './session-store.js';
import { createSigningRequestStore } from './signing-request-store.js';
import { createOmbudSignInStore } from '../ombud/ombud-sign-in-store.js';
import { createCompanyProfileStore } from '../companies/company-profile-store.js';

/**
 * The wallet's stores, one per aggregate, behind one object (`ctx.store`). A part of the wallet
 * that needs one aggregate can take just that store's type.
 */
export function createWalletStore(db: Database) {
  return {
    ...createAccountStore(db),
    ...createAccountClosingStore(db),
    ...createSessionStore(db),
    ...createPersonalTokenStore(db),
    ...createHolderAuthorizationStore(db),
    ...createHolderConnectionStore(db),
    ...createCredentialStore(db),
    ...createPresentationRequestStore(db),
    ...createApprovalStore(db),
    ...createConsentRecordStore(db),
    ...createLogStore(db),
    ...createPasskeyStore(db),
    ...createSigningRequestStore(db),
    ...createOmbudSignInStore(db),
    ...createCompanyProfileStore(db),
  };
}

export type WalletStore = ReturnType<typeof createWalletStore>;
