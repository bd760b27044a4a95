import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { loadFaceSet, listFaceFiles, MIN_FACES } from './face-set.js';
import { readFaceFile, FACE_METADATA_KEYWORD } from './face-file.js';
import { DataError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { Point } from './image.js';
import { writePngText } from './png-text.js';

let root: string;

function recordingLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, warn: (m) => warnings.push(m), info: (m) => infos.push(m) };
}

/** 80×60 RGB gradient, different per index. */
function gradient(index: number, width = 80, height = 60): Buffer {
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      out[o] = Math.round((x / (width - 1)) * 255);
      out[o + 1] = Math.round((y / (height - 1)) * 255);
      out[o + 2] = (index * 8) % 256;
    }
  }
  return out;
}

async function writeGradients(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const image = sharp(gradient(i), { raw: { width: 80, height: 60, channels: 3 } });
    const name = `face_${String(i).padStart(2, '0')}`;
    if (i % 2 === 0) await image.png().toFile(join(dir, `${name}.png`));
    else await image.jpeg({ quality: 95 }).toFile(join(dir, `${name}.${i % 3 === 0 ? 'JPG' : 'jpeg'}`));
  }
}

/** 80×60 image: magenta outside the central 30×30 square (coverage 0.5), four coloured quadrants inside. */
const QUADRANTS = { tl: [255, 0, 0], tr: [0, 255, 0], bl: [0, 0, 255], br: [255, 255, 0] } as const;
const OUTSIDE = [255, 0, 255] as const;
function quadrantImage(): Buffer {
  const out = Buffer.alloc(80 * 60 * 3);
  for (let y = 0; y < 60; y++) {
    for (let x = 0; x < 80; x++) {
      let colour: readonly number[] = OUTSIDE;
      if (x >= 25 && x < 55 && y >= 15 && y < 45) {
        const right = x >= 40;
        const bottom = y >= 30;
        colour = bottom ? (right ? QUADRANTS.br : QUADRANTS.bl) : right ? QUADRANTS.tr : QUADRANTS.tl;
      }
      out.set(colour, (y * 80 + x) * 3);
    }
  }
  return out;
}

function pixel(image: { width: number; data: Float32Array }, x: number, y: number): number[] {
  const o = (y * image.width + x) * 3;
  return [...image.data.subarray(o, o + 3)].map((v) => Math.round(v * 255));
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'faceforge-faces-'));
  const faces = join(root, 'faces');
  await writeGradients(faces, 30);
  await writeFile(join(faces, 'bad.png'), Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 73 + 11) % 256)));
  await writeFile(join(faces, 'notes.txt'), 'not an image');
  await writeGradients(join(root, 'few'), 20);
  await writeFile(join(root, 'few', 'broken.jpg'), 'nope');
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('listFaceFiles keeps only png/jpg/jpeg (any case), sorted', async () => {
  const files = await listFaceFiles(join(root, 'faces'));
  assert.equal(files.length, 31);
  assert.ok(files.includes(join(root, 'faces', 'bad.png')));
  assert.ok(!files.some((f) => f.endsWith('notes.txt')));
  assert.ok(files.includes(join(root, 'faces', 'face_03.JPG')));
  assert.deepEqual(files, [...files].sort());
});

