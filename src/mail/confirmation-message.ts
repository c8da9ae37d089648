import { escapeHtml } from './html-escape.ts';
import type { MailMessage } from './transport.ts';

/** The double opt-in mail: nothing is sent to the address again until its link is followed. */
export function buildConfirmationMessage(
  to: string,
  options: { confirmUrl: string; frequency: string; baseUrl: string },
): MailMessage {
  const { confirmUrl, frequency, baseUrl } = options;
  const subject = 'Confirm your Daily Papers subscription';
  const text = [
    `Someone, probably you, asked for a ${frequency} digest of trending papers from ${baseUrl} at this address.`,
    '',
    `Confirm: ${confirmUrl}`,
    '',
    'The link works for 7 days. If you did not ask for this, ignore this mail: nothing more will be sent.',
    '',
  ].join('\n');
  const html = `<!doctype html>
<html><body style="font-family:sans-serif;max-width:40em;margin:auto">
<p>Someone, probably you, asked for a ${escapeHtml(frequency)} digest of trending papers from ${escapeHtml(baseUrl)} at this address.</p>
<p><a href="${escapeHtml(confirmUrl)}">Confirm the subscription</a></p>
<p style="font-size:.9em;color:#555">The link works for 7 days. If you did not ask for this, ignore this mail: nothing more will be sent.</p>
</body></html>
`;
  return { to, subject, text, html };
}
