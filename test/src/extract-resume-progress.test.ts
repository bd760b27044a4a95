// A resumed extract counts only the frames its own selection still has to do: an alignments file
// holding other frames (an earlier run with another selection) once made it print `frames 1/0`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TESTING_FACES_DIR } from '@faceforge/core/testing';
import { runFaceforge, tempDir } from './support.js';

test('a resumed extract with another selection shows frames done/to do of this run, never more done than total', async () => {
  const home = await tempDir('ff-extract-resume-');
  const images = join(home, 'images');
  await mkdir(images);
  for (const name of (await readdir(join(TESTING_FACES_DIR, 'a'))).sort().slice(0, 3)) await copyFile(join(TESTING_FACES_DIR, 'a', name), join(images, name));
  const out = join(home, 'faces');

  const first = await runFaceforge(['extract', '-i', images, '-o', out, '--frames', '1-2']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /frames 2\/2 /);

  // every other image: the first is done, the third is new; the alignments file holds two frames
  const second = await runFaceforge(['extract', '-i', images, '-o', out, '--every-n', '2']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /^\[\d\d:\d\d:\d\d\] frames 1\/1 /m);
  assert.match(second.stdout, /frames: +1 \(1 done earlier, skipped\)/);
});