test('loadFaceSet returns the 30 faces, warns naming bad.png and ignores notes.txt', async () => {
  const log = recordingLogger();
  const faces = await loadFaceSet(join(root, 'faces'), { size: 32, coverage: 1, log });
  assert.equal(faces.length, 30);
  assert.equal(log.warnings.length, 1);
  assert.ok(log.warnings[0]!.includes(join(root, 'faces', 'bad.png')), log.warnings[0]);
  assert.match(log.warnings[0]!, /^skipping .*bad\.png: not a readable image/);
  assert.ok(!log.warnings.some((w) => w.includes('notes.txt')));
  // Order follows the sorted file names; bad.png is left out.
  assert.deepEqual(faces.map((f) => f.path), (await listFaceFiles(join(root, 'faces'))).filter((f) => !f.endsWith('bad.png')));
  for (const face of faces) {
    assert.equal(face.image.width, 32);
    assert.equal(face.image.height, 32);
    assert.equal(face.image.channels, 3);
    assert.equal(face.image.data.length, 32 * 32 * 3);
    assert.ok(face.image.data.every((v) => v >= 0 && v <= 1));
    assert.equal(face.landmarks, undefined);
    assert.deepEqual(face.masks, {});
  }
  // The gradient survives: red grows left → right, green top → bottom, blue encodes the index.
  const first = faces[0]!;
  assert.ok(pixel(first.image, 31, 16)[0]! > pixel(first.image, 0, 16)[0]! + 100);
  assert.ok(pixel(first.image, 16, 31)[1]! > pixel(first.image, 16, 0)[1]! + 150);
  const face10 = faces.find((f) => f.path.endsWith('face_10.png'))!;
  assert.equal(pixel(face10.image, 16, 16)[2], 80);
});

test('the transform hook runs on every face', async () => {
  let calls = 0;
  const faces = await loadFaceSet(join(root, 'faces'), {
    size: 16, coverage: 1, log: recordingLogger(),
    transform: async (face) => {
      calls++;
      return { ...face, masks: { marker: { width: 1, height: 1, channels: 1, data: new Float32Array([calls]) } } };
    },
  });
  assert.equal(calls, 30);
  assert.ok(faces.every((f) => f.masks.marker !== undefined));
});

test('images are centre-cropped by coverage and resized to size (known pixel values)', async () => {
  const path = join(root, 'quadrants.png');
  await sharp(quadrantImage(), { raw: { width: 80, height: 60, channels: 3 } }).png().toFile(path);
  // coverage 0.5 of the 60 px side → the central 30×30 square, at its own size: exact pixels.
  const exact = await readFaceFile(path, 30, 0.5);
  assert.equal(exact.image.width, 30);
  assert.deepEqual(pixel(exact.image, 0, 0), [...QUADRANTS.tl]);
  assert.deepEqual(pixel(exact.image, 29, 0), [...QUADRANTS.tr]);
  assert.deepEqual(pixel(exact.image, 0, 29), [...QUADRANTS.bl]);
  assert.deepEqual(pixel(exact.image, 29, 29), [...QUADRANTS.br]);
  assert.deepEqual(pixel(exact.image, 14, 14), [...QUADRANTS.tl]);
  assert.deepEqual(pixel(exact.image, 15, 15), [...QUADRANTS.br]);
  // No magenta from outside the crop anywhere.
  for (let y = 0; y < 30; y++) for (let x = 0; x < 30; x++) assert.notDeepEqual(pixel(exact.image, x, y), [...OUTSIDE]);
  // Upscaled to 64: quadrant centres keep their colours.
  const up = await readFaceFile(path, 64, 0.5);
  assert.equal(up.image.data.length, 64 * 64 * 3);
  assert.deepEqual(pixel(up.image, 16, 16), [...QUADRANTS.tl]);
  assert.deepEqual(pixel(up.image, 48, 16), [...QUADRANTS.tr]);
  assert.deepEqual(pixel(up.image, 16, 48), [...QUADRANTS.bl]);
  assert.deepEqual(pixel(up.image, 48, 48), [...QUADRANTS.br]);
  // coverage 1 keeps the full 60 px height, so the corners are magenta and the centre is coloured.
  const full = await readFaceFile(path, 60, 1);
  assert.deepEqual(pixel(full.image, 0, 0), [...OUTSIDE]);
  assert.deepEqual(pixel(full.image, 59, 59), [...OUTSIDE]);
  assert.deepEqual(pixel(full.image, 20, 20), [...QUADRANTS.tl]);
  assert.deepEqual(pixel(full.image, 40, 40), [...QUADRANTS.br]);
});

