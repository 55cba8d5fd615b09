/**
 * Where the wallet sends one-time codes. The demo gateway writes to the demo outbox; a real
 * e-mail or SMS gateway implements the same interface. Implementations must not log the
 * recipient or the text: both are personal data (and the text may carry a code).
 */
export interface OutgoingMessage {
  channel: 'email' | 'sms';
  /** An e-mail address or an E.164 number. */
  to: string;
  subject?: string;
  text: string;
  /** The wallet account it is sent for (the demo outbox shows each person only their own). */
  accountId?: string;
}

export interface MessageGateway {
  send(message: OutgoingMessage): Promise<void>;
}
