// One frame-number convention (faceswap's): frame 1 is the first frame; extract --frames and
// convert -R take these numbers with both ends included, and name the same frame the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type RgbFrame } from '@faceforge/core';
import { probeMedia, readFrames } from '@faceforge/core/convert';
import { readFaceMetadata } from '@faceforge/core/extract';
import { TINY_PLUGIN_DIR, sampleClip, sampleFaces, tempDir, runFaceforge } from './support.js';

async function decode(path: string): Promise<RgbFrame[]> {
  const frames: RgbFrame[] = [];
  for await (const frame of readFrames(await probeMedia(path))) frames.push(frame.image!);
  return frames;
}

test('extract --frames 3-4 and convert -R 3-4 take the same two frames and name them _000003 and _000004', async () => {
  const home = await tempDir('ff-frame-numbers-');
  const env = { FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'), FACEFORGE_CACHE_DIR: join(home, 'cache') };
  const ok = async (args: string[]) => {
    const run = await runFaceforge(args, env);
    assert.equal(run.code, 0, `faceforge ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
    return run;
  };
  await ok(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install']);
  const faces = await sampleFaces();
  const model = join(home, 'model');
  await ok(['train', '-A', faces.a, '-B', faces.b, '-m', model, '-t', 'tiny', '-b', '4', '-i', '1', '--no-preview']);
  const clip = await sampleClip();
  const stem = basename(clip, extname(clip));

  const facesDir = join(home, 'faces');
  await ok(['extract', '-i', clip, '-o', facesDir, '--frames', '3-4', '--size', '128']);
  const faceFiles = (await readdir(facesDir)).filter((n) => n.endsWith('.png')).sort();
  assert.deepEqual(faceFiles, [`${stem}_000003_0.png`, `${stem}_000004_0.png`]);
  // the metadata and the alignments file count from 0, as they always have
  assert.equal((await readFaceMetadata(join(facesDir, faceFiles[0]!)))!.source.frame, 2);

  // convert every frame (-k), swapping frames 3-4 with the faces extract found there
  const out = join(home, 'converted');
  const run = await ok(['convert', '-i', clip, '-m', model, '-o', out, '-w', 'png', '-R', '3-4', '-k', '-a', join(facesDir, 'alignments', `${stem}.json`)]);
  assert.match(run.stdout, /12 frames written, 2 faces swapped/);
  assert.doesNotMatch(run.stderr, /lists no faces/, 'every frame convert asked for was extracted');
  const written = (await readdir(out)).sort();
  assert.equal(written.length, 12);
  assert.equal(written[0], `${stem}_000001.png`, 'the first frame is frame 1');
  const source = await decode(clip);
  const changed: string[] = [];
  for (const [i, name] of written.entries()) {
    const [frame] = await decode(join(out, name));
    if (frame!.data.some((v, k) => v !== source[i]!.data[k])) changed.push(name);
  }
  assert.deepEqual(changed, [`${stem}_000003.png`, `${stem}_000004.png`], 'the swapped frames are the extracted ones, under the same numbers');

  const zero = await runFaceforge(['extract', '-i', clip, '-o', facesDir, '--frames', '0-4'], env);
  assert.notEqual(zero.code, 0);
  assert.match(zero.stderr, /--frames: '0-4': frames are numbered from 1/);
});