test('fewer than 25 faces is a DataError naming the folder and the counts', async () => {
  assert.equal(MIN_FACES, 25);
  const dir = join(root, 'few');
  const log = recordingLogger();
  await assert.rejects(loadFaceSet(dir, { size: 16, coverage: 1, log }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.message, `${dir}: 20 usable face image(s), at least 25 are needed (found 21 image file(s))`);
    return true;
  });
  assert.equal(log.warnings.length, 1);
  assert.ok(log.warnings[0]!.includes('broken.jpg'));
  // A lower minimum accepts the folder.
  assert.equal((await loadFaceSet(dir, { size: 16, coverage: 1, log: recordingLogger(), minFaces: 20 })).length, 20);
});

test('a missing folder, or a file instead of a folder, is a DataError', async () => {
  const missing = join(root, 'nope');
  await assert.rejects(loadFaceSet(missing, { size: 16, coverage: 1, log: recordingLogger() }),
    (e: unknown) => e instanceof DataError && e.message === `face folder ${missing} does not exist`);
  const file = join(root, 'faces', 'notes.txt');
  await assert.rejects(loadFaceSet(file, { size: 16, coverage: 1, log: recordingLogger() }),
    (e: unknown) => e instanceof DataError && e.message === `${file} is not a folder of face images`);
});

test('a PNG with a faceforge tEXt chunk carries metadata and its 68 landmarks scaled into the crop', async () => {
  const dir = join(root, 'landmarked');
  await mkdir(dir, { recursive: true });
  const landmarks: Point[] = Array.from({ length: 68 }, (_, i) => [25 + (i % 31), 15 + Math.floor(i / 3)]);
  landmarks[0] = [25, 15];
  landmarks[1] = [40, 30];
  landmarks[2] = [55, 45];
  const meta = { landmarks, source: 'frame_0001.png', alignment: 'v1' };
  const png = await sharp(quadrantImage(), { raw: { width: 80, height: 60, channels: 3 } }).png().toBuffer();
  const tagged = writePngText(png, FACE_METADATA_KEYWORD, JSON.stringify(meta));
  const path = join(dir, 'face.png');
  await writeFile(path, tagged);

  const info = await sharp(path).metadata();
  assert.deepEqual(info.comments, [{ keyword: 'faceforge', text: JSON.stringify(meta) }]);

  // coverage 0.5 → crop left 25, top 15, side 30; size 60 → scale 2.
  const face = await readFaceFile(path, 60, 0.5);
  assert.deepEqual(face.metadata, meta);
  assert.equal(face.landmarks!.length, 68);
  assert.deepEqual(face.landmarks![0], [0, 0]);
  assert.deepEqual(face.landmarks![1], [30, 30]);
  assert.deepEqual(face.landmarks![2], [60, 60]);
  for (let i = 0; i < 68; i++) {
    assert.deepEqual(face.landmarks![i], [(landmarks[i]![0] - 25) * 2, (landmarks[i]![1] - 15) * 2]);
  }
  // coverage 1 → crop left 10, top 0, side 60; size 30 → scale 0.5.
  const whole = await readFaceFile(path, 30, 1);
  assert.deepEqual(whole.landmarks![1], [15, 15]);
  // The pixels are unaffected by the chunk.
  assert.deepEqual(pixel(face.image, 10, 10), [...QUADRANTS.tl]);

  // Through loadFaceSet (minFaces 1), the landmarks reach the FaceRecord.
  const [record] = await loadFaceSet(dir, { size: 60, coverage: 0.5, log: recordingLogger(), minFaces: 1 });
  assert.deepEqual(record!.landmarks![1], [30, 30]);
  assert.equal(record!.metadata!.source, 'frame_0001.png');
});

