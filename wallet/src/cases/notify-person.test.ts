import { emptyProfile, type StoredProfile } from '../profile/profile-model.js';
import { caseNotification } from './notify-person.js';

const verified = { verified: true, verified_at: 1, verification: 'jws' };
const unverified = { verified: false, verified_at: null, verification: null };

function profile(overrides: Partial<StoredProfile>): StoredProfile {
  return { ...emptyProfile(), ...overrides };
}

describe('caseNotification', () => {
  const emails = [{ id: 'e', address: 'tolvan@example.se', ...verified }];
  const phones = [{ id: 'p', number: '+46701234567', ...verified }];

  it('follows the decisions preference for a decision, the default for an information request', () => {
    const p = profile({
      emails,
      phones,
      contact_preferences: { default: ['email'], by_matter: { decisions: ['sms', 'email'] } },
    });
    expect(caseNotification(p, 'decision')).toMatchObject({ channel: 'sms', to: '+46701234567' });
    expect(caseNotification(p, 'needs_information')).toMatchObject({
      channel: 'email',
      to: 'tolvan@example.se',
    });
  });

  it('sends only to a verified address, and nothing for other events or without preferences', () => {
    const p = profile({
      emails: [{ id: 'e', address: 'x@example.se', ...unverified }],
      contact_preferences: { default: ['digital_mailbox', 'email'] },
    });
    expect(caseNotification(p, 'decision')).toBeNull();
    expect(caseNotification(profile({ emails }), 'decision')).toBeNull();
    const withPrefs = profile({ emails, contact_preferences: { default: ['email'] } });
    expect(caseNotification(withPrefs, 'received')).toBeNull();
  });

  it('writes in the preferred language and names neither body nor case', () => {
    const p = profile({ emails, preferred_language: 'en', contact_preferences: { default: ['email'] } });
    const message = caseNotification(p, 'decision')!;
    expect(message.text).toMatch(/decision/);
    expect(caseNotification({ ...p, preferred_language: 'sv' }, 'decision')!.text).toMatch(/beslut/);
  });
});
