import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExtractError } from '../util/errors.js';
import { AlignmentsFile, alignmentsPath, readAlignments, type AlignmentsFrame } from './alignments-file.js';

const frame = (index: number, faces = 1): AlignmentsFrame => ({
  index, file: '/v/clip.mp4', size: [400, 300],
  faces: Array.from({ length: faces }, (_, i) => ({
    box: [10, 20, 100, 120], score: 0.9, landmarks: Array.from({ length: 68 }, () => [1, 2]), descriptor: new Array(128).fill(0.1),
    matrix: [1, 0, 0, 0, 1, 0], pose: { yaw: 1, pitch: 2, roll: 3, offsets: { legacy: [0, 0], face: [0, -0.1], head: [0, -0.3] } },
    file: `clip_${String(index).padStart(6, '0')}_${i}.png`,
  })),
});

test('alignments: record frames, save atomically, resume, read back for convert', async () => {
  const out = await mkdtemp(join(tmpdir(), 'ff-align-'));
  const path = alignmentsPath(out, 'clip');
  assert.equal(path, join(out, 'alignments', 'clip.json'));
  const init = { source: '/v/clip.mp4', kind: 'video' as const, face: { size: 512, centering: 'head' as const } };
  const file = await AlignmentsFile.open(path, init);
  file.record('0', frame(0));
  file.record('5', frame(5, 0));
  await file.save();
  assert.deepEqual(await readdir(dirname(path)), ['clip.json'], 'no temp file left behind');

  const resumed = await AlignmentsFile.open(path, init);
  assert.ok(resumed.isDone('0') && resumed.isDone('5') && !resumed.isDone('10'));
  assert.equal(resumed.doneCount, 2);
  const read = await readAlignments(path);
  assert.equal(read.source, '/v/clip.mp4');
  assert.equal(read.frames['0']!.faces[0]!.file, 'clip_000000_0.png');
  assert.equal(read.frames['5']!.faces.length, 0);

  await assert.rejects(AlignmentsFile.open(path, { ...init, face: { size: 256, centering: 'head' } }), /extracted at 512 px \(head\), not 256 px/);
  await writeFile(path, '{"format": "faceforge-alig');
  await assert.rejects(AlignmentsFile.open(path, init), (e: Error) => e instanceof ExtractError && e.message.includes(path) && /not valid JSON/.test(e.message));
  await assert.rejects(readAlignments(join(out, 'nope.json')), /nope\.json: cannot read the alignments file \(it does not exist/);
});
