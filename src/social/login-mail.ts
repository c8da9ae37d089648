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

/** Why the link is sent: asked for on /login, a new account, or a signup for an address that has one. */
export type LoginLinkReason = 'login' | 'welcome' | 'already-registered';

const OPENING: Record<LoginLinkReason, { subject: string; text: string }> = {
  login: { subject: 'Your Daily Papers login link', text: 'Log in to Daily Papers with this link:' },
  welcome: { subject: 'Welcome to Daily Papers', text: 'Your Daily Papers account is ready. Log in with this link:' },
  'already-registered': {
    subject: 'You already have a Daily Papers account',
    text: 'Someone asked to create a Daily Papers account for this address, which already has one. If it was you, log in with this link:',
  },
};

export async function sendLoginLink(
  sendMail: SendMail,
  to: string,
  link: string,
  reason: LoginLinkReason = 'login',
): Promise<void> {
  const escaped = link.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const { subject, text } = OPENING[reason];
  await sendMail({
    to,
    subject,
    text: `${text}\n\n${link}\n\nIt works once, for 15 minutes. If you did not ask for it, ignore this mail.\n`,
    html: `<p>${text}</p><p><a href="${escaped}">${escaped}</a></p><p>It works once, for 15 minutes. If you did not ask for it, ignore this mail.</p>`,
  });
}
