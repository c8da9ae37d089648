import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfirmationMessage } from '../../src/mail/confirmation-message.ts';
import { buildDigestMessage, type DigestContent } from '../../src/mail/digest-message.ts';
import { classifyMailError, createMailer } from '../../src/mail/transport.ts';
import { headerLine, parseMail, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

const FROM = 'Daily Papers <digest@papers.test>';
const CONTENT: DigestContent = {
  heading: 'Daily Papers — Thu, 5 Mar 2026',
  baseUrl: 'https://papers.test',
  unsubscribeUrl: 'https://papers.test/unsubscribe?token=manage.1.n.x.sig',
  manageUrl: 'https://papers.test/subscriptions/manage?token=manage.1.n.x.sig',
  papers: [
    {
      id: '2603.00001',
      title: 'Attention <Is> All & More',
      authors: ['A One', 'B Two', 'C Three', 'D Four', 'E Five', 'F Six'],
      abstract: `We study ${'long '.repeat(80)}sequences.`,
      upvotes: 42,
    },
    { id: '2603.00002', title: 'Small Models', authors: ['Z Zed'], abstract: 'Short.', upvotes: 3 },
  ],
};

describe('mail transport over SMTP', () => {
  let server: TestSmtpServer;
  beforeAll(async () => {
    server = await startSmtpServer({
      rejectRecipient: (to) =>
        to.startsWith('gone@')
          ? { code: 550, message: 'No such user' }
          : to.startsWith('busy@')
            ? { code: 451, message: 'Try later' }
            : null,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('delivers a digest as multipart/alternative, text first, with RFC 8058 headers and escaped HTML', async () => {
    const mailer = createMailer({ smtpUrl: server.url, dataDir: '/nonexistent', mailFrom: FROM });
    await mailer.send(buildDigestMessage('reader@example.org', CONTENT));
    mailer.close();
    expect(server.received.at(-1)!.to).toEqual(['reader@example.org']);
    const raw = server.received.at(-1)!.raw.toString();
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw.indexOf('Content-Type: text/plain')).toBeLessThan(raw.indexOf('Content-Type: text/html'));
    const mail = await parseMail(server.received.at(-1)!);
    expect(mail.from!.value).toEqual([{ name: 'Daily Papers', address: 'digest@papers.test' }]);
    expect(mail.subject).toBe('Daily Papers — Thu, 5 Mar 2026');
    expect(headerLine(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(headerLine(mail, 'List-Unsubscribe')).toBe(
      'List-Unsubscribe: <https://papers.test/unsubscribe?token=manage.1.n.x.sig>',
    );
    expect(mail.text!.split('\n').slice(0, 7)).toEqual([
      'Daily Papers — Thu, 5 Mar 2026',
      'Manage your subscription: https://papers.test/subscriptions/manage?token=manage.1.n.x.sig',
      '',
      '1. Attention <Is> All & More',
      '   A One, B Two, C Three, D Four, E Five et al.',
      '   ▲ 42 · https://papers.test/papers/2603.00001',
      `   We study ${'long '.repeat(53)}long…`,
    ]);
    expect(mail.text).toContain('Unsubscribe: https://papers.test/unsubscribe?token=manage.1.n.x.sig');
    expect(mail.html).toContain('<strong>Attention &lt;Is&gt; All &amp; More</strong>');
    expect(mail.html).toContain('<a href="https://papers.test/unsubscribe?token=manage.1.n.x.sig">Unsubscribe</a>');
  });

  it('tells permanent (5xx) from temporary (4xx, no connection) failures', async () => {
    const mailer = createMailer({ smtpUrl: server.url, dataDir: '/nonexistent', mailFrom: FROM });
    const failure = (to: string) => mailer.send(buildDigestMessage(to, CONTENT)).then(() => 'sent', classifyMailError);
    expect(await failure('gone@example.org')).toBe('permanent');
    expect(await failure('busy@example.org')).toBe('temporary');
    mailer.close();
    const nowhere = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', dataDir: '/nonexistent', mailFrom: FROM });
    expect(await nowhere.send(buildDigestMessage('a@example.org', CONTENT)).then(() => 'sent', classifyMailError)).toBe(
      'temporary',
    );
    nowhere.close();
  });
});

describe('mail transport without SMTP_URL', () => {
  it('writes each message as an .eml file to DATA_DIR/outbox', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dp-outbox-'));
    const mailer = createMailer({ smtpUrl: null, dataDir, mailFrom: FROM });
    const confirmUrl = 'https://papers.test/confirm?token=confirm.1.n.9.sig';
    await mailer.send(
      buildConfirmationMessage('reader@example.org', { confirmUrl, frequency: 'daily', baseUrl: 'https://papers.test' }),
    );
    const files = readdirSync(join(dataDir, 'outbox'));
    expect(files).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-[0-9a-f]{8}\.eml$/)]);
    const mail = await parseMail(readFileSync(join(dataDir, 'outbox', files[0]!)));
    expect(mail.to).toMatchObject({ text: 'reader@example.org' });
    expect(mail.subject).toBe('Confirm your Daily Papers subscription');
    expect(mail.text).toContain(`Confirm: ${confirmUrl}`);
    expect(mail.html).toContain(`<a href="${confirmUrl}">Confirm the subscription</a>`);
  });
});
