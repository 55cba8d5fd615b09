import { In, type EntitySchema } from 'typeorm';
import type { Database } from '@min-profil/shared/db';
import { WalletCaseEntity, WalletCaseEventEntity } from '../cases/case-entities.js';
import { ApprovalRecordEntity } from './approval-entities.js';
import { ConsentRecordEntity } from './consent-record-entities.js';
import {
  AccountEntity,
  HeldCredentialEntity,
  HolderAuthorizationEntity,
  HolderFetchStartEntity,
  LogEntryEntity,
  PersonalTokenEntity,
  PresentationRequestEntity,
  SessionEntity,
} from './entities.js';
import { HolderConnectionEntity } from './holder-connection-entities.js';
import { SigningRequestEntity } from './signing-request-entities.js';
import { OmbudSignInEntity } from '../ombud/ombud-sign-in-entities.js';
import { PasskeyEntity, WebAuthnChallengeEntity, WrappedKeyEntity } from './passkey-entities.js';
import { ProfileDeliveryEntity, StandingPermissionEntity } from './permission-entities.js';
import { DemoMessageEntity, ProfileCodeEntity, ProfileEntity } from './profile-entities.js';

/**
 * Every table that holds a person's rows by `account_id`, the account itself last. A table added
 * with an `account_id` belongs here too (wallet-account-closing.test.ts checks that no table
 * keeps a row of a closed account).
 */
const byAccount: Array<EntitySchema<{ accountId: string | null }>> = [
  SessionEntity,
  PersonalTokenEntity,
  HolderConnectionEntity,
  OmbudSignInEntity,
  HeldCredentialEntity,
  PresentationRequestEntity,
  LogEntryEntity,
  ApprovalRecordEntity,
  ConsentRecordEntity,
  WalletCaseEventEntity,
  WalletCaseEntity,
  ProfileDeliveryEntity,
  StandingPermissionEntity,
  ProfileCodeEntity,
  ProfileEntity,
  DemoMessageEntity,
  SigningRequestEntity,
  // Wrapped holder keys go with the account: nothing the person's passkeys opened survives it.
  WrappedKeyEntity,
  WebAuthnChallengeEntity,
  PasskeyEntity,
];

/** Deletes every row of one account, in one transaction; returns the rows deleted per table. */
export function createAccountClosingStore(db: Database) {
  return {
    async deleteAccountRows(accountId: string): Promise<Record<string, number>> {
      return db.dataSource.transaction(async (manager) => {
        const deleted: Record<string, number> = {};
        // Unfinished holder sign-ins and their one-time start links (keyed by state).
        const started = await manager.getRepository(HolderAuthorizationEntity).findBy({ accountId });
        if (started.length > 0) {
          await manager
            .getRepository(HolderFetchStartEntity)
            .delete({ state: In(started.map((s) => s.state)) });
        }
        deleted.wallet_holder_authorization =
          (await manager.getRepository(HolderAuthorizationEntity).delete({ accountId })).affected ?? 0;
        for (const entity of byAccount) {
          const result = await manager.getRepository(entity).delete({ accountId });
          deleted[entity.options.tableName!] = result.affected ?? 0;
        }
        deleted.wallet_account =
          (await manager.getRepository(AccountEntity).delete({ id: accountId })).affected ?? 0;
        return deleted;
      });
    },
  };
}
