import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { FaceRecord } from '../data/face-record.js';
import { createImage, type Image } from '../image/image.js';
import { splitHeldOut } from './held-out-faces.js';
import { imageSsim } from './image-ssim.js';
import { identityScore, type IdentityFigures, type ValidationRecord } from './validation-record.js';
import { figuresOf, spread } from './identity-validator.js';
import { formatValidationSummary } from './validation-summary.js';
import { renderLossGraph } from '../monitor/loss-graph.js';

const face = (path: string, source?: { file: string; frame: number }): FaceRecord => ({
  path, image: createImage(2, 2, 3), masks: {}, ...(source ? { metadata: { source: { ...source, faceIndex: 0, frameSize: [10, 10] } } } : {}),
});

test('held-out faces are the last share of each source by frame number, whatever the file order', () => {
  const faces = [
    ...Array.from({ length: 20 }, (_, i) => face(`x_${i}.png`, { file: 'one.mp4', frame: 100 + i * 10 })), // frames 100..290
    ...Array.from({ length: 10 }, (_, i) => face(`y_${i}.png`, { file: 'two.mp4', frame: i * 3 })), // frames 0..27
  ].reverse();
  const { training, heldOut, by } = splitHeldOut(faces, 0.15);
  assert.equal(by, 'frame');
  // one.mp4: frames > 290 - 190 * 0.15 = 261.5 → 270, 280, 290; two.mp4: frames > 27 - 27 * 0.15 = 22.95 → 24, 27
  assert.deepEqual(heldOut.map((f) => f.path).sort(), ['x_17.png', 'x_18.png', 'x_19.png', 'y_8.png', 'y_9.png']);
  assert.equal(training.length, 25);
  assert.ok(training.every((f) => !heldOut.includes(f)));
});

test('faces without frame numbers are split by file name in numeric order', () => {
  const faces = Array.from({ length: 12 }, (_, i) => face(`/faces/f_${i + 1}.png`)).reverse();
  const { training, heldOut, by } = splitHeldOut(faces, 0.25);
  assert.equal(by, 'file-name');
  assert.deepEqual(heldOut.map((f) => f.path), ['/faces/f_10.png', '/faces/f_11.png', '/faces/f_12.png']);
  assert.equal(training.length, 9);
  assert.throws(() => splitHeldOut(faces, 1), /between 0 and 1/);
});

function noisy(base: Image, amount: number, seed: number): Image {
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return { ...base, data: Float32Array.from(base.data, (v) => Math.min(1, Math.max(0, v + (rnd() - 0.5) * amount))) };
}

test('SSIM is 1 for the same image, falls with noise, and is symmetric', () => {
  const base = createImage(24, 24, 3);
  for (let i = 0; i < base.data.length; i++) base.data[i] = 0.5 + 0.4 * Math.sin(i / 7);
  assert.ok(Math.abs(imageSsim(base, base) - 1) < 1e-9);
  const light = noisy(base, 0.1, 3);
  const heavy = noisy(base, 0.6, 3);
  assert.ok(imageSsim(base, light) < 1 && imageSsim(base, light) > imageSsim(base, heavy), `${imageSsim(base, light)} ${imageSsim(base, heavy)}`);
  assert.ok(Math.abs(imageSsim(base, heavy) - imageSsim(heavy, base)) < 1e-12);
  assert.throws(() => imageSsim(base, createImage(12, 12, 3)), /different shapes/);
});

test('identity figures: mean distances to each mean and the share nearer B', () => {
  const means = { a: [0, 0], b: [1, 0] };
  const figures = figuresOf([[0.2, 0], [0.9, 0], [0.6, 0], [0, 1]], means);
  // distances to A: 0.2, 0.9, 0.6, 1; to B: 0.8, 0.1, 0.4, sqrt 2
  assert.ok(Math.abs(figures.toA - (0.2 + 0.9 + 0.6 + 1) / 4) < 1e-12);
  assert.ok(Math.abs(figures.toB - (0.8 + 0.1 + 0.4 + Math.SQRT2) / 4) < 1e-12);
  assert.equal(figures.nearerB, 0.5);
  assert.deepEqual(spread([1, 2, 3, 4, 5, 6, 7, 8], 3), [1, 3, 6]);
});

const figures = (toA: number, toB: number, nearerB: number): IdentityFigures => ({ toA, toB, nearerB });
function record(iteration: number, swapToB: number): ValidationRecord {
  const partial = { aToB: figures(0.5, swapToB, swapToB < 0.5 ? 1 : 0), bToA: figures(0.55, 0.45, 1) };
  return { iteration, time: '', ...partial, aToA: figures(0.3, 0.6, 0), bToB: figures(0.6, 0.3, 1), ssim: { a: 0.7, b: 0.72 }, score: identityScore(partial), seconds: 1 };
}

test('the score is the mean move of both swaps toward their target, and the summary names when A>B became B', () => {
  const records = [record(100, 0.7), record(200, 0.55), record(300, 0.4)];
  assert.ok(Math.abs(records[2]!.score - ((0.5 - 0.4) + (0.45 - 0.55)) / 2) < 1e-12);
  const lines = formatValidationSummary({ validation: records });
  assert.match(lines.join('\n'), /best +validation @300/);
  assert.match(lines.join('\n'), /nearer B than the control, from iteration 300/);
  assert.match(formatValidationSummary({ validation: [records[0]!] }).join('\n'), /not yet nearer B/);
  assert.deepEqual(formatValidationSummary({}), ['validation: none recorded (train with --validate-every N)']);
});

test('the loss graph draws validation in a second panel below the loss', async () => {
  const history = Array.from({ length: 300 }, (_, i) => ({ iteration: i + 1, a: 0.1 - i * 1e-4, b: 0.12 - i * 1e-4 }));
  const plain = await sharp(await renderLossGraph(history, { textRenderer: 'bitmap' })).raw().toBuffer({ resolveWithObject: true });
  const withPanel = await sharp(await renderLossGraph(history, { textRenderer: 'bitmap', validation: [record(100, 0.7), record(200, 0.55), record(300, 0.4)] })).raw().toBuffer({ resolveWithObject: true });
  assert.equal(plain.info.height, 400);
  assert.equal(withPanel.info.height, 400 + 320);
  // the loss panel is unchanged on top
  assert.ok(withPanel.data.subarray(0, plain.data.length).equals(plain.data));
  // the panel has the series' pixels: B orange (A>B to B and the control), A blue (A>B to A)
  const count = (c: number[]) => {
    let n = 0;
    for (let i = plain.data.length; i < withPanel.data.length; i += 3) if (withPanel.data[i] === c[0] && withPanel.data[i + 1] === c[1] && withPanel.data[i + 2] === c[2]) n++;
    return n;
  };
  assert.ok(count([255, 127, 14]) > 200, `orange ${count([255, 127, 14])}`);
  assert.ok(count([31, 119, 180]) > 100, `blue ${count([31, 119, 180])}`);
});
