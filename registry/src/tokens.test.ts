import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addToken, userForToken } from './tokens.js';

test('a token is returned once, stored only as its sha256, and maps back to its user', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'ff-tokens-')), 'tokens.json');
  const alice = await addToken(path, 'alice');
  const bob = await addToken(path, 'bob');
  assert.match(alice, /^ff_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(alice, bob);
  const stored = await readFile(path, 'utf8');
  assert.ok(!stored.includes(alice) && !stored.includes(alice.slice(3)), 'the token itself is never written');
  assert.equal(await userForToken(path, alice), 'alice');
  assert.equal(await userForToken(path, bob), 'bob');
  assert.equal(await userForToken(path, `${alice}x`), undefined);
  assert.equal(await userForToken(path, ''), undefined);
});

test('user names are checked', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'ff-tokens-')), 'tokens.json');
  await assert.rejects(addToken(path, '../root'), /"\.\.\/root" is not a valid user name/);
});
