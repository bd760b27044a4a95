/**
 * Publish tokens. A token is shown once, when created; the registry keeps only its sha256 (tokens are
 * 256 random bits, so a fast hash is enough: there is nothing to brute-force) and the user it belongs to.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RegistryError } from '@faceforge/packs';
import { readJsonFile, writeJsonFile } from './json-file.js';

export interface StoredToken {
  user: string;
  /** sha256 of the token, hex. */
  sha256: string;
  created: string;
}

interface TokensFile {
  tokens: StoredToken[];
}

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isValidUserName(user: string): boolean {
  return USER_NAME.test(user);
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Adds a token for `user` to the tokens file and returns it (the only time it is visible). */
export async function addToken(tokensPath: string, user: string): Promise<string> {
  if (!isValidUserName(user)) throw new RegistryError(`"${user}" is not a valid user name: letters, digits, '.', '_' and '-', up to 64`);
  const token = `ff_${randomBytes(32).toString('base64url')}`;
  const file = await readJsonFile<TokensFile>(tokensPath, () => ({ tokens: [] }));
  file.tokens.push({ user, sha256: hashToken(token).toString('hex'), created: new Date().toISOString() });
  await writeJsonFile(tokensPath, file);
  return token;
}

/** The user a token belongs to, or undefined. Compares in constant time. */
export async function userForToken(tokensPath: string, token: string): Promise<string | undefined> {
  const presented = hashToken(token);
  const file = await readJsonFile<TokensFile>(tokensPath, () => ({ tokens: [] }));
  let user: string | undefined;
  for (const stored of file.tokens) {
    const known = Buffer.from(stored.sha256, 'hex');
    if (known.length === presented.length && timingSafeEqual(known, presented)) user = stored.user;
  }
  return user;
}
