import type { MailMessage, Mailer } from '../../src/mail/transport.ts';

/** A Mailer that keeps what it is given, for tests about who gets mail rather than how it travels. */
export function recordingMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
      return { messageId: `<${sent.length}@test>` };
    },
    close() {},
  };
}
