import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createForge, createImage, rgbToLab, silentLogger, type ConvertRun, type Image } from '@faceforge/core';
import { averageColour, weightedChannelMeans } from './average-colour.js';
import { matchHistogram } from './match-histogram.js';
import { colourTransfer } from './colour-transfer.js';
import { seamlessClone } from './seamless-clone.js';
import { colourPlugins } from './colour-plugins.js';

const SIZE = 48;

/** A textured face-like image: a base colour with a smooth diagonal gradient and a fine checker. */
function texturedFace(base: [number, number, number], contrast: number): Image {
  const image = createImage(SIZE, SIZE, 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const ramp = ((x + y) / (2 * SIZE) - 0.5) * contrast;
      const checker = ((x >> 2) + (y >> 2)) % 2 === 0 ? 0.03 : -0.03;
      for (let c = 0; c < 3; c++) image.data[(y * SIZE + x) * 3 + c] = Math.min(1, Math.max(0, base[c]! + ramp + checker));
    }
  }
  return image;
}

/** A disc in the middle: the "face" region of the mask. */
function discMask(radius = SIZE * 0.35): Image {
  const mask = createImage(SIZE, SIZE, 1);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if ((x - SIZE / 2 + 0.5) ** 2 + (y - SIZE / 2 + 0.5) ** 2 <= radius ** 2) mask.data[y * SIZE + x] = 1;
  return mask;
}

const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));

// The swapped face is bluish and flat; the frame's own face is warm and contrasty.
const swapped = texturedFace([0.35, 0.45, 0.7], 0.1);
const original = texturedFace([0.75, 0.55, 0.45], 0.4);
const mask = discMask();
const targetMean = weightedChannelMeans(original, mask);
const startDistance = distance(weightedChannelMeans(swapped, mask), targetMean);

test('avg-color moves the masked mean onto the original\'s', () => {
  const out = averageColour(swapped, original, mask);
  const moved = distance(weightedChannelMeans(out, mask), targetMean);
  assert.ok(moved < 0.005, `mean colour distance ${startDistance.toFixed(3)} -> ${moved.toFixed(4)}`);
  // a shift, not a repaint: the texture (pixel differences) survives
  assert.ok(Math.abs((out.data[3]! - out.data[0]!) - (swapped.data[3]! - swapped.data[0]!)) < 1e-6);
});

test('match-hist moves the masked mean toward the original\'s and matches its spread', () => {
  const out = matchHistogram(swapped, original, mask, 1);
  const moved = distance(weightedChannelMeans(out, mask), targetMean);
  assert.ok(moved < startDistance * 0.1, `mean colour distance ${startDistance.toFixed(3)} -> ${moved.toFixed(4)}`);
  // the 99 % threshold keeps the top of the original's range out of reach
  const capped = matchHistogram(swapped, original, mask, 0.9);
  const max = (image: Image) => Math.max(...image.data.filter((_, i) => i % 3 === 0 && mask.data[Math.floor(i / 3)]! > 0));
  assert.ok(max(capped) < max(out), 'a lower threshold leaves the brightest values out');
});

test('color-transfer moves the masked Lab mean and spread onto the original\'s', () => {
  const out = colourTransfer(swapped, original, mask, { clip: true });
  const moved = distance(weightedChannelMeans(out, mask), targetMean);
  assert.ok(moved < startDistance * 0.1, `mean colour distance ${startDistance.toFixed(3)} -> ${moved.toFixed(4)}`);
  const lightnessStd = (image: Image) => {
    const lab = rgbToLab(image);
    const values = [...Array(SIZE * SIZE).keys()].filter((i) => mask.data[i]! > 0).map((i) => lab.data[i * 3]!);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  };
  assert.ok(Math.abs(lightnessStd(out) - lightnessStd(original)) < 0.1 * lightnessStd(original),
    `L spread ${lightnessStd(swapped).toFixed(1)} -> ${lightnessStd(out).toFixed(1)}, original ${lightnessStd(original).toFixed(1)}`);
});

test('seamless takes the original\'s colour at the mask edge and keeps the swapped face\'s gradients inside', () => {
  const { image: out, iterations } = seamlessClone(swapped, original, mask);
  assert.ok(iterations.every((n) => n > 0 && n < 2000), `CG converged in ${iterations.join(', ')} iterations`);
  const moved = distance(weightedChannelMeans(out, mask), targetMean);
  assert.ok(moved < startDistance * 0.5, `mean colour distance ${startDistance.toFixed(3)} -> ${moved.toFixed(4)}`);
  // Gradients inside: the checker edges of the swapped face survive almost exactly.
  const c = SIZE / 2;
  const gradient = (image: Image) => image.data[(c * SIZE + c) * 3]! - image.data[(c * SIZE + c - 1) * 3]!;
  assert.ok(Math.abs(gradient(out) - gradient(swapped)) < 0.01, `gradient ${gradient(swapped).toFixed(3)} -> ${gradient(out).toFixed(3)}`);
  // Outside the mask nothing changes.
  assert.equal(out.data[0], swapped.data[0]);
});

test('the colour plugins are registered; none leaves the face alone; each plugin moves the mean toward the original', async () => {
  const forge = await createForge({ log: silentLogger, discover: false, plugins: colourPlugins });
  assert.deepEqual(forge.colourAdjustments.names(), ['avg-color', 'color-transfer', 'match-hist', 'none', 'seamless']);
  // The adjustments read their sections through the forge (api.options()), not from the run.
  const run = { config: {} } as ConvertRun;
  assert.equal(forge.colourAdjustments.get('none').adjust(swapped, { original, mask, run }), swapped);
  for (const name of ['avg-color', 'match-hist', 'color-transfer', 'seamless']) {
    const out = forge.colourAdjustments.get(name).adjust(swapped, { original, mask, run });
    const moved = distance(weightedChannelMeans(out, mask), targetMean);
    assert.ok(moved < startDistance * 0.5, `${name}: ${startDistance.toFixed(3)} -> ${moved.toFixed(4)}`);
  }
  // their sections are convert's, not training's
  assert.ok(forge.convertSections().some((s) => s.id === 'convert.color.match-hist'));
  assert.ok(!forge.sectionsFor('original').some((s) => s.id.startsWith('convert')));
});

test('a colour adjustment reads its section as the forge was configured for the run', async () => {
  const forge = await createForge({ log: silentLogger, discover: false, plugins: colourPlugins });
  const run = { config: {} } as ConvertRun;
  const adjust = () => forge.colourAdjustments.get('match-hist').adjust(swapped, { original, mask, run });
  const byDefault = adjust();
  assert.deepEqual(byDefault.data, matchHistogram(swapped, original, mask, 0.99).data, 'threshold 99 % before any configure');
  forge.configure({ 'convert.color.match-hist': { threshold: 75 } });
  assert.deepEqual(adjust().data, matchHistogram(swapped, original, mask, 0.75).data, 'threshold 75 % once configured');
  assert.throws(() => forge.configure({ 'convert.color.match-hist': { threshold: 10 } }), /threshold = 10 is not allowed/);
});
