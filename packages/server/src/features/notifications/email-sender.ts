import { createTransport } from 'nodemailer';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends one e-mail; rejects when the server refused it or could not be reached. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

/**
 * E-mail over SMTP with nodemailer. `url` is `smtp://[user:password@]host:port` (STARTTLS when the server
 * offers it) or `smtps://…` (TLS from the start); credentials in the URL are percent-encoded. One connection is
 * opened per message, which is enough for notifications that the rate limit keeps to a few per person.
 */
export function createSmtpSender(options: { url: string; from: string; timeoutMs?: number }): EmailSender {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = createTransport(
    { url: options.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout },
    { from: options.from },
  );
  return {
    async send(message) {
      await transport.sendMail({ to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
