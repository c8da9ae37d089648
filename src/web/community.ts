import type { Config } from '../config/config.ts';
import { fetchArxivPaper } from '../ingest/arxiv-api-client.ts';
import { PoliteHttpClient } from '../ingest/http-client.ts';
import { createMailer } from '../mail/transport.ts';
import type { SendMail } from '../social/login-mail.ts';
import type { ArxivLookup } from '../social/submit.ts';

/** The community's side effects beyond the database, replaceable in tests. */
export interface CommunityDeps {
  /** Looks up papers members submit that are not stored yet. */
  arxivLookup: ArxivLookup;
  /** Sends login links. */
  sendMail: SendMail;
  now: () => Date;
  /** Releases what the defaults opened (the SMTP pool). */
  close: () => void;
}

/**
 * arXiv through the polite client (one request every 3 s, as its terms ask) with few retries:
 * a member is waiting for the answer. Mail through the mail capability's transport.
 */
export function defaultCommunityDeps(config: Config): CommunityDeps {
  const arxiv = new PoliteHttpClient({ minIntervalMs: 3000, maxAttempts: 2, baseBackoffMs: 1000, timeoutMs: 20_000 });
  const mailer = createMailer(config);
  return {
    arxivLookup: (id) => fetchArxivPaper(arxiv, config.arxivApiUrl, id),
    sendMail: (mail) => mailer.send(mail),
    now: () => new Date(),
    close: () => mailer.close(),
  };
}
