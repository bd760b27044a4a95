/**
 * convert --upscaler srgan: the swapped face goes through the SR model's generator (×4) before
 * colour adjustment and blending; next to the plugin's `bicubic` upscaler, the frames differ only
 * where the face is pasted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tf, type RgbFrame } from '@faceforge/core';
import { defaultValues } from '@faceforge/core/config';
import { FixedFaceLocator, boxFace, convert, parseFrameRanges, probeMedia, readFrames } from '@faceforge/core/convert';
import { readImageRgb } from '@faceforge/core/extract';
import { train } from '@faceforge/core/train';
import { loadSrPairs, splitValidation, srganValues, trainSr } from '@faceforge/plugin-srgan';
import { FRANCK_FACE_BOX, sampleClip, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();
const faces = await sampleFaces();
const clip = await sampleClip();
const sourceFrames: RgbFrame[] = [];
for await (const frame of readFrames(await probeMedia(clip))) sourceFrames.push(frame.image!);

const modelDir = await tempDir('ff-srgan-convert-model-');
await train(await tinyForge(), tinyTrainOptions(await tinyForge(), faces, modelDir, { iterations: 20, saveInterval: 20, batchSize: 4 }));
const srDir = await tempDir('ff-srgan-convert-sr-');
{
  const { train: pairs, validation } = splitValidation(await loadSrPairs(faces.a), 2);
  await trainSr({ modelDir: srDir, pairs, validation, values: srganValues({ residual_blocks: 2, filters: 8, hr_crop: 32, batch_size: 4, learning_rate: 0.002 }), stage: 'pretrain', seed: 1, steps: 20 });
}

async function convertWith(upscaler: string | undefined, srModel = srDir) {
  const forge = await tinyForge();
  const output = await tempDir('ff-srgan-convert-');
  const config = { ...defaultValues(forge.convertSections()), 'upscaler.srgan': { ...defaultValues(forge.convertSections())['upscaler.srgan'], model: srModel } };
  const sizes: number[] = [];
  forge.hooks.blend.tap({ name: 'test', stage: -10 }, (frame, { face }) => {
    sizes.push(face.image.width);
    return frame;
  });
  const tensors = tf.memory().numTensors;
  const result = await convert(forge, {
    input: clip, modelDir, output, writer: 'png', maskType: 'none', batchSize: 4, upscaler, config, frameRanges: parseFrameRanges('1-3'),
    locator: new FixedFaceLocator([boxFace(FRANCK_FACE_BOX, 64)]),
  });
  const frames: RgbFrame[] = [];
  for (const name of (await readdir(output)).sort()) frames.push(await readImageRgb(join(output, name)));
  return { result, frames, sizes, tensorsLeft: tf.memory().numTensors - tensors };
}

/** Whether pixel (x, y) lies in the face box, grown by `margin` (the pasted square and its blur). */
const inBox = (x: number, y: number, margin: number) =>
  x >= FRANCK_FACE_BOX.x - margin && x < FRANCK_FACE_BOX.x + FRANCK_FACE_BOX.side + margin && y >= FRANCK_FACE_BOX.y - margin && y < FRANCK_FACE_BOX.y + FRANCK_FACE_BOX.side + margin;

test('convert --upscaler srgan: faces arrive ×4 (the tiny model\'s 32 px → 128 px), frames differ from bicubic only inside the face box and equal the source outside it', async () => {
  const sr = await convertWith('srgan');
  const bicubic = await convertWith('bicubic');
  assert.deepEqual(sr.sizes, [128, 128, 128]);
  assert.deepEqual(bicubic.sizes, [128, 128, 128]);
  assert.equal(sr.tensorsLeft, 0, 'the generator is freed when the run ends');
  assert.equal(sr.frames.length, 3);
  for (let f = 0; f < 3; f++) {
    const [a, b, source] = [sr.frames[f]!, bicubic.frames[f]!, sourceFrames[f]!];
    let inside = 0;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        for (let c = 0; c < 3; c++) {
          const i = (y * a.width + x) * 3 + c;
          if (inBox(x, y, 2)) inside += Math.abs(a.data[i]! - b.data[i]!);
          else {
            assert.equal(a.data[i], b.data[i], `frame ${f} (${x}, ${y}) outside the face`);
            assert.equal(a.data[i], source.data[i], `frame ${f} (${x}, ${y}) is the source frame's`);
          }
        }
      }
    }
    assert.ok(inside > 0, 'the SR face is not the bicubic one');
  }
});

test('convert --upscaler srgan without [upscaler.srgan] model, or naming a folder with no SR model, fails saying what to do', async () => {
  await assert.rejects(convertWith('srgan', ''), /\[upscaler\.srgan\] model is not set/);
  await assert.rejects(convertWith('srgan', modelDir), /state\.json: not an SR model \(format "faceforge-model"\).*sr train/);
  await assert.rejects(convertWith('srgan', join(srDir, 'missing')), /missing: no SR model here.*sr train/);
});
