import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { RegistryError, openRegistry, sha512Integrity } from '@faceforge/packs';
import { RegistryStore } from './registry-store.js';
import { makeTestPack, rawTarGz } from './testing/test-pack.js';

async function newStore(options = {}): Promise<{ store: RegistryStore; alice: string; bob: string }> {
  const store = new RegistryStore(await mkdtemp(join(tmpdir(), 'ff-store-')), options);
  await store.init();
  return { store, alice: await store.addToken('alice'), bob: await store.addToken('bob') };
}

async function listing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

function status(code: number, message: RegExp) {
  return (error: unknown) => error instanceof RegistryError && error.status === code && message.test(error.message);
}

test('publish puts the archive and its index entry in public/, the owner and tokens in private/', async () => {
  const { store, alice } = await newStore();
  const pack = makeTestPack({ name: 'enc', version: '1.0.0', keywords: ['seasoned'] });
  const result = await store.publish(pack.archive, alice);
  assert.deepEqual(result, { name: 'enc', version: '1.0.0', kind: 'encoder', sha512: pack.sha512, size: pack.archive.length, path: 'packs/enc/enc-1.0.0.tar.gz' });
  assert.deepEqual(await listing(store.paths.root), ['private/owners.json', 'private/tokens.json', 'public/index.json', 'public/packs/enc/enc-1.0.0.tar.gz']);
  assert.deepEqual(await readFile(join(store.paths.publicDir, result.path)), pack.archive);
  const index = await store.readIndex();
  const entry = index.packs.enc!;
  assert.equal(entry.kind, 'encoder');
  assert.equal(entry.plugin, 'tiny');
  assert.deepEqual(entry.keywords, ['seasoned']);
  assert.equal(entry.versions['1.0.0']!.fingerprint, pack.manifest.fingerprint);
  assert.equal(entry.versions['1.0.0']!.pluginRange, '^1.0.0');
  assert.deepEqual(JSON.parse(await readFile(store.paths.owners, 'utf8')), { enc: 'alice' });
});

test('tokens, owners and versions: 401, 403, 409, and a pack keeps its kind', async () => {
  const { store, alice, bob } = await newStore();
  await store.publish(makeTestPack({ name: 'enc', version: '1.0.0' }).archive, alice);
  await assert.rejects(store.publish(makeTestPack({ name: 'enc', version: '1.0.1' }).archive, 'ff_wrong'), status(401, /a valid token is required/));
  await assert.rejects(store.publish(makeTestPack({ name: 'enc', version: '1.0.1' }).archive, bob), status(403, /bob may not change enc: it belongs to alice/));
  await assert.rejects(store.publish(makeTestPack({ name: 'enc', version: '1.0.0', seed: 3 }).archive, alice), status(409, /enc@1\.0\.0 is already published; a published version is never overwritten/));
  await assert.rejects(store.publish(makeTestPack({ name: 'enc', version: '2.0.0', kind: 'decoder' }).archive, alice), status(400, /enc holds encoder packs; enc@2\.0\.0 is a decoder pack/));
  // bob owns the names he publishes first
  await store.publish(makeTestPack({ name: 'bobs', version: '0.1.0' }).archive, bob);
  await assert.rejects(store.yank('bobs', '0.1.0', alice), status(403, /alice may not change bobs/));
});

test('yank and deprecate change only the index; a yanked version is never published again', async () => {
  const { store, alice } = await newStore();
  const pack = makeTestPack({ name: 'enc', version: '1.0.0' });
  await store.publish(pack.archive, alice);
  await store.deprecate('enc', '1.0.0', 'use 2.x', alice);
  assert.equal((await store.readIndex()).packs.enc!.versions['1.0.0']!.deprecated, 'use 2.x');
  await store.deprecate('enc', '1.0.0', '', alice);
  assert.equal((await store.readIndex()).packs.enc!.versions['1.0.0']!.deprecated, undefined);
  await store.yank('enc', '1.0.0', alice);
  assert.equal((await store.readIndex()).packs.enc!.versions['1.0.0']!.yanked, true);
  await assert.rejects(store.publish(makeTestPack({ name: 'enc', version: '1.0.0', seed: 9 }).archive, alice), status(409, /already published \(yanked\)/));
  assert.deepEqual(await readFile(join(store.paths.publicDir, 'packs/enc/enc-1.0.0.tar.gz')), pack.archive);
  await assert.rejects(store.yank('enc', '9.0.0', alice), status(404, /no pack enc@9\.0\.0/));
});

