import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { tf, type Forge, type LocatedFace, type RgbFrame } from '@faceforge/core';
import { defaultValues } from '@faceforge/core/config';
import { FixedFaceLocator, boxFace, convert, parseFrameRanges, probeMedia, readFrames, type ConvertOptions } from '@faceforge/core/convert';
import { IdentityFilter, readImageRgb } from '@faceforge/core/extract';
import { train } from '@faceforge/core/train';
import { FRANCK_FACE_BOX, recordingLogger, sampleClip, sampleFaces, tempDir, tinyForge, tinyTrainOptions, useBackend } from './support.js';

await useBackend();
const faces = await sampleFaces();
const clip = await sampleClip();
const clipMedia = await probeMedia(clip);
const stem = basename(clip, '.mp4');
/** Output name of frame `index`: `<clip stem>_<index + 1, 6 digits>`. */
const frameName = (index: number) => `${stem}_${String(index + 1).padStart(6, '0')}`;
const sourceFrames: RgbFrame[] = [];
for await (const frame of readFrames(clipMedia)) sourceFrames.push(frame.image!);

// One tiny model for the file: trained a little, with a mask head so `predicted` works.
const modelDir = await tempDir('ff-convert-model-');
{
  const forge = await tinyForge();
  const options = tinyTrainOptions(forge, faces, modelDir, { iterations: 30, saveInterval: 30, batchSize: 4 });
  options.config['global.optimizer'] = { ...options.config['global.optimizer'], learning_rate: 5e-4 };
  options.config['global.loss'] = { ...options.config['global.loss'], learn_mask: true };
  await train(forge, options);
}

/** A fresh forge per test, so hook taps made by one test never reach another. */
async function convertWith(options: Partial<ConvertOptions> & { output: string }, forge?: Forge) {
  const log = recordingLogger();
  const usedForge = forge ?? (await tinyForge(log));
  const result = await convert(usedForge, {
    input: clip, modelDir, maskType: 'none', batchSize: 4,
    locator: new FixedFaceLocator([boxFace(FRANCK_FACE_BOX, 64)]), ...options,
  });
  return { result, log, forge: usedForge };
}

async function pngFrames(dir: string): Promise<Map<string, RgbFrame>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.png') || n.endsWith('.jpg')).sort();
  const frames = new Map<string, RgbFrame>();
  for (const name of names) frames.set(name, await readImageRgb(join(dir, name)));
  return frames;
}

const differs = (a: RgbFrame, b: RgbFrame) => a.data.some((v, i) => v !== b.data[i]);

/** Mean absolute difference inside a frame box. */
function boxDifference(a: RgbFrame, b: RgbFrame, box: { x: number; y: number; side: number }): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.max(0, box.y); y < Math.min(a.height, box.y + box.side); y++) {
    for (let x = Math.max(0, box.x); x < Math.min(a.width, box.x + box.side); x++) {
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[(y * a.width + x) * 3 + c]! - b.data[(y * a.width + x) * 3 + c]!);
      count += 3;
    }
  }
  return sum / count;
}

test('a clip converts to MP4: same frame count, size and frame rate, audio kept, the face changed, no tensors leaked', async () => {
  assert.equal(clipMedia.frameCount, 12);
  assert.deepEqual(clipMedia.fps, { num: 20, den: 1 });
  const out = join(await tempDir('ff-convert-'), 'swapped.mp4');
  const tensors = tf.memory().numTensors;
  const progress: number[] = [];
  const { result } = await convertWith({ output: out, onFrame: (p) => progress.push(p.done) });
  assert.equal(tf.memory().numTensors, tensors, 'every tensor of the swap was freed');
  assert.equal(result.output, out);
  assert.equal(result.written, 12);
  assert.equal(result.faces, 12);
  assert.deepEqual(result.failed, []);
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.ok(result.framesPerSecond > 0);

  const media = await probeMedia(out);
  assert.equal(media.frameCount, 12);
  assert.equal(media.width, 360);
  assert.equal(media.height, 288);
  assert.deepEqual(media.fps, { num: 20, den: 1 }, 'the source frame rate');
  assert.equal(media.audio?.codec, 'aac', 'the source audio is muxed in');
  assert.ok(Math.abs(media.duration! - clipMedia.duration!) < 0.1, `duration ${media.duration} vs ${clipMedia.duration}`);
  const converted: RgbFrame[] = [];
  for await (const frame of readFrames(media)) converted.push(frame.image!);
  assert.equal(converted.length, 12);
  const face = { x: FRANCK_FACE_BOX.x + 40, y: FRANCK_FACE_BOX.y + 40, side: 100 };
  const background = { x: 0, y: 0, side: 60 };
  assert.ok(boxDifference(converted[5]!, sourceFrames[5]!, face) > 10, 'the face is swapped');
  assert.ok(boxDifference(converted[5]!, sourceFrames[5]!, background) < 3, 'the background only carries H.264 noise');
});

