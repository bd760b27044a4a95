/**
 * backend-native's aligned-face warp gives the JS warp's bytes: faces shrunk from a large frame
 * (2 to 8 samples a side), enlarged from a small one (1), and partly off the frame (black there),
 * on the AVX2 path where the CPU has it (four pixels at a time) and the scalar one at each row's end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignFace, openFrameSource, useNativeWarp, warpAffineCrop, warpFace } from '@faceforge/core/extract';
import type { RgbPixels } from '@faceforge/core';
import { sampleClip } from './support.js';

const frames: RgbPixels[] = [];
for await (const frame of (await openFrameSource(await sampleClip({ seconds: 1 }), { range: [0, 1] })).frames()) frames.push(frame.pixels!);
const small = frames[0]!;

/** The frame scaled up `times` (nearest pixel): a large frame whose face covers many pixels. */
function enlarged(frame: RgbPixels, times: number): RgbPixels {
  const width = frame.width * times, height = frame.height * times;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = frame.data[((Math.floor(y / times) * frame.width + Math.floor(x / times)) * 3) + c]!;
  return { width, height, data };
}

function jsWarp(frame: RgbPixels, matrix: Parameters<typeof warpFace>[1], size: number): Uint8Array {
  const warped = warpAffineCrop({ ...frame, channels: 3 }, matrix, size, size);
  return Uint8Array.from(warped, (v) => Math.round(v));
}

test('the native warp writes the JS warp\'s bytes, on and off the frame, shrinking and enlarging', async () => {
  assert.equal(await useNativeWarp(), true, 'backend-native\'s addon loads here');
  // 68 points around the frame's face (any landmarks: the warp only needs a matrix)
  const landmarks = Array.from({ length: 68 }, (_, k): [number, number] => [130 + 60 * Math.cos(k / 10.8) + (k % 7), 110 + 70 * Math.sin(k / 10.8) + (k % 5)]);
  let compared = 0;
  // [enlarged ×, face px, shift left, shift up]: k = 1, 2, 3, 4 and 8 samples a side; a face off
  // the left edge, and faces over the frame's bottom-right corner (its last pixel: the AVX2 path's
  // 4-byte reads must not pass it)
  const cases = [[1, 1024, 0, 0], [1, 512, 0, 0], [1, 384, 0, 0], [1, 256, 0, 0], [4, 256, 0, 0], [6, 128, 0, 0], [12, 96, 0, 0], [4, 512, 200, 0], [1, 1024, -200, -150], [1, 256, -250, -190]] as const;
  for (const [times, size, shift, shiftUp] of cases) {
    const frame = times === 1 ? small : enlarged(small, times);
    const points = landmarks.map(([x, y]): [number, number] => [x * times - shift * times, y * times - shiftUp * times]);
    const { matrix } = alignFace(points, { size, centering: 'head' });
    const native = warpFace(frame, matrix, size);
    const js = jsWarp(frame, matrix, size);
    assert.equal(native.data.length, js.length);
    const differ = native.data.findIndex((v, i) => v !== js[i]);
    assert.equal(differ, -1, `×${times} → ${size} px: byte ${differ} is ${native.data[differ]} natively, ${js[differ]} in JS`);
    compared++;
    if (shift > 0) {
      let black = 0;
      for (let p = 0; p < size * size; p++) if (native.data[p * 3] === 0 && native.data[p * 3 + 1] === 0 && native.data[p * 3 + 2] === 0) black++;
      assert.ok(black > size * size * 0.1, `a face half off the frame is black there (${black} black pixels)`);
    }
  }
  assert.equal(compared, cases.length);
});
