import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readFaceFacts, readFolderFacts } from './face-facts.js';
import { hullMask } from '../masks/test-masks.fixture.js';
import { sortFaces } from './sort-faces.js';
import { RENAME_JOURNAL, recoverRenames, renameInOrder } from './rename-in-order.js';
import { blurredCopy, personDescriptor, writeFace, writePatternFaces, testPose } from './curate-faces.fixture.js';

const names = (paths: string[]) => paths.map((p) => basename(p));

test('sort by blur (sharpest first), yaw (left to right), size (largest first), identity (the stranger last)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-sort-'));
  const yaws = [20, -40, 0, 35];
  const widths = [120, 300, 80, 200];
  const faces = await writePatternFaces(dir, 4, 96, (i) => ({
    pose: testPose(yaws[i]!, 0), box: [0, 0, widths[i]!, widths[i]!],
    descriptor: i === 2 ? personDescriptor(0, 9) : personDescriptor(i),
  }));
  // blur: face_00 blurred strongly, face_03 a little
  const soft = blurredCopy(faces[0]!, 9);
  await writeFace(dir, 'face_00.png', soft.image, soft.metadata);
  const lightly = blurredCopy(faces[3]!, 3);
  await writeFace(dir, 'face_03.png', lightly.image, lightly.metadata);
  await writeFile(join(dir, 'broken.png'), 'no png');

  // the region the commands pass is the mask plugins' components mask; the test hull stands in
  const { faces: facts, failed } = await readFolderFacts(dir, { region: hullMask });
  assert.deepEqual(names(failed.map((f) => f.path)), ['broken.png']);
  const whole = await readFaceFacts(join(dir, 'face_01.png'));
  assert.notEqual(whole.sharpness, facts.find((f) => f.path.endsWith('face_01.png'))!.sharpness, 'sharpness is measured inside the region');
  const order = (by: Parameters<typeof sortFaces>[1]) => names(sortFaces(facts, by).map((s) => s.face.path));
  assert.deepEqual(order('blur').slice(2), ['face_03.png', 'face_00.png']);
  assert.deepEqual(order('yaw'), ['face_01.png', 'face_02.png', 'face_00.png', 'face_03.png']);
  assert.deepEqual(order('size'), ['face_01.png', 'face_03.png', 'face_00.png', 'face_02.png']);
  assert.equal(order('identity').at(-1), 'face_02.png');
  assert.equal(order('similarity').at(-1), 'face_02.png', 'the stranger is far from everyone');
});

test('faces without the key go last in file order; a face without a stored pose gets one from its landmarks', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-sort-'));
  await writePatternFaces(dir, 3, 64, (i) => (i === 1 ? { pose: testPose(5, 0) } : { descriptor: undefined }));
  const { faces } = await readFolderFacts(dir);
  const sorted = sortFaces(faces, 'identity');
  assert.deepEqual(names(sorted.map((s) => s.face.path)), ['face_01.png', 'face_00.png', 'face_02.png']);
  assert.equal(sorted[1]!.key, undefined);
  const estimated = faces.find((f) => f.path.endsWith('face_00.png'))!.pose!;
  assert.ok(Math.abs(estimated.yaw) < 10 && Math.abs(estimated.pitch) < 25, `the mean face looks ahead: ${JSON.stringify(estimated)}`);
});

test('--rename prefixes the order, keeps every file, replaces its own earlier prefix, and finishes an interrupted rename', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-rename-'));
  await writePatternFaces(dir, 3, 48);
  const files = () => readdir(dir).then((n) => n.sort());
  const first = await renameInOrder(['face_02.png', 'face_00.png', 'face_01.png'].map((n) => join(dir, n)));
  assert.equal(first.length, 3);
  assert.deepEqual(await files(), ['0001_face_02.png', '0002_face_00.png', '0003_face_01.png']);
  await renameInOrder(['0003_face_01.png', '0001_face_02.png', '0002_face_00.png'].map((n) => join(dir, n)));
  assert.deepEqual(await files(), ['0001_face_01.png', '0002_face_02.png', '0003_face_00.png']);

  // a crash after the journal and the first pass: the next run completes it
  const journal = { renames: [{ from: join(dir, '0001_face_01.png'), temp: join(dir, '.faceforge-rename-0.tmp'), to: join(dir, '0009_face_01.png') }] };
  await writeFile(join(dir, RENAME_JOURNAL), JSON.stringify(journal));
  const { rename } = await import('node:fs/promises');
  await rename(journal.renames[0]!.from, journal.renames[0]!.temp);
  assert.equal(await recoverRenames(dir), true);
  assert.deepEqual(await files(), ['0002_face_02.png', '0003_face_00.png', '0009_face_01.png']);
  assert.equal(await recoverRenames(dir), false);
});