test('bad archives are 400 and leave the directory exactly as it was', async () => {
  const { store, alice } = await newStore();
  await store.publish(makeTestPack({ name: 'enc', version: '1.0.0' }).archive, alice);
  const before = await listing(store.paths.root);
  const good = makeTestPack({ name: 'enc', version: '1.1.0' });
  const manifest = good.manifest;
  const bad: Array<[Buffer, RegExp]> = [
    [Buffer.from('not a gzip at all'), /rejected: /],
    [rawTarGz([{ path: 'manifest.json', data: JSON.stringify(manifest) }, { path: '../escape.weights', data: 'x' }]), /rejected: .*escape/],
    [rawTarGz([{ path: 'manifest.json', data: JSON.stringify(manifest) }, { path: 'encoder.weights', type: 'SymbolicLink', linkpath: '/etc/passwd' }]), /rejected: /],
    [good.archive.subarray(0, good.archive.length - 40), /rejected: /],
  ];
  for (const [archive, message] of bad) await assert.rejects(store.publish(archive, alice), status(400, message));
  assert.deepEqual(await listing(store.paths.root), before);
});

test('over the size limit is 413 before anything is read or written', async () => {
  const { store, alice } = await newStore({ maxUploadBytes: 1000 });
  const before = await listing(store.paths.root);
  await assert.rejects(store.publish(makeTestPack({ name: 'enc', version: '1.0.0', width: 64 }).archive, alice), status(413, /over this registry's limit of 1000 bytes/));
  assert.deepEqual(await listing(store.paths.root), before);
});

test('an archive left by an interrupted publish is adopted when it has the same bytes, refused otherwise', async () => {
  const { store, alice } = await newStore();
  const pack = makeTestPack({ name: 'enc', version: '1.0.0' });
  const target = join(store.paths.publicDir, 'packs', 'enc', 'enc-1.0.0.tar.gz');
  await mkdir(join(store.paths.publicDir, 'packs', 'enc'), { recursive: true });
  await writeFile(target, pack.archive);
  await store.publish(pack.archive, alice);
  assert.equal((await store.readIndex()).packs.enc!.versions['1.0.0']!.sha512, sha512Integrity(pack.archive));

  const other = makeTestPack({ name: 'enc', version: '1.1.0' });
  await writeFile(join(store.paths.publicDir, 'packs', 'enc', 'enc-1.1.0.tar.gz'), 'debris');
  await assert.rejects(store.publish(other.archive, alice), status(409, /enc-1\.1\.0\.tar\.gz exists with other content but is not in the index/));
  assert.equal((await store.readIndex()).packs.enc!.versions['1.1.0'], undefined);
});

test('plugins are listed by npm name with their kind and name', async () => {
  const { store } = await newStore();
  await store.addPlugin('faceforge-plugin-villain', { kind: 'model', name: 'villain', description: 'Villain', keywords: ['big'] });
  assert.deepEqual((await store.readIndex()).plugins, { 'faceforge-plugin-villain': { kind: 'model', name: 'villain', description: 'Villain', keywords: ['big'] } });
  await assert.rejects(store.addPlugin('Not An NPM Name', { kind: 'model', name: 'x', description: '', keywords: [] }), /is not an npm package name/);
});

test('a folder registry can be written through the store, the same code the server uses', async () => {
  const { store, alice } = await newStore();
  const folder = openRegistry(store.paths.root, { writer: store });
  const pack = makeTestPack({ name: 'local', version: '1.0.0' });
  await folder.publish(pack.archive, alice);
  await folder.deprecate('local', '1.0.0', 'old', alice);
  assert.deepEqual(await folder.download('local', '1.0.0'), pack.archive);
  assert.equal((await folder.resolve('local')).entry.deprecated, 'old');
});
