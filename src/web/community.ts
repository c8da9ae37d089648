import type { SendMail } from '../social/login-mail.ts';
import type { ArxivLookup } from '../social/submit.ts';

/** The community's side effects beyond the database; the composition root supplies them. */
export interface CommunityDeps {
  /** Looks up papers members submit that are not stored yet. */
  arxivLookup: ArxivLookup;
  /** Sends login links. */
  sendMail: SendMail;
  now: () => Date;
}
