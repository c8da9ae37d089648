/**
 * Papers for the saved-filter tests: each is there for one rule of a filter (a category left
 * out, words left out, an author, code, upvotes, the feed against the archive, a hidden paper).
 */
import { sql } from 'kysely';
import { paperRecord, type PaperRecord } from '../../src/core/paper.ts';
import type { Store } from '../../src/db/connect.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';

export const NOW = new Date('2026-03-05T08:00:00.000Z');

const paper = (fields: Partial<PaperRecord> & Pick<PaperRecord, 'id' | 'title'>) =>
  paperRecord({ abstract: `About ${fields.title.toLowerCase()}.`, authors: ['Someone Else'], ...fields });

/** On the feed of 4 March, cs.CL and cs.SD, with code and five upvotes. */
export const speech = paper({
  id: '2603.10001',
  title: 'Speech Recognition with Transformers',
  categories: ['cs.CL', 'cs.SD'],
  publishedAt: '2026-03-03T10:00:00.000Z',
  githubRepo: 'https://github.com/example/speech',
  sourceUpvotes: 5,
  feed: { day: '2026-03-04', rank: 1, submittedBy: null },
});

/** On the feed of 5 March, cs.CL, one upvote. */
export const translation = paper({
  id: '2603.10002',
  title: 'Machine Translation with Transformers',
  categories: ['cs.CL'],
  publishedAt: '2026-03-04T10:00:00.000Z',
  sourceUpvotes: 1,
  feed: { day: '2026-03-05', rank: 2, submittedBy: null },
});

/** On the feed of 5 March, cs.CV, with code and ten upvotes. */
export const vision = paper({
  id: '2603.10003',
  title: 'Transformers for Vision',
  categories: ['cs.CV'],
  publishedAt: '2026-03-04T09:00:00.000Z',
  githubRepo: 'https://github.com/example/vision',
  sourceUpvotes: 10,
  feed: { day: '2026-03-05', rank: 1, submittedBy: null },
});

/** In the archive only (on no feed), by Ana Lima. */
export const pretraining = paper({
  id: '2603.10004',
  title: 'Language Model Pretraining',
  authors: ['Ana Lima', 'Kenji Sato'],
  categories: ['cs.CL'],
  publishedAt: '2026-03-02T10:00:00.000Z',
});

/** On the feed but hidden by a moderator: in no filter. */
export const hidden = paper({
  id: '2603.10005',
  title: 'Hidden Transformers',
  categories: ['cs.CL'],
  publishedAt: '2026-03-04T11:00:00.000Z',
  feed: { day: '2026-03-05', rank: 3, submittedBy: null },
});

export const FILTER_PAPERS = [speech, translation, vision, pretraining, hidden];

export async function seedFilterPapers(store: Store): Promise<void> {
  await savePapers(store, FILTER_PAPERS, { feedCategories: [], now: NOW });
  await sql`UPDATE papers SET hidden_at = ${NOW.toISOString()}, hidden_reason = 'spam' WHERE id = ${hidden.id}`.execute(store.db);
}