test('PNG frames: every pixel outside the dilated, blurred mask is bit-identical to the source', async () => {
  const dir = await tempDir('ff-convert-');
  const forge = await tinyForge();
  const config = defaultValues(forge.convertSections());
  config['convert.mask'] = { ...config['convert.mask'], erosion: -10, blur_kernel: 12, blur_passes: 4 };
  // Record each face's final mask and matrix as it is blended (after core's paste-back at stage 0).
  const blended: Array<{ mask: { width: number; data: Float32Array }; matrix: number[] }> = [];
  forge.hooks.blend.tap({ name: 'test', stage: 10 }, (frame, { face }) => {
    blended.push({ mask: face.mask, matrix: face.matrix });
    return frame;
  });
  const { result } = await convertWith({ output: dir, writer: 'png', config }, forge);
  assert.equal(result.written, 12);
  const frames = await pngFrames(dir);
  assert.deepEqual([...frames.keys()], Array.from({ length: 12 }, (_, i) => `${frameName(i)}.png`));
  let identical = 0;
  let changed = 0;
  [...frames.values()].forEach((out, index) => {
    const source = sourceFrames[index]!;
    assert.equal(out.width, source.width);
    assert.equal(out.height, source.height);
    const { mask, matrix } = blended[index]!;
    const [a, b, c, d, e, f] = matrix as [number, number, number, number, number, number];
    const size = mask.width;
    for (let y = 0; y < out.height; y++) {
      for (let x = 0; x < out.width; x++) {
        const u = a * x + b * y + c;
        const v = d * x + e * y + f;
        // Any of the four mask pixels around (u, v) above zero: the mask may reach this pixel.
        const u0 = Math.floor(u);
        const v0 = Math.floor(v);
        let reached = false;
        for (const [du, dv] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
          const uu = u0 + du;
          const vv = v0 + dv;
          if (uu >= 0 && vv >= 0 && uu < size && vv < size && mask.data[vv * size + uu]! > 0) reached = true;
        }
        const at = (y * out.width + x) * 3;
        const same = out.data[at] === source.data[at] && out.data[at + 1] === source.data[at + 1] && out.data[at + 2] === source.data[at + 2];
        if (!reached) {
          assert.ok(same, `frame ${index} pixel ${x},${y} lies outside the mask but changed`);
          identical++;
        } else if (!same) changed++;
      }
    }
  });
  assert.ok(changed > 12 * 100 * 100, `the face area changed (${changed} pixels)`);
  assert.ok(identical > 12 * 50_000, `and most of the frame is untouched (${identical} pixels)`);
});

test('--frame-ranges without and with --keep-unchanged, then --skip-existing resumes', async () => {
  const ranges = parseFrameRanges('3-5');
  const only = await tempDir('ff-convert-');
  const first = await convertWith({ output: only, writer: 'png', frameRanges: ranges });
  assert.equal(first.result.written, 3);
  assert.deepEqual([...(await pngFrames(only)).keys()], [2, 3, 4].map((i) => `${frameName(i)}.png`));

  const kept = await tempDir('ff-convert-');
  const second = await convertWith({ output: kept, writer: 'png', frameRanges: ranges, keepUnchanged: true });
  assert.equal(second.result.written, 12);
  assert.equal(second.result.faces, 3);
  const frames = [...(await pngFrames(kept)).values()];
  frames.forEach((frame, i) => assert.equal(differs(frame, sourceFrames[i]!), i >= 2 && i <= 4, `frame ${i}`));

  await rm(join(kept, `${frameName(0)}.png`));
  await rm(join(kept, `${frameName(3)}.png`));
  const resumed = await convertWith({ output: kept, writer: 'png', frameRanges: ranges, keepUnchanged: true, skipExisting: true });
  assert.equal(resumed.result.skipped, 10);
  assert.equal(resumed.result.written, 2);
  assert.equal(resumed.result.faces, 1);
  assert.equal((await pngFrames(kept)).size, 12);
  assert.ok(!(await readdir(kept)).some((n) => n.includes('.tmp')), 'no temp files left');

  // a whole video that exists is left alone
  const video = join(await tempDir('ff-convert-'), 'out.mp4');
  await writeFile(video, 'done before');
  const skipped = await convertWith({ output: video, skipExisting: true });
  assert.equal(skipped.result.written, 0);
});

