import { randomBytes } from 'node:crypto';
import type { Logger } from '@min-profil/shared/logger';
import type { ProfileStore } from '../persistence/profile-store.js';
import type { MessageGateway } from './message-gateway.js';

/** Sortable ids: newest last by id when two messages share a second. */
function messageId(): string {
  return `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;
}

/** The demo gateway: "sends" by storing the message in the demo outbox (GET /demo/outbox). */
export function createDemoOutboxGateway(options: {
  profiles: ProfileStore;
  logger: Logger;
  now: () => number;
}): MessageGateway {
  return {
    async send(message) {
      await options.profiles.insertDemoMessage({
        id: messageId(),
        accountId: message.accountId ?? null,
        channel: message.channel,
        recipient: message.to,
        subject: message.subject ?? null,
        text: message.text,
        createdAt: options.now(),
      });
      // Never the recipient or the text.
      options.logger.info({ channel: message.channel }, 'message queued in the demo outbox');
    },
  };
}
