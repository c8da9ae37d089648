import type { ListedPaper } from '../core/paper.ts';
import { type HfContext, hfDailyItem } from './hf-json.ts';
import { paperPath } from './links.ts';
import type { HfDailyItem } from './hf-shapes.ts';

/** A paper as webhook posts carry it (src/webhooks/document.ts): HF's daily item plus its page here. */
export function webhookItemOf(context: HfContext): (item: ListedPaper) => HfDailyItem & { url: string } {
  return (item) => ({ ...hfDailyItem(item, context), url: `${context.baseUrl}${paperPath(item.paper.id)}` });
}
