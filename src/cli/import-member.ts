/**
 * `dailypapers import-member FILE`: restores a member's export (GET /api/me/export) on this
 * hub. The account is found by address or created (logging in by e-mailed link); the library,
 * notes, read marks, collections, votes, taste marks, follows and saved filters are restored. Papers this hub lacks are reported
 * and skipped (not fetched: `dailypapers ingest` or a member's submission brings them in).
 * Comments belong to the other hub's discussions and subscriptions need a confirmed address,
 * so both are counted, not restored; so are webhooks (their filters' ids and secrets are the other hub's).
 */
import { readFile } from 'node:fs/promises';
import { restoreFilters } from '../filters/index.ts';
import { readMemberExport, restoreLibrary, restoreTaste } from '../library/member-export.ts';
import { registerAccount } from '../social/accounts.ts';
import { Refusal } from '../social/errors.ts';
import { vote } from '../social/votes.ts';
import { CommandError, type GlobalOptions, openContext } from './context.ts';

export async function importMemberCommand(file: string, options: { email?: string }, global: GlobalOptions): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CommandError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const doc = asCommandError(() => readMemberExport(text));
  const { config, store } = await openContext(global);
  try {
    const now = new Date();
    const email = options.email ?? doc.account.email;
    const { created, user } = await refusalsAsErrors(() =>
      registerAccount(store, { email, password: null, displayName: doc.account.displayName }, now),
    );
    const restored = await restoreLibrary(store, user, doc, now);
    const taste = await restoreTaste(store, user, doc);
    const missing = new Set(restored.missingPapers);
    let votes = 0;
    for (const { paperId } of doc.votes) {
      if (missing.has(paperId)) continue;
      await vote(store, user, paperId, true, config.trending, now);
      votes += 1;
    }
    const filters = await restoreFilters(store, user, doc.filters, now);
    const out = [
      `account: ${created ? 'created' : 'found'} ${user.email} (@${user.handle})${created ? ', logs in by e-mailed link' : ''}`,
      `library: ${restored.saved} papers saved, ${restored.collections} collections created` +
        (restored.mergedCollections.length
          ? `, ${restored.mergedCollections.length} merged into existing (${restored.mergedCollections.join(', ')})`
          : ''),
      `votes: ${votes} restored, ${doc.votes.length - votes} skipped`,
      `taste: ${taste.feedback} marks and ${taste.follows} new follows restored` +
        (taste.skipped > 0 ? `, ${taste.skipped} entries skipped (not a mark or follow this hub takes)` : ''),
      `filters: ${filters.restored} restored` +
        (filters.skipped.length
          ? `, ${filters.skipped.length} skipped (${filters.skipped.map((f) => `${f.name}: ${f.reason}`).join('; ')})`
          : '') +
        (filters.emailsOff ? `, ${filters.emailsOff} e-mail digests left off (turn them on on each filter's page)` : ''),
      missing.size > 0
        ? `skipped: ${missing.size} papers not on this hub: ${restored.missingPapers.join(', ')}`
        : 'skipped: no papers (every paper is on this hub)',
      `not restored: ${doc.comments.length} comments (they belong to the discussions on ${doc.hub}), ` +
        `${doc.subscriptions.length} subscriptions (subscribe again at /subscribe: the address must confirm), ` +
        `${doc.webhooks?.length ?? 0} webhooks (add them again at /settings/webhooks: their filters have new ids here, and each gets a new secret)`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function asCommandError<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof Refusal) throw new CommandError(error.message);
    throw error;
  }
}

async function refusalsAsErrors<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof Refusal) throw new CommandError(error.message);
    throw error;
  }
}
