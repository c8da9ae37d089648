/**
 * A small corpus for search tests, written through the store's own savePapers. Each paper
 * is there for a ranking rule: a word in a title against the same word in an abstract,
 * inflections, a phrase against its words apart, two authors whose names share a word,
 * categories across archives, dates across months, papers with and without code, and one
 * paper hidden by a moderator.
 */
import { sql } from 'kysely';
import { paperRecord } from '../../src/core/paper.ts';
import type { Store } from '../../src/db/connect.ts';
import { savePapers } from '../../src/ingest/save-papers.ts';

export const NOW = new Date('2026-03-05T08:00:00.000Z');

export const routing = paperRecord({
  id: '2601.00001',
  title: 'Sparse Routing for Mixture of Experts Models',
  abstract: 'We route tokens to experts.',
  authors: ['Kenji Sato', 'Ana Lima'],
  categories: ['cs.LG'],
  publishedAt: '2026-01-05T10:00:00.000Z',
  githubRepo: 'https://github.com/example/routing',
});

export const retrieval = paperRecord({
  id: '2601.00002',
  title: 'Dense Retrieval at Scale',
  abstract: 'A routing model for dense retrieval pipelines; the model sends each query to one index.',
  authors: ['Lena Vogel'],
  categories: ['cs.IR'],
  publishedAt: '2026-01-10T10:00:00.000Z',
});

export const explain = paperRecord({
  id: '2601.00003',
  title: 'Language Models Explain Themselves',
  abstract: 'Large language models produce explanations. We study the state of the art in explanation.',
  authors: ['Omar Haddad', 'Kenji Satoshi'],
  categories: ['cs.CL'],
  publishedAt: '2026-02-01T10:00:00.000Z',
  githubRepo: 'https://github.com/example/explain',
});

export const survey = paperRecord({
  id: '2601.00004',
  title: 'A Survey of Large Language Models',
  abstract: 'This survey covers language modeling and large models.',
  authors: ['Wei Zhang'],
  categories: ['cs.CL', 'cs.AI'],
  publishedAt: '2026-02-15T10:00:00.000Z',
});

export const quantum = paperRecord({
  id: '2601.00005',
  title: 'Quantum Error Correction with Surface Codes',
  abstract: 'Surface codes protect quantum computers from noise.',
  authors: ['Priya Nair'],
  categories: ['quant-ph'],
  publishedAt: '2025-12-20T10:00:00.000Z',
});

export const molecules = paperRecord({
  id: '2601.00006',
  title: 'Graph Neural Networks for Molecules',
  abstract: 'Message passing networks predict molecular properties.',
  authors: ['Ana Lima'],
  categories: ['physics.chem-ph', 'cs.LG'],
  publishedAt: '2026-03-01T10:00:00.000Z',
  githubRepo: 'https://github.com/example/molecules',
});

/** Hidden by a moderator: never in results, though its title says "routing" twice. */
export const hidden = paperRecord({
  id: '2601.00007',
  title: 'Routing Routing Routing',
  abstract: 'Hidden routing.',
  authors: ['Mallory'],
  categories: ['cs.LG'],
  publishedAt: '2026-01-20T10:00:00.000Z',
});

/**
 * Not in the corpus: added while an index is built, older than every paper of a newest-first
 * index, so only the change log's replay puts it there.
 */
export const lighthouse = paperRecord({
  id: '2603.00077',
  title: 'Lighthouse Keepers and Their Logs',
  abstract: 'Routing ships past the rocks.',
  authors: ['Mira Holt'],
  categories: ['cs.DB'],
  publishedAt: '2025-06-01T00:00:00.000Z',
});

export const PAPERS = [routing, retrieval, explain, survey, quantum, molecules, hidden];

export async function seedSearchCorpus(store: Store): Promise<void> {
  await savePapers(store, PAPERS, { feedCategories: [], now: NOW });
  await sql`UPDATE papers SET hidden_at = ${NOW.toISOString()}, hidden_reason = 'spam' WHERE id = ${hidden.id}`.execute(store.db);
}
