/**
 * The keyword index's load from its snapshot, in one process so both sides meet the same load:
 * this commit's `readSnapshot` (sections read and checked) and `KeywordIndex.fromState` (the
 * index made: where search can answer), then the background check of the term positions; and,
 * with --before <a worktree of an earlier commit> and --before-file <a snapshot in its format>,
 * that commit's read + index made. Rounds alternate which goes first; the page cache holds both
 * files after the first round (as it does for a restart).
 *
 *   npm run bench:snapshot-load -- --file DATA_DIR/search-index.v3.bin [--before ../main --before-file v2.bin] [--rounds 7]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readSnapshot } from '../src/search/index-snapshot.ts';
import { KeywordIndex } from '../src/search/keyword-index.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    before: { type: 'string' },
    'before-file': { type: 'string' },
    rounds: { type: 'string', default: '7' },
  },
});
if (!values.file || Boolean(values.before) !== Boolean(values['before-file']))
  throw new Error('usage: --file SNAPSHOT [--before WORKTREE --before-file SNAPSHOT] [--rounds N]');

interface EarlierIndex {
  close?(): void;
}
const before = values.before
  ? {
      index: (await import(resolve(values.before, 'src/search/keyword-index.ts'))) as {
        KeywordIndex: { fromState(state: unknown): EarlierIndex };
      },
      snapshot: (await import(resolve(values.before, 'src/search/index-snapshot.ts'))) as {
        readSnapshot(file: string): Promise<{ state: unknown }>;
      },
    }
  : null;

const now = () => performance.now();
const ours = { read: [] as number[], made: [] as number[], checked: [] as number[] };
const earlier: number[] = [];
let papers = 0;

async function loadOurs(): Promise<void> {
  const started = now();
  const { state } = await readSnapshot(values.file!);
  const read = now();
  const index = KeywordIndex.fromState(state);
  const made = now();
  const verdict = await index.checkPositions();
  const checked = now();
  if (verdict !== 'sound') throw new Error(`the positions' check says ${verdict}`);
  ours.read.push(read - started);
  ours.made.push(made - started);
  ours.checked.push(checked - made);
  papers = index.liveCount;
  index.close();
}

async function loadEarlier(): Promise<void> {
  const started = now();
  const index = before!.index.KeywordIndex.fromState((await before!.snapshot.readSnapshot(values['before-file']!)).state);
  earlier.push(now() - started);
  index.close?.();
}

console.log(`load (1-min) at start: ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`);
const sides = before ? [loadOurs, loadEarlier] : [loadOurs];
for (let round = 0; round < Number(values.rounds); round++) {
  for (let k = 0; k < sides.length; k++) await sides[(round + k) % sides.length]!();
  (globalThis as { gc?: () => void }).gc?.();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const line = (values: number[]) => `p50 ${median(values).toFixed(0)} ms, min ${Math.min(...values).toFixed(0)} ms`;
console.log(`${papers} papers, ${values.rounds} rounds`);
console.log(
  `this:   read ${line(ours.read)}; read + index made ${line(ours.made)}; positions checked after that ${line(ours.checked)}`,
);
if (before) console.log(`before: read + index made ${line(earlier)}`);
console.log(`load (1-min) at end: ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`);
