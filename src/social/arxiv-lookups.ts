import type { PaperRecord } from '../core/paper.ts';
import { Refusal } from './errors.ts';
import type { ArxivLookup } from './submit.ts';

/** Lookups at arXiv one member may have under way at once. */
export const LOOKUPS_PER_MEMBER = 1;
/** arXiv takes one request every 3 seconds: when a member may try again. */
const RETRY_AFTER_SECONDS = 3;
/**
 * How long an answer is reused: a submit that arrives just after a lookup ended, before its
 * paper was saved, would otherwise ask arXiv again.
 */
const REUSE_MS = 60_000;

/**
 * The members' lookups of papers not stored yet, in front of arXiv's one-request-every-3-seconds
 * queue. Submits of one id share one lookup while it runs; each member has at most
 * LOOKUPS_PER_MEMBER of their own waiting, so one member's ten submits cannot put another
 * member thirty seconds back in the queue: the extra ones are refused (429) at once.
 */
export class ArxivLookups {
  private readonly running = new Map<string, Promise<PaperRecord | null>>();
  /** Answers of lookups that ended, oldest first, each with when it came. */
  private readonly answered = new Map<string, { at: number; record: PaperRecord | null }>();
  private readonly perMember = new Map<number, number>();

  constructor(
    private readonly lookup: ArxivLookup,
    private readonly limit = LOOKUPS_PER_MEMBER,
  ) {}

  /** The lookup as one member makes it. */
  forMember(memberId: number): ArxivLookup {
    return (id) => {
      // Joining a lookup under way, or reusing one just ended, adds nothing to arXiv's queue: never refused.
      const shared = this.running.get(id);
      if (shared) return shared;
      const recent = this.recentAnswer(id);
      if (recent !== undefined) return Promise.resolve(recent);
      const own = this.perMember.get(memberId) ?? 0;
      if (own >= this.limit) {
        return Promise.reject(
          new Refusal(
            'rate-limited',
            `you have ${own === 1 ? 'a paper' : `${own} papers`} being looked up at arXiv; submit ${id} when that is done`,
            RETRY_AFTER_SECONDS,
          ),
        );
      }
      this.perMember.set(memberId, own + 1);
      const lookup = this.lookup(id);
      void lookup.then(
        (record) => this.answered.set(id, { at: Date.now(), record }),
        () => undefined, // a failed lookup is not reused: the next submit tries again
      );
      const tracked = lookup.finally(() => {
        this.running.delete(id);
        const left = (this.perMember.get(memberId) ?? 1) - 1;
        if (left > 0) this.perMember.set(memberId, left);
        else this.perMember.delete(memberId);
      });
      this.running.set(id, tracked);
      return tracked;
    };
  }

  private recentAnswer(id: string): PaperRecord | null | undefined {
    const now = Date.now();
    for (const [key, { at }] of this.answered) {
      if (now - at < REUSE_MS) break;
      this.answered.delete(key);
    }
    return this.answered.get(id)?.record;
  }
}
