import { FIRST_FILL_DAYS } from '../../config/config.ts';
import { daysFetched } from '../../ingest/hf-daily-follow.ts';
import type { SourceFault, SourceStatus } from '../../ingest/source-status.ts';
import { humanDay, plural } from './format.ts';

/** The live sources' progress as the store has it; null for a source that is turned off. */
export interface SourcesProgress {
  hfDaily: SourceStatus | null;
  arxiv: SourceStatus | null;
}

/** What the live sources are doing, for a feed that is still empty: one line per source. */
export function SourceProgress({ sources }: { sources: SourcesProgress }) {
  const { hfDaily, arxiv } = sources;
  if (!hfDaily && !arxiv) return null;
  return (
    <ul class="source-progress">
      {hfDaily && (
        <li>
          {hfLine(hfDaily)}
          <Fault name="Hugging Face" fault={hfDaily.fault} />
        </li>
      )}
      {arxiv && (
        <li>
          {arxivLine(arxiv)}
          <Fault name="arXiv" fault={arxiv.fault} />
        </li>
      )}
    </ul>
  );
}

function hfLine(status: SourceStatus): string {
  const days = daysFetched(status);
  if (days < FIRST_FILL_DAYS) return `Fetching Hugging Face's daily papers… ${plural(days, 'day')} so far.`;
  return `Hugging Face's daily papers: the last ${days} days are fetched, with ${plural(status.papers, 'paper')}.`;
}

function arxivLine(status: SourceStatus): string {
  const since = status.from ? `, back to ${humanDay(status.from)}` : '';
  return `arXiv harvest: ${plural(status.papers, 'paper')}${status.lastSuccessAt ? since : ` so far${since}`}.`;
}

function Fault({ name, fault }: { name: string; fault: SourceFault | null }) {
  if (!fault) return null;
  const retry = fault.retryAt ? ` Trying again at ${fault.retryAt.slice(11, 16)} UTC.` : ' Trying again soon.';
  return (
    <strong class="source-fault">
      {' '}
      {name} {fault.message} (at {fault.at.slice(11, 16)} UTC).{retry}
    </strong>
  );
}
