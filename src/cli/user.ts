import type { Role } from '../db/schema.ts';
import { createApiToken, normaliseEmail, signUp } from '../social/accounts.ts';
import { Refusal } from '../social/errors.ts';
import { setRole } from '../social/moderation.ts';
import { userByEmail } from '../store/accounts.ts';
import { CommandError, type GlobalOptions, openContext } from './context.ts';

/** `dailypapers user create`: adds an account, e.g. the first admin of a new hub. */
export async function userCreateCommand(
  options: { email: string; password: string; name?: string; role: Role },
  global: GlobalOptions,
): Promise<number> {
  const { store } = await openContext(global);
  try {
    const user = await refusalsAsErrors(() =>
      signUp(
        store,
        { email: options.email, password: options.password, displayName: options.name ?? null, role: options.role },
        new Date(),
      ),
    );
    process.stdout.write(`created ${user.role} ${user.email} (@${user.handle})\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * `dailypapers user role`: gives an account a role from the command line, e.g. admin back to
 * someone locked out of /moderation. Logged in the moderation log like a change on the web.
 */
export async function userRoleCommand(
  options: { email: string; role: Role; reason: string },
  global: GlobalOptions,
): Promise<number> {
  const { store } = await openContext(global);
  try {
    const email = await refusalsAsErrors(async () => normaliseEmail(options.email));
    const user = await userByEmail(store, email);
    if (!user) throw new CommandError(`no account for ${email}`);
    await refusalsAsErrors(() => setRole(store, null, user.id, options.role, options.reason, new Date()));
    process.stdout.write(`${user.email} (@${user.handle}) is now ${options.role} (was ${user.role})\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `dailypapers token create`: prints a new personal API token for the account. */
export async function tokenCreateCommand(options: { email: string; name: string }, global: GlobalOptions): Promise<number> {
  const { store } = await openContext(global);
  try {
    const email = await refusalsAsErrors(async () => normaliseEmail(options.email));
    const user = await userByEmail(store, email);
    if (!user)
      throw new CommandError(`no account for ${email}; create one with: dailypapers user create --email ${email} --password …`);
    const { token } = await createApiToken(store, user.id, options.name, new Date());
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await store.close();
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
