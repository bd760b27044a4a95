/**
 * The landmark and recognition nets rebuilt with fused kernels (core's fused-landmark-net.ts and
 * fused-recognition-net.ts) against face-api's own forwardInput, on the same crops of real faces
 * (franck.mp4), on the native backend: the landmark net gives face-api's floats exactly, the
 * recognition net (its scale layers folded into the convolutions) within 1e-6.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { clmtrackrMediaDir, tf } from '@faceforge/core';
import {
  clipBox, createFaceDetector, dlibBox, faceNetBatch, FusedLandmarkNet, FusedRecognitionNet, LANDMARK_INPUT, loadFaceApi, openFrameSource, RECOGNITION_INPUT, squareCropResized, type FaceDetector,
} from '@faceforge/core/extract';
import { useBackend } from './support.js';

type Pixels = Parameters<FaceDetector['detect']>[0];
type Crop = { frame: Pixels; crop: ReturnType<typeof clipBox> };
let detector: FaceDetector;
let landmarkCrops: Crop[];
let recognitionCrops: Crop[];

before(async () => {
  await useBackend('native');
  detector = await createFaceDetector({ detector: 'ssd' });
  const source = await openFrameSource(join(clmtrackrMediaDir(), 'franck.mp4'), { range: [100, 104] });
  const frames: Pixels[] = [];
  for await (const frame of source.frames()) frames.push(frame.pixels!);
  const boxes = (await detector.locate(frames)).map((found) => found[0]!);
  // the detector's boxes, and each moved and grown (a tracked crop), some clipped by the frame's edge
  const shifted = boxes.map((b, i) => ({ x: b.x - 40 + 30 * i, y: b.y - 25, width: b.width * 1.3, height: b.height * 1.1 }));
  landmarkCrops = [...boxes, ...shifted].map((box, i) => ({ frame: frames[i % frames.length]!, crop: clipBox(box, frames[0]!.width, frames[0]!.height) }));
  const landmarks = await detector.landmarks(boxes.map((box, i) => ({ frame: frames[i]!, box })));
  recognitionCrops = landmarks.map((points, i) => ({ frame: frames[i]!, crop: clipBox(dlibBox(points!), frames[0]!.width, frames[0]!.height) }));
});

after(async () => {
  await detector?.close();
});

/** face-api's own forward pass on the crops it would cut, as NetInput makes them. */
function faceApiForward(net: { forwardInput(input: unknown): unknown }, crops: Crop[], size: number): Float32Array {
  const api = loadFaceApi();
  const tensors = crops.map(({ frame, crop }) => tf.tensor3d(squareCropResized(frame, crop, size), [size, size, 3]));
  const output = net.forwardInput(new api.NetInput(tensors as never, true)) as tf.Tensor;
  const values = output.dataSync() as Float32Array;
  output.dispose();
  for (const t of tensors) t.dispose();
  return values;
}

/** A fused net's forward pass on the same crops, as the batched path feeds it; the net is freed after. */
function fusedForward(net: { forward(batch: tf.Tensor4D): Float32Array; dispose(): void }, crops: Crop[], size: number): Float32Array {
  const batch = faceNetBatch(crops, size);
  const values = net.forward(batch);
  batch.dispose();
  net.dispose();
  return values;
}

test('the fused landmark net gives face-api\'s landmark floats exactly, one batch of eight crops', () => {
  const api = loadFaceApi();
  const expected = faceApiForward(api.nets.faceLandmark68Net, landmarkCrops, LANDMARK_INPUT);
  const actual = fusedForward(new FusedLandmarkNet(api.nets.faceLandmark68Net), landmarkCrops, LANDMARK_INPUT);
  assert.equal(actual.length, 8 * 136);
  assert.ok(actual.some((v) => v > 0.2) && actual.every((v) => v > -0.5 && v < 1.5), 'landmarks lie in and around the crop');
  for (let i = 0; i < expected.length; i++) assert.equal(actual[i], expected[i], `value ${i}: ${actual[i]} vs ${expected[i]}`);
});

test('the fused recognition net gives face-api\'s descriptors within 1e-6', () => {
  const api = loadFaceApi();
  const expected = faceApiForward(api.nets.faceRecognitionNet, recognitionCrops, RECOGNITION_INPUT);
  const actual = fusedForward(FusedRecognitionNet.fromFaceApi(api.nets.faceRecognitionNet), recognitionCrops, RECOGNITION_INPUT);
  assert.equal(actual.length, 4 * 128);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  assert.ok(worst < 1e-6, `largest difference ${worst}`);
  assert.ok(expected.some((v) => Math.abs(v) > 0.05), 'descriptors are not all near zero');
});
