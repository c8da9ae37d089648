import { Command, CommanderError, Option } from 'commander';
import { CommandError, describeStartupError, type GlobalOptions } from './context.ts';

import { FORMAT_OPTIONS } from '../ingest/parsers/detect.ts';

// Each command's module is loaded when it runs, so `import` does not pay for the web stack.

/** Parses the command line, runs one command, and returns the process exit status. */
export async function main(argv: string[]): Promise<number> {
  let status = 0;
  const program = new Command('dailypapers')
    .description('A self-hostable Daily Papers hub')
    .option('--data-dir <dir>', 'overrides DATA_DIR')
    .option('--database-url <url>', 'overrides DATABASE_URL')
    .exitOverride();
  const global = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('serve')
    .description("run the web service, fed from Hugging Face's daily papers and arXiv on a schedule")
    .option('--port <port>', 'overrides PORT')
    .option('--host <host>', 'overrides HOST')
    .action(async (options) => {
      status = await (await import('./serve.ts')).serveCommand(options, global());
    });

  program
    .command('import')
    .description('import papers from a file (gzip or plain), or - for standard input')
    .argument('<file>', 'a file path, or - for standard input')
    .addOption(new Option('--format <format>', 'input format').choices(FORMAT_OPTIONS).default('auto'))
    .option('--feed', 'put every paper on the daily feed of its own listing or submission day, whatever FEED_CATEGORIES says')
    .action(async (file, options) => {
      status = await (await import('./import.ts')).importCommand(file, options, global());
    });

  program
    .command('feed')
    .description('the daily feeds')
    .command('apply-rule')
    .description('put every stored paper that FEED_CATEGORIES covers and no feed holds on the feed of its listing day')
    .action(async () => {
      status = await (await import('./feed.ts')).feedApplyRuleCommand(global());
    });

  const ingest = program.command('ingest').description('fetch papers from a live source');
  ingest
    .command('arxiv')
    .description('harvest arXiv through OAI-PMH, resuming where the last run stopped')
    .option('--categories <list>', 'comma-separated categories, e.g. cs.CL,cs.LG (default ARXIV_CATEGORIES)')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: where the last run stopped)')
    .option('--until <date>', 'last day, YYYY-MM-DD (default: today)')
    .action(async (options) => {
      status = await (await import('./ingest.ts')).ingestArxivCommand(options, global());
    });
  ingest
    .command('hf')
    .description('fetch the Hugging Face daily papers of one day')
    .option('--date <date>', 'the feed day, YYYY-MM-DD (default: today)')
    .action(async (options) => {
      status = await (await import('./ingest.ts')).ingestHfCommand(options, global());
    });

  program
    .command('reindex')
    .description('rebuild the full-text search index')
    .action(async () => {
      status = await (await import('./reindex.ts')).reindexCommand(global());
    });

  program
    .command('embed')
    .description('embed papers that have no current vector (needs EMBEDDING_URL, EMBEDDING_MODEL, EMBEDDING_DIMENSIONS)')
    .action(async () => {
      status = await (await import('./embed.ts')).embedCommand(global());
    });

  program
    .command('import-member')
    .description("restore a member's export (GET /api/me/export) on this hub: library, notes, collections, votes")
    .argument('<file>', 'the JSON document')
    .option('--email <email>', 'restore into the account of this address instead of the exported one')
    .action(async (file: string, options) => {
      status = await (await import('./import-member.ts')).importMemberCommand(file, options, global());
    });

  program
    .command('migrate-store')
    .description('copy this hub (SQLite) into an empty PostgreSQL database, verified by counts and checksums')
    .requiredOption('--to <url>', 'the PostgreSQL database, postgres://user@host:5432/name')
    .action(async (options) => {
      status = await (await import('./migrate-store.ts')).migrateStoreCommand(options, global());
    });

  const user = program.command('user').description('manage accounts');
  user
    .command('create')
    .description('create an account')
    .requiredOption('--email <email>', 'the e-mail address it logs in with')
    .requiredOption('--password <password>', 'at least 8 characters')
    .option('--name <name>', 'display name (default: the part of the address before @)')
    .addOption(new Option('--role <role>', 'what the account may do').choices(['admin', 'moderator', 'member']).default('member'))
    .action(async (options) => {
      status = await (await import('./user.ts')).userCreateCommand(options, global());
    });

  user
    .command('role')
    .description('give an account a role (e.g. admin back to a locked-out owner); recorded in the moderation log')
    .requiredOption('--email <email>', 'the account')
    .addOption(new Option('--role <role>', 'its new role').choices(['admin', 'moderator', 'member']).makeOptionMandatory())
    .option('--reason <text>', 'shown in the public moderation log', 'set from the command line')
    .action(async (options) => {
      status = await (await import('./user.ts')).userRoleCommand(options, global());
    });

  const token = program.command('token').description('manage personal API tokens');
  token
    .command('create')
    .description('print a new API token for an account (use it as Authorization: Bearer <token>)')
    .requiredOption('--email <email>', 'the account')
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (options) => {
      status = await (await import('./user.ts')).tokenCreateCommand(options, global());
    });

  program
    .command('digest')
    .description('e-mail digests')
    .command('send')
    .description("send the current period's digest to confirmed subscribers who have not had it")
    .addOption(new Option('--period <period>', 'which digest').choices(['daily', 'weekly']).default('daily'))
    .option('--dry-run', 'report what would be sent, send nothing')
    .action(async (options) => {
      status = await (await import('./digest.ts')).digestSendCommand(options, global());
    });

  try {
    await program.parseAsync(argv);
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const message = describeStartupError(error);
    if (message === null) throw error;
    process.stderr.write(`dailypapers: ${message}\n`);
    return error instanceof CommandError ? error.exitCode : 2;
  }
}
