import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, gunzipSync } from 'node:zlib';
import { buildPack } from './build-pack.js';
import { inspectPack, readPack, sha512Integrity } from './inspect-pack.js';
import { PackError } from '../util/errors.js';
import { archiveChunks } from './archive-input.js';
import { readTarGz } from './tar-archive.js';
import { fixtureDescription, fixtureWeights, rawTarGz, type RawEntry } from './pack.fixture.js';

function goodPack() {
  return buildPack(fixtureDescription(), fixtureWeights());
}

/** The entries of the good pack, to rebuild it with something changed. */
async function goodEntries(): Promise<RawEntry[]> {
  return [...(await readPack(goodPack().archive, { source: 'good' })).files].map(([path, data]) => ({ path, data }));
}

async function refused(archive: Buffer, pattern: RegExp, options: { expectedSha512?: string; maxEntryBytes?: number } = {}) {
  await assert.rejects(inspectPack(archive, { source: 'evil.tgz', ...options }), (error: unknown) => {
    assert.ok(error instanceof PackError, `expected a PackError, got ${String(error)}`);
    assert.match(error.message, /^evil\.tgz: /, 'the message names the archive');
    assert.match(error.message, pattern);
    return true;
  });
}

test('a built pack inspects: manifest back, sha512 as SRI, nothing else needed', async () => {
  const built = goodPack();
  const { manifest, sha512 } = await inspectPack(built.archive, { source: 'good.tgz', expectedSha512: built.sha512 });
  assert.deepEqual(manifest, built.manifest);
  assert.equal(sha512, sha512Integrity(built.archive));
  assert.match(sha512, /^sha512-[A-Za-z0-9+/]{86}==$/);
  assert.deepEqual(manifest.files.map((f) => f.path), ['README.md', 'encoder.weights']);
  const files = (await readPack(built.archive, { source: 'good.tgz' })).files;
  assert.deepEqual(files.get('encoder.weights'), fixtureWeights());
  assert.match(files.get('README.md')!.toString(), /# test-encoder 1\.0\.0[\s\S]*\| fingerprint \| `sha256:[0-9a-f]{64}` \|[\s\S]*\| 1 \| 2025-01-02 \| alice \(30\), bob \(30\) \| 100 \| 0\.05000 \| 0\.06000 \|/);
});

test('the sha512 is checked before the archive is read', async () => {
  const built = goodPack();
  const other = buildPack(fixtureDescription({ version: '1.0.1' }), fixtureWeights()).sha512;
  await refused(built.archive, /integrity check failed: the archive is sha512-.*, expected sha512-/, { expectedSha512: other });
  // garbage with a wrong sha512 is refused for the sha512, not for being garbage
  await refused(Buffer.from('not a pack at all'), /integrity check failed/, { expectedSha512: other });
  await refused(built.archive, /not a 'sha512-<base64>' string/, { expectedSha512: 'sha256-abc' });
});

test('a tampered byte, a truncated archive or garbage is refused', async () => {
  const { archive } = goodPack();
  const tampered = Buffer.from(archive);
  tampered[Math.floor(tampered.length / 2)]! ^= 0x01;
  // the gzip checksum or the tar header checksum catches it, whichever sees the damage first
  await refused(tampered, /(not a readable tar\.gz .*|corrupt tar header at byte \d+: the archive is damaged \()truncated or corrupt/);
  await refused(archive.subarray(0, archive.length - 100), /not a readable tar\.gz/);
  await refused(Buffer.from('hello'), /not a readable tar\.gz/);
  // a tar cut short inside an entry, gzipped whole again: the gzip is fine, the tar is not
  const tar = gunzipSync(archive);
  await refused(gzipSync(tar.subarray(0, 1024 + 100)), /cut short: the archive is truncated|no end marker/);
});

test('weights changed after packing fail their sha256 even in a well-formed archive', async () => {
  const entries = (await goodEntries()).map((e) => {
    if (e.path !== 'encoder.weights') return e;
    const data = Buffer.from(e.data as Uint8Array);
    data[data.length - 1]! ^= 0x40;
    return { ...e, data };
  });
  await refused(rawTarGz(entries), /'encoder\.weights' has sha256 [0-9a-f]{64}, manifest\.json says [0-9a-f]{64}: the pack is corrupt or was tampered with/);
});

test('unsafe entries are refused: traversal, absolute paths, links, devices, fifos, folders', async () => {
  const cases: Array<[RawEntry, RegExp]> = [
    [{ path: '../x', data: 'boom' }, /entry '\.\.\/x' has a path that climbs out of the pack/],
    [{ path: 'a/../../x', data: 'boom' }, /climbs out of the pack/],
    [{ path: '/etc/cron.d/x', data: 'boom' }, /entry '\/etc\/cron\.d\/x' has an absolute path/],
    [{ path: 'link', type: 'SymbolicLink', linkpath: '/etc/passwd' }, /entry 'link' is a symbolic link: packs hold only plain files/],
    [{ path: 'hard', type: 'Link', linkpath: 'manifest.json' }, /is a hard link/],
    [{ path: 'dev', type: 'CharacterDevice' }, /is a character device/],
    [{ path: 'pipe', type: 'FIFO' }, /is a fifo/],
    [{ path: 'dir', type: 'Directory' }, /is a folder/],
    [{ path: 'sub/file', data: 'x' }, /not a flat file name/],
  ];
  for (const [entry, pattern] of cases) await refused(rawTarGz([...(await goodEntries()), entry]), pattern);
  // first in the archive too: refused before the manifest is even looked at
  await refused(rawTarGz([{ path: '../x', data: 'boom' }, ...(await goodEntries())]), /climbs out/);
});

test('an entry over the size limit is refused from its header, before its data is read', async () => {
  const { archive } = goodPack();
  await refused(archive, /entry 'encoder\.weights' is \d+ bytes, over the limit of 5000: refused/, { maxEntryBytes: 5000 });
  // a header that claims more than the archive holds
  await refused(rawTarGz([{ path: 'manifest.json', data: '{}', size: 5000 }]), /cut short|no end marker/);
  await assert.rejects(inspectPack(archive, { source: 'evil.tgz', maxTotalBytes: 1000 }), /unpacks to more than 1000 bytes/);
});

test('the archive must hold exactly the files the manifest lists', async () => {
  await refused(rawTarGz([...(await goodEntries()), { path: 'extra.js', data: 'evil()' }]), /'extra\.js' is in the archive but not listed in manifest\.json: refused/);
  await refused(rawTarGz((await goodEntries()).filter((e) => e.path !== 'README.md')), /manifest\.json lists 'README\.md' but the archive does not hold it/);
  await refused(rawTarGz((await goodEntries()).filter((e) => e.path !== 'manifest.json')), /no manifest\.json in the archive: not a faceforge pack/);
  await refused(rawTarGz([...(await goodEntries()), { path: 'README.md', data: 'again' }]), /'README\.md' appears twice/);
});

test('manifest errors name the pack and the field', async () => {
  const good = await goodEntries();
  const withManifest = (change: (m: Record<string, any>) => void) => {
    const entries = good.map((e) => {
      if (e.path !== 'manifest.json') return e;
      const manifest = JSON.parse(Buffer.from(e.data as Uint8Array).toString());
      change(manifest);
      return { ...e, data: JSON.stringify(manifest) };
    });
    return rawTarGz(entries);
  };
  await refused(withManifest((m) => (m.name = 'Bad Name')), /manifest\.json: name must match pattern/);
  await refused(withManifest((m) => (m.version = '1.0')), /manifest\.json: version .*(semver|must)/);
  await refused(withManifest((m) => (m.model.inputSize = 'big')), /manifest\.json: model\.inputSize must be integer/);
  await refused(withManifest((m) => (m.model.pluginRange = 'not a range!')), /manifest\.json: model\.pluginRange "not a range!" is not a semver range/);
  await refused(withManifest((m) => (m.fingerprint = 'md5:abc')), /manifest\.json: fingerprint must match pattern/);
  await refused(withManifest((m) => (m.format = 'zip')), /manifest\.json: format is "zip", expected "faceforge-pack"/);
  await refused(withManifest((m) => (m.formatVersion = 2)), /formatVersion is 2; this faceforge reads version 1/);
  await refused(withManifest((m) => (m.kind = 'decoder')), /manifest\.json: encoderFingerprint is required in a decoder pack/);
  await refused(withManifest((m) => (m.surprise = true)), /manifest\.json: \(top level\) must not have additional properties \(\["surprise"\]\)/);
  await refused(withManifest((m) => (m.files = m.files.filter((f: { path: string }) => f.path !== 'encoder.weights'))), /does not list encoder\.weights/);
});

test('a second gzip member, trailing zeros or junk after the gzip data are refused; zeros after the tar end are not', async () => {
  const { archive } = goodPack();
  const follows = /: \d+ bytes follow the gzip data \(a second gzip member or trailing bytes\): a pack archive is one gzip member; refused/;
  await refused(Buffer.concat([archive, gzipSync(Buffer.from('a second member'))]), follows);
  await refused(Buffer.concat([archive, Buffer.alloc(64)]), follows);
  await refused(Buffer.concat([archive, Buffer.from('junk')]), follows);
  // inside the one member: data after the tar's end marker
  const tar = gunzipSync(archive);
  await refused(gzipSync(Buffer.concat([tar, Buffer.from('hidden after the end')])), /data after the end of the tar: refused/);
  // zero padding to a tar record (as GNU tar writes) is fine
  const padded = gzipSync(Buffer.concat([tar, Buffer.alloc(10240 - (tar.length % 10240))]));
  assert.equal((await inspectPack(padded, { source: 'padded.tgz' })).manifest.name, 'test-encoder');
});

test('a gzip bomb is refused at the header that passes a limit, with only a chunk read past it', async () => {
  // one entry that claims 3 GiB: refused from its header
  await refused(rawTarGz([{ path: 'encoder.weights', size: 3 * 1024 ** 3 }]), /entry 'encoder\.weights' is 3221225472 bytes, over the limit of 1073741824: refused/);
  // entries under the per-file limit that add up past the total: refused at the entry that passes it
  const mib = Buffer.alloc(1024 * 1024);
  const bomb = rawTarGz(Array.from({ length: 12 }, (_, i) => ({ path: `zeros-${i}.weights`, data: mib })));
  assert.ok(bomb.length < 30 * 1024, `${bomb.length} bytes of gzip`);
  const limits = { maxEntryBytes: 2 * 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, maxEntries: 16 };
  let received = 0;
  await assert.rejects(
    readTarGz(archiveChunks(bomb), 'bomb.tgz', limits, () => ({ write: (chunk) => void (received += chunk.length), end: () => undefined })),
    /bomb\.tgz: the archive unpacks to more than 4194304 bytes, the limit: refused/,
  );
  assert.equal(received, 3 * 1024 * 1024, 'three whole entries fit under the limit; the fourth header is refused before its data');
  await refused(rawTarGz(Array.from({ length: 17 }, (_, i) => ({ path: `f-${i}`, data: 'x' }))), /more than 16 entries: packs hold a few files; refused/);
});
