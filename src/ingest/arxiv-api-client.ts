import type { PaperRecord } from '../core/paper.ts';
import type { PoliteHttpClient } from './http-client.ts';
import { parseAtomFeed } from './parsers/atom.ts';

/**
 * Looks one paper up in the arXiv API (`?id_list=ID`): its record, or null when arXiv does
 * not know the id (an empty feed or an API error entry). Network and HTTP failures throw
 * the client's HttpError / HttpNetworkError after its retries.
 */
export async function fetchArxivPaper(client: PoliteHttpClient, apiUrl: string, id: string): Promise<PaperRecord | null> {
  const url = new URL(apiUrl);
  url.searchParams.set('id_list', id);
  url.searchParams.set('max_results', '1');
  const { items } = parseAtomFeed(await client.getText(url.toString()));
  for (const item of items) if (item.kind === 'record' && item.record.id === id) return item.record;
  return null;
}