test('MP4 of part of a video: the audio is left out with a warning, the frames are the ranged ones', async () => {
  const out = join(await tempDir('ff-convert-'), 'part.mp4');
  const { result, log } = await convertWith({ output: out, frameRanges: parseFrameRanges('4-6') });
  assert.equal(result.written, 3);
  const media = await probeMedia(out);
  assert.equal(media.frameCount, 3);
  assert.equal(media.audio, undefined);
  assert.ok(log.warnings.some((w) => w.includes('audio is left out')), log.warnings.join(' | '));
});

test('a frame that fails is reported and written unchanged; the others are swapped', async () => {
  const dir = await tempDir('ff-convert-');
  const log = recordingLogger();
  const forge = await tinyForge(log);
  forge.hooks.beforeSwap.tap('test', (frame) => {
    if (frame.source.index === 4) throw new Error('face detector crashed');
    return frame;
  });
  const { result } = await convertWith({ output: dir, writer: 'png' }, forge);
  assert.equal(result.written, 12);
  assert.equal(result.faces, 11);
  assert.deepEqual(result.failed, [{ frame: frameName(4), message: 'face detector crashed' }]);
  assert.ok(log.warnings.some((w) => w.includes(`frame 5 (${frameName(4)}): face detector crashed; written unchanged`)), log.warnings.join(' | '));
  const frames = [...(await pngFrames(dir)).values()];
  assert.ok(!differs(frames[4]!, sourceFrames[4]!), 'the failed frame is the source frame');
  assert.ok(differs(frames[3]!, sourceFrames[3]!) && differs(frames[5]!, sourceFrames[5]!));
});

test('faces over the frame edges paste back without errors, and only inside the frame', async () => {
  const dir = await tempDir('ff-convert-');
  // one face hangs over the left and bottom edges, one over the right and top
  const boxes = [{ x: -70, y: 170, side: 180 }, { x: 260, y: -50, side: 140 }];
  const locator = new FixedFaceLocator(boxes.map((box, index): LocatedFace => boxFace(box, 64, { index })));
  const { result } = await convertWith({ output: dir, writer: 'png', locator, frameRanges: parseFrameRanges('1-3'), colourAdjustment: 'none' });
  assert.deepEqual(result.failed, []);
  assert.equal(result.faces, 6);
  const frames = [...(await pngFrames(dir)).values()];
  frames.forEach((frame, i) => {
    assert.equal(frame.width, 360);
    assert.equal(frame.height, 288);
    for (const box of boxes) assert.ok(boxDifference(frame, sourceFrames[i]!, { x: box.x + 30, y: box.y + 30, side: box.side - 60 }) > 5, 'the in-frame part is swapped');
    // the middle of the frame, away from both boxes, is untouched
    assert.equal(boxDifference(frame, sourceFrames[i]!, { x: 120, y: 100, side: 100 }), 0);
  });
});

test('--swap-model goes through the other decoder; the GIF writer writes every frame', async () => {
  const dirA = await tempDir('ff-convert-');
  const dirB = await tempDir('ff-convert-');
  await convertWith({ output: dirA, writer: 'png', frameRanges: parseFrameRanges('1') });
  await convertWith({ output: dirB, writer: 'png', frameRanges: parseFrameRanges('1'), swapModel: true });
  const [a] = [...(await pngFrames(dirA)).values()];
  const [b] = [...(await pngFrames(dirB)).values()];
  assert.ok(boxDifference(a!, b!, { x: 150, y: 100, side: 80 }) > 1, 'decoder a and decoder b give different faces');

  const gif = join(await tempDir('ff-convert-'), 'swapped.gif');
  const { result } = await convertWith({ output: gif });
  assert.equal(result.written, 12);
  const media = await probeMedia(gif);
  assert.equal(media.frameCount, 12);
  assert.equal(media.width, 360);
});

test('every mask type and colour adjustment runs on real frames; a folder of images converts to JPEG frames', async () => {
  const images = await tempDir('ff-convert-images-');
  for (const [i, frame] of sourceFrames.slice(0, 3).entries()) {
    await sharp(Buffer.from(frame.data), { raw: { width: frame.width, height: frame.height, channels: 3 } }).png().toFile(join(images, `shot_${i}.png`));
  }
  const forge = await tinyForge();
  for (const maskType of ['predicted', 'none', 'full']) {
    for (const colourAdjustment of forge.colourAdjustments.names()) {
      const dir = await tempDir('ff-convert-');
      const { result } = await convertWith({ input: images, output: dir, writer: 'jpeg', maskType, colourAdjustment }, forge);
      assert.deepEqual(result.failed, [], `${maskType} + ${colourAdjustment}`);
      assert.equal(result.faces, 3);
      assert.deepEqual((await readdir(dir)).sort(), ['shot_0.jpg', 'shot_1.jpg', 'shot_2.jpg']);
    }
  }
});

