/**
 * What each live source has done so far, kept in the store (ingest_state) rather than in memory,
 * so any app process can show it and a restart knows what is already fetched.
 */
import type { Store } from '../db/connect.ts';
import { ingestStateStore } from '../store/ingest-state.ts';

export type SourceName = 'hf-daily' | 'arxiv';

/** The last failure of a source, until a run succeeds again. */
export interface SourceFault {
  /** For a reader: "answered HTTP 500", "could not be reached (DNS lookup failed: ENOTFOUND)". */
  message: string;
  at: string;
  /** When the next attempt is due, once the schedule has set one. */
  retryAt: string | null;
}

export interface SourceStatus {
  /**
   * Hugging Face: the days fetched, `from`..`to`, with no gap. arXiv: `from` is the first day
   * the archive reaches back to; `to` is null.
   */
  from: string | null;
  to: string | null;
  /** Papers the source delivered so far (each time a paper is seen again, it counts again). */
  papers: number;
  /** When a run last finished without a fault: the schedule reads it to see whether a run is due. */
  lastSuccessAt: string | null;
  fault: SourceFault | null;
}

const EMPTY: SourceStatus = { from: null, to: null, papers: 0, lastSuccessAt: null, fault: null };

const key = (source: SourceName) => `status:${source}`;

export async function readSourceStatus(store: Store, source: SourceName): Promise<SourceStatus> {
  const text = await ingestStateStore(store).get(key(source));
  if (text === null) return EMPTY;
  try {
    return { ...EMPTY, ...(JSON.parse(text) as Partial<SourceStatus>) };
  } catch {
    return EMPTY; // an unreadable note costs a progress line, never a start
  }
}

/** Applies `change` to the stored status and returns the new one. Only the lease holder writes. */
export async function updateSourceStatus(
  store: Store,
  source: SourceName,
  change: (status: SourceStatus) => Partial<SourceStatus>,
): Promise<SourceStatus> {
  const before = await readSourceStatus(store, source);
  const after = { ...before, ...change(before) };
  await ingestStateStore(store).set(key(source), JSON.stringify(after));
  return after;
}
