import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImage, type Image, Rng, labToRgb, powFiveTwelfths, rgbToLab } from '@faceforge/core';
import { claheChannel } from './clahe.js';
import { augmentColor, claheGridSize, shiftLabChannel } from './color.js';
import { maxAbsDifference, smoothTestImage } from '@faceforge/core/testing';

const pixel = (r: number, g: number, b: number): Image => {
  const image = createImage(1, 1, 3);
  image.data.set([r, g, b]);
  return image;
};

test('Lab matches OpenCV 8-bit values for known colours', () => {
  const cases: Array<[[number, number, number], [number, number, number]]> = [
    [[1, 1, 1], [255, 128, 128]],
    [[0, 0, 0], [0, 128, 128]],
    [[1, 0, 0], [136, 208, 195]], // cv2.cvtColor(red, COLOR_RGB2Lab)
    [[0, 1, 0], [224, 42, 211]],
    [[0, 0, 1], [82, 207, 20]],
  ];
  for (const [rgb, expected] of cases) {
    const lab = rgbToLab(pixel(...rgb)).data;
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(lab[c]! - expected[c]!) < 1, `${rgb} → ${[...lab]} vs ${expected}`);
  }
});

test('8-bit levels (the table) and values between them (the formula) give the same Lab as nearby values do', () => {
  // a level k/255 is looked up; the same value nudged by one float32 step takes the pow: they must agree to float precision
  for (let k = 0; k < 256; k += 5) {
    const level = Math.fround(k / 255), nudged = k === 255 ? Math.fround(level - 2 ** -24) : Math.fround(level + 2 ** -24);
    const a = rgbToLab(pixel(level, level * 0.5, 1 - level)).data, b = rgbToLab(pixel(nudged, level * 0.5, 1 - level)).data;
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(a[c]! - b[c]!) < 1e-3, `level ${k}, channel ${c}: ${a[c]} vs ${b[c]}`);
  }
});

test('v^(1/2.4) from cube and square roots equals Math.pow once stored as float32', () => {
  const ours = new Float32Array(1), pow = new Float32Array(1);
  for (let i = 0; i <= 200000; i++) {
    const v = 0.0031308 + (i / 200000) * (1 - 0.0031308);
    ours[0] = powFiveTwelfths(v);
    pow[0] = Math.pow(v, 1 / 2.4);
    assert.equal(ours[0], pow[0], `v = ${v}`);
  }
});

test('RGB → Lab → RGB round trip error is below 1/255', () => {
  const image = smoothTestImage(64, 64);
  assert.ok(maxAbsDifference(labToRgb(rgbToLab(image)), image) < 1 / 255);
});

test('positive lightness shift brightens by x + (255 − x)·r, negative scales by 1 + r', () => {
  const lab = rgbToLab(smoothTestImage(8, 8));
  const before = new Float32Array(lab.data);
  shiftLabChannel(lab, 0, 0.3);
  for (let i = 0; i < before.length; i += 3) {
    assert.ok(Math.abs(lab.data[i]! - (before[i]! + (255 - before[i]!) * 0.3)) < 1e-3);
    assert.equal(lab.data[i + 1], before[i + 1]);
  }
  const brighter = labToRgb(lab);
  const original = labToRgb({ ...lab, data: before });
  const mean = (img: Image) => img.data.reduce((s, v) => s + v, 0) / img.data.length;
  assert.ok(mean(brighter) > mean(original) + 0.05);
  const darker = { ...lab, data: new Float32Array(before) };
  shiftLabChannel(darker, 1, -0.5);
  assert.ok(Math.abs(darker.data[1]! - before[1]! * 0.5) < 1e-3);
});

function spread(data: Float32Array): number {
  let lo = Infinity, hi = -Infinity;
  for (const v of data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return hi - lo;
}

test('CLAHE widens a low-contrast ramp and keeps a constant image constant', () => {
  const width = 128;
  const ramp = new Float32Array(width * width);
  for (let y = 0; y < width; y++) for (let x = 0; x < width; x++) ramp[y * width + x] = 100 + (20 * x) / (width - 1);
  const equalised = claheChannel(ramp, width, width, 1, 0, 2, 2);
  // The clip limit (2) caps the gain: each 64×64 tile's 21 busy bins are clipped to 32 counts,
  // so the ramp's 20 levels spread to roughly 40, not to the full 0..255 plain HE would give.
  const gain = spread(equalised) / spread(ramp);
  assert.ok(gain > 1.5 && gain < 3, `spread ${spread(equalised)} vs ${spread(ramp)}`);
  assert.ok(equalised.every((v) => v >= 0 && v <= 255));

  const flat = new Float32Array(width * width).fill(90);
  const flatOut = claheChannel(flat, width, width, 1, 0, 4, 2);
  assert.ok(spread(flatOut) === 0, 'constant stays constant');
});

test('CLAHE handles a size the grid does not divide and only touches its channel', () => {
  const width = 50, height = 37;
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) { data[3 * i] = 80 + (i % 13); data[3 * i + 1] = 7; data[3 * i + 2] = 9; }
  const out = claheChannel(data, width, height, 3, 0, 3, 2);
  for (let i = 0; i < width * height; i++) {
    assert.ok(out[3 * i]! >= 0 && out[3 * i]! <= 255);
    assert.equal(out[3 * i + 1], 7);
    assert.equal(out[3 * i + 2], 9);
  }
});

test('CLAHE grid follows faceswap: base = max(2, P//128), grid = k·(base//2) + base', () => {
  const rng = new Rng(5);
  const grids64 = new Set(Array.from({ length: 200 }, () => claheGridSize(64, 4, rng)));
  assert.deepEqual([...grids64].sort((a, b) => a - b), [2, 3, 4, 5, 6]);
  const grids512 = new Set(Array.from({ length: 200 }, () => claheGridSize(512, 4, rng)));
  assert.deepEqual([...grids512].sort((a, b) => a - b), [4, 6, 8, 10, 12]);
});

test('colour augmentation is reproducible, changes colours, and keeps values in [0, 1]', () => {
  const image = smoothTestImage(32, 32);
  const options = { colorLightness: 30, colorAb: 8, colorClaheChance: 50, colorClaheMaxSize: 4 };
  const a = augmentColor(image, options, new Rng(11));
  const b = augmentColor(image, options, new Rng(11));
  assert.deepEqual(a.data, b.data);
  assert.ok(maxAbsDifference(a, image) > 0.01);
  assert.ok(a.data.every((v) => v >= 0 && v <= 1));
  const none = augmentColor(image, { colorLightness: 0, colorAb: 0, colorClaheChance: 0, colorClaheMaxSize: 4 }, new Rng(1));
  assert.ok(maxAbsDifference(none, image) < 1 / 255);
});
