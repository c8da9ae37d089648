import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.ts';

/** One message; `text` and `html` become a multipart/alternative, text first. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** A stable id lets a receiver recognise a message that had to be sent again. */
  messageId?: string;
}

export interface Mailer {
  /** Resolves with the Message-ID once the SMTP server (or the outbox) has taken the message. */
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** Whether a failed send may succeed later (4xx, connection trouble) or never will (5xx). */
export type MailFailure = 'temporary' | 'permanent';

export function classifyMailError(error: unknown): MailFailure {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600 ? 'permanent' : 'temporary';
}

/**
 * The transport named by the configuration: pooled SMTP (TLS when the URL is smtps:// or the
 * server offers STARTTLS), or, without SMTP_URL, `.eml` files in DATA_DIR/outbox.
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'dataDir' | 'mailFrom'>): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : outboxMailer(outboxDir(config), config.mailFrom);
}

export function outboxDir(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'outbox');
}

function smtpMailer(url: string, from: string): Mailer {
  // Unlimited messages per connection: a digest run reuses a few connections for every subscriber.
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 5, maxMessages: Infinity }, { from });
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

function outboxMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from });
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      await mkdir(dir, { recursive: true });
      // Written under a temporary name and renamed, so the outbox never lists half a file.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      await writeFile(join(dir, `.${name}.tmp`), info.message as Buffer);
      await rename(join(dir, `.${name}.tmp`), join(dir, name));
      return { messageId: info.messageId };
    },
    close() {},
  };
}
