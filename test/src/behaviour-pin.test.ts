/**
 * Pins what the built-in plugins compute, so moving them between packages cannot change it
 * unnoticed: the losses of the first training steps of the tiny model under two configurations
 * (between them: every built-in loss family, landmark and full masks, eye/mouth multipliers, the
 * learned mask, every augmentation, Adam and AdaBelief), and a frame converted with each colour
 * adjustment. Tolerances: losses to 1e-4 relative (wasm on another CPU rounds differently, 1e-6
 * seen); frames to 1/255 (one 8-bit level) in the mean of each cell of a 6×6 grid over the face box.
 * `FACEFORGE_PIN_RECORD=1` rewrites fixtures/behaviour-pin.json from the current code: only on
 * purpose, in its own commit, saying why the numbers changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareSampleFaces, type RgbFrame } from '@faceforge/core';
import { type ConfigValues } from '@faceforge/core/config';
import { FixedFaceLocator, boxFace, convert, readFrames, probeMedia } from '@faceforge/core/convert';
import { train } from '@faceforge/core/train';
import { FRANCK_FACE_BOX, TEST_ROOT, sampleClip, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';
import { tmpdir } from 'node:os';

const PIN_FILE = join(TEST_ROOT, 'fixtures', 'behaviour-pin.json');
const RECORD = process.env.FACEFORGE_PIN_RECORD === '1';
const LOSS_TOLERANCE = 1e-4;
const FRAME_TOLERANCE = 1 / 255;

interface Pins {
  losses: Record<string, Array<{ a: number; b: number }>>;
  frames: Record<string, { meanInBox: number[]; meanOutsideBox: number[] }>;
}

const pinned: Pins = RECORD ? { losses: {}, frames: {} } : (JSON.parse(await readFile(PIN_FILE, 'utf8')) as Pins);
const recorded: Pins = { losses: {}, frames: {} };

await useBackend('wasm');
const plainFaces = await sampleFaces();
// Faces with landmarks and stored masks, for the landmark masks and warp to landmarks.
const landmarkFaces = await prepareSampleFaces({ outDir: join(tmpdir(), 'faceforge-test-extracted-pairs-25'), perSide: 25, size: 64, extract: true });

function assertClose(actual: number, expected: number, tolerance: number, what: string) {
  const scale = Math.max(Math.abs(expected), 1e-6);
  assert.ok(Math.abs(actual - expected) / scale <= tolerance, `${what}: ${actual} now, ${expected} pinned (relative tolerance ${tolerance})`);
}

async function pinLosses(name: string, faces: { a: string; b: string }, configure: (config: ConfigValues) => void, flags = {}) {
  const forge = await tinyForge();
  const modelDir = await tempDir('ff-pin-');
  const options = tinyTrainOptions(forge, faces, modelDir, { iterations: 4, saveInterval: 4 });
  options.flags = { ...options.flags, ...flags };
  configure(options.config);
  const losses: Array<{ a: number; b: number }> = [];
  forge.hooks.afterStep.tap('pin', (step) => losses.push({ a: step.lossA, b: step.lossB }));
  await train(forge, options);
  recorded.losses[name] = losses;
  if (RECORD) return modelDir;
  const expected = pinned.losses[name]!;
  assert.equal(losses.length, expected.length);
  losses.forEach((loss, i) => {
    assertClose(loss.a, expected[i]!.a, LOSS_TOLERANCE, `${name} step ${i + 1} loss A`);
    assertClose(loss.b, expected[i]!.b, LOSS_TOLERANCE, `${name} step ${i + 1} loss B`);
  });
  return modelDir;
}

let convertModel = '';

test('the default configuration trains with the pinned losses (ssim + mse, full mask, every augmentation, adam)', async () => {
  convertModel = await pinLosses('default', plainFaces, (config) => {
    config['global.loss'] = { ...config['global.loss'], learn_mask: true };
  });
});

test('other losses, landmark masks, multipliers, warp to landmarks and adabelief train with the pinned losses', async () => {
  await pinLosses('landmarks', landmarkFaces, (config) => {
    config['global.loss'] = {
      ...config['global.loss'], loss_function: 'ms_ssim', loss_function_2: 'ffl', loss_weight_2: 50, loss_function_3: 'gmsd', loss_weight_3: 25,
      loss_function_4: 'logcosh', loss_weight_4: 10, mask_type: 'components', eye_multiplier: 4, mouth_multiplier: 3,
      mask_dilation: 2, learn_mask: true, mask_loss_function: 'mae',
    };
    config['global.optimizer'] = { ...config['global.optimizer'], optimizer: 'adabelief', learning_rate: 1e-4 };
  }, { warpToLandmarks: true });
  await pinLosses('rmsprop-l-inf', landmarkFaces, (config) => {
    config['global.loss'] = { ...config['global.loss'], loss_function: 'mae', loss_function_2: 'l_inf_norm', loss_weight_2: 100, loss_function_3: 'laploss', loss_weight_3: 100, loss_function_4: 'pixel_gradient_diff', loss_weight_4: 50, mask_type: 'extended' };
    config['global.optimizer'] = { ...config['global.optimizer'], optimizer: 'rms-prop' };
  });
});

test('a converted frame is pinned for every colour adjustment, mask and sharpening', async () => {
  assert.ok(convertModel, 'the first test trained the model');
  const clip = await sampleClip();
  const box = FRANCK_FACE_BOX;
  const cases: Array<{ name: string; colour: string; mask: string; sharpen?: boolean }> = [
    { name: 'avg-color/predicted', colour: 'avg-color', mask: 'predicted' },
    { name: 'match-hist/none', colour: 'match-hist', mask: 'none' },
    { name: 'color-transfer/predicted', colour: 'color-transfer', mask: 'predicted' },
    { name: 'seamless/predicted+sharpen', colour: 'seamless', mask: 'predicted', sharpen: true },
  ];
  for (const c of cases) {
    const forge = await tinyForge();
    const out = await tempDir('ff-pin-convert-');
    const config: ConfigValues = {};
    if (c.sharpen) config['convert.sharpen'] = { method: 'unsharp_mask', amount: 150, radius: 0.3, threshold: 5 };
    const result = await convert(forge, {
      input: clip, modelDir: convertModel, output: out, writer: 'png', maskType: c.mask, colourAdjustment: c.colour, batchSize: 4,
      frameRanges: [{ start: 3, end: 3 }], locator: new FixedFaceLocator([boxFace(box, 64)]), config,
    });
    assert.equal(result.written, 1, `${c.name}: one frame written`);
    const frames: RgbFrame[] = [];
    for await (const frame of readFrames(await probeMedia(out))) frames.push(frame.image!);
    const frame = frames[0]!;
    const stats = boxMeans(frame, box);
    recorded.frames[c.name] = stats;
    if (RECORD) continue;
    const expected = pinned.frames[c.name]!;
    stats.meanInBox.forEach((value, i) => {
      assert.ok(Math.abs(value - expected.meanInBox[i]!) <= FRAME_TOLERANCE, `${c.name}: cell ${Math.floor(i / 3)} channel ${i % 3} of the face box: ${value} now, ${expected.meanInBox[i]} pinned`);
    });
    stats.meanOutsideBox.forEach((value, ch) => {
      assert.ok(Math.abs(value - expected.meanOutsideBox[ch]!) <= FRAME_TOLERANCE, `${c.name}: channel ${ch} outside the face box changed`);
    });
  }
  if (RECORD) await writeFile(PIN_FILE, `${JSON.stringify(recorded, null, 1)}\n`);
});

/** Mean of each channel in each cell of a 6×6 grid over the face box, and outside the box, 0..1. */
function boxMeans(frame: RgbFrame, box: { x: number; y: number; side: number }) {
  const GRID = 6;
  const cells = new Array<number>(GRID * GRID * 3).fill(0);
  const counts = new Array<number>(GRID * GRID).fill(0);
  const outside = [0, 0, 0];
  let nOut = 0;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const at = (y * frame.width + x) * 3;
      if (x >= box.x && x < box.x + box.side && y >= box.y && y < box.y + box.side) {
        const cell = Math.floor(((y - box.y) * GRID) / box.side) * GRID + Math.floor(((x - box.x) * GRID) / box.side);
        for (let c = 0; c < 3; c++) cells[cell * 3 + c]! += frame.data[at + c]!;
        counts[cell]!++;
      } else {
        for (let c = 0; c < 3; c++) outside[c]! += frame.data[at + c]!;
        nOut++;
      }
    }
  }
  return { meanInBox: cells.map((v, i) => v / counts[Math.floor(i / 3)]! / 255), meanOutsideBox: outside.map((v) => v / nOut / 255) };
}
