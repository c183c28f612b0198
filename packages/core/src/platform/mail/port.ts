// The mail port: transactional emails, sent through SES in the cloud and kept in a viewable outbox locally.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** For the outbox and analytics: which template sent it. */
  template?: string;
  headers?: Record<string, string>;
  /** Set by the outbox: the same key sent twice is one email where the adapter can tell (the local outbox can). */
  idempotencyKey?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}