test('mistakes are errors that name the problem', async () => {
  const forge = await tinyForge();
  const out = await tempDir('ff-convert-');
  await assert.rejects(convertWith({ output: out, writer: 'webm' }, forge), /no writer named 'webm'. Available: gif, jpeg, mp4, png/);
  await assert.rejects(convertWith({ output: out, colourAdjustment: 'sepia' }, forge), /no colour adjustment named 'sepia'/);
  await assert.rejects(convertWith({ output: join(out, 'x.mp4'), writer: 'png' }, forge), /names a video file, but the png writer writes a folder/);
  await assert.rejects(convertWith({ output: out, input: join(out, 'missing.mp4') }, forge), /missing\.mp4: no such file or folder/);
  const notVideo = join(out, 'notes.mp4');
  await writeFile(notVideo, 'not a video');
  await assert.rejects(convertWith({ output: join(out, 'o.mp4'), input: notVideo }, forge), /notes\.mp4: not a video or image ffmpeg can read/);
  await assert.rejects(convertWith({ output: out, modelDir: out }, forge), /no trained model here/);
  await mkdir(join(out, 'frames'));
  await assert.rejects(convertWith({ output: join(out, 'frames'), identity: new IdentityFilter([{ file: 'ref.png', descriptor: new Array(128).fill(0) }]) }, forge), /--identity needs face descriptors/);
});

test('hooks: an upscaler doubles the swapped face before blending; write sees every frame in order', async () => {
  const dir = await tempDir('ff-convert-');
  const forge = await tinyForge();
  // An upscaler plugin the way one would be written: it gets tfjs through the hook context.
  forge.upscalers.register({ name: 'double', description: 'bilinear 2x', scale: 2, upscale: (tfjs, faces) => tfjs.image.resizeBilinear(faces, [faces.shape[1] * 2, faces.shape[2] * 2]) }, 'test');
  const sizes: number[] = [];
  forge.hooks.blend.tap({ name: 'test', stage: -10 }, (frame, { face }) => {
    sizes.push(face.image.width);
    return frame;
  });
  const written: number[] = [];
  forge.hooks.write.tapPromise('test', async (frame) => {
    written.push(frame.index);
    return frame;
  });
  const tensors = tf.memory().numTensors;
  const { result } = await convertWith({ output: dir, writer: 'png', upscaler: 'double', frameRanges: parseFrameRanges('1-4') }, forge);
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(result.faces, 4);
  assert.deepEqual(sizes, [64, 64, 64, 64], 'the tiny model\'s 32 px faces arrive at 64 px');
  assert.deepEqual(written, [0, 1, 2, 3]);
  const frames = [...(await pngFrames(dir)).values()];
  assert.ok(boxDifference(frames[0]!, sourceFrames[0]!, { x: 150, y: 100, side: 80 }) > 5);
  await assert.rejects(convertWith({ output: dir, upscaler: 'triple' }, forge), /no upscaler named 'triple'/);
});

test('stopping: frames written so far stay, a video is not left half-written; an unreadable image is reported and left out', async () => {
  const frames = await tempDir('ff-convert-');
  const controller = new AbortController();
  const stopped = await convertWith({ output: frames, writer: 'png', batchSize: 1, signal: controller.signal, onFrame: (p) => p.done === 3 && controller.abort() });
  assert.equal(stopped.result.stoppedBy, 'signal');
  assert.ok(stopped.result.written >= 3 && stopped.result.written < 12, `${stopped.result.written} frames`);
  assert.equal((await readdir(frames)).length, stopped.result.written);

  const videoDir = await tempDir('ff-convert-');
  const again = new AbortController();
  const video = await convertWith({ output: join(videoDir, 'cut.mp4'), batchSize: 1, signal: again.signal, onFrame: (p) => p.done === 3 && again.abort() });
  assert.equal(video.result.stoppedBy, 'signal');
  assert.deepEqual(await readdir(videoDir), [], 'no video and no temp file');
  assert.ok(video.log.warnings.some((w) => w.includes('was not written')));

  const images = await tempDir('ff-convert-images-');
  await sharp(Buffer.from(sourceFrames[0]!.data), { raw: { width: 360, height: 288, channels: 3 } }).png().toFile(join(images, 'a.png'));
  await writeFile(join(images, 'b.png'), 'not an image');
  const out = await tempDir('ff-convert-');
  const { result, log } = await convertWith({ input: images, output: out, writer: 'png' });
  assert.equal(result.written, 1);
  assert.equal(result.failed.length, 1);
  assert.match(result.failed[0]!.message, /b\.png/);
  assert.ok(log.warnings.some((w) => w.includes('b.png') && w.includes('not written')), log.warnings.join(' | '));
  assert.deepEqual(await readdir(out), ['a.png']);
});
