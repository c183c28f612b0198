// The mail port: transactional emails, sent through SES in the cloud and kept in a viewable outbox locally.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** For the outbox and analytics: which template sent it. */
  template?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}
