import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Header } from 'tar';
import { buildPack } from './build-pack.js';
import { readPack } from './inspect-pack.js';
import { PackError } from '../util/errors.js';
import { fixtureDescription, fixtureWeights } from './pack.fixture.js';

test('two builds of the same inputs are byte-identical; any change in the inputs changes the bytes', () => {
  const one = buildPack(fixtureDescription(), fixtureWeights());
  const two = buildPack(fixtureDescription(), Buffer.from(fixtureWeights()));
  assert.ok(one.archive.equals(two.archive), 'same inputs, same archive');
  assert.equal(one.sha512, two.sha512);
  assert.ok(!buildPack(fixtureDescription(), fixtureWeights(2)).archive.equals(one.archive), 'other weights');
  assert.ok(!buildPack(fixtureDescription({ license: 'MIT' }), fixtureWeights()).archive.equals(one.archive), 'other licence');
  // the key order of the description does not matter
  const shuffled = Object.fromEntries(Object.entries(fixtureDescription()).reverse()) as ReturnType<typeof fixtureDescription>;
  assert.ok(buildPack(shuffled, fixtureWeights()).archive.equals(one.archive));
});

test('the archive is portable: sorted entries, fixed mtime/uid/gid/mode, no names, gzip without a timestamp', () => {
  const { archive } = buildPack(fixtureDescription(), fixtureWeights());
  assert.deepEqual([...archive.subarray(0, 4)], [0x1f, 0x8b, 8, 0], 'gzip, deflate, no flags (no file name)');
  assert.equal(archive.readUInt32LE(4), 0, 'gzip mtime 0');
  assert.equal(archive[9], 255, 'gzip OS unknown');
  const tar = gunzipSync(archive);
  const headers: Header[] = [];
  for (let offset = 0; offset < tar.length;) {
    const header = new Header(tar, offset);
    if (header.nullBlock) break;
    headers.push(header);
    offset += 512 + Math.ceil((header.size ?? 0) / 512) * 512;
  }
  assert.deepEqual(headers.map((h) => h.path), ['README.md', 'encoder.weights', 'manifest.json']);
  for (const h of headers) {
    assert.equal(h.type, 'File');
    assert.equal(h.mtime?.getTime(), 0);
    assert.equal(h.mode, 0o644);
    assert.equal(h.uid, 0);
    assert.equal(h.gid, 0);
    assert.equal(h.uname ?? '', '');
    assert.equal(h.gname ?? '', '');
  }
});

test('the manifest records each file with its size and sha256, and the model card describes the pack', async () => {
  const built = buildPack(fixtureDescription({ lineage: { parent: 'base@1.0.0', sessions: [] } }), fixtureWeights());
  const { files, manifest } = await readPack(built.archive, { source: 'x' });
  assert.equal(manifest.format, 'faceforge-pack');
  assert.equal(manifest.formatVersion, 1);
  assert.equal(manifest.files.find((f) => f.path === 'encoder.weights')!.size, fixtureWeights().length);
  const readme = files.get('README.md')!.toString();
  assert.match(readme, /\| parameters \| 2,336 \|/);
  assert.match(readme, /Continues base@1\.0\.0\./);
  assert.match(readme, /No training sessions recorded/);
  assert.match(readme, /faceforge train .* --encoder test-encoder@1\.0\.0/);
  assert.match(readme, /## License\n\nCC-BY-4\.0/);
});

test('a bad description is refused before anything is built, naming the field', () => {
  assert.throws(() => buildPack(fixtureDescription({ name: 'Has Spaces' }), fixtureWeights()), (e: unknown) => e instanceof PackError && /Has Spaces@1\.0\.0: manifest\.json: name must match pattern/.test(e.message));
  assert.throws(() => buildPack(fixtureDescription({ version: 'one' }), fixtureWeights()), /version/);
  assert.throws(() => buildPack(fixtureDescription({ kind: 'decoder' }), fixtureWeights()), /encoderFingerprint is required/);
});
