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

/** What `registry token list` shows of a token: never the token, only the start of its sha256. */
export interface TokenInfo {
  /** The first 12 hex digits of the token's sha256: enough to name it, useless to log in with. */
  id: string;
  user: string;
  created: string;
}

const ID_LENGTH = 12;

function info(stored: StoredToken): TokenInfo {
  return { id: stored.sha256.slice(0, ID_LENGTH), user: stored.user, created: stored.created };
}

export async function listTokens(tokensPath: string): Promise<TokenInfo[]> {
  const file = await readJsonFile<TokensFile>(tokensPath, () => ({ tokens: [] }));
  return file.tokens.map(info);
}

/**
 * Removes the token whose id is `id`, or every token of `user`, and returns what was removed.
 * Naming nothing that exists is an error, so a typo never looks like a revocation.
 */
export async function revokeTokens(tokensPath: string, which: { id?: string; user?: string }): Promise<TokenInfo[]> {
  if ((which.id === undefined) === (which.user === undefined)) throw new RegistryError('revoke one token by its id, or every token of one user: not both, not neither');
  if (which.id !== undefined && !/^[0-9a-f]{12}$/.test(which.id)) throw new RegistryError(`"${which.id}" is not a token id: ids are the 12 hex digits \`registry token list\` shows`);
  const file = await readJsonFile<TokensFile>(tokensPath, () => ({ tokens: [] }));
  const revoked = file.tokens.filter((t) => (which.id !== undefined ? info(t).id === which.id : t.user === which.user));
  if (revoked.length === 0) throw new RegistryError(which.id !== undefined ? `no token with id ${which.id}` : `${which.user} has no tokens`, 404);
  file.tokens = file.tokens.filter((t) => !revoked.includes(t));
  await writeJsonFile(tokensPath, file);
  return revoked.map(info);
}
