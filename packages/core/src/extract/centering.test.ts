import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paddingFromCoverage, roundHalfEven, subCropRect, subCropSize, unitSize, type CenteringOffsets } from './centering.js';

test('padding per side matches faceswap.md §7 (512 px extracts: 160 head, 128 face, 96 legacy)', () => {
  assert.equal(paddingFromCoverage(512, 'head'), 160); // round(512·0.625/2)
  assert.equal(paddingFromCoverage(512, 'face'), 128);
  assert.equal(paddingFromCoverage(512, 'legacy'), 96);
  assert.equal(unitSize(512, 'head'), 192); // the legacy unit square inside a head extract (§7's base)
  assert.equal(unitSize(256, 'head'), 96);
  // coverage c: round(S·(r + c − 1)/(2c)); face at 87.5 % of 64 px: round(64·0.375/1.75) = 14
  assert.equal(paddingFromCoverage(64, 'face', 0.875), 14);
  assert.equal(paddingFromCoverage(64, 'face', 1), 16);
});

test('sub-crop sizes match faceswap.md §7', () => {
  assert.equal(subCropSize(512, 'head', 'face', 1), 384); // 0.75·S
  assert.equal(subCropSize(512, 'head', 'legacy', 1), 308); // 0.6·S = 307.2 → 308
  assert.equal(subCropSize(512, 'head', 'face', 0.875), 336); // 0.656·S
  assert.equal(subCropSize(512, 'head', 'head', 1), 512);
  assert.equal(subCropSize(512, 'head', 'head', 0.8), 410); // 409.6 → 2·round(204.8)
  // A sub-crop has the unit square at the same share as a direct extract at that centering and coverage.
  for (const coverage of [1, 0.875, 0.75, 0.625]) {
    const crop = subCropSize(512, 'head', 'face', coverage);
    assert.ok(Math.abs(192 / crop - unitSize(1024, 'face', coverage) / 1024) < 0.01, `coverage ${coverage}`);
  }
});

test('sub-crop position moves by the difference of the pose offsets, in unit-square pixels', () => {
  const offsets: CenteringOffsets = { legacy: [0, 0], face: [0.02, -0.16], head: [0.01, -0.3] };
  const rect = subCropRect(512, 'head', 'face', 1, offsets);
  // centre = rint((face − head)·192 + 256) = (258, 283); crop 384
  assert.deepEqual(rect, { left: 258 - 192, top: Math.round(0.14 * 192 + 256) - 192, size: 384 });
  assert.deepEqual(subCropRect(512, 'head', 'head', 1, offsets), { left: 0, top: 0, size: 512 });
  // y offset: a positive value moves the crop up by that share of the unit square
  assert.equal(subCropRect(512, 'head', 'face', 1, offsets, 0.1).top, rect.top - Math.round(0.1 * 192));
});

test('halves round to even, as numpy.rint and Python round do', () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, 2.4, 2.6].map(roundHalfEven), [0, 2, 2, 0, 2, 3]);
});
