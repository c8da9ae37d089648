/**
 * Where a webhook's papers come from: the member's saved filters. The webhook engine only
 * asks these three questions, so the filters capability plugs in at the composition root
 * (src/cli/parts.ts) without the engine knowing how a filter matches.
 */
import type { DayRange } from '../core/dates.ts';
import type { ListedPaper } from '../core/paper.ts';

export interface WebhookSource {
  /** The member's saved filters, for the form that adds a webhook. */
  filtersOf(userId: number): Promise<{ id: number; name: string }[]>;
  /** The member's filter of that id (its name, and its page when it has one); null when it is not theirs or gone. */
  describe(userId: number, filterId: number): Promise<{ name: string; url: string | null } | null>;
  /** The filter's papers that entered the feed on the window's days, in the filter's own order. */
  papersIn(userId: number, filterId: number, window: DayRange): Promise<ListedPaper[]>;
}
