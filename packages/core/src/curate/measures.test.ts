import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point } from '../data/image.js';
import { rotationMatrix, transformPoints } from '../image/affine.js';
import { blurMask } from '../image/blur-mask.js';
import { meanFaceLandmarks } from '../testing/mean-face-landmarks.js';
import { eyeAngleScore, eyeLineAngle } from './eye-angle-score.js';
import { meanDescriptor, similarityToMean } from './identity-similarity.js';
import { laplacianVariance } from './sharpness.js';
import { differenceHash, hammingDistance } from './image-hash.js';
import { mouthOpenRatio } from './mouth-open.js';
import { patternImage, personDescriptor } from './curate-faces.fixture.js';

test("EasyPhoto's eye-line angle score: 1 for level eyes, (90 − angle)/90 when turned, 1 when the eyes are vertically aligned", () => {
  const level = meanFaceLandmarks(100);
  assert.ok(Math.abs(eyeAngleScore(level) - 1) < 1e-9);
  for (const degrees of [10, 30, -45, 80]) {
    const turned = transformPoints(level, rotationMatrix([50, 50], degrees, 1));
    assert.ok(Math.abs(eyeLineAngle(turned) - Math.abs(degrees)) < 1e-6, `${degrees}°`);
    assert.ok(Math.abs(eyeAngleScore(turned) - (90 - Math.abs(degrees)) / 90) < 1e-6);
  }
  // Δx = 0: EasyPhoto's code takes the angle as 0
  const stacked = level.map(([, y], i): Point => [i >= 36 && i < 48 ? 40 : 0, y + (i >= 42 && i < 48 ? 30 : 0)]);
  assert.equal(eyeAngleScore(stacked), 1);
});

test('identity: cosine similarity to the mean descriptor puts another person last', () => {
  const own = Array.from({ length: 8 }, (_, i) => personDescriptor(i));
  const stranger = personDescriptor(0, 1);
  const mean = meanDescriptor([...own, stranger]);
  const similarities = [...own, stranger].map((d) => similarityToMean(d, mean));
  assert.ok(similarities.slice(0, 8).every((s) => s > similarities[8]!));
  assert.ok(similarities.every((s) => s <= 1 + 1e-9));
});

test('sharpness (variance of the Laplacian) falls with blur, and only the region counts', () => {
  const sharp = patternImage(96, 1);
  const soft = blurMask(sharp, 7);
  assert.ok(laplacianVariance(soft) < 0.2 * laplacianVariance(sharp));
  const region = { width: 96, height: 96, channels: 1, data: new Float32Array(96 * 96) };
  for (let y = 0; y < 96; y++) for (let x = 0; x < 48; x++) region.data[y * 96 + x] = 1;
  const half = { ...sharp, data: new Float32Array(sharp.data) };
  for (let y = 0; y < 96; y++) for (let x = 48; x < 96; x++) for (let c = 0; c < 3; c++) half.data[(y * 96 + x) * 3 + c] = 0.5;
  assert.ok(Math.abs(laplacianVariance(half, region) / laplacianVariance(sharp, region) - 1) < 0.05, 'the flat right half is outside the region');
});

test('the difference hash: near-identical images a few bits apart, different ones far apart', () => {
  const image = patternImage(96, 2);
  assert.ok(hammingDistance(differenceHash(image), differenceHash(blurMask(image, 5))) <= 4);
  assert.ok(hammingDistance(differenceHash(image), differenceHash(patternImage(96, 7))) > 12);
  assert.equal(hammingDistance(0b1011n, 0b0001n), 2);
});

test('mouth open ratio: the mean face is closed, parted inner lips open it', () => {
  const closed = meanFaceLandmarks(100);
  assert.ok(mouthOpenRatio(closed) < 0.15);
  const open = closed.map(([x, y], i): Point => (i >= 65 && i <= 67 ? [x, y + 8] : [x, y]));
  assert.ok(mouthOpenRatio(open) > 0.2);
});
