/**
 * The e-mail that carries a login link. Sending goes through an injected `sendMail`, so this
 * capability does not depend on a transport: the web layer passes the mail capability's
 * mailer (SMTP, or `.eml` files in DATA_DIR/outbox without SMTP_URL).
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type SendMail = (mail: OutgoingMail) => Promise<unknown>;

export async function sendLoginLink(sendMail: SendMail, to: string, link: string): Promise<void> {
  const escaped = link.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  await sendMail({
    to,
    subject: 'Your Daily Papers login link',
    text: `Log in to Daily Papers with this link:\n\n${link}\n\nIt works once, for 15 minutes. If you did not ask for it, ignore this mail.\n`,
    html: `<p>Log in to Daily Papers with this link:</p><p><a href="${escaped}">${escaped}</a></p><p>It works once, for 15 minutes. If you did not ask for it, ignore this mail.</p>`,
  });
}
