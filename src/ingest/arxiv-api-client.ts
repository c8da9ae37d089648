import type { PaperRecord } from '../core/paper.ts';
import { SourceUnreachable } from '../core/source-unreachable.ts';
import { HttpError, HttpNetworkError, type PoliteHttpClient } from './http-client.ts';
import { parseAtomFeed } from './parsers/atom.ts';

/**
 * Looks one paper up in the arXiv API (`?id_list=ID`): its record, or null when arXiv does
 * not know the id (an empty feed or an API error entry). Network and HTTP failures after the
 * client's retries throw SourceUnreachable, with the client's HttpError / HttpNetworkError as cause.
 */
export async function fetchArxivPaper(client: PoliteHttpClient, apiUrl: string, id: string): Promise<PaperRecord | null> {
  const url = new URL(apiUrl);
  url.searchParams.set('id_list', id);
  url.searchParams.set('max_results', '1');
  const { items } = parseAtomFeed(await fetchText(client, url.toString()));
  for (const item of items) if (item.kind === 'record' && item.record.id === id) return item.record;
  return null;
}

async function fetchText(client: PoliteHttpClient, url: string): Promise<string> {
  try {
    return await client.getText(url);
  } catch (error) {
    if (error instanceof HttpError || error instanceof HttpNetworkError) throw new SourceUnreachable('arXiv', { cause: error });
    throw error;
  }
}
