import { test } from 'node:test';
import assert from 'node:assert/strict';
import { im2colTransposed, planBatchSlices, setIm2colChunkElements, type ConvGeometry } from './im2col.js';

const g: ConvGeometry = {
  batch: 2, inHeight: 3, inWidth: 4, inChannels: 2, filterHeight: 3, filterWidth: 2,
  strideHeight: 2, strideWidth: 1, padTop: 1, padLeft: 0, outHeight: 2, outWidth: 3,
};

test('im2colTransposed places x[n, oh·s−pt+kh, ow·s−pl+kw, c] at row (kh,kw,c), column (n,oh,ow), zero outside', () => {
  const x = Float32Array.from({ length: 2 * 3 * 4 * 2 }, (_, i) => i + 1);
  const M = 2 * 2 * 3;
  const cols = new Float32Array(3 * 2 * 2 * M).fill(NaN);
  im2colTransposed(x, g, 0, 2, cols);
  for (let kh = 0; kh < 3; kh++) for (let kw = 0; kw < 2; kw++) for (let c = 0; c < 2; c++)
    for (let n = 0; n < 2; n++) for (let oh = 0; oh < 2; oh++) for (let ow = 0; ow < 3; ow++) {
      const ih = oh * 2 - 1 + kh, iw = ow + kw;
      const want = ih >= 0 && ih < 3 && iw < 4 ? x[((n * 3 + ih) * 4 + iw) * 2 + c] : 0;
      assert.equal(cols[((kh * 2 + kw) * 2 + c) * M + (n * 2 + oh) * 3 + ow], want);
    }
});

test('planBatchSlices covers the batch in slices under the chunk limit', () => {
  try {
    setIm2colChunkElements(2 * 3 * 2 * 2 * 3 * 3); // room for 3 items
    assert.deepEqual(planBatchSlices({ ...g, batch: 7 }), [[0, 3], [3, 6], [6, 7]]);
    setIm2colChunkElements(1); // smaller than one item: still one item per slice
    assert.deepEqual(planBatchSlices(g), [[0, 1], [1, 2]]);
  } finally {
    setIm2colChunkElements(1 << 24);
  }
});
