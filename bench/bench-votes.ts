/**
 * Synthetic members and votes for the benchmarks that need engagement (bench:trending,
 * bench:scale): a few papers get many votes, most get few — a Zipf-like spread — cast by
 * members chosen uniformly, the same way on every run.
 */
import type { Store } from '../src/db/connect.ts';
import { derivedUpvotes } from '../src/store/papers.ts';
import type { User } from '../src/store/accounts.ts';

export interface VoteRow {
  user_id: number;
  paper_id: string;
  created_at: string;
}

// Rows a statement: 6 parameters a member, 3 a vote, far below SQLite's bound-parameter limit.
const ROWS_PER_STATEMENT = 1000;

/** `count` members `m0@bench.test` …, inserted a thousand a statement. */
export async function insertMembers(store: Store, count: number): Promise<User[]> {
  const members: User[] = [];
  const rows = Array.from({ length: count }, (_, i) => ({
    email: `m${i}@bench.test`,
    handle: `m${i}`,
    display_name: `Member ${i}`,
    password_hash: null,
    role: 'member' as const,
    created_at: new Date().toISOString(),
  }));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const inserted = await store.db
      .insertInto('users')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .returningAll()
      .execute();
    members.push(
      ...inserted.map((r) => ({
        id: r.id,
        email: r.email,
        handle: r.handle,
        displayName: r.display_name,
        role: r.role,
        createdAt: r.created_at,
      })),
    );
  }
  return members;
}

/**
 * `count` distinct (member, paper) votes: the paper at index ~ N·u³ of `papers` (so the first
 * papers get most votes), the member uniform, cast when `castAt` says for a uniform draw.
 */
export function zipfVotes<P>(
  papers: readonly P[],
  members: readonly { id: number }[],
  count: number,
  options: { paperId: (paper: P) => string; castAt: (paper: P, u: number) => string; random: () => number },
): VoteRow[] {
  const { paperId, castAt, random } = options;
  if (count > papers.length * members.length)
    throw new Error(`${count} votes do not fit ${papers.length} papers × ${members.length} members`);
  const votes = new Map<string, VoteRow>();
  // Repeats of a pair are dropped; a hundred draws a vote is far more than a Zipf spread needs.
  for (let draws = 0; votes.size < count; draws++) {
    if (draws === count * 100) throw new Error(`${count} distinct votes not reached in ${draws} draws`);
    const paper = papers[Math.floor(papers.length * random() ** 3)]!;
    const member = members[Math.floor(members.length * random())]!;
    const id = paperId(paper);
    votes.set(`${member.id}:${id}`, { user_id: member.id, paper_id: id, created_at: castAt(paper, random()) });
  }
  return [...votes.values()];
}

/** Inserts the votes, then sets each voted paper's upvotes and latest engagement as a vote does (src/store/engagement.ts writeEngagement). */
export async function insertVotes(store: Store, rows: readonly VoteRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await store.db
      .insertInto('votes')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .execute();
  await store.db
    .updateTable('papers')
    .set((eb) => ({
      upvotes: derivedUpvotes(eb, eb.ref('source_upvotes')),
      engaged_at: eb
        .selectFrom('votes')
        .select((v) => v.fn.max('votes.created_at').as('at'))
        .whereRef('votes.paper_id', '=', 'papers.id'),
    }))
    .where('id', 'in', (eb) => eb.selectFrom('votes').select('votes.paper_id'))
    .execute();
}
