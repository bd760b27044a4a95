import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { addToken, listTokens, revokeTokens, userForToken } from './tokens.js';

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

test('tokens are listed by id (the start of their sha256), never shown, and revoked by id or by user', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'ff-tokens-')), 'tokens.json');
  const alice1 = await addToken(path, 'alice');
  const alice2 = await addToken(path, 'alice');
  const bob = await addToken(path, 'bob');
  const listed = await listTokens(path);
  assert.deepEqual(listed.map((t) => t.user), ['alice', 'alice', 'bob']);
  const id = createHash('sha256').update(alice1).digest('hex').slice(0, 12);
  assert.equal(listed[0]!.id, id);
  assert.ok(!JSON.stringify(listed).includes(alice1.slice(3, 20)));

  assert.deepEqual((await revokeTokens(path, { id })).map((t) => t.id), [id]);
  assert.equal(await userForToken(path, alice1), undefined, 'a revoked token no longer logs in');
  assert.equal(await userForToken(path, alice2), 'alice', 'the other token of the same user still does');
  await assert.rejects(revokeTokens(path, { id }), /no token with id [0-9a-f]{12}/);
  await assert.rejects(revokeTokens(path, { id: 'nothex' }), /"nothex" is not a token id/);
  await assert.rejects(revokeTokens(path, {}), /not both, not neither/);

  assert.equal((await revokeTokens(path, { user: 'bob' })).length, 1);
  assert.equal(await userForToken(path, bob), undefined);
  await assert.rejects(revokeTokens(path, { user: 'bob' }), /bob has no tokens/);
  assert.deepEqual((await listTokens(path)).map((t) => t.user), ['alice']);
});
