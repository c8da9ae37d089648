import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients, as the sender gave them. */
  to: string[];
  raw: Buffer;
}

export interface SmtpServerOptions {
  port?: number;
  /** Answers a recipient with an SMTP error (e.g. 450 or 550) instead of accepting it. */
  rejectRecipient?: (address: string) => { code: number; message: string } | null;
  /** Runs before a message is accepted; a test may stop the sender here, before the 250 reply. */
  beforeAccept?: (mail: ReceivedMail) => Promise<void> | void;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
  /** Stops at once, like a crashed server: every open connection is told 421 and dropped. */
  stop(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 50,
    // Pooled senders keep idle connections open; a stop in a test should not wait for them.
    closeTimeout: 200,
    onRcptTo(address, _session, callback) {
      const rejection = options.rejectRecipient?.(address.address);
      if (!rejection) return callback();
      const error = new Error(rejection.message) as Error & { responseCode: number };
      error.responseCode = rejection.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) };
        try {
          await options.beforeAccept?.(mail);
        } catch (error) {
          return callback(error as Error);
        }
        received.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A sender killed mid-conversation resets its connections; the server lives on, as a real one does.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of (
        server as unknown as { connections: Set<{ send(code: number, text: string): void; close(): void }> }
      ).connections) {
        connection.send(421, 'Server shutting down');
        connection.close();
      }
      return closed;
    },
  };
}

export function parseMail(mail: ReceivedMail | Buffer): Promise<ParsedMail> {
  return simpleParser(Buffer.isBuffer(mail) ? mail : mail.raw);
}

/** How many copies each recipient got. */
export function copiesPerRecipient(received: ReceivedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of received) for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

/** A header as it was written (unfolded), e.g. `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. */
export function headerLine(mail: ParsedMail, name: string): string | undefined {
  return mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/\r?\n[ \t]+/g, ' ');
}
