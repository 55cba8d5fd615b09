import type { StandingPermissionRequest } from '@min-profil/shared/contact-profile/contact-profile';
import { grantFrom, permissionFromGrant } from './standing-grant.js';

const request: StandingPermissionRequest = {
  credential_ids: ['profile'],
  update_endpoint: 'https://consumer.example/updates',
  nonce_endpoint: 'https://consumer.example/nonce',
};

describe('the standing permission granted with an answer', () => {
  it('stands on the profile fields that went out for the queries it names', () => {
    const grant = grantFrom('perm-1', request, [
      { queryId: 'profile', fields: ['email', 'phone'], profileVersion: 4 },
      { queryId: 'other', fields: ['address'], profileVersion: 4 },
    ]);
    expect(grant).toEqual({ id: 'perm-1', request, fields: ['email', 'phone'], profileVersion: 4 });
  });

  it('is not granted when nothing of the profile went out', () => {
    expect(grantFrom('perm-1', request, [])).toBeUndefined();
    expect(
      grantFrom('perm-1', request, [{ queryId: 'profile', fields: [], profileVersion: 4 }]),
    ).toBeUndefined();
  });

  it('becomes a permission row with each field once, delivered at the version that went out', () => {
    const grant = grantFrom('perm-1', request, [
      { queryId: 'profile', fields: ['email', 'email', 'phone'], profileVersion: 4 },
    ])!;
    const parties = {
      accountId: 'acc',
      clientId: 'did:web:consumer.example',
      consumerName: { sv: 'Försäkring' },
    };
    const row = permissionFromGrant(grant, parties, 1000, 4);
    expect(row).toMatchObject({
      id: 'perm-1',
      ...parties,
      updateEndpoint: request.update_endpoint,
      nonceEndpoint: request.nonce_endpoint,
      fields: ['email', 'phone'],
      status: 'active',
      lastDeliveredVersion: 4,
      lastDeliveredAt: 1000,
    });
    expect(permissionFromGrant(grant, parties, 1000)).toMatchObject({
      lastDeliveredVersion: null,
      lastDeliveredAt: null,
    });
  });
});
