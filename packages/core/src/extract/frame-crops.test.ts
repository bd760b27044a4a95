import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../tf.js';
import { clipBox, squareCropResized, squareResized } from './frame-crops.js';
import { nonMaxSuppression } from './batched-face-nets.js';

/** A frame with a different value at every pixel and channel. */
function frame(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 5)) % 256;
  return { width, height, data };
}

test('squareResized is face-api\'s SSD input: padded on the right or bottom, resized as tfjs resizes, scaled', async () => {
  await tf.setBackend('cpu');
  for (const [width, height, size] of [[36, 29, 16], [20, 33, 24], [25, 25, 10]] as const) {
    const pixels = frame(width, height);
    const side = Math.max(width, height);
    const expected = tf.tidy(() => {
      const image = tf.tensor3d(Float32Array.from(pixels.data), [height, width, 3]);
      const padded = tf.pad(image, [[0, side - height], [0, side - width], [0, 0]]);
      return tf.sub(tf.div(tf.image.resizeBilinear(padded, [size, size], false, false), 127.5), 1).dataSync();
    });
    const actual = new Float32Array(size * size * 3 + 5);
    squareResized(pixels, size, 1 / 127.5, -1, actual, 5);
    for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i + 5]! - expected[i]!) < 1e-5, `${width}x${height} → ${size}: [${i}] ${actual[i + 5]} vs ${expected[i]}`);
  }
});

test('clipBox and squareCropResized cut what face-api\'s clipAtImageBorders, slice3d, padToSquare (centred) and resizeBilinear make', async () => {
  const pixels = frame(30, 20);
  assert.deepEqual(clipBox({ x: -3.5, y: 2.7, width: 10.2, height: 30 }, 30, 20), { x: 0, y: 2, width: 6, height: 17 });
  assert.deepEqual(clipBox({ x: 25.2, y: 1, width: 10, height: 5.9 }, 30, 20), { x: 25, y: 1, width: 4, height: 5 });
  await tf.setBackend('cpu');
  // shrunk, enlarged, and kept (a crop already the net's size is not resized)
  for (const [box, size] of [[{ x: 3, y: 4, width: 5, height: 2 }, 3], [{ x: 1, y: 0, width: 4, height: 9 }, 16], [{ x: 7, y: 7, width: 6, height: 6 }, 6], [{ x: 2, y: 1, width: 27, height: 18 }, 11]] as const) {
    const data = squareCropResized(pixels, box, size);
    const expected = tf.tidy(() => {
      const image = tf.tensor3d(Float32Array.from(pixels.data), [20, 30, 3]);
      const crop = tf.slice3d(image, [box.y, box.x, 0], [box.height, box.width, 3]);
      const difference = Math.abs(box.width - box.height), after = Math.round(difference * 0.5), before = difference - after;
      const padding: [number, number][] = box.width < box.height ? [[0, 0], [before, after], [0, 0]] : [[before, after], [0, 0], [0, 0]];
      const square = tf.pad(crop, padding);
      return (square.shape[0] === size ? square : tf.image.resizeBilinear(square, [size, size], false, false)).dataSync();
    });
    assert.equal(data.length, size * size * 3);
    // tfjs's cpu kernel interpolates in float64, ours (as the native backend's) in float32
    for (let i = 0; i < data.length; i++) assert.ok(Math.abs(data[i]! - expected[i]!) < 1e-4, `${JSON.stringify(box)} → ${size}: [${i}] ${data[i]} vs ${expected[i]}`);
  }
});

test('nonMaxSuppression keeps the best of overlapping boxes, above the score threshold, best first', () => {
  // ymin xmin ymax xmax: 0 and 1 overlap (IoU 0.81), 2 stands apart, 3 is below the threshold
  const boxes = Float32Array.from([0, 0, 1, 1, 0.1, 0.1, 1, 1, 2, 2, 3, 3, 5, 5, 6, 6]);
  const scores = Float32Array.from([0.8, 0.9, 0.7, 0.3]);
  assert.deepEqual(nonMaxSuppression(boxes, scores, 100, 0.5, 0.5), [1, 2]);
  assert.deepEqual(nonMaxSuppression(boxes, scores, 1, 0.5, 0.5), [1]);
  assert.deepEqual(nonMaxSuppression(boxes, scores, 100, 0.9, 0.5), [1, 0, 2], 'IoU 0.81 is kept at a 0.9 threshold');
});
