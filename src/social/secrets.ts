import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Session ids, API tokens and login links: 256 random bits, shown once, stored as SHA-256.
 * A fast hash is right for these (unlike passwords) because they cannot be guessed.
 */
export function newSecret(prefix = ''): { token: string; tokenHash: string } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashSecret(token) };
}

export function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane): about 30 ms here.
const ARGON2ID = 2;
const PASSWORD_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_OPTIONS);
}

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
