/**
 * A second process writing to the same SQLite file as fast as it can, the way a live server
 * takes votes: `node --import tsx busy-writer.ts FILE USER_ID PAPER_ID`. Prints "ready", toggles
 * the vote until SIGTERM, then prints `{"votes": N, "errors": [...]}` and exits.
 */
import { DEFAULT_TRENDING } from '../../src/core/trending.ts';
import { openStore } from '../../src/db/connect.ts';
import { vote } from '../../src/social/votes.ts';
import { userById } from '../../src/store/accounts.ts';

const [file, userId, paperId] = process.argv.slice(2) as [string, string, string];
const store = await openStore({ dialect: 'sqlite', file }, { migrate: false });
const voter = (await userById(store, Number(userId)))!;
let stopping = false;
process.once('SIGTERM', () => (stopping = true));
process.stdout.write('ready\n');
let votes = 0;
const errors: string[] = [];
while (!stopping) {
  try {
    await vote(store, voter, paperId, 'toggle', DEFAULT_TRENDING, new Date());
    votes++;
  } catch (error) {
    errors.push(error instanceof Error ? `${(error as { code?: string }).code}: ${error.message}` : String(error));
  }
  await new Promise((resolve) => setTimeout(resolve, 1));
}
await store.close();
process.stdout.write(`${JSON.stringify({ votes, errors })}\n`);