test('metadata with landmarks that are not 68 finite points is a DataError naming the file; loadFaceSet skips such a face by name', async () => {
  const png = await sharp(gradient(1), { raw: { width: 80, height: 60, channels: 3 } }).png().toBuffer();
  const few = join(root, 'few-landmarks.png');
  await writeFile(few, writePngText(png, FACE_METADATA_KEYWORD, JSON.stringify({ landmarks: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], tag: 'x' })));
  await assert.rejects(readFaceFile(few, 16, 1), (e: unknown) =>
    e instanceof DataError && e.message.startsWith(`${few}: its 'faceforge' metadata holds 5 point(s) where 68 finite [x, y] landmarks belong`));

  const nulls = join(root, 'null-landmarks.png');
  await writeFile(nulls, writePngText(png, FACE_METADATA_KEYWORD, JSON.stringify({ landmarks: null })));
  await assert.rejects(readFaceFile(nulls, 16, 1), (e: unknown) => e instanceof DataError && e.message.includes(`${nulls}: its 'faceforge' metadata holds null where`));

  const nonNumeric = join(root, 'nan-landmarks.png');
  const points = Array.from({ length: 68 }, () => [1, 1] as unknown[]);
  points[5] = [null, 1];
  await writeFile(nonNumeric, writePngText(png, FACE_METADATA_KEYWORD, JSON.stringify({ landmarks: points })));
  await assert.rejects(readFaceFile(nonNumeric, 16, 1), (e: unknown) => e instanceof DataError && e.message.includes('68 points with some not a pair of finite numbers'));

  // metadata without landmarks at all (a descriptor only) is a plain image with metadata
  const descriptorOnly = join(root, 'descriptor-only.png');
  await writeFile(descriptorOnly, writePngText(png, FACE_METADATA_KEYWORD, JSON.stringify({ descriptor: [0.5] })));
  assert.equal((await readFaceFile(descriptorOnly, 16, 1)).landmarks, undefined);

  const set = join(root, 'mixed-set');
  await mkdir(set, { recursive: true });
  await writeFile(join(set, 'good.png'), png);
  await writeFile(join(set, 'bad.png'), await readFile(few));
  const log = recordingLogger();
  const faces = await loadFaceSet(set, { size: 16, coverage: 1, log, minFaces: 1 });
  assert.deepEqual(faces.map((f) => basename(f.path)), ['good.png']);
  assert.ok(log.warnings.some((w) => w.startsWith(`skipping ${join(set, 'bad.png')}: its 'faceforge' metadata holds 5 point(s)`)), log.warnings.join('\n'));
});

test('an invalid JSON chunk is a DataError; a PNG text chunk of another keyword is no metadata', async () => {
  const png = await sharp(gradient(1), { raw: { width: 80, height: 60, channels: 3 } }).png().toBuffer();
  const other = join(root, 'other-keyword.png');
  await writeFile(other, writePngText(png, 'Comment', 'hello'));
  const plain = await readFaceFile(other, 16, 1);
  assert.equal(plain.metadata, undefined);

  const badJson = join(root, 'bad-json.png');
  await writeFile(badJson, writePngText(png, FACE_METADATA_KEYWORD, '{not json'));
  await assert.rejects(readFaceFile(badJson, 16, 1), (e: unknown) =>
    e instanceof DataError && e.message === `${badJson}: the 'faceforge' metadata chunk is not valid JSON`);
});

test('an image smaller than 8 px is rejected naming its size', async () => {
  const path = join(root, 'tiny.png');
  await sharp({ create: { width: 6, height: 20, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toFile(path);
  await assert.rejects(readFaceFile(path, 16, 1), (e: unknown) => e instanceof DataError && e.message === `${path}: image too small (6x20)`);
});

test('RGBA and greyscale images are decoded to 3-channel RGB', async () => {
  const rgba = join(root, 'rgba.png');
  await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 1 } } }).png().toFile(rgba);
  const a = await readFaceFile(rgba, 10, 1);
  assert.equal(a.image.data.length, 10 * 10 * 3);
  assert.deepEqual(pixel(a.image, 5, 5), [10, 200, 30]);
  const grey = join(root, 'grey.png');
  await sharp(Buffer.alloc(20 * 20, 128), { raw: { width: 20, height: 20, channels: 1 } }).png().toFile(grey);
  const g = await readFaceFile(grey, 10, 1);
  assert.equal(g.image.data.length, 10 * 10 * 3);
  assert.deepEqual(pixel(g.image, 3, 3), [128, 128, 128]);
});
