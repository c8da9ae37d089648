/**
 * What one post says, before a format shapes it: the filter, the period, and its papers. The
 * generic JSON format posts it as it is; Slack and Discord render it. Built once when a period
 * is enqueued and stored, so every retry posts the same papers.
 */
import type { ListedPaper } from '../core/paper.ts';

/**
 * A paper as a post carries it: Hugging Face's daily item (src/feeds/hf-json.ts, as
 * /api/daily_papers answers) plus `url`, its page on this hub. Typed here by the fields the
 * Slack and Discord formats read; the generic JSON carries the whole item.
 */
export interface WebhookItem {
  paper: { id: string; title: string; summary: string; upvotes: number; authors: { name: string }[] };
  url: string;
}

/** Turns a listed paper into the item a post carries (the composition root passes hf-json's). */
export type WebhookItemOf = (item: ListedPaper) => WebhookItem;

export interface WebhookDocument {
  /** `papers`: a period's new papers; `test`: a post the member asked for to try the webhook. */
  event: 'papers' | 'test';
  filter: { id: number; name: string; url: string | null };
  /** The period's key and the feed days it covers (inclusive). */
  period: { key: string; from: string; to: string };
  /** How many papers matched; `papers` holds the first MAX_DOCUMENT_PAPERS of them. */
  total: number;
  papers: WebhookItem[];
}

/** Papers one post carries at most (a filter over the whole archive can match thousands). */
export const MAX_DOCUMENT_PAPERS = 100;

export function webhookDocument(
  fields: Omit<WebhookDocument, 'total' | 'papers'>,
  papers: ListedPaper[],
  itemOf: WebhookItemOf,
): WebhookDocument {
  return { ...fields, total: papers.length, papers: papers.slice(0, MAX_DOCUMENT_PAPERS).map(itemOf) };
}
